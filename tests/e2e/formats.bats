#!/usr/bin/env bats
# Every output format of `due` (and the other lists) parsed back.

load helpers

setup() {
    fu_setup
}

# Three prospects whose text needs quoting somewhere.
add_awkward_prospects() {
    fu add "Pat O'Brien" --company 'Smith, Jones & "Co"' --priority 'cut costs, "fast"' \
        --stage proposal --value 900 >/dev/null
    fu add 'Zoe "Z" Adams' --company "Adams' Apples" --priority "it's \"urgent\"" --value 50 >/dev/null
    fu add "Lee, Kim" --email kim@example.com >/dev/null
}

@test "due -o json: one valid array whose objects carry every contract key" {
    add_awkward_prospects
    run --separate-stderr fu due -o json
    assert_status 0
    assert_stderr_empty
    jq -e 'type == "array" and length == 3' <<<"$output" >/dev/null ||
        fail "not an array of 3: $output"
    local key
    for key in id name company due_on days_overdue state reason top_priority \
        suggested_channel suggested_purpose suggestion_reason; do
        jq -e --arg k "$key" 'all(.[]; has($k))' <<<"$output" >/dev/null ||
            fail "a due object lacks '$key': $output"
    done
    # types and values
    jq -e 'all(.[]; (.id | type) == "number" and (.days_overdue | type) == "number")' \
        <<<"$output" >/dev/null || fail "id/days_overdue are not numbers"
    jq -e 'all(.[]; .due_on | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))' <<<"$output" >/dev/null ||
        fail "due_on is not an ISO date"
    local pat
    pat=$(jq -c '.[] | select(.name == "Pat O'"'"'Brien")' <<<"$output")
    assert_equal "$(jq -r .company <<<"$pat")" 'Smith, Jones & "Co"' "company"
    assert_equal "$(jq -r .top_priority <<<"$pat")" 'cut costs, "fast"' "top_priority"
    assert_equal "$(jq -r .due_on <<<"$pat")" 2026-11-02 "due_on"
    assert_equal "$(jq -r .reason <<<"$pat")" first-touch "reason"
    assert_equal "$(jq -r .state <<<"$pat")" active "state"
}

@test "due -o json uses only the contract's tokens for state, reason, channel and purpose" {
    fu demo >/dev/null
    local json
    json=$(fu due --upcoming 90 -o json)
    [[ $(jq length <<<"$json") -ge 5 ]] || fail "the demo has few due rows: $json"
    jq -e 'all(.[];
        (.state | IN("active","booked","cooling","breakup","nurture","closed")) and
        (.reason | IN("first-touch","cadence","booked","reheat","breakup","nurture","after-reply","ooo-over")) and
        (.suggested_channel | IN("email","call","voicemail","text","social","mail","visit","video","referral")) and
        (.suggested_purpose | IN("checkin","value","intro","proposal","meeting","reversing")))' \
        <<<"$json" >/dev/null || fail "unexpected token in: $json"
}

@test "due -o tsv: a header row, then tab-separated rows with the same values as JSON" {
    add_awkward_prospects
    local json
    json=$(fu due -o json)
    run --separate-stderr fu due -o tsv
    assert_status 0
    assert_stderr_empty
    assert_equal "${#lines[@]}" 4 "tsv lines (header + 3)"
    # split on tabs only (an empty cell stays a cell)
    local records
    records=$(printf '%s\n' "$output" | jq -R 'split("\t")' | jq -sc .)
    local key
    for key in id name company due_on days_overdue reason; do
        jq -e --arg k "$key" '.[0] | index($k)' <<<"$records" >/dev/null ||
            fail "tsv header lacks $key: ${lines[0]}"
    done
    jq -e '(.[0] | length) as $n | all(.[]; length == $n)' <<<"$records" >/dev/null ||
        fail "a tsv row has not the header's width: $records"
    # as objects keyed by the header, every column equals the JSON field
    local from_tsv
    from_tsv=$(jq -c '.[0] as $h | [.[1:][] | [$h, .] | transpose | map({(.[0]): .[1]}) | add]' <<<"$records")
    for key in $(jq -r '.[0][]' <<<"$records"); do
        assert_equal "$(jq -c --arg k "$key" '[.[][$k]]' <<<"$from_tsv")" \
            "$(jq -c --arg k "$key" '[.[][$k] | if . == null then "" else tostring end]' <<<"$json")" \
            "tsv column $key"
    done
    assert_equal "$(jq -r '.[] | select(.name == "Lee, Kim") | .company' <<<"$from_tsv")" "" "empty company cell"
}

