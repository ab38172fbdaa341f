#!/usr/bin/env bats
# Owners and teams: `--owner`/`--everyone` on due, list, cooldown, breakup and
# stats, `assign`, `team init`, the owner in show and export. On a file
# (SQLite) the owner is the local user and the team commands are errors; on
# PostgreSQL (FOLLOWUP_TEST_BACKEND=postgresql) the tests that need roles
# make LOGIN roles of their own (unique names: roles are the server's, and
# other files run at once) on the suite's server, and connect as them.

load helpers

setup() {
    fu_setup
}

# The name of the role the test connects as (PostgreSQL) or the local user.
me() {
    fu show 1 -o json | jq -r .owner
}

pg_only() {
    [[ $FOLLOWUP_TEST_BACKEND == postgresql ]] || skip "PostgreSQL only: $*"
}

# ROLE's URL of the test database: the suite's URL with user=ROLE.
url_of() {
    local role=$1
    if [[ $DB == *user=* ]]; then
        sed -E "s/([?&])user=[^&]*/\1user=$role/" <<<"$DB"
    elif [[ $DB == *'?'* ]]; then
        printf '%s&user=%s\n' "$DB" "$role"
    else
        printf '%s?user=%s\n' "$DB" "$role"
    fi
}

# followup as ROLE: as ROLE due ...
as() {
    local role=$1
    shift
    "$FOLLOWUP_BIN" --db "$(url_of "$role")" --today "$TODAY" "$@"
}

# SQL as the suite's administrator on the test database.
admin_sql() {
    psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -c "$1"
}

# A team: team init, then reps A and B and manager M, LOGIN roles unique to
# this test, in $REPA, $REPB, $MGR.
make_team() {
    local tag="t${BATS_ROOT_PID:-$$}_${BATS_SUITE_TEST_NUMBER:-0}_$RANDOM"
    REPA="fu_repa_$tag"
    REPB="fu_repb_$tag"
    MGR="fu_mgr_$tag"
    fu team init >/dev/null || return 1
    admin_sql "CREATE ROLE $REPA LOGIN; GRANT followup_rep TO $REPA;
               CREATE ROLE $REPB LOGIN; GRANT followup_rep TO $REPB;
               CREATE ROLE $MGR LOGIN; GRANT followup_manager TO $MGR;" || return 1
    printf '%s\n' "$REPA" "$REPB" "$MGR" >>"$BATS_TEST_TMPDIR/.roles"
}

teardown() {
    if [[ -f "$BATS_TEST_TMPDIR/.roles" ]]; then
        local role
        while IFS= read -r role; do
            admin_sql "DROP OWNED BY $role; DROP ROLE IF EXISTS $role" >/dev/null 2>&1 ||
                psql -X -q -d "$FOLLOWUP_TEST_PG" -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1 || true
        done <"$BATS_TEST_TMPDIR/.roles"
    fi
    fu_teardown
}

# --- both backends ---------------------------------------------------------

@test "--owner and --everyone together are refused on every listing (exit 2)" {
    fu add "Ann Able" >/dev/null
    for command in due list cooldown breakup stats; do
        run --separate-stderr fu "$command" --owner someone --everyone
        assert_error 2
    done
}

@test "the caller's own, --owner with the caller's name and --everyone list the same for one user" {
    fu add "Ann Able" >/dev/null
    fu add "Bob Brown" --company Bco >/dev/null
    fu log Ann >/dev/null
    owner=$(me)
    [[ -n "$owner" && "$owner" != null ]] || fail "no owner in show -o json: '$owner'"
    for command in "due -o json" "list -o json" "cooldown -o json" "breakup -o json" "stats -o json"; do
        # shellcheck disable=SC2086
        mine=$(fu $command) || fail "$command failed"
        # shellcheck disable=SC2086
        named=$(fu $command --owner "$owner") || fail "$command --owner failed"
        # shellcheck disable=SC2086
        all=$(fu $command --everyone) || fail "$command --everyone failed"
        assert_equal "$named" "$mine" "$command --owner $owner"
        assert_equal "$all" "$mine" "$command --everyone"
    done
    assert_equal "$(fu list -o json | jq -r 'map(.name) | join(",")')" "Bob Brown,Ann Able"
}

@test "export and show -o json name the owner; import ignores an owner it is given" {
    fu add "Ann Able" >/dev/null
    owner=$(me)
    assert_equal "$(fu_export_jq '.prospects[0].owner')" "$owner"
    json=$(fu export -o json | jq '.prospects[0].owner = "somebody-else" | .prospects[0].name = "Cy Doe" | .prospects[0].id = 0')
    run --separate-stderr fu import --format json - <<<"$json"
    assert_status 0
    assert_equal "$(fu_export_jq '[.prospects[].owner] | unique | join(",")')" "$owner"
}

# --- a file: one owner -----------------------------------------------------

