#!/usr/bin/env bats
# SIGKILL at bad moments: an import of a large CRM file and a schema
# migration. Whenever followup dies, the database must pass integrity_check
# and hold either none or all of what the interrupted command was writing;
# the next run must work.
#
# FOLLOWUP_E2E_CRASH_ROWS sets the size of the import (default 20000 rows).

load helpers

setup_file() {
    ROWS=${FOLLOWUP_E2E_CRASH_ROWS:-20000}
    export ROWS
    # A HubSpot-like export: every row new, every row with a Last Contacted
    # date (so the import adds one touch per row too).
    awk -v rows="$ROWS" 'BEGIN {
        print "First Name,Last Name,Company Name,Email,Phone Number,Lifecycle Stage,Last Contacted,Notes"
        for (i = 1; i <= rows; i++)
            printf "Person,Number %d,Company %d,p%d@example.com,+1 555 %04d,%s,2026-10-%02d,\"met at fair, row %d\"\n",
                i, i % 700, i, i % 10000, (i % 3 == 0 ? "opportunity" : "lead"), i % 28 + 1, i
    }' >"$BATS_FILE_TMPDIR/crm.csv"
}

setup() {
    sqlite_only "SIGKILL during a write, then the file's integrity_check and its crash copies"
    fu_setup
    command -v sqlite3 >/dev/null || fail "sqlite3 is needed (scripts/install-deps --test)"
}

# What the database held before the import: a few prospects with touches.
make_seed() {
    fu add "Seed One" --company Old --email one@old.example --stage engaged >/dev/null
    fu add "Seed Two" --company Old --phone "+1 555 0100" >/dev/null
    fu log "Seed One" --channel email --purpose value --note before >/dev/null
    fu log "Seed Two" --channel call --purpose intro --note before >/dev/null
}

count() {
    sqlite3 "$1" "SELECT count(*) FROM $2"
}

