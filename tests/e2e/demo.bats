#!/usr/bin/env bats
# `followup demo`: a sample pipeline in an empty database only.

load helpers

setup() {
    fu_setup
}

@test "demo fills an empty (missing) database; then due has rows" {
    run --separate-stderr fu demo
    assert_status 0
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        [[ -f "$DB" ]] || fail "demo did not create $DB"
        assert_equal "$(stat -c %a "$DB")" 600 "mode of the demo database"
    fi
    local json
    json=$(fu due -o json)
    [[ $(jq length <<<"$json") -ge 1 ]] || fail "nothing due after demo: $json"
    run --separate-stderr fu due -q
    assert_status 0
    # the sample shows more than one reason
    [[ $(fu due --upcoming 90 -o json | jq '[.[].reason] | unique | length') -ge 3 ]] ||
        fail "demo reasons: $(fu due --upcoming 90 -o json | jq -c '[.[].reason] | unique')"
}

@test "demo fills a database that exists but holds no prospects" {
    fu add Temp --company T >/dev/null
    fu rm Temp --yes >/dev/null
    run --separate-stderr fu demo
    assert_status 0
    [[ $(fu due -o json | jq length) -ge 1 ]] || fail "nothing due after demo"
}

@test "demo refuses a database that already holds prospects (exit 1) and changes nothing" {
    fu add "Real Customer" --company Acme >/dev/null
    local before
    before=$(fu_count prospects)
    run --separate-stderr fu demo
    assert_error 1
    assert_equal "$(fu_count prospects)" "$before" "prospects after a refused demo"
    # a second demo run on a demo database is refused too
    local demo_db
    demo_db=$(fu_new_db demo)
    "$FOLLOWUP_BIN" --db "$demo_db" --today "$TODAY" demo >/dev/null
    local count
    count=$(DB=$demo_db fu_count prospects)
    run --separate-stderr "$FOLLOWUP_BIN" --db "$demo_db" --today "$TODAY" demo
    assert_error 1
    assert_equal "$(DB=$demo_db fu_count prospects)" "$count" "prospects after a second demo"
}

@test "demo dates follow --today" {
    fu_on 2026-11-02 demo >/dev/null
    local other="$BATS_TEST_TMPDIR/later.db"
    "$FOLLOWUP_BIN" --db "$other" --today 2027-03-15 demo >/dev/null
    local first second
    first=$(fu_on 2026-11-02 due -o json | jq -r '[.[].due_on] | max')
    second=$("$FOLLOWUP_BIN" --db "$other" --today 2027-03-15 due -o json | jq -r '[.[].due_on] | max')
    [[ "$first" < 2026-11-03 && "$first" > 2026-09-01 ]] || fail "demo due dates as of 2026-11-02: $first"
    [[ "$second" < 2027-03-16 && "$second" > 2027-01-01 ]] || fail "demo due dates as of 2027-03-15: $second"
}
