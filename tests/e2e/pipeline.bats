#!/usr/bin/env bats
# Getting a pipeline in and out (issue 4): a CRM CSV import with everything a
# real export throws at us, the JSON export round trip, CSV formula guards,
# rm without a terminal, and the list/show/edit/close/reopen/undo basics.

load helpers

setup() {
    fu_setup
    FIXTURE="${FOLLOWUP_SOURCE_DIR:-$BATS_TEST_DIRNAME/../..}/tests/fixtures/crm/contacts.csv"
}

# The content and the bytes of the database: on SQLite the dump first
# (closing sqlite3 may checkpoint the WAL into the file), then the file
# itself; on a server, whatever followup exports.
db_digest() {
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        sqlite3 "$DB" .dump | sha256sum
        sha256sum <"$DB"
    else
        fu_export_jq 'del(.exported_on)' | sha256sum
    fi
}

# A field of `show PROSPECT -o json`, compact: show_json PROSPECT JQ-FILTER
show_json() {
    local json
    json=$(fu show "$1" -o json) || {
        echo "FAILED: show $1"
        return 1
    }
    jq -c "$2" <<<"$json"
}

# The two prospects the salesperson already had before importing.
add_existing() {
    fu add "Ann Lee" --company Acme --email ann@acme.example >/dev/null
    fu add "Bo Chen" --company Initech --phone "+1 555 0199" >/dev/null
}

# --- (a) CRM CSV import ------------------------------------------------------

# contacts.csv (lines as a text editor counts them):
#  1  header (after a UTF-8 BOM; every line ends in CRLF), with an unknown
#     "Favourite Color" column
#  2  Zoë Müller, "Acme, Inc.", SQL, tags "vip; berlin", a note with doubled
#     quotes, last activity 2026-10-20, amount "12,500"
#  3-5 Łukasz Kowalski, Opportunity, a note over three lines (LF inside the
#     quotes), last activity "2026-10-28 14:03"
#  6  山田太郎 (first name only), 山田商事, customer: closed as won
#  7  محمد العلي, شركة النور, quote, tags "gulf,arabic", amount "$80,000.00"
#  8  Annie Lee: the same email as Ann Lee (#1)
#  9  bo chen at Initech: the same name and company as Bo Chen (#2)
# 10  Carla Díaz with a broken email: the bad row
# 11  Dee, lifecycle "Newsletter" (unknown: a lead)

@test "the CRM fixture has the bytes it claims: a BOM, CRLF line ends, LF inside a quoted note" {
    assert_equal "$(head -c 3 "$FIXTURE" | od -An -tx1 | tr -d ' ')" efbbbf "first bytes"
    assert_equal "$(grep -c $'\r$' "$FIXTURE")" 9 "lines ending in CRLF"
    assert_equal "$(wc -l <"$FIXTURE")" 11 "lines"
}

@test "import: one bad row and nothing is imported; the error names the file and line 10; the database is unchanged" {
    add_existing
    local before
    before=$(db_digest)
    run --separate-stderr fu import "$FIXTURE"
    assert_error 1
    assert_contains "$stderr" "contacts.csv:10:"
    assert_contains "$stderr" "carla-at-umbrella"
    assert_contains "$stderr" "--skip-bad"
    assert_equal "$(db_digest)" "$before" "database digest"
    assert_equal "$(fu_count prospects)" 2 "prospects"
}

@test "import: a bad row on a missing database creates nothing" {
    sqlite_only "a missing database file is not created"
    run --separate-stderr fu import "$FIXTURE"
    assert_error 1
    assert_equal "$(ls -A "$DBDIR")" "" "files in the database folder"
}

