#!/usr/bin/env bats
# Many processes on one database at once: cron logging while the user types.
# Every write must land (BEGIN IMMEDIATE and a busy timeout), nobody may see
# "database is locked", and the file must stay intact. `followup backup`
# taken while others write must be a consistent, usable copy.
#
# These tests take time on purpose: 2,000 separate write transactions from 8
# processes that queue for SQLite's write lock (about 1-2 minutes).
# On PostgreSQL (FOLLOWUP_TEST_BACKEND) the first runs against the server; the
# backup test is SQLite-only.

load helpers

setup() {
    fu_setup
}

WRITERS=8
ROUNDS=250

# A channel and an outbound purpose for round N, rotated so the touches look
# like real work; both are given, so no suggestion logic is involved.
CHANNELS=(email call text social mail visit video referral voicemail)
PURPOSES=(value intro proposal meeting checkin)

# writer K PROSPECT ROUNDS: logs ROUNDS touches to PROSPECT. Writes the exit
# code of every failed run and every stderr line that is not a warning to
# $BATS_TEST_TMPDIR/writer-K.failures. Runs in the background.
writer() {
    local k=$1 prospect=$2 rounds=$3 i rc
    local failures="$BATS_TEST_TMPDIR/writer-$k.failures" err="$BATS_TEST_TMPDIR/writer-$k.err"
    : >"$failures"
    for ((i = 1; i <= rounds; i++)); do
        rc=0
        "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" log "$prospect" \
            --date "$TODAY" --channel "${CHANNELS[(i + k) % ${#CHANNELS[@]}]}" \
            --purpose "${PURPOSES[(i + k) % ${#PURPOSES[@]}]}" \
            --note "writer $k round $i" >/dev/null 2>"$err" || rc=$?
        if [[ $rc -ne 0 ]]; then
            echo "round $i: exit $rc" >>"$failures"
        fi
        grep -v '^followup: warning: ' "$err" | sed "s/^/round $i: stderr: /" >>"$failures" || true
    done
    echo finished >"$BATS_TEST_TMPDIR/writer-$k.finished"
}

