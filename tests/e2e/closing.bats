#!/usr/bin/env bats
# Closing: outcomes in show, list and stats; the reversing email recorded once
# a streak, on the channel `due` suggested; the draft's To: header.

load helpers

setup() {
    fu_setup
    printf '[breakup]\nafter = 3\n' >"$BATS_TEST_TMPDIR/config.toml"
    export FOLLOWUP_CONFIG="$BATS_TEST_TMPDIR/config.toml"
    fu_team_config
}

# Three unanswered touches on 2026-11-02, 04 and 09: ready for a reversing
# email (breakup.after = 3), which falls due on 2026-11-16.
ready() {
    local name=$1 channel=$2 day
    for day in 2026-11-02 2026-11-04 2026-11-09; do
        fu_on "$day" log "$name" --channel "$channel" --purpose value >/dev/null 2>&1
    done
}

closed_pipeline() {
    fu add "Ann Won" --value 3000 >/dev/null
    fu add "Bo Won" --value 500 >/dev/null
    fu add "Cy Lost" --value 9000 >/dev/null
    fu add "Di Open" --value 100000 >/dev/null
    fu close "Ann Won" --won --note "signed for a year" >/dev/null
    fu_on 2026-11-03 close "Bo Won" --won >/dev/null
    fu close "Cy Lost" --lost --note "no budget" >/dev/null
}

@test "show prints the outcome, the close date and the close note" {
    closed_pipeline
    run --separate-stderr fu show "Cy Lost"
    assert_status 0
    assert_contains "$output" $'\n  outcome        lost\n' "show"
    assert_contains "$output" $'\n  closed on      2026-11-02\n' "show"
    assert_contains "$output"$'\n' $'\n  close note     no budget\n' "show"
    run --separate-stderr fu show "Cy Lost" -o json
    assert_equal "$(jq -c '[.outcome, .closed_on, .close_note]' <<<"$output")" \
        '["lost","2026-11-02","no budget"]' "show json"
    run --separate-stderr fu show "Di Open"
    assert_not_contains "$output" "outcome" "show of an open prospect"
}

@test "list --state closed has an outcome column, appended, in every format" {
    closed_pipeline
    run --separate-stderr fu list --state closed --sort name -o tsv
    assert_status 0
    assert_equal "$(head -1 <<<"$output")" \
        $'id\tname\tcompany\tstage\tstate\tlast_touch_on\tdue_on\treason\tvalue\ttags\toutcome' "tsv header"
    assert_equal "$(cut -f2,11 <<<"$output" | tail -n +2 | tr '\t\n' ':,')" \
        "Ann Won:won,Bo Won:won,Cy Lost:lost," "tsv outcomes"
    run --separate-stderr fu list --state closed --sort name -o csv
    assert_equal "$(head -1 <<<"$output" | tr -d '\r')" \
        "id,name,company,stage,state,last_touch_on,due_on,reason,value,tags,outcome" "csv header"
    assert_equal "$(sed -n 4p <<<"$output" | tr -d '\r')" "3,Cy Lost,,lead,closed,,,,9000,,lost" "csv row"
    run --separate-stderr fu list --state closed --sort name -o json
    assert_equal "$(jq -c '[.[] | [.name, .outcome, .close_note]]' <<<"$output")" \
        '[["Ann Won","won","signed for a year"],["Bo Won","won",""],["Cy Lost","lost","no budget"]]' "json"
    run --separate-stderr fu list --state closed --sort name
    assert_contains "$(head -1 <<<"$output")" "TAGS  OUTCOME" "table header"
    assert_contains "$(sed -n 4p <<<"$output")" "lost" "table row"
    run --separate-stderr fu list --all -o tsv
    assert_equal "$(head -1 <<<"$output" | cut -f11)" "outcome" "list --all"
    assert_equal "$(grep 'Di Open' <<<"$output" | cut -f11)" "" "an open row's outcome"
}

@test "list of open prospects keeps today's columns" {
    closed_pipeline
    run --separate-stderr fu list -o tsv
    assert_equal "$(head -1 <<<"$output")" \
        $'id\tname\tcompany\tstage\tstate\tlast_touch_on\tdue_on\treason\tvalue\ttags' "tsv header"
}

@test "stats counts won and lost, the value won and the win rate" {
    closed_pipeline
    run --separate-stderr fu stats -o json
    assert_status 0
    assert_equal "$(jq -c '[.won, .lost, .won_value, (.win_rate * 1000 | round)]' <<<"$output")" \
        '[2,1,3500,667]' "stats json"
    run --separate-stderr fu stats --since 2026-11-05 -o json
    assert_equal "$(jq -c '[.won, .lost, .won_value]' <<<"$output")" '[2,1,3500]' "stats --since"
    run --separate-stderr fu stats --ascii
    assert_status 0
    assert_contains "$output" $'\nClosed\n' "stats"
    assert_contains "$output" "$(printf '  %-12s %14s' won 2)" "stats won"
    assert_contains "$output" "$(printf '  %-12s %14s' lost 1)" "stats lost"
    assert_contains "$output" "$(printf '  %-12s %14s' 'won value' 3500)" "stats won value"
    assert_contains "$output" "$(printf '  %-12s %14s' 'win rate' ' 67% of 3')" "stats win rate"
}