@test "import --skip-bad: the good rows come in, duplicates are reported and skipped, unknown columns and stages reported" {
    add_existing
    run --separate-stderr fu import "$FIXTURE" --skip-bad
    assert_status 0
    assert_equal "$output" \
        "Imported 5 prospects from $FIXTURE: 0 updated, 2 duplicates skipped, 1 bad row skipped." \
        "summary"
    assert_contains "$stderr" "followup: warning: skipped unknown columns: Favourite Color"
    assert_contains "$stderr" "'Newsletter'"
    assert_contains "$stderr" "line 8: Annie Lee is already #1: skipped"
    assert_contains "$stderr" "line 9: bo chen is already #2: skipped"
    assert_contains "$stderr" "line 10: 'carla-at-umbrella' is not an email address: skipped"
    local line
    while IFS= read -r line; do
        [[ "$line" == "followup: warning: "* ]] || fail "stderr line is not a warning: '$line'"
    done <<<"$stderr"

    # who is there now, with ids in file order after the two that existed
    assert_equal "$(fu list --all -o json | jq -r 'sort_by(.id) | [.[] | "\(.id):\(.name)"] | join("|")')" \
        "1:Ann Lee|2:Bo Chen|3:Zoë Müller|4:Łukasz Kowalski|5:山田太郎|6:محمد العلي|7:Dee" "prospects"

    # every field of the rows, as stored
    assert_equal "$(show_json Zoë '[.company, .email, .phone, .stage, .tags, .notes, .value, .top_priority, .state]')" \
        '["Acme, Inc.","zoe@acme.example","+49 30 1234567","engaged",["berlin","vip"],"Met at the \"Logistics 2026\" fair",12500,"faster onboarding","active"]' \
        "Zoë"
    assert_equal "$(show_json Zoë '[.touches[] | [.date, .direction, .channel, .note]]')" \
        '[["2026-10-20","out","email","imported"]]' "Zoë's imported touch"
    assert_equal "$(show_json Łukasz '[.company, .email, .phone, .stage, .tags, .value]')" \
        '["Initech","lukasz@initech.example","","engaged",[],0]' "Łukasz"
    assert_equal "$(show_json Łukasz .notes)" '"Two calls so far:\nfirst went well\nsecond: send pricing"' \
        "Łukasz's notes (line breaks kept, no CR)"
    assert_equal "$(show_json Łukasz '[.touches[] | [.date, .channel, .note]]')" \
        '[["2026-10-28","email","imported"]]' "Łukasz's touch (the day of the timestamp)"
    assert_equal "$(show_json 山田太郎 '[.company, .email, .phone, .outcome, .closed_on, .state, (.touches | length)]')" \
        '["山田商事","","+81 3 1234 5678","won","2026-11-02","closed",0]' "山田太郎"
    assert_equal "$(show_json محمد '[.name, .company, .email, .stage, .tags, .value, (.touches | length)]')" \
        '["محمد العلي","شركة النور","mohammed@alnoor.example","proposal",["arabic","gulf"],80000,0]' "محمد"
    assert_equal "$(show_json Dee '[.company, .stage, .email]')" '["Nowhere Ltd","lead",""]' "Dee"
    # the duplicates were left as they were
    assert_equal "$(show_json "Ann Lee" '[.phone, .tags]')" '["",[]]' "Ann untouched"
    assert_equal "$(show_json "Bo Chen" '[.notes, .phone]')" '["","+1 555 0199"]' "Bo untouched"

    # due at once: the last activity starts the cadence (2 business days,
    # but never overdue from before the import day), a row without one is
    # due for a first touch today; ranked as usual
    assert_equal "$(fu due -o json | jq -r '[.[] | "\(.name):\(.reason):\(.due_on):\(.days_overdue)"] | join("|")')" \
        "محمد العلي:first-touch:2026-11-02:0|Zoë Müller:cadence:2026-11-02:0|Łukasz Kowalski:cadence:2026-11-02:0|Ann Lee:first-touch:2026-11-02:0|Bo Chen:first-touch:2026-11-02:0|Dee:first-touch:2026-11-02:0" \
        "due after the import"
}

@test "import --update: duplicates are updated (fields the row has, tags added), the rest imported" {
    add_existing
    fu edit "Ann Lee" --tag existing >/dev/null
    run --separate-stderr fu import "$FIXTURE" --skip-bad --update
    assert_status 0
    assert_equal "$output" \
        "Imported 5 prospects from $FIXTURE: 2 updated, 0 duplicates skipped, 1 bad row skipped." \
        "summary"
    assert_equal "$(fu_count prospects)" 7 "prospects"
    # Ann: the row's phone and tag; her name stays
    assert_equal "$(show_json 1 '[.name, .company, .email, .phone, .tags, .stage]')" \
        '["Ann Lee","Acme","ann@acme.example","+1 555 0101",["existing","imported-2026"],"lead"]' "Ann"
    # Bo: the row's note; the row has no phone, so his stays
    assert_equal "$(show_json 2 '[.name, .company, .phone, .notes]')" \
        '["Bo Chen","Initech","+1 555 0199","new note from the CRM"]' "Bo"
}