@test "SIGKILL at 20 moments of a large import: integrity ok, none or all of the rows" {
    make_seed
    local seed="$BATS_TEST_TMPDIR/seed.db"
    cp "$DB" "$seed"
    local seed_prospects seed_touches
    seed_prospects=$(count "$seed" prospects)
    seed_touches=$(count "$seed" touches)

    # How long a whole import takes here (plain or ASan, idle or busy): the
    # fastest of three, since the first run may wait for the binary to be
    # read from disk and any run may share the cores with another test. An
    # estimate that is too long puts most kills after the import's end.
    local started finished attempt duration_ms=0 elapsed_ms timings=""
    local all_prospects=$((seed_prospects + ROWS)) all_touches=$((seed_touches + ROWS))
    for attempt in 1 2 3; do
        rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
        cp "$seed" "$DB"
        started=$(date +%s%N)
        run --separate-stderr fu import "$BATS_FILE_TMPDIR/crm.csv"
        finished=$(date +%s%N)
        assert_status 0
        assert_equal "$(count "$DB" prospects)" "$all_prospects" "prospects after a full import"
        assert_equal "$(count "$DB" touches)" "$all_touches" "touches after a full import"
        elapsed_ms=$(((finished - started) / 1000000))
        timings+="$elapsed_ms "
        if ((duration_ms == 0 || elapsed_ms < duration_ms)); then duration_ms=$elapsed_ms; fi
    done
    echo "# full import of $ROWS rows: ${timings}ms; using ${duration_ms} ms" >&3

    # 20 delays from 5 ms to 115% of that, denser at the start (where the
    # file is read and parsed) than a straight line would be; the last ones
    # may hit the commit, the checkpoint, the exit or a finished run. A run
    # that finished before its kill shows the estimate was long (the cores
    # were busier while timing): the later delays shrink to fit.
    local i delay pid rc killed=0 none=0 all=0 report=""
    for i in {0..19}; do
        delay=$(awk -v total="$duration_ms" -v i="$i" 'BEGIN {
            printf "%.3f", (5 + (total * 1.15 - 5) * (i / 19) ^ 1.3) / 1000 }')
        rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
        cp "$seed" "$DB"
        "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" import "$BATS_FILE_TMPDIR/crm.csv" >/dev/null 2>&1 &
        pid=$!
        sleep "$delay"
        kill -KILL "$pid" 2>/dev/null || true
        rc=0
        wait "$pid" || rc=$?
        [[ $rc -eq 137 ]] && killed=$((killed + 1))
        if [[ $rc -eq 0 ]]; then
            duration_ms=$(awk -v d="$delay" -v total="$duration_ms" 'BEGIN {
                d = d * 1000 * 0.8; printf "%d", d < total ? d : total }')
        fi

        local check prospects touches
        check=$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1)
        [[ "$check" == ok ]] || fail "kill $i after ${delay}s (exit $rc): integrity_check says: $check"
        prospects=$(count "$DB" prospects)
        touches=$(count "$DB" touches)
        if [[ "$prospects" == "$seed_prospects" && "$touches" == "$seed_touches" ]]; then
            none=$((none + 1))
        elif [[ "$prospects" == "$all_prospects" && "$touches" == "$all_touches" ]]; then
            all=$((all + 1))
        else
            fail "kill $i after ${delay}s (exit $rc): $prospects prospects and $touches touches;" \
                "expected $seed_prospects/$seed_touches (none) or $all_prospects/$all_touches (all)"
        fi
        report+="${delay}s:exit $rc:$prospects "
        # The seed data is intact either way, and the next run works (and
        # can write: no lock or hot journal is left over).
        assert_equal "$(sqlite3 "$DB" "SELECT count(*) FROM touches WHERE note = 'before'")" 2 "seed touches after kill $i"
        run --separate-stderr fu log "Seed Two" --channel text --purpose value --note after
        assert_status 0
        run --separate-stderr fu due -o json
        assert_status 0
        jq -e 'type == "array"' <<<"$output" >/dev/null || fail "due -o json after kill $i: $output"
        assert_equal "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "integrity after the next run (kill $i)"
    done
    echo "# kills (delay:exit:prospects): $report" >&3
    echo "# $killed of 20 runs died by SIGKILL; $none left none of the rows, $all all of them" >&3
    # The moments must really be spread over the import, not all after it.
    ((killed >= 10)) || fail "only $killed of 20 imports were still running when killed: $report"
    ((none >= 1)) || fail "no kill interrupted the import before its commit: $report"
}

# A database of "schema 0": followup's application_id, user_version 0, none
# of our tables yet, plus some bulk so that the copy taken before migrating
# takes a moment. Opening it runs the real path: copy to DB.v0-backup, then
# the migration to the current schema in one transaction.
make_v0_database() {
    local path=$1
    sqlite3 "$path" "PRAGMA application_id = 1181513557; PRAGMA user_version = 0;
        CREATE TABLE filler (x BLOB);
        WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 60000)
        INSERT INTO filler SELECT randomblob(300) FROM c;"
}

current_version() {
    # the version a brand-new database gets
    local fresh="$BATS_TEST_TMPDIR/fresh-version.db"
    [[ -f "$fresh" ]] || "$FOLLOWUP_BIN" --db "$fresh" --today "$TODAY" add Probe >/dev/null
    sqlite3 "$fresh" 'PRAGMA user_version'
}

@test "an old schema is migrated forward, with a copy named DB.v<old>-backup made first" {
    make_v0_database "$DB"
    run --separate-stderr fu add Ada
    assert_status 0
    assert_equal "$(sqlite3 "$DB" 'PRAGMA user_version')" "$(current_version)" "user_version after migrating"
    assert_equal "$(count "$DB" prospects)" 1 "prospects after migrating"
    assert_equal "$(count "$DB" filler)" 60000 "rows of the foreign table kept"
    local backup="$DB.v0-backup"
    [[ -f "$backup" ]] || fail "no backup at $backup" "$(ls -la "$DBDIR")"
    # a copy of the old version (VACUUM INTO: same content, not the same bytes)
    assert_equal "$(sqlite3 "$backup" 'PRAGMA application_id; PRAGMA user_version; SELECT count(*) FROM filler')" \
        $'1181513557\n0\n60000' "the backup's content"
    assert_equal "$(sqlite3 "$backup" "SELECT count(*) FROM sqlite_master WHERE name = 'prospects'")" 0 \
        "our tables in the backup (it was taken before migrating)"
    assert_equal "$(stat -c %a "$backup")" 600 "mode of the backup"
    # Once migrated, no new copy is made.
    run --separate-stderr fu due
    assert_status 0
    assert_equal "$(find "$DBDIR" -name '*v0-backup*' | wc -l)" 1 "backups after a second run"
}