@test "stats of an empty pipeline: no wins, no losses, a win rate of 0" {
    run --separate-stderr fu stats -o json
    assert_status 0
    assert_equal "$(jq -c '[.won, .lost, .won_value, .win_rate]' <<<"$output")" '[0,0,0,0]' "stats json"
}

@test "a second breakup --sent in one streak is refused, naming the first" {
    fu add "Ada Byron" --stage proposal --email ada@example.com >/dev/null
    ready Ada call
    fu_on 2026-11-16 breakup Ada --sent >/dev/null
    run --separate-stderr fu_on 2026-11-20 breakup Ada --sent
    assert_status 1
    assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1 "stderr lines"
    assert_contains "$stderr" "followup: " "stderr"
    assert_contains "$stderr" "2026-11-16" "stderr"
    assert_equal "$output" "" "stdout"
    run --separate-stderr fu_on 2026-11-20 show Ada -o json
    assert_equal "$(jq '[.touches[] | select(.purpose == "reversing")] | length' <<<"$output")" 1 \
        "reversing touches"
    # A reply ends the streak; a new one can end in a new reversing email.
    fu_on 2026-11-23 log Ada --reply --channel email >/dev/null 2>&1
    ready_after_reply() {
        local day
        for day in 2026-11-30 2026-12-02 2026-12-07; do
            fu_on "$day" log Ada --channel call --purpose value >/dev/null 2>&1
        done
    }
    ready_after_reply
    run --separate-stderr fu_on 2026-12-14 breakup Ada --sent
    assert_status 0
}

@test "breakup --sent records the channel due suggested" {
    fu add "Ada Byron" --stage proposal --email ada@example.com >/dev/null
    fu add "Bo Phone" --stage proposal --phone "+1 555 0100" >/dev/null
    ready Ada call
    ready Bo call
    local name suggested
    for name in Ada Bo; do
        suggested=$(fu_on 2026-11-16 due -o json | jq -r --arg n "$name" \
            '.[] | select(.name | startswith($n)) | .suggested_channel')
        [[ -n "$suggested" ]] || fail "no suggestion for $name"
        fu_on 2026-11-16 breakup "$name" --sent >/dev/null
        run --separate-stderr fu_on 2026-11-16 show "$name" -o json
        assert_equal "$(jq -r '.touches[-1] | .purpose + " " + .channel' <<<"$output")" \
            "reversing $suggested" "$name's reversing touch"
    done
    assert_equal "$(fu_on 2026-11-16 show Ada -o json | jq -r '.touches[-1].channel')" email \
        "by email when there is an address"
}

@test "the draft quotes the name in To: per RFC 5322" {
    fu add 'Robert "Bob" Smith' --stage proposal --email bob@example.com >/dev/null
    run --separate-stderr fu breakup Robert --draft
    assert_status 0
    assert_equal "$(head -1 <<<"$output")" 'To: "Robert \"Bob\" Smith" <bob@example.com>' "To:"
    fu add "Dana Whitfield" --stage proposal --email dana@example.com >/dev/null
    run --separate-stderr fu breakup Dana --draft
    assert_equal "$(head -1 <<<"$output")" 'To: Dana Whitfield <dana@example.com>' "To:"
}

@test "without an email the draft has no To: line" {
    fu add "Bo Phone" --stage proposal --phone "+1 555 0100" >/dev/null
    run --separate-stderr fu breakup Bo --draft
    assert_status 0
    assert_not_contains "$output" "To:" "draft"
    assert_not_contains "$output" "<>" "draft"
    assert_equal "$(head -1 <<<"$output")" "Subject: Should I close your file, Bo?" "first line"
    printf 'To: {name} <{email}>\nSubject: {first_name}?\n' >"$BATS_TEST_TMPDIR/mine.txt"
    run --separate-stderr fu breakup Bo --template "$BATS_TEST_TMPDIR/mine.txt"
    assert_status 0
    assert_equal "$output" "Subject: Bo?" "user template"
}

@test "breakup --sent records an email whenever there is an address, even off the breakup day" {
    fu_on 2026-12-07 add Pat --email pat@x.example --phone 555 --stage engaged >/dev/null
    fu_on 2026-12-07 log Pat >/dev/null
    run --separate-stderr fu_on 2026-12-08 breakup Pat --sent
    assert_status 0
    assert_equal "$(fu_on 2026-12-08 export | jq -r '.prospects[0].touches[-1] | "\(.channel) \(.purpose)"')" \
        "email reversing" "the reversing touch"
}