@test "import --dry-run changes nothing, says what would happen, and does not create a missing database" {
    add_existing
    local before
    before=$(db_digest)
    run --separate-stderr fu import "$FIXTURE" --skip-bad --dry-run
    assert_status 0
    assert_equal "$output" \
        "Would import 5 prospects from $FIXTURE: 0 updated, 2 duplicates skipped, 1 bad row skipped." \
        "summary"
    assert_equal "$(db_digest)" "$before" "database digest"
    run --separate-stderr fu import "$FIXTURE" --skip-bad --update --dry-run
    assert_status 0
    assert_contains "$output" "Would import 5 prospects"
    assert_contains "$output" "2 updated"
    assert_equal "$(db_digest)" "$before" "database digest after --update --dry-run"

    local other
    other=$(fu_new_db new)
    run --separate-stderr "$FOLLOWUP_BIN" --db "$other" --today "$TODAY" import "$FIXTURE" --skip-bad --dry-run
    assert_status 0
    assert_contains "$output" "Would import 7 prospects"
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        [[ ! -e "$other" ]] || fail "--dry-run created $other"
    else
        assert_equal "$(DB=$other fu_count prospects)" 0 "prospects after --dry-run"
    fi
}

@test "import - reads standard input, the same as the file" {
    run --separate-stderr fu import - --skip-bad <"$FIXTURE"
    assert_status 0
    assert_equal "$output" \
        "Imported 7 prospects from standard input: 0 updated, 0 duplicates skipped, 1 bad row skipped." \
        "summary"
    local from_stdin
    from_stdin=$(fu export | jq -S '[.prospects[] | del(.id)]')
    DB=$(fu_new_db from-file)
    fu import "$FIXTURE" --skip-bad >/dev/null 2>&1
    assert_equal "$(fu export | jq -S '[.prospects[] | del(.id)]')" "$from_stdin" "stdin vs file"
    # without --skip-bad, stdin names itself in the error
    run --separate-stderr fu import - <"$FIXTURE"
    assert_error 1
    assert_contains "$stderr" ":10:"
}

# --- (b) JSON round trip -----------------------------------------------------

