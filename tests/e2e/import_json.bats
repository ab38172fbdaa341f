#!/usr/bin/env bats
# `import FILE.json` checks what `add` and `log` check: days that have
# happened, ids that `log`, `show` and `rm` can address.

load helpers

setup() {
    fu_setup
}

# export_of PROSPECT_JSON...: a followup export holding these prospects.
export_of() {
    local IFS=,
    printf '{"format": "followup-export", "version": 1, "prospects": [%s]}\n' "$*"
}

@test "a touch after the import day refuses the file, naming it" {
    export_of '{"id": 1, "name": "Ann", "created_on": "2026-10-01", "touches": [{"date": "2999-01-01", "direction": "out", "channel": "email"}]}' \
        >"$BATS_TEST_TMPDIR/future.json"
    run --separate-stderr fu import "$BATS_TEST_TMPDIR/future.json"
    assert_status 1
    assert_contains "$stderr" "followup: $BATS_TEST_TMPDIR/future.json: prospect 1, touch 1: key 'date': 2999-01-01 is after today (2026-11-02)"
    assert_contains "$stderr" "nothing imported"
    assert_equal "$(wc -l <<<"$stderr")" 1 "error lines"
    [[ ! -e "$DB" ]] || fail "the refused import created the database"
}

@test "--skip-bad leaves out the prospect with a future day and imports the rest" {
    export_of \
        '{"id": 1, "name": "Ann", "created_on": "2026-10-01", "touches": [{"date": "2999-01-01", "direction": "out", "channel": "email"}]}' \
        '{"id": 2, "name": "Bob", "created_on": "2027-01-01"}' \
        '{"id": 3, "name": "Cy", "created_on": "2026-10-01", "closed_on": "2026-12-01", "outcome": "won"}' \
        '{"id": 4, "name": "Di", "created_on": "2026-10-01", "touches": [{"date": "2026-10-05", "direction": "out", "channel": "email", "next_step_on": "2026-10-05"}]}' \
        '{"id": 5, "name": "Ed", "created_on": "2026-10-01", "touches": [{"date": "2026-10-05", "direction": "out", "channel": "email"}]}' \
        >"$BATS_TEST_TMPDIR/mixed.json"
    run --separate-stderr fu import --skip-bad "$BATS_TEST_TMPDIR/mixed.json"
    assert_status 0
    assert_contains "$stderr" "prospect 1, touch 1: key 'date': 2999-01-01 is after today"
    assert_contains "$stderr" "prospect 2: key 'created_on': 2027-01-01 is after today"
    assert_contains "$stderr" "prospect 3: key 'closed_on': 2026-12-01 is after today"
    assert_contains "$stderr" "prospect 4, touch 1: key 'next_step_on': 2026-10-05 must be after its date"
    assert_contains "$output" "Imported 1 prospect"
    assert_equal "$(fu export | jq -r '[.prospects[].name] | join(",")')" "Ed" "imported"
    # The database stays one every command reads.
    run --separate-stderr fu stats
    assert_status 0
}

@test "an id log, show and rm cannot address is refused" {
    export_of '{"id": 1234567890123456789, "name": "Ann", "created_on": "2026-10-01"}' \
        '{"id": 7, "name": "Bob", "created_on": "2026-10-01"}' >"$BATS_TEST_TMPDIR/ids.json"
    run --separate-stderr fu import "$BATS_TEST_TMPDIR/ids.json"
    assert_status 1
    assert_contains "$stderr" "prospect 1: key 'id': 1234567890123456789 is more than 18 digits"
    run --separate-stderr fu import --skip-bad "$BATS_TEST_TMPDIR/ids.json"
    assert_status 0
    assert_equal "$(fu export | jq -c '[.prospects[] | [.id, .name]]')" '[[7,"Bob"]]' "imported"
}

@test "add after the largest addressable id fails clearly instead of picking an id" {
    export_of '{"id": 999999999999999999, "name": "Max", "created_on": "2026-10-01"}' \
        >"$BATS_TEST_TMPDIR/max.json"
    fu import "$BATS_TEST_TMPDIR/max.json"
    run --separate-stderr fu show 999999999999999999
    assert_status 0
    run --separate-stderr fu add Zed
    assert_status 1
    assert_contains "$stderr" "followup: prospect #999999999999999999 holds the largest id"
    assert_equal "$(fu export | jq '.prospects | length')" 1 "prospects after the refused add"
}

@test "a JSON record with another email is another person, even under a name and company taken" {
    fu add "Ann Lee" --company Acme --email ann@acme.test >/dev/null
    fu export | sed 's/ann@acme.test/ann.lee@other.test/' >"$BATS_TEST_TMPDIR/other.json"
    run --separate-stderr fu import "$BATS_TEST_TMPDIR/other.json"
    assert_status 0
    assert_contains "$stderr" "with another email: imported as Ann Lee (ann.lee@other.test)"
    assert_equal "$(fu export | jq -r '[.prospects[] | "\(.name)|\(.email)"] | join(",")')" \
        "Ann Lee|ann@acme.test,Ann Lee (ann.lee@other.test)|ann.lee@other.test" "prospects"
    # The same email again is the same person: skipped.
    run --separate-stderr fu import "$BATS_TEST_TMPDIR/other.json"
    assert_status 0
    assert_equal "$(fu export | jq '.prospects | length')" 2 "prospects after a second import"
}
