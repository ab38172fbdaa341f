#!/usr/bin/env bats
# Closing: outcomes in show, list and stats; the reversing email recorded once
# a streak, on the channel `due` suggested; the draft's To: header.

load helpers

setup() {
    fu_setup
    printf '[breakup]\nafter = 3\n' >"$BATS_TEST_TMPDIR/config.toml"
    export FOLLOWUP_CONFIG="$BATS_TEST_TMPDIR/config.toml"
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