@test "export, import into an empty database, export again: the same document, ids included" {
    mkdir -p "$XDG_CONFIG_HOME/followup"
    printf '[cadence]\ngentle = [5, 10, 15]\n' >"$XDG_CONFIG_HOME/followup/config.toml"
    fu_team_config
    fu_on 2026-10-01 add "Ann Lee" --company Acme --email ann@acme.example --phone "+1 555 0100" \
        --channel call --stage proposal --value 24000 --tag vip --tag q1 \
        --priority "cut onboarding time" --cadence gentle --note "met at the fair" >/dev/null
    fu_on 2026-10-01 add "Temp" >/dev/null # deleted below: a hole in the ids
    fu_on 2026-10-01 add "Bo Chen" --company Initech --phone 555 --next 2026-10-08 >/dev/null
    fu_on 2026-10-01 add "Cy Won" --email cy@x.example --value 1200 >/dev/null
    fu_on 2026-10-01 add "Di Lost" --company "Lost Co" >/dev/null
    fu_on 2026-10-01 add "Eve Rev" --stage engaged --email eve@x.example --note $'two\nlines' >/dev/null
    fu_on 2026-10-01 log Ann --channel email --purpose proposal --note "sent the proposal" >/dev/null
    fu_on 2026-10-05 log Ann --channel call --purpose value >/dev/null
    fu_on 2026-10-06 log Ann --in --channel call --note "wants a call" --next 2026-10-09 >/dev/null
    fu_on 2026-10-08 log Bo --channel text --purpose intro >/dev/null
    fu_on 2026-10-09 log Bo --in --ooo --until 2026-10-20 --channel text >/dev/null
    fu_on 2026-10-09 cooldown Bo --until 2026-11-20 >/dev/null
    fu_on 2026-10-02 close Cy --won --note "signed for 2 years" >/dev/null
    fu_on 2026-10-01 log Di --channel social --purpose value >/dev/null
    fu_on 2026-10-03 close Di --lost --note "went with a competitor" >/dev/null
    local day
    for day in 2026-10-01 2026-10-05 2026-10-08 2026-10-13 2026-10-20; do
        fu_on "$day" log Eve --channel email --purpose value >/dev/null 2>&1
    done
    fu_on 2026-11-02 breakup Eve --sent >/dev/null
    fu_on 2026-10-01 rm Temp --yes >/dev/null

    local first="$BATS_TEST_TMPDIR/first.json" second="$BATS_TEST_TMPDIR/second.json"
    fu export >"$first"
    # the export holds what was built
    assert_equal "$(jq -c '[.prospects[] | [.id, .name, (.touches | length)]]' "$first")" \
        '[[1,"Ann Lee",3],[3,"Bo Chen",2],[4,"Cy Won",0],[5,"Di Lost",1],[6,"Eve Rev",6]]' "exported prospects"
    assert_equal "$(jq -c '.prospects[0] | [.cadence, .tags, .preferred_channel, .top_priority, .value, .stage, .touches[2].next_step_on]' "$first")" \
        '["gentle",["q1","vip"],"call","cut onboarding time",24000,"proposal","2026-10-09"]' "Ann"
    assert_equal "$(jq -c '.prospects[1] | [.cooling_until, .first_touch_on, .touches[1].out_of_office, .touches[1].away_until]' "$first")" \
        '["2026-11-20","2026-10-08",true,"2026-10-20"]' "Bo"
    assert_equal "$(jq -c '[.prospects[2,3] | [.outcome, .closed_on, .close_note]]' "$first")" \
        '[["won","2026-10-02","signed for 2 years"],["lost","2026-10-03","went with a competitor"]]' "closed"
    assert_equal "$(jq -c '.prospects[4].touches[5] | [.date, .purpose]' "$first")" '["2026-11-02","reversing"]' "Eve"

    local original=$DB
    DB=$(fu_new_db restored)
    run --separate-stderr fu import "$first"
    assert_status 0
    assert_equal "$output" "Imported 5 prospects from $first: 0 updated, 0 duplicates skipped, 0 bad rows skipped." \
        "summary"
    fu export >"$second"
    assert_equal "$(jq -S . "$second")" "$(jq -S . "$first")" "the second export"
    # and what followup makes of it is the same too
    assert_equal "$(fu_on 2026-11-02 list --all -o json | jq -S .)" \
        "$("$FOLLOWUP_BIN" --db "$original" --today 2026-11-02 list --all -o json | jq -S .)" "list --all"
    assert_equal "$(fu_on 2026-11-02 due --upcoming 90 -o json | jq -S .)" \
        "$("$FOLLOWUP_BIN" --db "$original" --today 2026-11-02 due --upcoming 90 -o json | jq -S .)" "due --upcoming 90"
}

@test "importing an export again is all duplicates: nothing changes" {
    fu add "Ann Lee" --company Acme >/dev/null
    fu add "Bo Chen" >/dev/null
    local file="$BATS_TEST_TMPDIR/export.json"
    fu export >"$file"
    local before
    before=$(db_digest)
    run --separate-stderr fu import "$file"
    assert_status 0
    assert_equal "$output" "Imported 0 prospects from $file: 0 updated, 2 duplicates skipped, 0 bad rows skipped." "summary"
    assert_contains "$stderr" "Ann Lee is already #1: skipped"
    assert_equal "$(fu_count prospects)" 2 "prospects"
}

# --- (c) CSV export guards formula cells -------------------------------------

@test "export -o csv: cells starting with = + - @ get a leading quote; others are kept exactly" {
    fu add "=SUM(A1:A2)" --company "+1 Corp" --priority "-5% churn" --phone "+1 555 0100" \
        --email "@handle" --note "@here a=b" >/dev/null
    fu add "Plain a=b" --company "x+y" --priority "50% - fast" >/dev/null
    local json
    json=$(fu export -o csv | csv_to_json)
    local header
    header=$(jq -c '.[0]' <<<"$json")
    # the cells by column name, for each row
    local row1 row2
    row1=$(jq -c '. as $all | $all[0] as $h | $all[1] | [range(0; $h | length)] | map({($h[.]): $all[1][.]}) | add' <<<"$json")
    row2=$(jq -c '. as $all | $all[0] as $h | $all[2] | [range(0; $h | length)] | map({($h[.]): $all[2][.]}) | add' <<<"$json")
    assert_contains "$header" '"name"'
    assert_equal "$(jq -c '[.name, .company, .top_priority, .phone, .email, .notes, .value]' <<<"$row1")" \
        "[\"'=SUM(A1:A2)\",\"'+1 Corp\",\"'-5% churn\",\"'+1 555 0100\",\"'@handle\",\"'@here a=b\",\"0\"]" \
        "guarded cells"
    assert_equal "$(jq -c '[.name, .company, .top_priority]' <<<"$row2")" \
        '["Plain a=b","x+y","50% - fast"]' "cells with = + - @ inside are left alone"
    # JSON export keeps the text as typed
    assert_equal "$(fu export | jq -c '[.prospects[0] | .name, .company, .top_priority]')" \
        '["=SUM(A1:A2)","+1 Corp","-5% churn"]' "JSON export"
}

