#!/usr/bin/env bats
# The database file: where it goes, its permissions, what is refused, what is
# stored. The tests about the file are SQLite-only; what is stored is read
# through export on both backends.

load helpers

setup() {
    fu_setup
}

default_db() {
    printf '%s\n' "$XDG_DATA_HOME/followup/followup.db"
}

@test "a new database file is mode 600, even with umask 000" {
    sqlite_only "the database file's mode"
    run --separate-stderr bash -c 'umask 000; exec "$@"' _ "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" add Ada
    assert_status 0
    [[ -f "$DB" ]] || fail "no database at $DB"
    assert_equal "$(stat -c %a "$DB")" 600 "mode of $DB"
    # what SQLite adds beside it holds the same data: never wider than the file
    local side
    for side in "$DB-wal" "$DB-shm"; do
        if [[ -e "$side" ]]; then
            [[ $(( 8#$(stat -c %a "$side") & 8#077 )) -eq 0 ]] ||
                fail "$side is mode $(stat -c %a "$side")"
        fi
    done
}

@test "with no --db the database goes to \$XDG_DATA_HOME/followup/followup.db, folders 700" {
    sqlite_only "the default database file and its folders"
    run --separate-stderr bash -c 'umask 022; exec "$@"' _ "$FOLLOWUP_BIN" --today "$TODAY" add Ada
    assert_status 0
    local db
    db=$(default_db)
    [[ -f "$db" ]] || fail "no database at $db" "$(find "$HOME" -ls)"
    assert_equal "$(stat -c %a "$XDG_DATA_HOME/followup")" 700 "mode of the folder"
    assert_equal "$(stat -c %a "$XDG_DATA_HOME")" 700 "mode of the created XDG_DATA_HOME"
    assert_equal "$(stat -c %a "$db")" 600 "mode of the database"
    # and it is used by later commands
    run --separate-stderr "$FOLLOWUP_BIN" --today "$TODAY" due -o json
    assert_equal "$(jq -r '.[0].name' <<<"$output")" Ada "name from the default database"
}

@test "without XDG_DATA_HOME the default is ~/.local/share/followup/followup.db" {
    sqlite_only "the default database file"
    unset XDG_DATA_HOME
    run --separate-stderr "$FOLLOWUP_BIN" --today "$TODAY" add Ada
    assert_status 0
    [[ -f "$HOME/.local/share/followup/followup.db" ]] || fail "no database under ~/.local/share" "$(find "$HOME" -ls)"
    assert_equal "$(stat -c %a "$HOME/.local/share/followup")" 700 "mode of the folder"
}

@test "FOLLOWUP_DB names the database; --db wins over it" {
    local env_db
    env_db=$(fu_new_db from-env)
    run --separate-stderr env FOLLOWUP_DB="$env_db" "$FOLLOWUP_BIN" --today "$TODAY" add FromEnv
    assert_status 0
    [[ ! -e "$(default_db)" ]] || fail "the default database was created too"
    run --separate-stderr env FOLLOWUP_DB="$env_db" "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" add FromOption
    assert_status 0
    assert_equal "$(DB=$env_db fu_export_jq '[.prospects[].name] | join(",")')" FromEnv "names in FOLLOWUP_DB"
    assert_equal "$(fu_export_jq '[.prospects[].name] | join(",")')" FromOption "names in --db"
    # FOLLOWUP_DB with a missing folder is as explicit as --db: an error
    [[ $FOLLOWUP_TEST_BACKEND == sqlite ]] || return 0
    run --separate-stderr env FOLLOWUP_DB="$BATS_TEST_TMPDIR/missing/x.db" "$FOLLOWUP_BIN" --today "$TODAY" add X
    assert_error 1
    [[ ! -e "$BATS_TEST_TMPDIR/missing" ]] || fail "the missing folder was created"
}

@test "read-only commands on a missing database print nothing, exit 0, and create nothing" {
    sqlite_only "a missing database file is not created"
    local cmd
    for cmd in "due" "due -o tsv" "due -o csv" "cooldown" "breakup"; do
        # shellcheck disable=SC2086
        run --separate-stderr fu $cmd
        assert_status 0
        assert_stdout_empty
        assert_stderr_empty
    done
    run --separate-stderr fu due -o json
    assert_status 0
    assert_equal "$output" "[]" "due -o json on a missing database"
    run --separate-stderr fu due -q
    assert_status 1
    [[ ! -e "$DB" ]] || fail "$DB was created by a read-only command"
    # the same with the default location: not even the folder appears
    run --separate-stderr "$FOLLOWUP_BIN" --today "$TODAY" due
    assert_status 0
    assert_stdout_empty
    [[ ! -e "$XDG_DATA_HOME/followup" ]] || fail "the default folder was created by due"
    assert_equal "$(ls -A "$DBDIR")" "" "files beside the missing database"
}

@test "resolving a prospect on a missing database is 'not found' (exit 1) and creates nothing" {
    sqlite_only "a missing database file is not created"
    run --separate-stderr fu breakup Ada
    assert_error 1
    [[ ! -e "$DB" ]] || fail "$DB was created"
}

@test "an explicit --db in a folder that does not exist is an error and creates nothing" {
    sqlite_only "a database file's missing folder"
    local missing="$BATS_TEST_TMPDIR/no/such/folder"
    run --separate-stderr "$FOLLOWUP_BIN" --db "$missing/followup.db" --today "$TODAY" add Ada
    assert_error 1
    assert_contains "$stderr" "$BATS_TEST_TMPDIR/no" "error"
    [[ ! -e "$BATS_TEST_TMPDIR/no" ]] || fail "the folder was created" "$(find "$BATS_TEST_TMPDIR/no")"
}

@test "--db naming a folder is an error (exit 1)" {
    sqlite_only "a folder as the database file"
    mkdir "$BATS_TEST_TMPDIR/adir"
    run --separate-stderr "$FOLLOWUP_BIN" --db "$BATS_TEST_TMPDIR/adir" --today "$TODAY" add Ada
    assert_error 1
    assert_equal "$(ls -A "$BATS_TEST_TMPDIR/adir")" "" "folder contents"
}

@test "a text file passed as --db is refused (exit 1) and left byte-for-byte unchanged" {
    sqlite_only "a text file as the database"
    local text="$BATS_TEST_TMPDIR/notes.txt"
    printf 'Call Ada on Monday\nprices: 1,2,3\n' >"$text"
    chmod 644 "$text"
    local before
    before=$(sha256sum <"$text")
    local args
    for args in "add Ada" "due" "due -o json" "log Ada --in" "cooldown" "breakup" "demo"; do
        # shellcheck disable=SC2086
        run --separate-stderr "$FOLLOWUP_BIN" --db "$text" --today "$TODAY" $args
        assert_error 1
        assert_contains "$stderr" "notes.txt" "error of '$args'"
    done
    assert_equal "$(sha256sum <"$text")" "$before" "sha256 of the text file"
    assert_equal "$(stat -c %a "$text")" 644 "mode of the text file"
    assert_equal "$(ls -A "$BATS_TEST_TMPDIR" | grep -c notes || true)" 1 "files named notes* (no -wal, -shm, -journal)"
}

@test "an SQLite database that is not followup's is refused and left unchanged" {
    sqlite_only "a foreign SQLite file"
    local other="$BATS_TEST_TMPDIR/other.db"
    sqlite3 "$other" 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ("x");'
    local before
    before=$(sha256sum <"$other")
    run --separate-stderr "$FOLLOWUP_BIN" --db "$other" --today "$TODAY" add Ada
    assert_error 1
    run --separate-stderr "$FOLLOWUP_BIN" --db "$other" --today "$TODAY" due
    assert_error 1
    assert_equal "$(sha256sum <"$other")" "$before" "sha256 of the other database"
}

@test "a database from a newer followup is refused and left unchanged" {
    sqlite_only "SQLite's user_version (PostgreSQL's schema version is the backend's own test)"
    fu add Ada >/dev/null
    sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 999;' >/dev/null
    local before
    before=$(sha256sum <"$DB")
    run --separate-stderr fu add Bob
    assert_error 1
    assert_contains "$stderr" "newer"
    run --separate-stderr fu due
    assert_error 1
    assert_equal "$(sha256sum <"$DB")" "$before" "sha256 of the database"
}

@test "the database is in WAL mode and a touch is stored with the right columns" {
    sqlite_only "WAL mode and the SQLite table's columns (the next test reads the same touches through export on both)"
    fu add "Ada Lovelace" --company Analytical >/dev/null
    fu_on 2026-11-04 log Ada --channel call --purpose value --note "sent the deck" \
        --date 2026-11-03 --next 2026-11-10 >/dev/null
    fu_on 2026-11-04 log Ada --in --ooo --until 2026-11-09 --channel email >/dev/null
    assert_equal "$(sqlite3 "$DB" 'PRAGMA journal_mode')" wal "journal_mode"
    local columns
    columns=$(sqlite3 "$DB" "SELECT group_concat(name, ',') FROM pragma_table_info('touches')")
    local column
    for column in id prospect_id on_date direction channel purpose note next_step_on; do
        [[ ",$columns," == *",$column,"* ]] || fail "touches has no column $column: $columns"
    done
    assert_equal "$(sqlite3 -separator '|' "$DB" \
        "SELECT t.prospect_id, p.name, t.on_date, t.direction, t.channel, t.purpose, t.note, t.next_step_on
         FROM touches t JOIN prospects p ON p.id = t.prospect_id ORDER BY t.id LIMIT 1")" \
        "1|Ada Lovelace|2026-11-03|out|call|value|sent the deck|2026-11-10" "first touch row"
    assert_equal "$(sqlite3 -separator '|' "$DB" \
        "SELECT direction, channel, ifnull(purpose, 'NULL'), out_of_office, away_until FROM touches ORDER BY id DESC LIMIT 1")" \
        "in|email|NULL|1|2026-11-09" "auto-reply row"
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM touches')" 2 "touches"
    assert_equal "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "integrity_check"
}

@test "a touch is stored as logged, an auto-reply with its return day (read through export)" {
    fu add "Ada Lovelace" --company Analytical >/dev/null
    fu_on 2026-11-04 log Ada --channel call --purpose value --note "sent the deck" \
        --date 2026-11-03 --next 2026-11-10 >/dev/null
    fu_on 2026-11-04 log Ada --in --ooo --until 2026-11-09 --channel email >/dev/null
    assert_equal "$(fu_export_jq '.prospects[] | .id as $id | .name as $n | .touches[0]
        | [$id, $n, .date, .direction, .channel, .purpose, .note, .next_step_on] | map(tostring) | join("|")')" \
        "1|Ada Lovelace|2026-11-03|out|call|value|sent the deck|2026-11-10" "first touch"
    assert_equal "$(fu_export_jq '.prospects[0].touches[-1] | [.direction, .channel, .purpose, .out_of_office, .away_until]
        | map(tostring) | join("|")')" \
        "in|email|null|true|2026-11-09" "auto-reply"
    assert_equal "$(fu_count touches)" 2 "touches"
}

@test "add stores every field given on the command line" {
    fu add "Ada Lovelace" --company Analytical --email ada@example.com --phone "+44 1" \
        --channel email --stage engaged --value 1200 --tag vip --tag eu \
        --priority "ship by March" --note "met at the fair" >/dev/null
    assert_equal "$(fu_export_jq '.prospects[] | [.name, .company, .email, .phone, .preferred_channel, .stage, .value,
        .top_priority, .notes, .created_on] | map(tostring) | join("|")')" \
        "Ada Lovelace|Analytical|ada@example.com|+44 1|email|engaged|1200|ship by March|met at the fair|2026-11-02" \
        "prospect row"
    assert_equal "$(fu_export_jq '.prospects[0].tags | sort | join(",")')" "eu,vip" "tags"
    assert_equal "$(fu due --tag vip -o json | jq -r '.[0].top_priority')" "ship by March" "top_priority in due"
    assert_equal "$(fu due --tag other -o json)" "[]" "due --tag other"
}

@test "log --stage moves the prospect to that stage" {
    fu add Ada >/dev/null
    fu log Ada --channel email --purpose proposal --stage proposal >/dev/null
    assert_equal "$(fu_export_jq '.prospects[].stage')" proposal "stage"
}

@test "a refused command leaves no new files behind" {
    sqlite_only "files beside the database"
    run --separate-stderr fu add $'bad\e'
    assert_error 2
    run --separate-stderr fu add Ada --value many
    assert_error 2
    run --separate-stderr fu log Ada --channel fax
    assert_error 2
    assert_equal "$(ls -A "$DBDIR")" "" "files after refused commands"
}