@test "a file: team init, assign and another --owner are errors (exit 1); show has no owner line" {
    sqlite_only "a file has one owner"
    fu add "Ann Able" >/dev/null
    before=$(fu_dump)
    run --separate-stderr fu team init
    assert_error 1
    assert_contains "$stderr" "PostgreSQL"
    run --separate-stderr fu assign Ann bob
    assert_error 1
    assert_contains "$stderr" "one owner"
    for command in due list cooldown breakup stats; do
        run --separate-stderr fu "$command" --owner "not-$(me)"
        assert_error 1
        assert_contains "$stderr" "one owner, $(me)"
    done
    run fu show Ann
    assert_status 0
    assert_not_contains "$output" "owner"
    assert_equal "$(fu_dump)" "$before" "the file after the refusals"
    # Refused, they make no new file either.
    run --separate-stderr "$FOLLOWUP_BIN" --db "$DBDIR/new.db" team init
    assert_error 1
    run --separate-stderr "$FOLLOWUP_BIN" --db "$DBDIR/new.db" assign Ann bob
    assert_error 1
    [[ ! -e "$DBDIR/new.db" ]] || fail "a refused command made $DBDIR/new.db"
}

# --- PostgreSQL: a team ----------------------------------------------------

@test "team init is idempotent: roles, grants and policies once, whatever the number of runs" {
    pg_only "team init sets up a PostgreSQL database"
    run --separate-stderr fu team init
    assert_status 0
    assert_contains "$output" "followup_rep"
    assert_contains "$output" "GRANT followup_rep TO"
    policies=$(admin_sql "SELECT count(*) FROM pg_policies")
    rls=$(admin_sql "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relrowsecurity")
    assert_equal "$rls" "calendar_events,mail_ignored,mail_sources,maildir_seen,prospects,tags,touch_tally,touches"
    fu add "Ann Able" >/dev/null
    run --separate-stderr fu team init
    assert_status 0
    assert_contains "$output" "exist"
    assert_equal "$(admin_sql "SELECT count(*) FROM pg_policies")" "$policies" "policies after a second run"
    assert_equal "$(admin_sql "SELECT count(*) FROM pg_roles WHERE rolname IN ('followup_rep', 'followup_manager') AND NOT rolcanlogin")" "2"
    assert_equal "$(admin_sql "SELECT pg_has_role('followup_manager', 'followup_rep', 'MEMBER')")" "t"
    assert_equal "$(fu_count prospects)" "1"
}

@test "reps see their own by default; --owner and --everyone are a manager's" {
    pg_only "roles"
    make_team
    as "$REPA" add "Ann Able" --company Acme >/dev/null
    as "$REPB" add "Bob Brown" --company Bco >/dev/null
    as "$REPA" cooldown Ann --for 10d >/dev/null
    assert_equal "$(as "$REPA" list -o json | jq -r 'map(.name) | join(",")')" "Ann Able"
    assert_equal "$(as "$REPB" list -o json | jq -r 'map(.name) | join(",")')" "Bob Brown"
    assert_equal "$(as "$REPB" due -o json | jq -r 'map(.name) | join(",")')" "Bob Brown"
    assert_equal "$(as "$REPA" due -o json | jq -r 'length')" "0"
    assert_equal "$(as "$REPA" cooldown -o json | jq -r 'map(.name) | join(",")')" "Ann Able"
    assert_equal "$(as "$REPB" cooldown -o json | jq -r 'length')" "0"
    assert_equal "$(as "$REPA" stats -o json | jq -r '.by_state.cooling, .by_state.active')" $'1\n0'
    for command in due list cooldown breakup stats; do
        run --separate-stderr as "$REPA" "$command" --everyone
        assert_error 1
        assert_contains "$stderr" "followup_manager"
        run --separate-stderr as "$REPA" "$command" --owner "$REPB"
        assert_error 1
        assert_contains "$stderr" "followup_manager"
        # Naming itself asks for what a rep sees anyway.
        run --separate-stderr as "$REPA" "$command" --owner "$REPA" -o json
        assert_status 0
    done
    assert_equal "$(as "$REPA" list --owner "$REPA" -o json | jq -r 'map(.name) | join(",")')" "Ann Able"
    # The manager's own (none), one rep's, everyone's.
    assert_equal "$(as "$MGR" list -o json | jq -r 'length')" "0"
    assert_equal "$(as "$MGR" list --owner "$REPB" -o json | jq -r 'map(.name) | join(",")')" "Bob Brown"
    assert_equal "$(as "$MGR" list --everyone -o json | jq -r 'map(.name + "=" + .owner) | sort | join(",")')" \
        "Ann Able=$REPA,Bob Brown=$REPB"
    assert_equal "$(as "$MGR" due --everyone -o json | jq -r 'map(.name) | join(",")')" "Bob Brown"
    assert_equal "$(as "$MGR" cooldown --everyone -o json | jq -r 'map(.name) | join(",")')" "Ann Able"
    assert_equal "$(as "$MGR" stats --everyone -o json | jq -r '.by_state.cooling, .by_state.active')" $'1\n1'
    run as "$MGR" breakup --everyone
    assert_status 0
    run as "$MGR" list --everyone
    assert_contains "${lines[0]}" "OWNER"
    run as "$MGR" show Ann
    assert_contains "$output" "owner          $REPA"
    # Another rep's namesake cannot be seen, nor added twice.
    run --separate-stderr as "$REPA" add "Bob Brown" --company Bco
    assert_error 1
    assert_contains "$stderr" "exists already"
    assert_equal "$(admin_sql "SELECT count(*) FROM prospects")" "2"
}

