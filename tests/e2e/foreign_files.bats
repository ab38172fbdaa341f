#!/usr/bin/env bats
# Files that are not ours, or not ours to write: every command refuses them
# with one clear line, overwrites nothing and leaves no new files behind.
# Permission cases run as an unprivileged user (CI runs as root, and root
# ignores file permissions): `setpriv --reuid=nobody` when root, else as the
# current user.

load helpers

setup() {
    sqlite_only "files that are not followup's databases, and file permissions"
    fu_setup
    command -v sqlite3 >/dev/null || fail "sqlite3 is needed (scripts/install-deps --test)"
    SCRATCH="$BATS_TEST_TMPDIR/scratch"
    mkdir -p "$SCRATCH"
    printf 'Name,Company\nAnn Import,Acme\n' >"$BATS_TEST_TMPDIR/ok.csv"
}

teardown() {
    fu_teardown
    if [[ -n "${NOBODY_DIR:-}" && -d "$NOBODY_DIR" ]]; then
        chmod -R u+rwX "$NOBODY_DIR" 2>/dev/null || true
        rm -rf "$NOBODY_DIR"
    fi
}

# Every command that opens the database, as argument strings.
ALL_COMMANDS=(
    "due" "due -o json" "due -q" "list" "list -o csv" "show 1" "show Ada" "cooldown" "breakup"
    "stats" "export" "export -o csv" "add Ada" "log Ada --channel email --purpose value"
    "edit 1 --value 5" "close 1 --won" "reopen 1" "rm 1 --yes" "cooldown 1 --for 1w"
    "breakup 1 --sent" "import IMPORT" "demo" "backup BACKUP"
)

# A listing of a folder (names, sizes, modes) to compare before and after.
# An empty -wal and the -shm that SQLite itself makes when it reads a
# database in WAL mode are left out: they hold nothing.
snapshot() {
    find "$1" -mindepth 1 -printf '%P %s %m\n' | grep -vE '^[^ ]+-(wal 0|shm [0-9]+) [0-7]+$' | sort
}