# --- (d) rm ------------------------------------------------------------------

@test "rm without --yes and without a terminal refuses: exit 1, one line, database unchanged" {
    fu add "Ann Lee" --company Acme >/dev/null
    fu log Ann --channel email --purpose value >/dev/null
    local before
    before=$(db_digest)
    run --separate-stderr fu rm Ann </dev/null
    assert_error 1
    assert_contains "$stderr" "--yes"
    assert_contains "$stderr" "Ann Lee (Acme) #1"
    assert_equal "$(db_digest)" "$before" "database digest"
    # a pipe is not a terminal either, even one that says yes
    run --separate-stderr bash -c 'echo y | "$@"' _ "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" rm Ann
    assert_error 1
    assert_equal "$(db_digest)" "$before" "database digest after 'echo y |'"
}

@test "rm --yes deletes the prospect and its touches, and nothing else" {
    fu add "Ann Lee" --company Acme >/dev/null
    fu add "Bo Chen" >/dev/null
    fu log Ann --channel email --purpose value >/dev/null
    fu_on 2026-11-03 log Ann --in --channel email >/dev/null
    fu log Bo --channel call --purpose value >/dev/null
    run --separate-stderr fu_on 2026-11-03 rm Ann --yes </dev/null
    assert_status 0
    assert_equal "$output" "Deleted Ann Lee (Acme) #1 and its 2 touches." "stdout"
    assert_equal "$(fu_export_jq '[.prospects[] | select(.id == 1)] | length')" 0 "Ann's rows"
    assert_equal "$(fu_export_jq '[.prospects[] | [.id, .name, (.touches | length)]] | tojson')" \
        '[[2,"Bo Chen",1]]' "Bo's rows"
    run --separate-stderr fu show Ann
    assert_error 1
    # -y is --yes
    run --separate-stderr fu rm Bo -y </dev/null
    assert_status 0
    assert_equal "$(fu_count prospects)" 0 "prospects"
}

# --- (e) list, show, edit, close/reopen, log --undo -------------------------

# Four prospects, as of 2026-11-02 (added 2026-10-01):
#   Al Zed   lead      value 0     never touched     due 2026-10-01 (first touch)
#   Ann Lee  proposal  value 500   touched 10-28     due 10-30  tags vip
#   Bo Chen  lead      value 9000  touched 10-01     due 10-05  tags vip, q1
#   Cy Doe   engaged   value 100   touched 10-20     due 10-22  tags q1
add_four() {
    fu_on 2026-10-01 add "Al Zed" >/dev/null
    fu_on 2026-10-01 add "Ann Lee" --email a@x.example --stage proposal --value 500 --tag vip >/dev/null
    fu_on 2026-10-01 add "Bo Chen" --phone 555 --value 9000 --tag vip --tag q1 >/dev/null
    fu_on 2026-10-01 add "Cy Doe" --email c@x.example --stage engaged --value 100 --tag q1 >/dev/null
    fu_on 2026-10-28 log Ann --channel email --purpose value >/dev/null
    fu_on 2026-10-01 log Bo --channel call --purpose value >/dev/null
    fu_on 2026-10-20 log Cy --channel email --purpose value >/dev/null
}

list_names() {
    local json
    json=$(fu list "$@" -o json) || {
        echo "FAILED: list $*"
        return 1
    }
    jq -r '[.[].name] | join("|")' <<<"$json"
}