@test "due -o csv is RFC 4180: quotes, commas and apostrophes round-trip" {
    add_awkward_prospects
    local json records
    json=$(fu due -o json)
    run --separate-stderr fu due -o csv
    assert_status 0
    records=$(csv_to_json <<<"$output")
    assert_equal "$(jq length <<<"$records")" 4 "csv records (header + 3)"
    # every record has the header's width
    jq -e '(.[0] | length) as $n | all(.[]; length == $n)' <<<"$records" >/dev/null ||
        fail "ragged csv: $records"
    # as objects keyed by the header, the shared fields equal the JSON ones
    local from_csv
    from_csv=$(jq -c '.[0] as $h | [.[1:][] | [$h, .] | transpose | map({(.[0]): .[1]}) | add]' <<<"$records")
    local key
    for key in $(jq -r '.[0][]' <<<"$records"); do
        assert_equal "$(jq -c --arg k "$key" '[.[][$k] | tostring]' <<<"$from_csv")" \
            "$(jq -c --arg k "$key" '[.[][$k] | if . == null then "" else tostring end]' <<<"$json")" \
            "csv column $key"
    done
    # the awkward company literally
    assert_equal "$(jq -r '.[] | select(.name == "Pat O'"'"'Brien") | .company' <<<"$from_csv")" \
        'Smith, Jones & "Co"' "company from csv"
    # quoted the RFC 4180 way on the wire
    assert_contains "$output" '"Smith, Jones & ""Co"""' "raw csv"
}

@test "due -o csv ends lines with CRLF; -o tsv with LF" {
    fu add Ada >/dev/null
    fu due -o csv >"$BATS_TEST_TMPDIR/out.csv"
    fu due -o tsv >"$BATS_TEST_TMPDIR/out.tsv"
    assert_equal "$(grep -c $'\r$' "$BATS_TEST_TMPDIR/out.csv")" 2 "CRLF lines in csv"
    assert_equal "$(grep -c $'\r' "$BATS_TEST_TMPDIR/out.tsv" || true)" 0 "CR in tsv"
}

@test "tabs and newlines stored in a value become spaces in tsv; csv and json keep them" {
    fu add Placeholder --company Acme >/dev/null
    # Text typed on the command line cannot hold them; the database can (import).
    local json
    json=$(fu_export_jq '.prospects[0].name = "Tab\tName" | .prospects[0].company = "Line\nBreak"')
    DB=$(fu_new_db imported)
    fu import --format json - <<<"$json" >/dev/null
    run --separate-stderr fu due -o tsv
    assert_status 0
    assert_equal "${#lines[@]}" 2 "tsv lines"
    assert_equal "$(cut -f2 <<<"${lines[1]}")" "Tab Name" "tsv name"
    assert_equal "$(cut -f3 <<<"${lines[1]}")" "Line Break" "tsv company"
    run --separate-stderr fu due -o json
    assert_equal "$(jq -r '.[0].name' <<<"$output")" $'Tab\tName' "json name"
    run --separate-stderr fu due -o csv
    assert_equal "$(csv_to_json <<<"$output" | jq -r '.[1][2]')" $'Line\nBreak' "csv company"
}

@test "escape sequences stored in the database are neutralised in a table" {
    fu add Placeholder >/dev/null
    local json
    json=$(fu_export_jq '.prospects[0].name = "Evil\u001b[31mRed" | .prospects[0].top_priority = "rtl\u202etxt"')
    DB=$(fu_new_db imported)
    fu import --format json - <<<"$json" >/dev/null
    run --separate-stderr fu due
    assert_status 0
    assert_not_contains "$output" $'\e' "table"
    assert_not_contains "$output" $'\u202e' "table"
    assert_contains "$output" "Evil" "table"
    # JSON keeps the data, escaped
    run --separate-stderr fu due -o json
    assert_equal "$(jq -r '.[0].name' <<<"$output")" $'Evil\e[31mRed' "json name"
}

@test "csv cells that start with = + - @ are defused against formula injection" {
    fu add Placeholder --company "=HYPERLINK(\"x\")" --priority "+1 more" >/dev/null
    run --separate-stderr fu due -o csv
    assert_status 0
    local record
    record=$(csv_to_json <<<"$output" | jq -c '.[1]')
    jq -e 'all(.[]; test("^[=+@-]") | not)' <<<"$record" >/dev/null ||
        fail "a csv cell starts a formula: $record"
}

@test "an empty due list: nothing on stdout for table, tsv and csv; [] for json" {
    fu add Ada --next 2026-11-20 >/dev/null
    local format
    for format in table tsv csv; do
        run --separate-stderr fu due -o "$format"
        assert_status 0
        assert_stdout_empty
        assert_stderr_empty
    done
    run --separate-stderr fu due -o json
    assert_status 0
    assert_equal "$output" "[]" "json"
    # and the prospect is there, just not yet
    assert_equal "$(fu due --upcoming 30 -o json | jq -r '.[0].name')" Ada "upcoming"
}