# refuses_all FILE WANT: runs every command on FILE as --db; each must exit
# 1 with one "followup: " line mentioning WANT; FILE keeps its bytes and
# mode, and its folder gets no new file.
refuses_all() {
    local file=$1 want=$2
    local folder sum mode before
    folder=$(dirname "$file")
    sum=$(sha256sum <"$file")
    mode=$(stat -c %a "$file")
    before=$(snapshot "$folder")
    local cmd args problems=""
    for cmd in "${ALL_COMMANDS[@]}"; do
        args=${cmd//IMPORT/$BATS_TEST_TMPDIR/ok.csv}
        args=${args//BACKUP/$BATS_TEST_TMPDIR/backup-copy.db}
        # shellcheck disable=SC2086
        run --separate-stderr "$FOLLOWUP_BIN" --db "$file" --today "$TODAY" $args
        local expected=1
        [[ "$cmd" == "due -q" ]] && expected=2
        if [[ "$status" != "$expected" || -n "$output" || ${#stderr_lines[@]} -ne 1 ||
            "${stderr_lines[0]:-}" != "followup: "* || "$stderr" != *"$want"* ]]; then
            problems+="  $cmd: exit $status, stdout '${output:0:100}', stderr '$stderr'"$'\n'
        fi
        [[ ! -e "$BATS_TEST_TMPDIR/backup-copy.db" ]] || problems+="  $cmd: a backup was written"$'\n'
    done
    [[ -z "$problems" ]] || fail "commands on $(basename "$file") (expected exit 1 and one line with '$want'):" "$problems"
    assert_equal "$(sha256sum <"$file")" "$sum" "sha256 of $(basename "$file")"
    assert_equal "$(stat -c %a "$file")" "$mode" "mode of $(basename "$file")"
    assert_equal "$(snapshot "$folder")" "$before" "files in $folder"
}

# A real followup database with data, checkpointed, at PATH.
make_followup_db() {
    local path=$1
    "$FOLLOWUP_BIN" --db "$path" --today "$TODAY" add Ada --email ada@example.com --stage proposal >/dev/null
    "$FOLLOWUP_BIN" --db "$path" --today "$TODAY" add Bo --phone "+1 555 0100" >/dev/null
    "$FOLLOWUP_BIN" --db "$path" --today "$TODAY" log Ada --channel email --purpose value --note hi >/dev/null
    sqlite3 "$path" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
    rm -f "$path-wal" "$path-shm"
}

# --- not a followup database ----------------------------------------------------

@test "an empty file is refused by every command, stays empty, and nothing appears beside it" {
    : >"$SCRATCH/empty.db"
    refuses_all "$SCRATCH/empty.db" "empty.db"
    assert_equal "$(stat -c %s "$SCRATCH/empty.db")" 0 "size"
}

@test "a text file is refused by every command and left byte-for-byte unchanged" {
    printf 'Call Ada on Monday\nSQLite format 3 is not what this is\n' >"$SCRATCH/notes.txt"
    refuses_all "$SCRATCH/notes.txt" "notes.txt"
}

@test "a file with SQLite's magic header but garbage after it is refused and unchanged" {
    {
        printf 'SQLite format 3\0'
        head -c 8192 /dev/zero | tr '\0' '\377'
    } >"$SCRATCH/fake.db"
    refuses_all "$SCRATCH/fake.db" "fake.db"
}

@test "another program's SQLite database (rollback journal) is refused and unchanged" {
    sqlite3 "$SCRATCH/other.db" "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
        INSERT INTO notes (body) VALUES ('keep me');"
    refuses_all "$SCRATCH/other.db" "other.db"
    assert_equal "$(sqlite3 "$SCRATCH/other.db" 'SELECT body FROM notes')" "keep me" "content"
}

@test "another program's SQLite database in WAL mode, with a prospects table, is refused and unchanged" {
    sqlite3 "$SCRATCH/crm.db" "PRAGMA journal_mode = WAL; PRAGMA application_id = 42;
        CREATE TABLE prospects (id INTEGER PRIMARY KEY, name TEXT);
        INSERT INTO prospects (name) VALUES ('Theirs');" >/dev/null
    refuses_all "$SCRATCH/crm.db" "crm.db"
    assert_equal "$(sqlite3 "$SCRATCH/crm.db" 'PRAGMA application_id; SELECT name FROM prospects')" \
        $'42\nTheirs' "content"
}

@test "a followup database from a newer version (higher user_version) is refused and unchanged" {
    make_followup_db "$SCRATCH/newer.db"
    sqlite3 "$SCRATCH/newer.db" 'PRAGMA user_version = 99' >/dev/null
    refuses_all "$SCRATCH/newer.db" "newer"
    assert_equal "$(sqlite3 "$SCRATCH/newer.db" 'PRAGMA user_version')" 99 "user_version"
}

@test "a truncated followup database is refused with one line and not modified" {
    make_followup_db "$SCRATCH/cut.db"
    truncate -s 20000 "$SCRATCH/cut.db"
    local sum
    sum=$(sha256sum <"$SCRATCH/cut.db")
    local cmd
    for cmd in "due" "list" "show 1" "export" "add Cy" "log Ada --channel call --purpose value" "backup $BATS_TEST_TMPDIR/copy.db"; do
        # shellcheck disable=SC2086
        run --separate-stderr "$FOLLOWUP_BIN" --db "$SCRATCH/cut.db" --today "$TODAY" $cmd
        assert_error 1
    done
    assert_equal "$(sha256sum <"$SCRATCH/cut.db")" "$sum" "sha256 of the truncated database"
    [[ ! -e "$BATS_TEST_TMPDIR/copy.db" ]] || fail "a backup of a broken database was written"
}

@test "--db naming a folder or a device is refused; nothing is created" {
    mkdir "$SCRATCH/adir"
    run --separate-stderr "$FOLLOWUP_BIN" --db "$SCRATCH/adir" --today "$TODAY" add Ada
    assert_error 1
    run --separate-stderr "$FOLLOWUP_BIN" --db "$SCRATCH/adir" --today "$TODAY" due
    assert_error 1
    assert_equal "$(ls -A "$SCRATCH/adir")" "" "folder contents"
    local before
    before=$(ls -A /dev)
    run --separate-stderr "$FOLLOWUP_BIN" --db /dev/null --today "$TODAY" add Ada
    assert_error 1
    run --separate-stderr "$FOLLOWUP_BIN" --db /dev/null --today "$TODAY" due
    assert_error 1
    assert_equal "$(ls -A /dev)" "$before" "files in /dev"
}

# --- missing folders -----------------------------------------------------------------

@test "an explicit --db in a folder that does not exist: writes and reads fail with one line; no folder is made" {
    local db="$SCRATCH/no/such/folder/followup.db"
    local cmd
    for cmd in "add Ada" "log Ada --channel email --purpose value" "demo" "import $BATS_TEST_TMPDIR/ok.csv"; do
        # shellcheck disable=SC2086
        run --separate-stderr "$FOLLOWUP_BIN" --db "$db" --today "$TODAY" $cmd
        assert_error 1
        if [[ "$cmd" == "add Ada" ]]; then
            assert_contains "$stderr" "$SCRATCH/no/such/folder" "error of add"
        fi
    done
    for cmd in "due" "list" "cooldown" "breakup" "stats"; do
        # shellcheck disable=SC2086
        run --separate-stderr "$FOLLOWUP_BIN" --db "$db" --today "$TODAY" $cmd
        assert_error 1
        assert_contains "$stderr" "$SCRATCH/no/such/folder" "error of $cmd"
    done
    run --separate-stderr "$FOLLOWUP_BIN" --db "$db" --today "$TODAY" backup "$SCRATCH/copy.db"
    assert_error 1
    assert_equal "$(ls -A "$SCRATCH")" "" "files in the scratch folder"
}

# --- permissions: as an unprivileged user ------------------------------------------------

# Makes NOBODY_DIR, a folder the unprivileged user can use.
need_unprivileged() {
    if [[ "$(id -u)" == 0 ]]; then
        command -v setpriv >/dev/null || skip "setpriv is missing: cannot drop root's privileges"
        AS_USER=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    else
        AS_USER=()
    fi
    NOBODY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/followup-e2e-perm.XXXXXX")
    chmod 755 "$NOBODY_DIR"
    mkdir -m 777 "$NOBODY_DIR/home"
    [[ "$(id -u)" != 0 ]] || chown nobody:nogroup "$NOBODY_DIR/home"
    IMPORT_CSV="$NOBODY_DIR/ok.csv"
    printf 'Name,Company\nAnn Import,Acme\n' >"$IMPORT_CSV"
    chmod 644 "$IMPORT_CSV"
    # the binary must be reachable for that user: a checkout in a private
    # folder (`mktemp -d` makes it 0700) runs a copy from NOBODY_DIR. Asked
    # through env as fu_user runs it: setpriv itself may still pass a folder
    # root's capabilities open, the program it starts may not.
    USER_BIN=$FOLLOWUP_BIN
    if ! "${AS_USER[@]}" env "$USER_BIN" --version >/dev/null 2>&1; then
        USER_BIN="$NOBODY_DIR/followup"
        cp "$FOLLOWUP_BIN" "$USER_BIN"
        chmod 755 "$USER_BIN"
    fi
    "${AS_USER[@]}" env "$USER_BIN" --version >/dev/null ||
        fail "the unprivileged user cannot run $USER_BIN"
}

# followup as the unprivileged user, with a HOME it owns.
fu_user() {
    "${AS_USER[@]}" env HOME="$NOBODY_DIR/home" XDG_DATA_HOME="$NOBODY_DIR/home/.local/share" \
        XDG_CONFIG_HOME="$NOBODY_DIR/home/.config" "$USER_BIN" "$@"
}

@test "a read-only database in a writable folder: reads work, writes fail with one clear line, nothing changes" {
    need_unprivileged
    local folder="$NOBODY_DIR/shared"
    mkdir -m 777 "$folder"
    local db="$folder/followup.db"
    make_followup_db "$db"
    chmod 444 "$db"
    local sum
    sum=$(sha256sum <"$db")
    local cmd
    for cmd in "due --upcoming 30" "due -o json" "list" "show Ada" "export" "stats" "cooldown" "breakup"; do
        # shellcheck disable=SC2086
        run --separate-stderr fu_user --db "$db" --today "$TODAY" $cmd
        assert_status 0
        assert_stderr_empty
    done
    run --separate-stderr fu_user --db "$db" --today "$TODAY" due --upcoming 30 -o json
    assert_equal "$(jq -r '[.[].name] | sort | join(",")' <<<"$output")" "Ada,Bo" "due from the read-only database"
    for cmd in "log Ada --channel call --purpose value" "add Cy" "edit Bo --value 5" "rm Bo --yes" \
        "cooldown Bo --for 1w" "close Bo --lost" "import $IMPORT_CSV"; do
        # shellcheck disable=SC2086
        run --separate-stderr fu_user --db "$db" --today "$TODAY" $cmd
        assert_error 1
        assert_contains "$stderr" "read-only" "error of '$cmd'"
    done
    assert_equal "$(sha256sum <"$db")" "$sum" "sha256 of the read-only database"
    assert_equal "$(stat -c %a "$db")" 444 "mode"
    # SQLite may leave its -wal/-shm beside it, nothing else
    assert_equal "$(find "$folder" -mindepth 1 ! -name followup.db ! -name followup.db-wal ! -name followup.db-shm)" "" "other files"
}

@test "a read-only database (chmod 444) in a read-only folder: due works, log fails with one clear line" {
    need_unprivileged
    local folder="$NOBODY_DIR/locked"
    mkdir "$folder"
    local db="$folder/followup.db"
    make_followup_db "$db"
    chmod 444 "$db"
    chmod 555 "$folder"
    local sum
    sum=$(sha256sum <"$db")
    run --separate-stderr fu_user --db "$db" --today "$TODAY" due --upcoming 30 -o json
    assert_status 0
    assert_equal "$(jq -r '[.[].name] | sort | join(",")' <<<"$output")" "Ada,Bo" "due from the read-only database"
    local cmd
    for cmd in "due" "list" "show Ada" "export" "stats"; do
        # shellcheck disable=SC2086
        run --separate-stderr fu_user --db "$db" --today "$TODAY" $cmd
        assert_status 0
    done
    for cmd in "log Ada --channel call --purpose value" "add Cy" "rm Bo --yes"; do
        # shellcheck disable=SC2086
        run --separate-stderr fu_user --db "$db" --today "$TODAY" $cmd
        assert_error 1
        assert_contains "$stderr" "read-only" "error of '$cmd'"
    done
    assert_equal "$(sha256sum <"$db")" "$sum" "sha256 of the database"
    assert_equal "$(ls -A "$folder")" "followup.db" "files in the read-only folder"
}

@test "an explicit --db in a folder that is not writable: one clear line, nothing created" {
    need_unprivileged
    local folder="$NOBODY_DIR/closed"
    mkdir "$folder"
    chmod 555 "$folder"
    local db="$folder/followup.db" cmd
    for cmd in "add Ada" "demo" "import $IMPORT_CSV" "log Ada --channel email --purpose value"; do
        # shellcheck disable=SC2086
        run --separate-stderr fu_user --db "$db" --today "$TODAY" $cmd
        assert_error 1
        [[ "$cmd" != "add Ada" ]] || assert_contains "$stderr" "$folder" "error of add"
    done
    # reading a database that is not there is fine
    run --separate-stderr fu_user --db "$db" --today "$TODAY" due
    assert_status 0
    assert_equal "$(ls -A "$folder")" "" "files in the folder"
    # a backup into a folder the user cannot write to fails the same way
    local writable="$NOBODY_DIR/mine"
    mkdir -m 777 "$writable"
    fu_user --db "$writable/followup.db" --today "$TODAY" add Ada >/dev/null
    run --separate-stderr fu_user --db "$writable/followup.db" --today "$TODAY" backup "$folder/copy.db"
    assert_error 1
    assert_equal "$(ls -A "$folder")" "" "files in the folder after a backup attempt"
}

@test "the default database folder that cannot be created: one clear line" {
    need_unprivileged
    chmod 555 "$NOBODY_DIR/home"
    [[ "$(id -u)" != 0 ]] || chown root:root "$NOBODY_DIR/home"
    run --separate-stderr fu_user --today "$TODAY" add Ada
    assert_error 1
    assert_equal "$(ls -A "$NOBODY_DIR/home")" "" "files in HOME"
}

# --- modes of what followup creates ------------------------------------------------------

@test "under umask 000: the database, its -wal and -shm are 0600; the default folders 0700" {
    # the default location, nothing of it existing yet
    run --separate-stderr bash -c 'umask 000; exec "$@"' _ "$FOLLOWUP_BIN" --today "$TODAY" add Ada --email a@example.com
    assert_status 0
    local folder="$XDG_DATA_HOME/followup" db="$XDG_DATA_HOME/followup/followup.db"
    assert_equal "$(stat -c %a "$folder")" 700 "mode of $folder"
    assert_equal "$(stat -c %a "$XDG_DATA_HOME")" 700 "mode of the created $XDG_DATA_HOME"
    assert_equal "$(stat -c %a "$db")" 600 "mode of the database"

    # Keep a reader's transaction open with sqlite3 so that -wal and -shm
    # exist while followup writes (SQLite removes them at the last close).
    local fifo="$BATS_TEST_TMPDIR/hold"
    mkfifo "$fifo"
    (umask 000; sqlite3 "$db" <"$fifo" >/dev/null) &
    local holder=$!
    exec 4>"$fifo"
    echo "BEGIN; SELECT count(*) FROM prospects;" >&4
    sleep 0.3
    run --separate-stderr bash -c 'umask 000; exec "$@"' _ "$FOLLOWUP_BIN" --today "$TODAY" log Ada --channel email --purpose value
    assert_status 0
    local side seen=0
    for side in "$db-wal" "$db-shm"; do
        if [[ -e "$side" ]]; then
            seen=$((seen + 1))
            assert_equal "$(stat -c %a "$side")" 600 "mode of $side"
        fi
    done
    echo "COMMIT; .quit" >&4
    exec 4>&-
    wait "$holder" || true
    assert_equal "$seen" 2 "-wal and -shm seen while a reader held the database"
    assert_equal "$(stat -c %a "$db")" 600 "mode of the database after the write"
    assert_equal "$(find "$XDG_DATA_HOME" -newer "$HOME" -perm /077 | wc -l)" 0 "files or folders open to group or others"

    # an explicit --db, a backup, and the copy made before a migration
    local other="$BATS_TEST_TMPDIR/explicit.db"
    run --separate-stderr bash -c 'umask 000; exec "$@"' _ "$FOLLOWUP_BIN" --db "$other" --today "$TODAY" add Bo
    assert_status 0
    assert_equal "$(stat -c %a "$other")" 600 "mode of an explicit --db"
    run --separate-stderr bash -c 'umask 000; exec "$@"' _ "$FOLLOWUP_BIN" --db "$other" --today "$TODAY" backup "$BATS_TEST_TMPDIR/copy.db"
    assert_status 0
    assert_equal "$(stat -c %a "$BATS_TEST_TMPDIR/copy.db")" 600 "mode of a backup"
    local old="$BATS_TEST_TMPDIR/old.db"
    sqlite3 "$old" 'PRAGMA application_id = 1181513557; PRAGMA user_version = 0; CREATE TABLE filler (x);'
    run --separate-stderr bash -c 'umask 000; exec "$@"' _ "$FOLLOWUP_BIN" --db "$old" --today "$TODAY" add Cy
    assert_status 0
    [[ -f "$old.v0-backup" ]] || fail "no pre-migration copy" "$(ls -la "$BATS_TEST_TMPDIR")"
    assert_equal "$(stat -c %a "$old.v0-backup")" 600 "mode of the pre-migration copy"
}

@test "the default folder is 0700 even when XDG_DATA_HOME already exists with 0755" {
    mkdir -p "$XDG_DATA_HOME"
    chmod 755 "$XDG_DATA_HOME"
    run --separate-stderr bash -c 'umask 000; exec "$@"' _ "$FOLLOWUP_BIN" --today "$TODAY" add Ada
    assert_status 0
    assert_equal "$(stat -c %a "$XDG_DATA_HOME")" 755 "XDG_DATA_HOME left as it was"
    assert_equal "$(stat -c %a "$XDG_DATA_HOME/followup")" 700 "the followup folder"
    assert_equal "$(stat -c %a "$XDG_DATA_HOME/followup/followup.db")" 600 "the database"
}

@test "a read-only database of an older schema is read as it is; writes fail clearly; nothing changes" {
    need_unprivileged
    local writable="$NOBODY_DIR/old-shared" locked="$NOBODY_DIR/old-locked"
    mkdir -m 777 "$writable"
    mkdir "$locked"
    local folder db sum cmd version
    for version in 1 4 5 6; do
    for folder in "$writable" "$locked"; do
        db="$folder/followup.db"
        [[ ! -e "$folder/followup.db" ]] || { chmod 755 "$folder"; rm -f "$folder"/followup.db*; }
        cp "$FOLLOWUP_SOURCE_DIR/tests/fixtures/schema-v$version.db" "$db"
        chmod 444 "$db"
        [[ "$folder" != "$locked" ]] || chmod 555 "$folder"
        sum=$(sha256sum <"$db")
        run --separate-stderr fu_user --db "$db" --today "$TODAY" list -o json
        assert_status 0
        assert_equal "$(jq 'length' <<<"$output")" 7 "prospects listed from the v$version file in $folder"
        for cmd in "due --upcoming 30" "show Dana" "draft Dana" "stats" "__complete prospects log"; do
            # shellcheck disable=SC2086
            run --separate-stderr fu_user --db "$db" --today "$TODAY" $cmd
            assert_status 0
        done
        assert_contains "$output" "Sam O'Brien" "completion from the v$version file"
        run --separate-stderr fu_user --db "$db" --today "$TODAY" log Dana --channel call --purpose value
        assert_error 1
        assert_contains "$stderr" "read-only" "error of log"
        assert_equal "$(sha256sum <"$db")" "$sum" "sha256 of the v$version database in $folder"
        assert_equal "$(find "$folder" -mindepth 1 -name '*backup*')" "" "backups in $folder"
    done
    done
}

@test "a date another program wrote wrong in the database is reported by every reader, not taken as none" {
    fu add Ada --email ada@example.com >/dev/null
    fu cooldown Ada --for 30d >/dev/null
    # An end of cool-down read as "none" would put Ada back on the due list.
    sqlite3 "$DB" "UPDATE prospects SET cooling_until = 'soon' WHERE name = 'Ada'"
    # `due` reads only the prospects due by then: Ada's cool-down ends in 30 days.
    local cmd
    for cmd in "due" "due -o json" "due --explain" "show Ada" "list" "export" "stats"; do
        # shellcheck disable=SC2086
        run --separate-stderr fu_on 2027-01-04 $cmd
        assert_error 1
        assert_contains "$stderr" "bad date 'soon' in cooling_until" "stderr of '$cmd'"
    done
}
