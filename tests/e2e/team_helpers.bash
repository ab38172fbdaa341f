# Shared setup for the team tests on PostgreSQL (team_concurrency.bats,
# team_security.bats): LOGIN roles made on the suite's server, followup and
# psql run as one of them, and the roles dropped again afterwards.
#
# Usage in a suite, after `load helpers`:
#   load team_helpers
#   setup() { team_setup; }
#   teardown() { team_teardown; }
#
# Roles belong to the whole server, not to the test's database, and the
# suite's files run at once on one server: every role a test makes carries a
# tag unique to the run and the test (team_role repa -> repa_4711_3), and the
# test drops it after its database. The group roles followup_rep and
# followup_manager that `followup team init` makes are shared by every
# database on the server and stay.

team_setup() {
    fu_setup || return 1
    postgresql_only "roles and row-level security of a team database"
    command -v psql >/dev/null || fail "psql is needed (scripts/install-deps --test)"
    TEAM_TAG="${BATS_ROOT_PID:-$$}_${BATS_TEST_NUMBER}"
    TEAM_ROLES="$BATS_TEST_TMPDIR/.team-roles"
    # The superuser of the suite's server, who runs team init.
    SUPER_URL=$DB
}

# Drops the test's database first (its rows and grants name the roles), then
# the roles.
team_teardown() {
    fu_teardown
    [[ -f "${TEAM_ROLES:-}" ]] || return 0
    local role drops=()
    while IFS= read -r role; do
        drops+=(-c "DROP ROLE IF EXISTS \"$role\"")
    done <"$TEAM_ROLES"
    _pg_admin "${drops[@]}" || echo "could not drop the test roles: $(tr '\n' ' ' <"$TEAM_ROLES")" >&2
    rm -f "$TEAM_ROLES"
}

# team_role NAME: the server-wide name of the test's role NAME.
team_role() {
    printf '%s_%s\n' "$1" "$TEAM_TAG"
}

# team_add_role NAME GROUP: a LOGIN role (no password: the test server trusts
# its socket) that is a member of GROUP (followup_rep or followup_manager).
team_add_role() {
    local role
    role=$(team_role "$1")
    printf '%s\n' "$role" >>"$TEAM_ROLES"
    _pg_admin -c "CREATE ROLE \"$role\" LOGIN" -c "GRANT $2 TO \"$role\"" ||
        fail "could not create the role $role in $2"
}

# url_as NAME: the test database's URL, connecting as the test's role NAME.
url_as() {
    local role url=$DB
    role=$(team_role "$1")
    if [[ $url =~ [?\&]user= ]]; then
        url=$(sed -E "s/([?&])user=[^&]*/\\1user=$role/" <<<"$url")
    elif [[ $url == *\?* ]]; then
        url+="&user=$role"
    else
        url+="?user=$role"
    fi
    printf '%s\n' "$url"
}

# fu_as NAME ARGS...: followup as the test's role NAME, as of $TODAY.
fu_as() {
    local name=$1
    shift
    "$FOLLOWUP_BIN" --db "$(url_as "$name")" --today "$TODAY" "$@"
}

# psql_as NAME SQL: one statement as the test's role NAME; rows as lines,
# columns joined by '|', the error on stderr and exit 3 when it fails.
psql_as() {
    psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$(url_as "$1")" -c "$2"
}

# psql_super SQL: the same as the server's superuser, who ran team init.
psql_super() {
    psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$SUPER_URL" -c "$1"
}

# team_init: `followup team init` as the superuser, its output in $output.
# (Other files' tests may run it at the same moment in other databases of
# the server, making the same group roles: team init copes with that.)
team_init() {
    run --separate-stderr "$FOLLOWUP_BIN" --db "$SUPER_URL" --today "$TODAY" team init
    assert_status 0 || return 1
}
