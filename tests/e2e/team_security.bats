#!/usr/bin/env bats
# A team database's access rules, enforced by PostgreSQL rather than by
# followup: two reps (repa, repb in followup_rep) and a manager (mgr in
# followup_manager) on a database set up by `followup team init`. As rep A,
# through followup and through psql, reading, changing, deleting or handing
# over rep B's prospects, touches, tags and cool-downs is refused or finds
# nothing, and so is becoming a manager or rewriting the team's settings; the
# database is unchanged afterwards, as its superuser reads it. A rep's own
# work goes on, and the manager sees everyone's and assigns.
#
# PostgreSQL only (roles and row-level security): skipped on the SQLite run.

load helpers
load team_helpers

setup() {
    team_setup || return 1
    RA=$(team_role repa)
    RB=$(team_role repb)
}

teardown() {
    team_teardown
}

# The team: rep A has Ann Able; rep B has Bea Baker (tagged, touched, a
# reply) and Bo Brandt (cooling down); a team setting exists. Sets AID, BID,
# BID2 (the ids) and moves TODAY two days on.
two_reps() {
    team_init || return 1
    team_add_role repa followup_rep && team_add_role repb followup_rep && team_add_role mgr followup_manager ||
        return 1
    fu_as repa add "Ann Able" --company "A Corp" --email ann@a-corp.example --tag warm >/dev/null &&
        fu_as repa log Ann --channel email --purpose intro >/dev/null &&
        fu_as repb add "Bea Baker" --company "B Corp" --email bea@b-corp.example --tag vip --value 5000 >/dev/null &&
        fu_as repb log Bea --channel call --purpose value --note "Bea's secret terms" >/dev/null &&
        fu_as repb log Bea --in --channel email >/dev/null &&
        fu_as repb add "Bo Brandt" --company "B Corp" --email bo@b-corp.example >/dev/null &&
        fu_as repb log Bo --channel email --purpose intro >/dev/null &&
        fu_as repb cooldown Bo --for 30d >/dev/null ||
        { fail "the team's fixture could not be written"; return 1; }
    AID=$(psql_super "SELECT id FROM prospects WHERE name = 'Ann Able'")
    BID=$(psql_super "SELECT id FROM prospects WHERE name = 'Bea Baker'")
    BID2=$(psql_super "SELECT id FROM prospects WHERE name = 'Bo Brandt'")
    [[ -n $AID && -n $BID && -n $BID2 ]] || { fail "ids: '$AID' '$BID' '$BID2'"; return 1; }
    assert_equal "$(psql_super "SELECT owner FROM prospects ORDER BY id" | tr '\n' ' ')" "$RA $RB $RB " "owners" ||
        return 1
    # Through followup, which stores every standing under it at once (written
    # with psql, it would leave them stale and each rep's write would say so).
    "$FOLLOWUP_BIN" --db "$SUPER_URL" --today 2026-11-01 config --set schedule.holidays '["1999-12-31"]' >/dev/null ||
        { fail "could not write a team setting"; return 1; }
    TODAY=2026-11-04
}

# B's rows, whatever rep A tried: the superuser's dump of every table.
snapshot() {
    fu_dump >"$BATS_TEST_TMPDIR/$1.dump" || fail "pg_dump failed"
}

assert_unchanged_since() {
    fu_dump >"$BATS_TEST_TMPDIR/now.dump" || fail "pg_dump failed"
    run diff "$BATS_TEST_TMPDIR/$1.dump" "$BATS_TEST_TMPDIR/now.dump"
    assert_status 0 || fail "the database changed:" "$output"
}

# refused_as_repa EXPECTED ARGS...: followup as rep A exits 1 with one line
# on stderr that contains EXPECTED (if not empty), and neither stream shows
# anything of rep B's prospects.
refused_as_repa() {
    local expected=$1
    shift
    run --separate-stderr fu_as repa "$@"
    assert_error 1 || fail "followup $* as rep A"
    [[ -z $expected ]] || assert_contains "$stderr" "$expected" "the error of followup $*" || return 1
    local leak
    for leak in "B Corp" "bea@" "bo@" "secret terms" vip; do
        assert_not_contains "$output$stderr" "$leak" "what followup $* says to rep A" || return 1
    done
}