@test "list: --sort next/last/value/name, and the default" {
    add_four
    assert_equal "$(list_names)" "Al Zed|Bo Chen|Cy Doe|Ann Lee" "default (next)"
    assert_equal "$(list_names --sort next)" "Al Zed|Bo Chen|Cy Doe|Ann Lee" "--sort next"
    # the longest untouched first; never touched sorts last
    assert_equal "$(list_names --sort last)" "Bo Chen|Cy Doe|Ann Lee|Al Zed" "--sort last"
    assert_equal "$(list_names --sort value)" "Bo Chen|Ann Lee|Cy Doe|Al Zed" "--sort value"
    assert_equal "$(list_names --sort name)" "Al Zed|Ann Lee|Bo Chen|Cy Doe" "--sort name"
    assert_equal "$(fu list -o json | jq -r '[.[] | "\(.name):\(.last_touch_on):\(.due_on):\(.reason)"] | join("|")')" \
        "Al Zed:null:2026-10-01:first-touch|Bo Chen:2026-10-01:2026-10-05:cadence|Cy Doe:2026-10-20:2026-10-22:cadence|Ann Lee:2026-10-28:2026-10-30:cadence" \
        "rows"
}

@test "list: --tag (repeated: all of them), --stage, --state, --stale" {
    add_four
    assert_equal "$(list_names --sort name --tag vip)" "Ann Lee|Bo Chen" "--tag vip"
    assert_equal "$(list_names --sort name --tag vip --tag q1)" "Bo Chen" "--tag vip --tag q1"
    assert_equal "$(list_names --sort name --stage engaged)" "Cy Doe" "--stage engaged"
    assert_equal "$(list_names --sort name --stage lead)" "Al Zed|Bo Chen" "--stage lead"
    # 2026-11-02 - 14 days = 10-19: Cy (10-20) and Ann (10-28) are fresh;
    # Al was never touched and counts from the day he was added
    assert_equal "$(list_names --sort name --stale 2w)" "Al Zed|Bo Chen" "--stale 2w"
    assert_equal "$(list_names --sort name --stale 10d)" "Al Zed|Bo Chen|Cy Doe" "--stale 10d"
    fu close Cy --lost >/dev/null
    assert_equal "$(list_names --sort name --state active)" "Al Zed|Ann Lee|Bo Chen" "--state active"
    assert_equal "$(list_names --sort name)" "Al Zed|Ann Lee|Bo Chen" "closed left out"
    assert_equal "$(list_names --sort name --all)" "Al Zed|Ann Lee|Bo Chen|Cy Doe" "--all"
    assert_equal "$(list_names --state closed)" "Cy Doe" "--state closed implies --all"
}

@test "show -o json: details, next action with suggestion, and the timeline" {
    add_four
    # a Thursday reply: due again 2 business days later, on Monday
    fu_on 2026-10-29 log Ann --in --channel email --note "send the quote" >/dev/null
    run --separate-stderr fu show Ann -o json
    assert_status 0
    assert_equal "$(jq -c '[.id, .name, .stage, .value, .tags, .state, .due_on, .reason, .suggested_channel, .suggested_purpose, .last_reply_on, .streak]' <<<"$output")" \
        '[2,"Ann Lee","proposal",500,["vip"],"active","2026-11-02","after-reply","email","value","2026-10-29",0]' "details"
    assert_equal "$(jq -c '[.touches[] | [.date, .direction, .channel, .purpose, .note]]' <<<"$output")" \
        '[["2026-10-28","out","email","value",""],["2026-10-29","in","email",null,"send the quote"]]' "timeline"
    # tsv: only the timeline, a header and one row per touch
    run --separate-stderr fu show Ann -o tsv
    assert_status 0
    assert_equal "${#lines[@]}" 3 "tsv lines"
    assert_contains "${lines[2]}" "send the quote"
}

@test "edit: changes only the fields named, clears with an empty value, tags and untags" {
    fu add "Ann Lee" --company Acme --email a@x.example --phone 555 --tag vip --tag q1 \
        --priority "p1" --note "n1" >/dev/null
    run --separate-stderr fu edit Ann --company "" --priority "faster quotes" --untag q1 --tag hot \
        --stage engaged --value 700 --name "Ann Lee-Smith"
    assert_status 0
    assert_contains "$output" "Ann Lee-Smith #1"
    assert_equal "$(show_json 1 '[.name, .company, .email, .phone, .tags, .stage, .value, .top_priority, .notes]')" \
        '["Ann Lee-Smith","","a@x.example","555",["hot","vip"],"engaged",700,"faster quotes","n1"]' "after edit"
    # the new name resolves, the old one does not
    run --separate-stderr fu show "Ann Lee-Smith" -o json
    assert_status 0
    run --separate-stderr fu show "Ann Lee " -o json
    assert_error 1
}

