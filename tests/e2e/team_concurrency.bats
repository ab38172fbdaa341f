#!/usr/bin/env bats
# A sales team on one PostgreSQL database at once: 20 reps, each its own
# LOGIN role in followup_rep, add their prospects and log 200 touches each
# (two sessions per rep, as a rep typing while a cron job logs), while a
# manager reads `due --everyone` in a loop. Every acknowledged touch must be
# stored exactly once and owned by the rep who logged it, no command may
# fail, and the standings stored by the writers at their commits must equal
# what reading every history says.
#
# PostgreSQL only (roles): skipped on the SQLite run of the suite. 4,200
# separate commands, some 100 CPU-seconds in all (followup about 57, the
# server about 43, measured; no lock waits or retries): about a minute on 2
# idle cores.

load helpers
load team_helpers

setup() {
    team_setup
}

teardown() {
    team_teardown
}

REPS=20
PROSPECTS=10 # per rep: Client NN-a .. Client NN-j
ROUNDS=100   # per session; two sessions per rep: 200 touches
LETTERS=(a b c d e f g h i j)
CHANNELS=(email call text social email video call voicemail mail)
PURPOSES=(value checkin intro value proposal meeting)
# The team starts on a Monday; every round is a day later; the manager reads
# as of a day after the last round.
START=2026-06-01
READ_DAY=2026-09-21

# rep_command N FAILURES ARGS...: followup as rep N (01..20); a failure
# (exit status, or a stderr line that is not a warning) is appended to
# FAILURES with the command. Returns followup's exit status. No subshell: a
# fork per command is what the load costs.
rep_command() {
    local n=$1 failures=$2 rc=0 err line
    shift 2
    "$FOLLOWUP_BIN" --db "${REP_URL[10#$n]}" "$@" >/dev/null 2>"$failures.err" || rc=$?
    if [[ $rc -ne 0 ]]; then
        echo "exit $rc: followup $*: $(<"$failures.err")" >>"$failures"
    elif [[ -s "$failures.err" ]]; then
        while IFS= read -r line; do
            [[ $line == "followup: warning: "* ]] || echo "stderr: followup $*: $line" >>"$failures"
        done <"$failures.err"
    fi
    return $rc
}