# psql_finds_nothing SQL: rep A's statement succeeds and returns no row
# (row-level security hides B's rows), or is refused outright.
psql_finds_nothing() {
    run --separate-stderr psql_as repa "$1"
    if [[ $status -eq 0 ]]; then
        assert_equal "$output" "" "rows rep A got from: $1"
    else
        assert_contains "$stderr" "ERROR:" "psql's answer to: $1"
    fi
}

# psql_refused SQL PATTERN: rep A's statement fails, with PATTERN (an
# extended regular expression) in the error.
psql_refused() {
    run --separate-stderr psql_as repa "$1"
    [[ $status -ne 0 ]] || fail "rep A was allowed: $1" "it printed: $output"
    [[ $stderr =~ $2 ]] || fail "rep A's '$1' failed, but not as expected ($2):" "$stderr"
}

@test "as rep A, followup cannot read, change, delete or hand over rep B's prospects, nor widen its view; nothing changes" {
    two_reps || return 1
    snapshot before

    local who
    for who in "$BID" "Bea Baker" Bo; do
        refused_as_repa "" show "$who"
        refused_as_repa "" draft "$who"
        refused_as_repa "" log "$who" --channel email --purpose value --note "by rep A"
        refused_as_repa "" log "$who" --in --channel call
        refused_as_repa "" log "$who" --undo
        refused_as_repa "" edit "$who" --company "Hacked Inc" --tag stolen
        refused_as_repa "" snooze "$who" 2026-12-01
        refused_as_repa "" cooldown "$who" --for 60d
        refused_as_repa "" close "$who" --lost
        refused_as_repa "" rm "$who" --yes
        refused_as_repa "" assign "$who" "$RA"
    done
    refused_as_repa "" cooldown "$BID2" --end
    refused_as_repa "" reopen "$BID"
    # Not even its own prospect may a rep give away.
    refused_as_repa followup_manager assign "$AID" "$RB"
    # Widening the view is for managers.
    local command
    for command in due list cooldown breakup stats; do
        refused_as_repa followup_manager "$command" --owner "$RB"
        refused_as_repa followup_manager "$command" --everyone
    done
    refused_as_repa "" team init
    # B's name and company again, added or imported (CSV --update too): refused
    # (one name and company per team), B's row untouched, nothing of it told.
    printf 'name,company,email,notes\nBea Baker,B Corp,bea@b-corp.example,taken over\n' >"$BATS_TEST_TMPDIR/bea.csv"
    jq -n '{format: "followup-export", prospects: [{name: "Bea Baker", company: "B Corp", email: "bea@b-corp.example",
            created_on: "2026-11-01", stage: "lead", notes: "taken over", tags: [], touches: []}]}' >"$BATS_TEST_TMPDIR/bea.json"
    local attempt words
    for attempt in "add|Bea Baker|--company|B Corp" "import|--update|$BATS_TEST_TMPDIR/bea.csv" \
        "import|--format|json|$BATS_TEST_TMPDIR/bea.json"; do
        IFS='|' read -r -a words <<<"$attempt"
        run --separate-stderr fu_as repa "${words[@]}"
        assert_error 1 || fail "followup ${words[*]} as rep A"
        assert_not_contains "$stderr" "bea@" "the error of followup ${words[*]}"
        assert_not_contains "$stderr" "$RB" "the error of followup ${words[*]}"
    done

    # What rep A reads is its own.
    run --separate-stderr fu_as repa list -o json
    assert_status 0
    assert_equal "$(jq -r '[.[].name] | join(",")' <<<"$output")" "Ann Able" "rep A's list"
    run --separate-stderr fu_as repa due --upcoming 60 -o json
    assert_status 0
    assert_equal "$(jq -r '[.[].name] | join(",")' <<<"$output")" "Ann Able" "rep A's due"
    run --separate-stderr fu_as repa cooldown -o json
    assert_status 0
    assert_not_contains "$output" "Bo Brandt" "rep A's cool-downs"
    run --separate-stderr fu_as repa export -o json
    assert_status 0
    assert_equal "$(jq -r '[.prospects[].name] | join(",")' <<<"$output")" "Ann Able" "rep A's export"
    assert_equal "$(jq '[.prospects[].touches[]] | length' <<<"$output")" 1 "touches in rep A's export"
    run --separate-stderr fu_as repa stats
    assert_status 0
    assert_not_contains "$output" "5,000" "rep A's stats"
    assert_not_contains "$output" "5000" "rep A's stats"

    assert_unchanged_since before
}