@test "close and reopen: off every list with outcome and note, back with its history" {
    fu add "Ann Lee" --company Acme >/dev/null
    fu log Ann --channel call --purpose value >/dev/null
    run --separate-stderr fu_on 2026-11-03 close Ann --lost --note "no budget"
    assert_status 0
    assert_equal "$(fu_on 2026-11-03 due --upcoming 90 -o json)" "[]" "due after close"
    assert_equal "$(fu_on 2026-11-03 list -o json)" "[]" "list after close"
    assert_equal "$(show_json Ann '[.state, .outcome, .closed_on, .due_on]')" '["closed","lost","2026-11-03",null]' "closed"
    assert_equal "$(fu export | jq -c '.prospects[0] | [.outcome, .close_note]')" '["lost","no budget"]' "close note"
    # closing twice is an error, and so is reopening an open one
    run --separate-stderr fu_on 2026-11-03 close Ann --won
    assert_error 1
    run --separate-stderr fu_on 2026-11-05 reopen Ann
    assert_status 0
    assert_equal "$(fu_on 2026-11-05 show Ann -o json | jq -c '[.state, .outcome, .closed_on, .due_on, .reason, (.touches | length)]')" \
        '["active",null,null,"2026-11-04","cadence",1]' "reopened"
    assert_equal "$(due_names 2026-11-05)" "Ann Lee" "due after reopen"
    run --separate-stderr fu_on 2026-11-05 reopen Ann
    assert_error 1
    # --won and --lost together, or neither, are usage errors
    run --separate-stderr fu close Ann --won --lost
    assert_error 2
    run --separate-stderr fu close Ann
    assert_error 2
}

@test "log --undo removes the most recently logged touch, whatever its date, and the next action follows" {
    fu add "Ann Lee" --email a@x.example --phone 555 >/dev/null
    fu_on 2026-11-04 log Ann --channel email --purpose value >/dev/null
    # logged later, dated earlier
    fu_on 2026-11-05 log Ann --channel call --purpose intro --date 2026-11-02 >/dev/null 2>&1
    run --separate-stderr fu_on 2026-11-05 log Ann --undo
    assert_status 0
    assert_contains "$output" "call"
    assert_contains "$output" "2026-11-02"
    assert_equal "$(fu_on 2026-11-05 show Ann -o json | jq -c '[[.touches[] | [.date, .channel]], .due_on, .reason]')" \
        '[[["2026-11-04","email"]],"2026-11-06","cadence"]' "after one undo"
    run --separate-stderr fu_on 2026-11-05 log Ann --undo
    assert_status 0
    assert_equal "$(fu_on 2026-11-05 show Ann -o json | jq -c '[(.touches | length), .due_on, .reason]')" \
        '[0,"2026-11-02","first-touch"]' "after two"
    run --separate-stderr fu_on 2026-11-05 log Ann --undo
    assert_error 1
}

# README: "Duplicates (the same email, else the same name and company) are
# skipped, or updated with --update; each is reported." With --update only
# the count says so; no line names the rows that were updated.
@test "import --update names each duplicate it updated, with its line" {
    add_existing
    run --separate-stderr fu import "$FIXTURE" --skip-bad --update
    assert_status 0
    assert_contains "$stderr" "line 8: "
    assert_contains "$stderr" "line 9: "
    assert_equal "$(grep -c ': updated$' <<<"$stderr")" 2 "lines reporting an update"
}

@test "a large import shows a progress bar on a terminal, and nothing when piped" {
    local csv="$BATS_TEST_TMPDIR/big.csv"
    {
        printf 'Name,Company,Email\n'
        for i in $(seq 1 2500); do
            printf 'Person %d,Co %d,p%d@example.com\n' "$i" "$i" "$i"
        done
    } >"$csv"
    run --separate-stderr fu import "$csv"
    assert_status 0
    assert_not_contains "$stderr" "importing" "stderr when piped"
    DB=$(fu_new_db terminal)
    # script(1) gives the command a terminal; its output is what the terminal showed.
    run script -qec "$(printf '%q ' "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" import "$csv")" /dev/null
    assert_status 0
    assert_contains "$output" "importing [" "terminal output"
    assert_contains "$output" "100%" "terminal output"
    assert_contains "$output" "Imported 2500 prospects" "terminal output"
    assert_equal "$(fu_count prospects)" 2500 "prospects"
}
