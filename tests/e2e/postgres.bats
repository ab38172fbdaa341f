#!/usr/bin/env bats
# The PostgreSQL backend as a user meets it: the same output as on a file,
# backup pointing to pg_dump, an unreachable server, a database without
# followup's tables, moving a pipeline in, writers at once. One private
# server (tests/pg/server) for the file, a fresh database per test.
# Skipped without PostgreSQL unless FOLLOWUP_REQUIRE_POSTGRES=1.

load helpers

setup_file() {
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v psql >/dev/null; then
        [[ "${FOLLOWUP_REQUIRE_POSTGRES:-}" != 1 ]] || {
            echo "PostgreSQL is not installed and FOLLOWUP_REQUIRE_POSTGRES=1" >&2
            return 1
        }
        export PG_MISSING=1
        return 0
    fi
    PG_DIR=$(mktemp -d /tmp/followup-pg-e2e.XXXXXX)
    export PG_DIR
    "$FOLLOWUP_SOURCE_DIR/tests/pg/server" start "$PG_DIR" > "$PG_DIR.env"
}

teardown_file() {
    if [[ -n "${PG_DIR:-}" ]]; then
        "$FOLLOWUP_SOURCE_DIR/tests/pg/server" stop "$PG_DIR" || true
        rm -rf "$PG_DIR" "$PG_DIR.env"
    fi
}

setup() {
    fu_setup
    [[ -z "${PG_MISSING:-}" ]] || skip "PostgreSQL is not installed"
    # shellcheck disable=SC1090
    . "$PG_DIR.env"
    PG_NAME="t_${BATS_TEST_NUMBER}"
    "$FOLLOWUP_SOURCE_DIR/tests/pg/server" createdb "$PG_DIR" "$PG_NAME"
    PG_URL="postgresql:///$PG_NAME?host=$PG_DIR&port=$PGPORT&user=$PGUSER"
}

# followup on the test's PostgreSQL database.
pg() {
    "$FOLLOWUP_BIN" --db "$PG_URL" --today "$TODAY" "$@"
}

sql() {
    psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$PG_NAME" -c "$1"
}

# A session of commands, every output and status, with the database's name
# and calendar UIDs (random) masked, and the owner (the local user in a
# file, the connecting role on a server; `show` names it on a server only)
# masked or left out.
session() {
    local db=$1
    local step
    while IFS= read -r step; do
        echo "\$ $step"
        eval "\"\$FOLLOWUP_BIN\" --db \"\$db\" $step" 2>&1 || echo "status $?"
    done <<'STEPS' | sed -e "s#$db#DB#g" -e 's/"next_step_uid": "[0-9a-f-]*"/"next_step_uid": UID/' \
        -e 's/"owner": "[^"]*"/"owner": OWNER/' -e '/^  owner  /d'
demo --today 2026-03-02
due --today 2026-03-02
due --today 2026-03-09 -o json
list --today 2026-03-09 -o csv
stats --today 2026-03-09
add 'Zoë Ångström' --company 'Nordic AB' --email zoe@nordic.example --today 2026-03-02
add 'zoë ångström' --company 'NORDIC ab' --today 2026-03-02
add 'ZOE ANGSTROM' --company 'Nordic AB' --today 2026-03-02
add 'zoe angstrom' --company 'nordic ab' --today 2026-03-02
log zoe --channel call --today 2026-03-03
log 8 --channel call --today 2026-03-03
log 8 --channel email --in --today 2026-03-04
log 9 --channel email --next 2026-03-12 --today 2026-03-04
log 9 --channel call --date 2026-03-01 --today 2026-03-04
log nosuch --channel email --today 2026-03-04
show 8 --today 2026-03-05
edit 8 --tag vip --tag 'two words' --tag 'q"uote' --tag 'back\slash' --today 2026-03-05
show 8 -o json --today 2026-03-05
list --tag vip --today 2026-03-05
cooldown --today 2026-03-05
breakup --today 2026-03-30
close 9 --won --today 2026-03-06
__complete prospects log ''
__complete prospects log Z
__complete prospects log 1
__complete prospects reopen ''
rm 1 --yes --today 2026-03-06
stats --today 2026-03-30
due --today 2026-03-30
export --today 2026-03-30
STEPS
}

@test "every command prints the same on PostgreSQL as on a file" {
    session "$DB" > "$BATS_TEST_TMPDIR/sqlite.out"
    session "$PG_URL" > "$BATS_TEST_TMPDIR/pg.out"
    run diff "$BATS_TEST_TMPDIR/sqlite.out" "$BATS_TEST_TMPDIR/pg.out"
    assert_status 0
    # The session did reach the database (not one error after another).
    grep -q '^Added 7 demo prospects to DB' "$BATS_TEST_TMPDIR/pg.out"
    grep -q 'already exists' "$BATS_TEST_TMPDIR/pg.out"
    grep -q '"owner": OWNER' "$BATS_TEST_TMPDIR/pg.out"
}

@test "backup on PostgreSQL exits 1 and points to pg_dump, writing nothing" {
    pg add "Ann Lee"
    run pg backup "$BATS_TEST_TMPDIR/copy.db"
    assert_status 1
    [[ "$output" == "followup: "*pg_dump* ]] || fail "$output"
    [[ ! -e "$BATS_TEST_TMPDIR/copy.db" ]]
}