@test "assign: a manager hands a prospect over, standing kept; reps, unknown roles and outsiders are refused" {
    pg_only "roles"
    make_team
    as "$REPA" add "Ann Able" --company Acme >/dev/null
    as "$REPA" log Ann >/dev/null
    due_before=$(as "$REPA" show Ann -o json | jq -r .due_on)
    run --separate-stderr as "$REPA" assign Ann "$REPB"
    assert_error 1
    assert_contains "$stderr" "followup_manager"
    run --separate-stderr as "$MGR" assign Ann nobody_at_all_here
    assert_error 1
    assert_contains "$stderr" "no role 'nobody_at_all_here'"
    admin_sql "CREATE ROLE fu_out_$REPA LOGIN" && printf '%s\n' "fu_out_$REPA" >>"$BATS_TEST_TMPDIR/.roles"
    run --separate-stderr as "$MGR" assign Ann "fu_out_$REPA"
    assert_error 1
    assert_contains "$stderr" "not in the team"
    run --separate-stderr as "$MGR" assign Ann "$REPB"
    assert_status 0
    assert_equal "$output" "Assigned Ann Able (Acme) #1 to $REPB."
    assert_equal "$(admin_sql "SELECT owner FROM prospects")" "$REPB"
    assert_equal "$(as "$REPB" show Ann -o json | jq -r .due_on)" "$due_before" "the next action after assign"
    assert_equal "$(as "$REPA" list -o json | jq -r 'length')" "0"
    run --separate-stderr as "$REPA" show 1
    assert_error 1
    # Its touches went with it.
    assert_equal "$(as "$REPB" show Ann -o json | jq -r '.touches | length')" "1"
}

@test "a rep cannot upgrade an older schema: it is told who can" {
    pg_only "roles and table owners"
    make_team
    as "$REPA" add "Ann Able" >/dev/null
    admin_sql "UPDATE followup_schema SET version = 7"
    run --separate-stderr as "$REPA" list
    assert_error 1
    assert_contains "$stderr" "ask whoever ran \`followup team init\` to run it again"
    assert_equal "$(admin_sql "SELECT version FROM followup_schema")" "7"
}

@test "import on a team database: the prospects are the importing rep's" {
    pg_only "roles"
    make_team
    json=$(as "$REPB" export -o json | jq '.prospects = [{"name": "Dee Dee", "created_on": "2026-11-01", "owner": "someone"}]')
    run --separate-stderr as "$REPA" import --format json - <<<"$json"
    assert_status 0
    assert_equal "$(admin_sql "SELECT name || '=' || owner FROM prospects")" "Dee Dee=$REPA"
}

@test "a rep whose write finds stale next actions leaves them for one who sees all; team init stores them" {
    pg_only "roles and row-level security"
    make_team
    as "$REPA" add "Ann Able" --company Acme >/dev/null
    as "$REPB" add "Bob Brown" --company Bco >/dev/null
    local due_before
    due_before=$(as "$MGR" due --everyone -o json)
    assert_equal "$(jq -r 'map(.name) | sort | join(",")' <<<"$due_before")" "Ann Able,Bob Brown" "due before"
    # As if a new followup's rules or another setting made them all stale.
    admin_sql "UPDATE meta SET value = 'older rules' WHERE key IN ('next_action_config', 'standing_config')"
    run --separate-stderr as "$REPA" log Ann --channel email --purpose value
    assert_status 0
    assert_contains "$stderr" "followup: warning: the team's stored next actions"
    assert_contains "$stderr" "team init"
    # Nothing claims to be current that is not: B's prospect was not worked out.
    assert_equal "$(admin_sql "SELECT DISTINCT value FROM meta WHERE key IN ('next_action_config', 'standing_config')")" \
        "older rules" "fingerprints after the rep's write"
    # Reads work it out in memory meanwhile.
    assert_equal "$(as "$MGR" due --everyone -o json | jq -r 'map(.name) | join(",")')" "Bob Brown" "due after Ann's touch"
    run --separate-stderr fu team init
    assert_status 0
    [[ "$(admin_sql "SELECT count(*) FROM meta WHERE value = 'older rules'")" == 0 ]] ||
        fail "team init left the old fingerprints"
    run --separate-stderr as "$REPB" log Bob --channel email --purpose value
    assert_status 0
    assert_equal "$stderr" "" "a rep's write once they are current"
}