@test "as rep A, psql cannot read, change or delete rep B's rows, nor insert or move rows as B's, nor become a manager; nothing changes" {
    two_reps || return 1
    snapshot before

    # Reading: B's rows are not there.
    local b="$BID, $BID2"
    psql_finds_nothing "SELECT id, name, company, email, notes FROM prospects WHERE id IN ($b)"
    psql_finds_nothing "SELECT id FROM prospects WHERE owner <> current_user"
    psql_finds_nothing "SELECT id, note FROM touches WHERE prospect_id IN ($b)"
    psql_finds_nothing "SELECT tag FROM tags WHERE prospect_id IN ($b)"
    psql_finds_nothing "SELECT t.id FROM touches t JOIN prospects p ON p.id = t.prospect_id WHERE p.owner = '$RB'"
    run --separate-stderr psql_as repa "SELECT count(*) FROM prospects"
    assert_status 0
    assert_equal "$output" 1 "prospects rep A counts"
    run --separate-stderr psql_as repa "COPY prospects TO STDOUT"
    assert_status 0
    assert_contains "$output" "Ann Able" "rep A's COPY"
    assert_not_contains "$output" "B Corp" "rep A's COPY"
    run --separate-stderr psql_as repa "COPY touches TO STDOUT"
    assert_status 0
    assert_not_contains "$output" "secret terms" "rep A's COPY of touches"

    # Changing and deleting: nothing to change.
    psql_finds_nothing "UPDATE prospects SET company = 'Hacked Inc', value = 0 WHERE id IN ($b) RETURNING id"
    psql_finds_nothing "UPDATE prospects SET cooling_until = NULL, cooling_since = NULL WHERE id = $BID2 RETURNING id"
    psql_finds_nothing "UPDATE prospects SET owner = current_user WHERE id IN ($b) RETURNING id"
    psql_finds_nothing "UPDATE touches SET note = 'hacked' WHERE prospect_id IN ($b) RETURNING id"
    psql_finds_nothing "UPDATE tags SET tag = 'hacked' WHERE prospect_id IN ($b) RETURNING tag"
    psql_finds_nothing "DELETE FROM tags WHERE prospect_id IN ($b) RETURNING tag"
    psql_finds_nothing "DELETE FROM touches WHERE prospect_id IN ($b) RETURNING id"
    psql_finds_nothing "DELETE FROM prospects WHERE id IN ($b) RETURNING id"
    psql_finds_nothing "DELETE FROM prospects WHERE owner <> current_user RETURNING id"

    # Writing rows as B's, or moving rows over to B: the policies' checks.
    local rls='row-level security'
    psql_refused "INSERT INTO prospects (name, company, created_on, owner) VALUES ('Fake Lead', 'F Corp', '2026-11-04', '$RB')" "$rls|permission denied"
    psql_refused "UPDATE prospects SET owner = '$RB' WHERE id = $AID" "$rls|permission denied"
    psql_refused "INSERT INTO touches (prospect_id, on_date, direction, channel, purpose, logged_at)
                  VALUES ($BID, '2026-11-04', 'out', 'email', 'value', '2026-11-04T09:00:00Z')" "$rls"
    psql_refused "UPDATE touches SET prospect_id = $BID WHERE prospect_id = $AID" "$rls"
    # A touch on its own prospect in B's name would reach B's touch counts.
    psql_refused "INSERT INTO touches (prospect_id, on_date, direction, channel, purpose, logged_at, logged_by)
                  VALUES ($AID, '2026-11-04', 'out', 'email', 'value', '2026-11-04T09:00:00Z', '$RB')" "$rls"
    psql_refused "UPDATE touches SET logged_by = '$RB' WHERE prospect_id = $AID" "permission denied"
    psql_refused "INSERT INTO tags (prospect_id, tag) VALUES ($BID, 'stolen')" "$rls"
    psql_refused "UPDATE tags SET prospect_id = $BID WHERE prospect_id = $AID" "$rls"

    # Becoming someone else, or lifting the rules.
    local denied='permission denied|must be (owner|superuser)|must have admin option'
    psql_refused "GRANT followup_manager TO $RA" "$denied"
    psql_refused "GRANT followup_manager TO followup_rep" "$denied"
    psql_refused "SET ROLE followup_manager" "$denied"
    psql_refused "SET ROLE $RB" "$denied"
    psql_refused "SET SESSION AUTHORIZATION $RB" "$denied"
    psql_refused "ALTER ROLE $RA CREATEROLE" "$denied"
    psql_refused "ALTER TABLE prospects DISABLE ROW LEVEL SECURITY" "$denied"
    psql_refused "ALTER TABLE touches NO FORCE ROW LEVEL SECURITY" "$denied"
    psql_refused "CREATE POLICY see_all ON prospects FOR SELECT USING (true)" "$denied"
    local policies policy
    policies=$(psql_super "SELECT tablename || '|' || policyname FROM pg_policies WHERE tablename IN ('prospects', 'touches', 'tags')")
    [[ -n $policies ]] || fail "team init made no policies on prospects, touches and tags"
    while IFS='|' read -r table policy; do
        psql_refused "DROP POLICY \"$policy\" ON $table" "$denied"
        psql_refused "ALTER POLICY \"$policy\" ON $table USING (true)" "$denied"
    done <<<"$policies"
    psql_refused "TRUNCATE prospects, touches, tags CASCADE" "$denied"
    psql_refused "TRUNCATE touch_tally" "$denied"
    psql_refused "UPDATE followup_schema SET version = 99" "$denied"
    # The team's settings are the manager's.
    psql_refused "INSERT INTO team_settings (key, value, set_by, set_on) VALUES ('schedule.business_days', 'false', '$RA', '2026-11-04')" "$denied"
    psql_refused "UPDATE team_settings SET value = '[\"2026-11-05\"]'" "$denied"
    psql_refused "DELETE FROM team_settings" "$denied"

    assert_equal "$(psql_super "SELECT pg_has_role('$RA', 'followup_manager', 'MEMBER'), pg_has_role('$RA', '$RB', 'MEMBER'), pg_has_role('followup_rep', 'followup_manager', 'MEMBER')")" \
        "f|f|f" "rep A (or every rep) a manager, or rep B"
    assert_unchanged_since before
}