@test "a server that cannot be reached is one line, the password hidden, exit 1" {
    run "$FOLLOWUP_BIN" --db "postgres://ann:s3cret@/nowhere?host=$BATS_TEST_TMPDIR" due
    assert_status 1
    [[ "$output" == "followup: cannot connect to postgres://ann:***@/nowhere?host=$BATS_TEST_TMPDIR: "* ]] ||
        fail "$output"
    [[ "$output" != *s3cret* ]] || fail "$output"
    [[ $(printf '%s\n' "$output" | wc -l) -eq 1 ]] || fail "$output"
    # FOLLOWUP_DB selects it too.
    FOLLOWUP_DB="postgresql://ann:s3cret@/nowhere?host=$BATS_TEST_TMPDIR" run "$FOLLOWUP_BIN" list
    assert_status 1
    [[ "$output" == "followup: cannot connect to postgresql://ann:***@"* ]] || fail "$output"
}

@test "a database without followup's tables reads as empty; the first write makes them" {
    run pg due
    assert_status 0
    [[ -z "$output" ]] || fail "$output"
    run pg show ann
    assert_status 1
    [[ "$(sql "SELECT count(*) FROM information_schema.tables WHERE table_name = 'prospects'")" == 0 ]]
    # A dry run leaves nothing behind, not even the schema.
    "$FOLLOWUP_BIN" --db "$BATS_TEST_TMPDIR/one.db" --today "$TODAY" add "Bo Chen" >/dev/null
    "$FOLLOWUP_BIN" --db "$BATS_TEST_TMPDIR/one.db" --today "$TODAY" export >"$BATS_TEST_TMPDIR/one.json"
    run pg import --dry-run "$BATS_TEST_TMPDIR/one.json"
    assert_status 0
    [[ "$(sql "SELECT count(*) FROM information_schema.tables WHERE table_name = 'prospects'")" == 0 ]]
    pg add "Ann Lee"
    # The schema version this build writes, as a new SQLite file has it.
    "$FOLLOWUP_BIN" --db "$BATS_TEST_TMPDIR/fresh.db" --today "$TODAY" add "Cy Dunn" >/dev/null
    [[ "$(sql "SELECT version FROM followup_schema")" == "$(sqlite3 "$BATS_TEST_TMPDIR/fresh.db" 'PRAGMA user_version')" ]]
    [[ "$(sql "SELECT owner FROM prospects")" == "$PGUSER" ]]
    sql "UPDATE followup_schema SET version = 99"
    run pg due
    assert_status 1
    [[ "$output" == *"newer followup (schema 99"* ]] || fail "$output"
}

@test "export and import move a personal pipeline in, ids and histories kept" {
    fu demo >/dev/null
    fu export > "$BATS_TEST_TMPDIR/mine.json"
    pg import --format json "$BATS_TEST_TMPDIR/mine.json"
    pg export > "$BATS_TEST_TMPDIR/theirs.json"
    # All the same but the owner: the importing role's now.
    run diff <(jq 'del(.prospects[].owner)' "$BATS_TEST_TMPDIR/mine.json") \
        <(jq 'del(.prospects[].owner)' "$BATS_TEST_TMPDIR/theirs.json")
    assert_status 0
    assert_equal "$(jq -r '[.prospects[].owner] | unique | join(",")' "$BATS_TEST_TMPDIR/theirs.json")" "$PGUSER"
    # The next prospect added gets an id after the imported ones.
    run pg add "New One"
    assert_status 0
    [[ "$output" == *"#8;"* ]] || fail "$output"
}

@test "writers at once: every touch lands once, tallies and standings agree" {
    for i in 1 2 3 4 5 6; do pg add "Rep prospect $i" >/dev/null; done
    pg add "Shared" >/dev/null
    for i in 1 2 3 4 5 6; do
        (
            for n in 1 2 3 4 5 6 7 8; do
                "$FOLLOWUP_BIN" --db "$PG_URL" --today "$TODAY" log "$i" --channel email \
                    --note "touch $i.$n" >/dev/null || exit 1
                "$FOLLOWUP_BIN" --db "$PG_URL" --today "$TODAY" log Shared --channel call \
                    --note "shared $i.$n" >/dev/null || exit 1
            done
        ) &
    done
    local failed=0 job
    for job in $(jobs -p); do wait "$job" || failed=1; done
    ((failed == 0)) || fail "a writer failed"
    [[ "$(sql "SELECT count(*) FROM touches")" == 96 ]]
    [[ "$(sql "SELECT count(DISTINCT note) FROM touches")" == 96 ]]
    [[ "$(sql "SELECT sum(touches) FROM touch_tally")" == 96 ]]
    # The stored standings are what reading the histories says.
    run pg stats
    local stored=$output
    [[ "$stored" == *"7 open prospects"* ]] || fail "$stored"
    sql "DELETE FROM meta" # forget the fingerprints: stats reads every history
    run pg stats
    [[ "$output" == "$stored" ]] || fail "stored: $stored" "read: $output"
}

@test "text with a NUL byte is refused with one line, and nothing of the import is stored" {
    "$FOLLOWUP_BIN" --db "$BATS_TEST_TMPDIR/base.db" --today "$TODAY" add "Base" >/dev/null
    "$FOLLOWUP_BIN" --db "$BATS_TEST_TMPDIR/base.db" --today "$TODAY" export | jq '.prospects[0].company = "\u0000nul"' >"$BATS_TEST_TMPDIR/nul.json"
    run pg import "$BATS_TEST_TMPDIR/nul.json"
    assert_status 1
    [[ "$output" == "followup: PostgreSQL cannot store text with a NUL byte"* ]] || fail "$output"
    [[ $(wc -l <<<"$output") -eq 1 ]] || fail "more than one line: $output"
    run pg list -o json
    assert_status 0
    [[ "$(jq length <<<"$output")" == 0 ]] || fail "something was stored: $output"
}