# session N S: rep N's session S (A or B) logs ROUNDS touches, a day apart,
# over the rep's prospects; both sessions of a rep reach every prospect, some
# on the same day. A realistic mix: mostly attempts over rotating channels and
# purposes, a reply now and then, a conversation, a booked next step. The
# note of each touch names it; acknowledged ones (exit 0) go to
# rep-N-S.acked.
session() {
    local n=$1 s=$2 i k day note args num=$((10#$1))
    local failures="$BATS_TEST_TMPDIR/rep-$n-$s.failures" acked="$BATS_TEST_TMPDIR/rep-$n-$s.acked"
    : >"$failures"
    : >"$acked"
    for ((i = 1; i <= ROUNDS; i++)); do
        if [[ $s == A ]]; then k=$((i % PROSPECTS)); else k=$(((3 * i + 1) % PROSPECTS)); fi
        day=${DAYS[i]}
        note="rep $n session $s round $i"
        args=(--today "$day" log "Client $n-${LETTERS[k]}" --note "$note")
        if ((i % 11 == 0)); then
            args+=(--in --channel email)
        elif ((i % 17 == 0)); then
            args+=(--talked --channel call --purpose meeting)
        else
            args+=(--channel "${CHANNELS[(i + k) % ${#CHANNELS[@]}]}" --purpose "${PURPOSES[(i + num) % ${#PURPOSES[@]}]}")
            ((i % 23 != 0)) || args+=(--next "${DAYS[i + 14]}")
        fi
        if rep_command "$n" "$failures" "${args[@]}"; then
            printf '%s\n' "$note" >>"$acked"
        fi
    done
}

# rep N: adds the rep's prospects, then runs its two sessions at once.
rep() {
    local n=$1 k
    local failures="$BATS_TEST_TMPDIR/rep-$n.failures"
    : >"$failures"
    for ((k = 0; k < PROSPECTS; k++)); do
        rep_command "$n" "$failures" --today "$START" add "Client $n-${LETTERS[k]}" --company "Firm $n" \
            --email "client$n${LETTERS[k]}@example.com" --stage "$([[ $((k % 3)) == 2 ]] && echo engaged || echo lead)" ||
            return 1
    done
    session "$n" A &
    local a=$!
    session "$n" B &
    local b=$!
    wait "$a" "$b"
    echo finished >"$BATS_TEST_TMPDIR/rep-$n.finished"
}

# manager: `due --everyone` as a table and as JSON until the stop file
# appears; failures as rep_command records them, and the number of runs.
manager() {
    local failures="$BATS_TEST_TMPDIR/manager.failures" runs=0 rc err json
    : >"$failures"
    while [[ ! -e "$BATS_TEST_TMPDIR/stop" ]]; do
        rc=0
        err=$(fu_as boss due --everyone --upcoming 30 --all 2>&1 >/dev/null) || rc=$?
        [[ $rc -eq 0 && -z "$err" ]] || echo "due --everyone: exit $rc: $err" >>"$failures"
        rc=0
        json=$(fu_as boss due --everyone --upcoming 30 --all -o json 2>"$BATS_TEST_TMPDIR/manager.err") || rc=$?
        err=$(<"$BATS_TEST_TMPDIR/manager.err")
        [[ $rc -eq 0 && -z "$err" ]] || echo "due --everyone -o json: exit $rc: $err" >>"$failures"
        jq -e 'type == "array"' <<<"$json" >/dev/null 2>&1 ||
            echo "due --everyone -o json: not a JSON array: ${json:0:200}" >>"$failures"
        runs=$((runs + 1))
    done
    echo "$runs" >"$BATS_TEST_TMPDIR/manager.runs"
}

# The stored view and the views read from the histories, as the manager sees
# them as of READ_DAY: `due` as TSV (the standings the writers stored, while
# they are current), as JSON (worked out from histories), and `stats`.
standings_snapshot() {
    local out=$1
    fu_as boss due --everyone --upcoming 60 --all -o tsv >"$out.tsv" &&
        fu_as boss due --everyone --upcoming 60 --all -o json >"$out.json" &&
        fu_as boss stats --everyone >"$out.stats"
}

@test "20 reps x 200 touches at once as their own roles, a manager reading --everyone: every touch once, standings as the histories say" {
    TODAY=$READ_DAY
    team_init || return 1
    local n role
    for ((n = 1; n <= REPS; n++)); do
        team_add_role "$(printf 'rep%02d' "$n")" followup_rep
    done
    team_add_role boss followup_manager
    REP_URL=()
    for ((n = 1; n <= REPS; n++)); do
        REP_URL[n]=$(url_as "$(printf 'rep%02d' "$n")")
    done
    DAYS=()
    local i
    for ((i = 0; i <= ROUNDS + 14; i++)); do
        DAYS[i]=$(date -u -d "$START + $i day" +%F)
    done

    local started=$SECONDS pids=()
    for ((n = 1; n <= REPS; n++)); do
        rep "$(printf '%02d' "$n")" &
        pids+=($!)
    done
    manager &
    local manager_pid=$! pid status_all=0
    for pid in "${pids[@]}"; do
        wait "$pid" || status_all=$?
    done
    touch "$BATS_TEST_TMPDIR/stop"
    wait "$manager_pid" || status_all=$?
    echo "# the load took $((SECONDS - started)) s, the manager read $(cat "$BATS_TEST_TMPDIR/manager.runs") times" >&3

    # Nobody failed, everyone finished, the manager did read meanwhile.
    local problems
    problems=$(cat "$BATS_TEST_TMPDIR"/*.failures | head -5)
    [[ -z "$problems" ]] || fail "$(cat "$BATS_TEST_TMPDIR"/*.failures | wc -l) failed commands, the first:" "$problems"
    assert_equal "$status_all" 0 "exit status of the background loops"
    for ((n = 1; n <= REPS; n++)); do
        [[ -f "$BATS_TEST_TMPDIR/rep-$(printf '%02d' "$n").finished" ]] || fail "rep $n did not finish"
    done
    (($(cat "$BATS_TEST_TMPDIR/manager.runs") > 0)) || fail "the manager never read"

    # Every acknowledged touch exactly once: the notes name them.
    sort "$BATS_TEST_TMPDIR"/*.acked >"$BATS_TEST_TMPDIR/acked"
    assert_equal "$(wc -l <"$BATS_TEST_TMPDIR/acked")" $((REPS * 2 * ROUNDS)) "acknowledged touches"
    local exported
    exported=$(fu_as boss export -o json) || fail "the manager's export failed: $exported"
    assert_equal "$(jq '.prospects | length' <<<"$exported")" $((REPS * PROSPECTS)) "prospects the manager exports"
    jq -r '.prospects[].touches[].note' <<<"$exported" | sort >"$BATS_TEST_TMPDIR/exported"
    run diff "$BATS_TEST_TMPDIR/acked" "$BATS_TEST_TMPDIR/exported"
    assert_status 0 || fail "touches lost (<) or doubled/unknown (>) in the manager's export"
    # The same through the server, as its superuser.
    psql_super "SELECT note FROM touches ORDER BY note" | LC_ALL=C.UTF-8 sort >"$BATS_TEST_TMPDIR/stored"
    run diff "$BATS_TEST_TMPDIR/acked" "$BATS_TEST_TMPDIR/stored"
    assert_status 0 || fail "touches lost (<) or doubled/unknown (>) in the table"

    # Each prospect belongs to the rep who added it, each touch was logged by
    # that rep, and the tallies count every touch once.
    local expected="" owners
    for ((n = 1; n <= REPS; n++)); do
        printf -v role '%s' "$(team_role "$(printf 'rep%02d' "$n")")"
        expected+="$role|$PROSPECTS|$((2 * ROUNDS))|$((2 * ROUNDS))"$'\n'
    done
    owners=$(psql_super "SELECT p.owner, count(DISTINCT p.id), count(t.id),
                                count(t.id) FILTER (WHERE t.logged_by = p.owner)
                         FROM prospects p LEFT JOIN touches t ON t.prospect_id = p.id
                         GROUP BY p.owner ORDER BY p.owner")
    assert_equal "$owners" "${expected%$'\n'}" "owner|prospects|touches|touches logged by the owner"
    assert_equal "$(psql_super "SELECT sum(touches) FROM touch_tally")" $((REPS * 2 * ROUNDS)) "tallied touches"
    # Each rep's own export holds its own prospects and touches, nobody else's.
    local mine
    for n in 01 07 20; do
        mine=$(fu_as "rep$n" export -o json) ||
            fail "rep $n's export failed: $mine"
        assert_equal "$(jq -r '[.prospects[].name | sub("-[a-j]$"; "")] | unique | join(",")' <<<"$mine")" \
            "Client $n" "whose prospects rep $n exports"
        assert_equal "$(jq '[.prospects[].touches[]] | length' <<<"$mine")" $((2 * ROUNDS)) "touches rep $n exports"
    done

    # The standings: what the writers stored at their commits, against what
    # followup works out from every history. Without the config fingerprints
    # in meta, no stored standing counts as current: due and stats read every
    # open prospect's history. Then a write by the manager (its own new
    # prospect) recomputes and stores every standing afresh.
    standings_snapshot "$BATS_TEST_TMPDIR/stored" || fail "the manager could not read the standings"
    assert_equal "$(jq length "$BATS_TEST_TMPDIR/stored.json")" "$(($(wc -l <"$BATS_TEST_TMPDIR/stored.tsv") - 1))" \
        "prospects in due -o json and due -o tsv"
    (($(jq length "$BATS_TEST_TMPDIR/stored.json") > 100)) || fail "few prospects due: $(jq length "$BATS_TEST_TMPDIR/stored.json")"
    assert_equal "$(psql_super "DELETE FROM meta WHERE key IN ('next_action_config', 'standing_config') RETURNING key" | sort | tr '\n' ' ')" \
        "next_action_config standing_config " "the fingerprints forgotten"
    standings_snapshot "$BATS_TEST_TMPDIR/read" || fail "the manager could not read the histories"
    local kind
    for kind in tsv json stats; do
        run diff "$BATS_TEST_TMPDIR/stored.$kind" "$BATS_TEST_TMPDIR/read.$kind"
        assert_status 0 || fail "stored standings (<) differ from the histories (>) in due/stats ($kind)"
    done
    run --separate-stderr fu_as boss add "Manager's own lead" --next 2027-01-04
    assert_status 0
    assert_equal "$(psql_super "SELECT count(*) FROM meta WHERE key IN ('next_action_config', 'standing_config')")" 2 \
        "fingerprints stored by the manager's write"
    standings_snapshot "$BATS_TEST_TMPDIR/recomputed" || fail "the manager could not read the standings again"
    # (stats would count the manager's new lead)
    for kind in tsv json; do
        run diff "$BATS_TEST_TMPDIR/stored.$kind" "$BATS_TEST_TMPDIR/recomputed.$kind"
        assert_status 0 || fail "stored standings (<) differ from the recomputed ones (>) in due ($kind)"
    done
}