@test "a rep's own reads and writes work, and whatever it adds is its own: followup, import and psql" {
    two_reps || return 1
    local before_b
    before_b=$(psql_super "SELECT p::text FROM prospects p WHERE owner = '$RB' ORDER BY id")

    run --separate-stderr fu_as repa show Ann
    assert_status 0
    assert_contains "$output" "A Corp"
    run --separate-stderr fu_as repa log Ann --channel call --purpose value --note "second try"
    assert_status 0
    run --separate-stderr fu_as repa edit "$AID" --company "A Corp Ltd" --tag hot
    assert_status 0
    run --separate-stderr fu_as repa list --owner "$RA" -o json
    assert_status 0
    assert_equal "$(jq -r '[.[].name] | join(",")' <<<"$output")" "Ann Able" "rep A's list --owner itself"
    run --separate-stderr fu_as repa add "Cy Crane" --company "C Corp"
    assert_status 0
    run --separate-stderr fu_as repa log Cy --channel email --purpose intro
    assert_status 0
    run --separate-stderr fu_as repa rm Cy --yes
    assert_status 0
    run --separate-stderr fu_as repa add "Dee Dunn" --company "D Corp"
    assert_status 0

    # Through psql, rep A's own rows are there to read and change.
    run --separate-stderr psql_as repa "UPDATE prospects SET notes = 'met at the fair' WHERE id = $AID RETURNING id"
    assert_status 0
    assert_equal "$output" "$AID" "rep A's own update"
    run --separate-stderr psql_as repa "SELECT count(*) FROM touches WHERE prospect_id = $AID"
    assert_status 0
    assert_equal "$output" 2 "rep A's own touches"
    run --separate-stderr psql_as repa "INSERT INTO tags (prospect_id, tag) VALUES ($AID, 'fair') RETURNING tag"
    assert_status 0
    assert_equal "$output" fair "rep A's own tag"

    # An import that names another owner: refused, or owned by the importer.
    "$FOLLOWUP_BIN" --db "$BATS_TEST_TMPDIR/laptop.db" --today 2026-11-02 add "Eve Eng" --company "E Corp" >/dev/null
    "$FOLLOWUP_BIN" --db "$BATS_TEST_TMPDIR/laptop.db" --today 2026-11-02 export -o json |
        jq --arg rb "$RB" '.prospects[].owner = $rb' >"$BATS_TEST_TMPDIR/claims-b.json"
    run --separate-stderr fu_as repa import --format json "$BATS_TEST_TMPDIR/claims-b.json"
    local imported=$status
    if [[ $imported -eq 0 ]]; then
        assert_equal "$(psql_super "SELECT owner FROM prospects WHERE name = 'Eve Eng'")" "$RA" "owner of the imported prospect"
    else
        assert_error 1
        assert_equal "$(psql_super "SELECT count(*) FROM prospects WHERE name = 'Eve Eng'")" 0 "prospects stored by the refused import"
    fi

    assert_equal "$(psql_super "SELECT name || '|' || owner FROM prospects WHERE owner <> '$RB' ORDER BY id" | tr '\n' ' ')" \
        "Ann Able|$RA Dee Dunn|$RA $( ((imported == 0)) && echo "Eve Eng|$RA ")" "rep A's prospects"
    assert_equal "$(psql_super "SELECT company || '|' || notes FROM prospects WHERE id = $AID")" "A Corp Ltd|met at the fair" "Ann Able"
    assert_equal "$(psql_super "SELECT p::text FROM prospects p WHERE owner = '$RB' ORDER BY id")" "$before_b" "rep B's prospects"
    assert_equal "$(psql_super "SELECT count(*) FROM touches t JOIN prospects p ON p.id = t.prospect_id WHERE p.owner = '$RB'")" 3 "rep B's touches"
}

