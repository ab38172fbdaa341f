#!/usr/bin/env bats
# Bugs found by the end-to-end suites, each kept from coming back.

load helpers

setup() { fu_setup; }

@test "breakup lists ready prospects held by an out-of-office reply or back from a cool-down" {
    fu add Ada --stage proposal --email a@example.com
    fu add Bea --stage proposal --email b@example.com
    for day in 2026-11-02 2026-11-04 2026-11-09 2026-11-16 2026-11-25; do
        fu_on "$day" log Ada --channel email --purpose value
        fu_on "$day" log Bea --channel email --purpose value
    done
    fu_on 2026-11-26 log Ada --in --ooo --until 2026-12-15 --channel email
    fu_on 2026-11-26 cooldown Bea --for 1w
    run --separate-stderr fu_on 2026-12-03 breakup -o json
    assert_status 0
    assert_equal "$(jq -r '[.[].name] | sort | join(",")' <<<"$output")" "Ada,Bea" "ready prospects"
}

@test "an error quoting typed text stays one line and carries no raw escape" {
    run --separate-stderr "$FOLLOWUP_BIN" --db "$DB" --today $'2026-11-02\nfollowup: fake' due
    assert_status 2
    assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1 "stderr lines"
    run --separate-stderr "$FOLLOWUP_BIN" --db "$DB" --today $'x\e[31my' due
    assert_status 2
    assert_not_contains "$stderr" $'\e' "stderr"
    assert_contains "$stderr" '\x1b' "stderr"
}

@test "demo refuses a database that holds only closed prospects" {
    fu add Won
    fu close Won --won
    run --separate-stderr fu demo
    assert_status 1
    assert_equal "$(fu_count prospects)" 1 "prospects"
}

@test "a duplicate add names the prospect as it is stored" {
    fu add "Ann Lee" --company Acme
    run --separate-stderr fu add "ann lee" --company ACME
    assert_status 1
    assert_contains "$stderr" "Ann Lee (Acme) #1" "stderr"
}

@test "completion lists a name once even when names equal but for case interleave" {
    fu add Bob --company One >/dev/null
    fu add BOB --company Two >/dev/null
    fu add Bob --company Three >/dev/null
    run --separate-stderr "$FOLLOWUP_BIN" --db "$DB" __complete prospects log
    assert_status 0
    assert_equal "$(sort <<<"$output" | tr '\n' ' ')" "BOB Bob " "names offered"
}