# reader: runs `due` (table and JSON) until $BATS_TEST_TMPDIR/stop exists;
# records failures like writer does, and the number of runs.
reader() {
    local failures="$BATS_TEST_TMPDIR/reader.failures" err="$BATS_TEST_TMPDIR/reader.err"
    local runs=0 rc json
    : >"$failures"
    while [[ ! -e "$BATS_TEST_TMPDIR/stop" ]]; do
        rc=0
        "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due --upcoming 400 >/dev/null 2>"$err" || rc=$?
        [[ $rc -eq 0 ]] || echo "due: exit $rc" >>"$failures"
        sed 's/^/due: stderr: /' "$err" >>"$failures"
        rc=0
        json=$("$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due --upcoming 400 -o json 2>"$err") || rc=$?
        [[ $rc -eq 0 ]] || echo "due -o json: exit $rc" >>"$failures"
        sed 's/^/due -o json: stderr: /' "$err" >>"$failures"
        jq -e 'type == "array"' <<<"$json" >/dev/null 2>&1 || echo "due -o json: not a JSON array: ${json:0:200}" >>"$failures"
        runs=$((runs + 1))
    done
    echo "$runs" >"$BATS_TEST_TMPDIR/reader.runs"
}

# Fails with the collected failure lines of the given workers, if any.
assert_no_failures() {
    local name file problems=""
    for name in "$@"; do
        file="$BATS_TEST_TMPDIR/$name.failures"
        [[ -f "$file" ]] || { problems+="$name: no failures file (did it run?)"$'\n'; continue; }
        if [[ -s "$file" ]]; then
            problems+="$name: $(wc -l <"$file") problems, first ones:"$'\n'"$(head -5 "$file")"$'\n'
        fi
    done
    [[ -z "$problems" ]] || fail "$problems"
}

assert_integrity_ok() {
    local db=$1 result
    result=$(sqlite3 "$db" 'PRAGMA integrity_check') || fail "sqlite3 could not open $db"
    assert_equal "$result" ok "PRAGMA integrity_check of $db"
}

@test "8 writers x 250 touches at once, plus a reader: all 2,000 touches land, nobody fails" {
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        command -v sqlite3 >/dev/null || fail "sqlite3 is needed (scripts/install-deps --test)"
    fi
    # Writers 1-4 each have their own prospect; writers 5-8 share one.
    local k
    for k in 1 2 3 4; do
        fu add "Writer $k" --company "Own $k" --email "w$k@example.com" --stage engaged >/dev/null
    done
    fu add "Shared Prospect" --company Everyone --email shared@example.com >/dev/null
    assert_equal "$(fu_count touches)" 0 "touches before"

    local pids=() prospect
    for ((k = 1; k <= WRITERS; k++)); do
        if ((k <= 4)); then prospect="Writer $k"; else prospect="Shared Prospect"; fi
        writer "$k" "$prospect" "$ROUNDS" &
        pids+=($!)
    done
    reader &
    local reader_pid=$!
    local pid status_all=0
    for pid in "${pids[@]}"; do
        wait "$pid" || status_all=$?
    done
    touch "$BATS_TEST_TMPDIR/stop"
    wait "$reader_pid" || status_all=$?
    assert_equal "$status_all" 0 "exit status of the background loops"

    local names=()
    for ((k = 1; k <= WRITERS; k++)); do
        [[ -f "$BATS_TEST_TMPDIR/writer-$k.finished" ]] || fail "writer $k did not finish"
        names+=("writer-$k")
    done
    assert_no_failures "${names[@]}" reader
    if grep -qi 'database is locked\|busy' "$BATS_TEST_TMPDIR"/*.failures; then
        fail "someone saw a locked database: $(grep -hi 'locked\|busy' "$BATS_TEST_TMPDIR"/*.failures | head -3)"
    fi
    [[ "$(cat "$BATS_TEST_TMPDIR/reader.runs")" -gt 0 ]] || fail "the reader never ran"

    local exported
    exported=$(fu export -o json) || fail "export failed: $exported"
    assert_equal "$(jq '[.prospects[].touches[]] | length' <<<"$exported")" $((WRITERS * ROUNDS)) "touches after"
    # every round of every writer exactly once
    assert_equal "$(jq '[.prospects[].touches[].note | select(test("^writer [0-9]+ round [0-9]+$"))] | unique | length' <<<"$exported")" \
        $((WRITERS * ROUNDS)) "distinct notes"
    for k in 1 2 3 4; do
        assert_equal "$(jq --arg n "Writer $k" '.prospects[] | select(.name == $n) | .touches | length' <<<"$exported")" \
            "$ROUNDS" "touches of Writer $k"
    done
    assert_equal "$(jq '.prospects[] | select(.name == "Shared Prospect") | .touches | length' <<<"$exported")" \
        $((4 * ROUNDS)) "touches of the shared prospect"
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        assert_integrity_ok "$DB"
        assert_equal "$(sqlite3 "$DB" 'PRAGMA foreign_key_check' | wc -l)" 0 "foreign key problems"
    fi
    # and followup itself still reads it
    run --separate-stderr fu list -o json
    assert_status 0
    assert_equal "$(jq length <<<"$output")" 5 "prospects listed afterwards"
}

@test "followup backup taken while 4 writers run is a consistent copy that followup opens" {
    sqlite_only "backup copies of the file (on PostgreSQL: pg_dump)"
    command -v sqlite3 >/dev/null || fail "sqlite3 is needed (scripts/install-deps --test)"
    local k rounds=60
    for k in 1 2 3 4; do
        fu add "Writer $k" --email "w$k@example.com" >/dev/null
    done
    local pids=()
    for k in 1 2 3 4; do
        writer "$k" "Writer $k" "$rounds" &
        pids+=($!)
    done
    # Backups spread over the run, each to a new name.
    local n copies=()
    for n in 1 2 3 4 5; do
        sleep 0.$((RANDOM % 5 + 3))
        local copy="$BATS_TEST_TMPDIR/backup-$n.db"
        run --separate-stderr fu backup "$copy"
        assert_status 0
        assert_stderr_empty
        copies+=("$copy")
    done
    local pid
    for pid in "${pids[@]}"; do
        wait "$pid"
    done
    assert_no_failures writer-1 writer-2 writer-3 writer-4
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM touches')" $((4 * rounds)) "touches in the live database"

    local copy previous=-1 count
    for copy in "${copies[@]}"; do
        [[ -f "$copy" ]] || fail "no backup at $copy"
        assert_equal "$(stat -c %a "$copy")" 600 "mode of $copy"
        assert_integrity_ok "$copy"
        count=$(sqlite3 "$copy" 'SELECT count(*) FROM touches')
        ((count >= previous)) || fail "$copy has fewer touches ($count) than the backup before it ($previous)"
        ((count <= 4 * rounds)) || fail "$copy has $count touches, more than were ever written"
        previous=$count
        # A consistent copy: every touch belongs to a prospect, and each
        # writer's touches are rounds 1..n without a gap (each is one commit).
        assert_equal "$(sqlite3 "$copy" 'PRAGMA foreign_key_check' | wc -l)" 0 "foreign key problems in $copy"
        for k in 1 2 3 4; do
            assert_equal "$(sqlite3 "$copy" "SELECT count(*) = coalesce(max(CAST(substr(note, length('writer $k round ') + 1) AS INTEGER)), 0) FROM touches WHERE note LIKE 'writer $k round %'")" \
                1 "writer $k's rounds in $copy are 1..n"
        done
        # followup opens it like any database of its own
        run --separate-stderr "$FOLLOWUP_BIN" --db "$copy" --today "$TODAY" list -o json
        assert_status 0
        assert_equal "$(jq length <<<"$output")" 4 "prospects listed from $copy"
        run --separate-stderr "$FOLLOWUP_BIN" --db "$copy" --today "$TODAY" log "Writer 1" --channel call --purpose value
        assert_status 0
    done
    # A backup never overwrites: the same name again is refused.
    local sum
    sum=$(sha256sum <"${copies[0]}")
    run --separate-stderr fu backup "${copies[0]}"
    assert_error 1
    assert_equal "$(sha256sum <"${copies[0]}")" "$sum" "checksum of the existing backup"
}