@test "the manager sees both reps with --everyone and --owner, and assigns a prospect from one to the other" {
    two_reps || return 1

    # By default a manager's lists are its own (none yet).
    run --separate-stderr fu_as mgr list -o json
    assert_status 0
    assert_equal "$(jq length <<<"$output")" 0 "the manager's own list"
    run --separate-stderr fu_as mgr list --everyone -o json
    assert_status 0
    assert_equal "$(jq -r '[.[].name] | sort | join(",")' <<<"$output")" "Ann Able,Bea Baker,Bo Brandt" "list --everyone"
    run --separate-stderr fu_as mgr list --owner "$RB" -o json
    assert_status 0
    assert_equal "$(jq -r '[.[].name] | sort | join(",")' <<<"$output")" "Bea Baker,Bo Brandt" "list --owner B"
    run --separate-stderr fu_as mgr due --everyone --upcoming 60 -o json
    assert_status 0
    local due_before
    due_before=$(jq -c '[.[] | select(.name == "Bea Baker") | {due_on, reason}]' <<<"$output")
    [[ $due_before == '[{"due_on":'* ]] || fail "Bea Baker is not in the manager's due --everyone: $output"
    run --separate-stderr fu_as mgr cooldown --owner "$RB" -o json
    assert_status 0
    assert_contains "$output" "Bo Brandt" "the manager's cooldown --owner B"
    run --separate-stderr fu_as mgr stats --everyone
    assert_status 0
    run --separate-stderr fu_as mgr show "$BID"
    assert_status 0
    assert_contains "$output" "secret terms" "the manager's show of B's prospect"
    run --separate-stderr fu_as mgr export -o json
    assert_status 0
    assert_equal "$(jq '.prospects | length' <<<"$output")" 3 "prospects the manager exports"

    # Assigning: only to a team member, only a prospect that exists.
    run --separate-stderr fu_as mgr assign "$BID" "$RA"
    assert_status 0
    assert_equal "$output" "Assigned Bea Baker (B Corp) #$BID to $RA." "assign's message"
    assert_equal "$(psql_super "SELECT owner FROM prospects WHERE id = $BID")" "$RA" "Bea Baker's owner"
    assert_equal "$(psql_super "SELECT count(*) || '|' || count(*) FILTER (WHERE logged_by = '$RB') FROM touches WHERE prospect_id = $BID")" \
        "2|2" "Bea Baker's touches (kept, logged by rep B)"
    run --separate-stderr fu_as mgr due --everyone --upcoming 60 -o json
    assert_status 0
    assert_equal "$(jq -c '[.[] | select(.name == "Bea Baker") | {due_on, reason}]' <<<"$output")" "$due_before" \
        "Bea Baker's next action after the hand-over"
    run --separate-stderr fu_as repb list -o json
    assert_status 0
    assert_equal "$(jq -r '[.[].name] | join(",")' <<<"$output")" "Bo Brandt" "rep B's list after the hand-over"
    run --separate-stderr fu_as repa list -o json
    assert_status 0
    assert_equal "$(jq -r '[.[].name] | sort | join(",")' <<<"$output")" "Ann Able,Bea Baker" "rep A's list after the hand-over"
    run --separate-stderr fu_as repa log Bea --channel call --purpose proposal
    assert_status 0
    run --separate-stderr fu_as repb show "$BID"
    assert_error 1

    fu_dump >"$BATS_TEST_TMPDIR/assigned.dump"
    run --separate-stderr fu_as mgr assign "$BID2" no_such_role_here
    assert_error 1
    psql_super "CREATE ROLE outsider_$TEAM_TAG NOLOGIN" >/dev/null
    printf '%s\n' "outsider_$TEAM_TAG" >>"$TEAM_ROLES"
    run --separate-stderr fu_as mgr assign "$BID2" "outsider_$TEAM_TAG"
    assert_error 1
    run --separate-stderr fu_as mgr assign 99999 "$RA"
    assert_error 1
    fu_dump >"$BATS_TEST_TMPDIR/now.dump"
    run diff "$BATS_TEST_TMPDIR/assigned.dump" "$BATS_TEST_TMPDIR/now.dump"
    assert_status 0 || fail "a refused assign changed the database:" "$output"
}

@test "as rep A, psql can neither read nor change rep B's touch counts (what stats sums); nothing changes" {
    two_reps || return 1
    snapshot before
    local stats_b
    stats_b=$(fu_as repb stats) || fail "rep B's stats: $stats_b"

    psql_finds_nothing "SELECT logged_by, on_date, channel, touches FROM touch_tally WHERE logged_by <> current_user"
    psql_finds_nothing "UPDATE touch_tally SET touches = 0, answered = 0 WHERE logged_by <> current_user RETURNING logged_by"
    psql_finds_nothing "DELETE FROM touch_tally WHERE logged_by <> current_user RETURNING logged_by"
    psql_refused "INSERT INTO touch_tally (logged_by, on_date, direction, channel, purpose, out_of_office, touches, answered, with_next_step)
                  VALUES ('$RB', '2026-11-04', 'out', 'email', 'value', 0, 50, 0, 0)" 'row-level security'

    assert_equal "$(fu_as repb stats)" "$stats_b" "rep B's stats"
    assert_unchanged_since before
}