@test "due -q: exit 0 and silent when something is due, 1 when nothing, 2 on a bad option" {
    run --separate-stderr fu due -q
    assert_status 1
    assert_stdout_empty
    fu add Ada --next 2026-11-04 >/dev/null
    run --separate-stderr fu due -q
    assert_status 1
    assert_stdout_empty
    run --separate-stderr fu_on 2026-11-04 due -q
    assert_status 0
    assert_stdout_empty
    assert_stderr_empty
    run --separate-stderr fu_on 2026-11-04 due --quiet
    assert_status 0
    run --separate-stderr fu due -q --bogus
    assert_status 2
    run --separate-stderr fu due -q --stage won
    assert_status 2
    run --separate-stderr fu due -q -o xml
    assert_status 2
}

@test "due -q exits 2 (not 1) when the database cannot be used" {
    local db="$BATS_TEST_TMPDIR/notes.txt"
    printf 'not a database\n' >"$db"
    if [[ $FOLLOWUP_TEST_BACKEND == postgresql ]]; then
        # a database that is not there
        db=$(_pg_url_with_db "$FOLLOWUP_TEST_PG" fu_e2e_no_such_database)
    fi
    run --separate-stderr "$FOLLOWUP_BIN" --db "$db" --today "$TODAY" due -q
    assert_status 2
}

@test "the table has a header and one line per due prospect, best first" {
    add_awkward_prospects
    run --separate-stderr fu due
    assert_status 0
    assert_equal "${#lines[@]}" 4 "table lines"
    assert_contains "${lines[0]}" "NAME"
    # proposal stage first
    assert_contains "${lines[1]}" "Pat O'Brien"
}

@test "--color: never and auto (not a terminal) print no escapes; always colours; NO_COLOR and CLICOLOR_FORCE" {
    fu add Ada >/dev/null
    run --separate-stderr fu --color never due
    assert_not_contains "$output" $'\e[' "--color never"
    run --separate-stderr fu due
    assert_not_contains "$output" $'\e[' "--color auto, not a terminal"
    run --separate-stderr fu --color always due
    assert_contains "$output" $'\e[' "--color always"
    run --separate-stderr env CLICOLOR_FORCE=1 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due
    assert_contains "$output" $'\e[' "CLICOLOR_FORCE=1"
    run --separate-stderr env NO_COLOR=1 CLICOLOR_FORCE=1 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due
    assert_not_contains "$output" $'\e[' "NO_COLOR=1 CLICOLOR_FORCE=1"
    run --separate-stderr env NO_COLOR=1 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" --color always due
    assert_contains "$output" $'\e[' "--color always beats NO_COLOR"
    # machine formats never carry colour
    run --separate-stderr fu --color always due -o tsv
    assert_not_contains "$output" $'\e[' "tsv with --color always"
    run --separate-stderr fu --color always due -o json
    jq -e . <<<"$output" >/dev/null || fail "json with --color always is not JSON: $output"
}

@test "due --limit and --stage filter the rows" {
    add_awkward_prospects
    assert_equal "$(fu due --limit 2 -o json | jq length)" 2 "--limit 2"
    assert_equal "$(fu due --stage proposal -o json | jq -r '[.[].name] | join("|")')" "Pat O'Brien" "--stage proposal"
}

@test "cooldown and breakup lists parse in every format, and are [] / empty when empty" {
    run --separate-stderr fu cooldown -o json
    assert_status 0
    assert_equal "$output" "[]" "cooldown -o json"
    run --separate-stderr fu breakup -o json
    assert_status 0
    assert_equal "$output" "[]" "breakup -o json"
    fu add "Pat O'Brien" --company 'Smith, Jones & "Co"' >/dev/null
    fu cooldown Pat --until 2026-11-20 >/dev/null
    run --separate-stderr fu cooldown -o json
    assert_equal "$(jq -r '.[0].cooling_until' <<<"$output")" 2026-11-20 "cooling_until"
    run --separate-stderr fu cooldown -o csv
    assert_status 0
    local records
    records=$(csv_to_json <<<"$output")
    assert_equal "$(jq -r '.[0] as $h | .[1] | .[$h | index("company")]' <<<"$records")" \
        'Smith, Jones & "Co"' "cooldown csv company"
    run --separate-stderr fu cooldown -o tsv
    assert_equal "${#lines[@]}" 2 "cooldown tsv lines"
}
