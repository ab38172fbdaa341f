#!/usr/bin/env bats
# Files and streams that are not what followup expects: endless input,
# databases that are not regular files, names with escape sequences.

load helpers

setup() {
    fu_setup
}

# Runs followup with at most 10 s and (outside the sanitizers, which need
# their address space) 4 GiB of memory: a read that never stops fails here
# instead of eating the machine.
fu_bounded() {
    if grep -q __asan_init "$FOLLOWUP_BIN"; then
        timeout 10 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" "$@"
    else
        (ulimit -v 4194304 && timeout 10 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" "$@")
    fi
}

@test "--note - stops reading /dev/zero at once" {
    fu add Ann
    run --separate-stderr fu_bounded log Ann --note - </dev/zero
    assert_status 2
    assert_equal "$stderr" "followup: the note on standard input holds a NUL byte: it is not text"
    run --separate-stderr fu_bounded add Bob --note - </dev/zero
    assert_status 2
    assert_equal "$stderr" "followup: the note on standard input holds a NUL byte: it is not text"
}

@test "--note - stops reading an endless text at its 1 MiB limit" {
    fu add Ann
    run --separate-stderr fu_bounded log Ann --note - < <(yes)
    assert_status 2
    assert_equal "$stderr" "followup: the note on standard input is over 1048576 bytes"
}

@test "import - stops reading /dev/zero at once" {
    run --separate-stderr fu_bounded import - </dev/zero
    assert_status 1
    assert_equal "$stderr" "followup: standard input holds NUL bytes; is it a CSV or JSON export?"
    run --separate-stderr fu_bounded import --format json - </dev/zero
    assert_status 1
    assert_equal "$stderr" "followup: standard input holds NUL bytes; is it a CSV or JSON export?"
}

@test "--template stops reading /dev/zero, and an endless text at 1 MiB" {
    fu add Ann --email ann@example.com
    run --separate-stderr fu_bounded breakup Ann --template /dev/zero
    assert_status 1
    assert_equal "$stderr" "followup: /dev/zero: not a text file in UTF-8"
    run --separate-stderr fu_bounded breakup Ann --template <(yes)
    assert_status 1
    assert_contains "$stderr" "is over 1 MiB"
    run --separate-stderr fu_bounded draft Ann --template /dev/zero
    assert_status 1
    assert_contains "$stderr" "followup: /dev/zero: not a text file in UTF-8"
}

@test "100,000 tags in one row import in linear time, and so does an update" {
    {
        echo "Name,Tags"
        printf 'Ann,"%s"\n' "$(seq -f 't%g' 1 100000 | paste -sd,)"
    } >"$BATS_TEST_TMPDIR/tags.csv"
    run --separate-stderr timeout 15 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" import "$BATS_TEST_TMPDIR/tags.csv"
    assert_status 0
    {
        echo "Name,Tags"
        printf 'Ann,"%s"\n' "$(seq -f 'u%g' 1 100000 | paste -sd,)"
    } >"$BATS_TEST_TMPDIR/more.csv"
    run --separate-stderr timeout 15 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" import --update "$BATS_TEST_TMPDIR/more.csv"
    assert_status 0
    assert_equal "$(fu export | jq '.prospects[0].tags | length')" 200000 "tags"
}

@test "a FIFO as the database is refused at once, by reads and writes" {
    sqlite_only "a FIFO as the database file"
    mkfifo "$DB"
    run --separate-stderr timeout 10 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due
    assert_status 1
    assert_equal "$stderr" "followup: $DB is not a regular file (a FIFO, socket or device); use --db to pick another file"
    run --separate-stderr timeout 10 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" add Ann
    assert_status 1
    assert_contains "$stderr" "is not a regular file"
}

@test "a symlink to nothing or a loop is refused; a symlink to a database works" {
    sqlite_only "symlinks as the database file"
    ln -s "$DBDIR/nowhere.db" "$DB"
    run --separate-stderr fu due
    assert_status 1
    assert_equal "$stderr" "followup: $DB is a symlink to nothing (or a loop); fix it or use --db to pick another file"
    run --separate-stderr fu add Ann
    assert_status 1
    [[ ! -e "$DBDIR/nowhere.db" ]] || fail "the add created the symlink's target"
    rm "$DB"
    ln -s "$DBDIR/loop2" "$DB"
    ln -s "$DB" "$DBDIR/loop2"
    run --separate-stderr fu due
    assert_status 1
    assert_contains "$stderr" "is a symlink to nothing (or a loop)"
    rm "$DB" "$DBDIR/loop2"
    "$FOLLOWUP_BIN" --db "$DBDIR/real.db" --today "$TODAY" add Ann
    ln -s "$DBDIR/real.db" "$DB"
    run --separate-stderr fu due -o json
    assert_status 0
    assert_equal "$(jq -r '.[0].name' <<<"$output")" Ann "due through the symlink"
}

@test "file names with escape sequences are neutralised in import and backup summaries" {
    local evil=$'evil\e]0;x\a'
    printf 'Name\nAnn\n' >"$BATS_TEST_TMPDIR/$evil.csv"
    run --separate-stderr fu import "$BATS_TEST_TMPDIR/$evil.csv"
    assert_status 0
    assert_not_contains "$output" $'\e' "import summary"
    assert_contains "$output" 'evil\x1b]0;x\x07.csv' "import summary"
    # backup copies are SQLite's (on PostgreSQL: pg_dump)
    [[ $FOLLOWUP_TEST_BACKEND == sqlite ]] || return 0
    run --separate-stderr fu backup "$BATS_TEST_TMPDIR/$evil.db"
    assert_status 0
    assert_not_contains "$output" $'\e' "backup summary"
    assert_contains "$output" 'evil\x1b]0;x\x07.db.' "backup summary"
}

@test "a retried backup removes the journal a killed one left behind" {
    sqlite_only "backup copies and SQLite's journal"
    fu add Ann
    mkdir "$BATS_TEST_TMPDIR/copies"
    # What a backup killed during VACUUM INTO leaves: its copy and SQLite's
    # journal, or the journal alone once a sweep took the copy.
    touch "$BATS_TEST_TMPDIR/copies/.copy.db.partial-AbC123" \
        "$BATS_TEST_TMPDIR/copies/.copy.db.partial-AbC123-journal" \
        "$BATS_TEST_TMPDIR/copies/.copy.db.partial-XyZ789-journal"
    run --separate-stderr fu backup "$BATS_TEST_TMPDIR/copies/copy.db"
    assert_status 0
    assert_equal "$(ls -A "$BATS_TEST_TMPDIR/copies")" copy.db "files left"
}

# A small tmpfs to fill; skipped where it cannot be mounted (not root).
mount_small_disk() {
    FULL="$BATS_TEST_TMPDIR/full"
    mkdir -p "$FULL"
    if [[ $(id -u) != 0 ]] || ! mount -t tmpfs -o size=300k tmpfs "$FULL" 2>/dev/null; then
        skip "needs root to mount a small tmpfs"
    fi
}

teardown() {
    fu_teardown
    if [[ -n "${FULL:-}" ]] && mountpoint -q "$FULL"; then
        umount "$FULL"
    fi
    if [[ -n "${SHARED_TOP:-}" ]]; then
        rm -rf "$SHARED_TOP"
    fi
}

@test "on a full disk reads still work and writes say the disk is full" {
    sqlite_only "a full disk under the database file"
    mount_small_disk
    DB="$FULL/f.db"
    fu add Ann
    fu add Bob
    dd if=/dev/zero of="$FULL/filler" bs=1k 2>/dev/null || true
    run --separate-stderr fu due -o json
    assert_status 0
    assert_equal "$(jq -c '[.[].name]' <<<"$output")" '["Ann","Bob"]' "due on a full disk"
    run --separate-stderr fu list -o json
    assert_status 0
    run --separate-stderr fu add Cy
    assert_status 1
    assert_equal "$stderr" "followup: cannot write to $DB: the disk holding $FULL is full; free some space"
    # Room again: the database is whole.
    rm "$FULL/filler"
    fu add Cy
    assert_equal "$(fu list -o json | jq length)" 3 "prospects once there is room"
}

@test "another user's read in a shared folder leaves nothing that stops the owner's write" {
    sqlite_only "the database file in a folder shared by two users"
    if [[ $(id -u) != 0 ]] || ! command -v setpriv >/dev/null; then
        skip "needs root and setpriv to act as two users"
    fi
    # Two users who share a folder (sticky, like /tmp); the binary and the
    # folder must be reachable by both, which bats's own folders are not.
    SHARED_TOP=$(mktemp -d "${TMPDIR:-/tmp}/followup-shared.XXXXXX")
    chmod 755 "$SHARED_TOP"
    local shared="$SHARED_TOP/shared" bin="$SHARED_TOP/followup"
    cp "$FOLLOWUP_BIN" "$bin"
    chmod 755 "$bin"
    mkdir -m 1777 "$shared"
    local owner=(setpriv --reuid 4201 --regid 4201 --clear-groups env HOME="$shared")
    local other=(setpriv --reuid 4202 --regid 4202 --clear-groups env HOME="$shared")
    "${owner[@]}" "$bin" --db "$shared/f.db" --today "$TODAY" add Ann
    chmod 644 "$shared/f.db" # the owner lets others read it
    run --separate-stderr "${other[@]}" "$bin" --db "$shared/f.db" --today "$TODAY" due -o json
    assert_status 0
    assert_equal "$(jq -r '.[0].name' <<<"$output")" Ann "the other user's due"
    run --separate-stderr "${owner[@]}" "$bin" --db "$shared/f.db" --today "$TODAY" add Bob
    assert_status 0
    run --separate-stderr "${other[@]}" "$bin" --db "$shared/f.db" --today "$TODAY" due -o json
    assert_status 0
    assert_equal "$(jq -c '[.[].name]' <<<"$output")" '["Ann","Bob"]' "the other user's due after the write"
}