@test "SIGKILL while migrating: the database is intact, and the next run completes the migration" {
    local pristine="$BATS_TEST_TMPDIR/v0.db"
    make_v0_database "$pristine"
    local target
    target=$(current_version)
    # How long opening (copy + migration) takes.
    cp "$pristine" "$DB"
    local started finished
    started=$(date +%s%N)
    fu due >/dev/null
    finished=$(date +%s%N)
    local duration_ms=$(((finished - started) / 1000000))
    echo "# opening a v0 database (backup + migration): ${duration_ms} ms" >&3

    local i delay pid rc outcomes=""
    for i in 0 1 2 3 4 5 6 7 8 9; do
        delay=$(awk -v total="$duration_ms" -v i="$i" 'BEGIN { printf "%.3f", (3 + (total * 1.05 - 3) * i / 9) / 1000 }')
        rm -f "$DBDIR"/*
        cp "$pristine" "$DB"
        "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due >/dev/null 2>&1 &
        pid=$!
        sleep "$delay"
        kill -KILL "$pid" 2>/dev/null || true
        rc=0
        wait "$pid" || rc=$?
        local version check
        check=$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1)
        assert_equal "$check" ok "integrity_check after a kill at ${delay}s (exit $rc)"
        version=$(sqlite3 "$DB" 'PRAGMA user_version')
        outcomes+="${delay}s:exit $rc:v$version "
        if [[ "$version" == 0 ]]; then
            # the old schema intact: none of our tables half made
            assert_equal "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE name = 'prospects'")" 0 \
                "prospects table in a database still at version 0 (kill at ${delay}s)"
        else
            assert_equal "$version" "$target" "user_version after a kill at ${delay}s"
        fi
        assert_equal "$(count "$DB" filler)" 60000 "filler rows after a kill at ${delay}s"
        # The next run completes (or finds complete) the migration and works.
        run --separate-stderr fu add Ada
        assert_status 0
        assert_equal "$(sqlite3 "$DB" 'PRAGMA user_version')" "$target" "user_version after the next run"
        assert_equal "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "integrity after the next run"
        run --separate-stderr fu due -o json
        assert_status 0
        assert_equal "$(jq -r '.[0].name' <<<"$output")" Ada "due after the next run"
    done
    echo "# migration kills (delay:exit:version): $outcomes" >&3
}

@test "a SIGKILL during the pre-migration copy never leaves a partial DB.v0-backup behind" {
    local pristine="$BATS_TEST_TMPDIR/v0.db"
    make_v0_database "$pristine"
    # Find a moment inside the copy: the backup file exists but the database
    # is not migrated yet.
    local delay problem="" tried=""
    for delay in 0.02 0.05 0.1 0.2 0.3 0.5; do
        rm -f "$DBDIR"/*
        cp "$pristine" "$DB"
        "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due >/dev/null 2>&1 &
        local pid=$!
        sleep "$delay"
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" || true
        tried+="$delay "
        if [[ -e "$DB.v0-backup" && "$(sqlite3 "$DB" 'PRAGMA user_version')" == 0 ]]; then
            # the next run completes the migration ...
            fu due >/dev/null 2>&1 || true
            # ... and every file with the backup's name must be a whole copy
            local copy rows
            for copy in "$DB".v0-backup*; do
                [[ "$copy" == *-journal ]] && { problem+="stray $copy; "; continue; }
                rows=$(sqlite3 "$copy" 'SELECT count(*) FROM filler' 2>&1) || true
                [[ "$rows" == 60000 ]] || problem+="$(basename "$copy") holds '$rows' instead of 60000 rows; "
            done
            break
        fi
    done
    [[ -z "$problem" ]] || fail "after a kill during the copy: $problem"
    echo "# kills tried at: $tried" >&3
}

@test "copies abandoned by a killed writer are removed by the next one; a copy being written is not" {
    command -v flock >/dev/null || fail "flock(1) (util-linux) is needed"
    # What a kill during a pre-migration copy or a backup leaves: a hidden
    # partial copy, as big as the database, whose writer is gone.
    local pristine="$BATS_TEST_TMPDIR/v0.db"
    make_v0_database "$pristine"
    cp "$pristine" "$DB"
    local abandoned="$DBDIR/.followup.db.v0-backup.partial-Ab3xYz"
    local writing="$DBDIR/.followup.db.v0-backup.partial-Cd4wVu"
    local unrelated="$DBDIR/.followup.db.v0-backup.partial-notours"
    cp "$pristine" "$abandoned"
    cp "$pristine" "$writing"
    echo mine >"$unrelated"
    # Another followup still writing this one: it holds the lock.
    local fifo="$BATS_TEST_TMPDIR/hold"
    mkfifo "$fifo"
    flock "$writing" cat "$fifo" >/dev/null &
    local holder=$!
    exec 4>"$fifo"
    local i
    for i in {1..100}; do
        flock -n "$writing" true || break
        sleep 0.05
    done
    ! flock -n "$writing" true || fail "the lock on $writing was never taken"

    run --separate-stderr fu due
    assert_status 0
    [[ ! -e "$abandoned" ]] || fail "the abandoned copy is still there"
    [[ -e "$writing" ]] || fail "the copy another process holds was removed"
    [[ -e "$unrelated" ]] || fail "a file not named the way followup names its copies was removed"
    exec 4>&-
    wait "$holder"

    # The same for a backup: retried to the same name, after a kill.
    local target="$BATS_TEST_TMPDIR/copy.db"
    local stale="$BATS_TEST_TMPDIR/.copy.db.partial-Ef5tSr"
    echo half >"$stale"
    # Not a file: left alone, and opening it must not hang the backup.
    mkfifo "$BATS_TEST_TMPDIR/.copy.db.partial-Gh6uQp"
    run --separate-stderr timeout 60 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" backup "$target"
    assert_status 0
    [[ -p "$BATS_TEST_TMPDIR/.copy.db.partial-Gh6uQp" ]] || fail "a FIFO named like a copy was removed"
    [[ ! -e "$stale" ]] || fail "the abandoned backup copy is still there"
    assert_equal "$(sqlite3 "$target" 'SELECT count(*) FROM filler')" 60000 "rows in the backup"
    assert_equal "$(find "$DBDIR" "$BATS_TEST_TMPDIR" -name '.*partial-*' ! -name '*notours' ! -name '*Cd4wVu' ! -name '*Gh6uQp' | wc -l)" 0 \
        "partial copies left by the runs"
}

@test "a database whose user_version was lowered to 0 while its tables exist is refused cleanly" {
    fu add Ada --email ada@example.com >/dev/null
    fu log Ada --channel email --purpose value >/dev/null
    sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 0' >/dev/null
    local before
    before=$(sha256sum <"$DB")
    local cmd
    for cmd in "due" "log Ada --channel call --purpose value"; do
        # shellcheck disable=SC2086
        run --separate-stderr fu $cmd
        assert_error 1
        assert_equal "$(sha256sum <"$DB")" "$before" "checksum after '$cmd'"
    done
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM prospects; SELECT count(*) FROM touches')" $'1\n1' "data kept"
}

@test "failed migration attempts keep one backup copy, not one more each time" {
    fu add Ada >/dev/null
    sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 0' >/dev/null
    for _ in 1 2 3; do
        fu due >/dev/null 2>&1 || true
    done
    local copies
    copies=$(find "$DBDIR" -name 'followup.db.v0-backup*' | wc -l)
    ((copies == 1)) || fail "3 failed attempts to open a database that cannot be migrated left $copies backup copies"
    assert_equal "$(find "$DBDIR" -name '.*partial*' | wc -l)" 0 "partial copies left behind"
    assert_equal "$(stat -c %a "$DB.v0-backup")" 600 "mode of the backup"
}
