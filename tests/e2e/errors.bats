#!/usr/bin/env bats
# Errors a user can act on: a mistyped database path, an empty PROSPECT,
# names typed without their accents, mistyped commands and options, and the
# words of counts and empty lists.

load helpers

setup() {
    fu_setup
}

# Runs followup on a real pty with stdout to $BATS_TEST_TMPDIR/stdout, so
# that only stderr reaches the terminal; the terminal's bytes (CRLF line
# ends) land in $BATS_TEST_TMPDIR/pty.out.
on_pty_stderr() {
    local command
    command=$(printf '%q ' "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" "$@")
    script -qec "$command >$(printf '%q' "$BATS_TEST_TMPDIR/stdout")" /dev/null </dev/null \
        >"$BATS_TEST_TMPDIR/pty.out"
}

pty_text() {
    tr -d '\r' <"$BATS_TEST_TMPDIR/pty.out"
}

# --- a typo in the database path ----------------------------------------------------

@test "a --db or FOLLOWUP_DB in a missing folder is an error for reads too; due -q exits 2" {
    local typo="$BATS_TEST_TMPDIR/dta/followup.db"
    local cmd
    for cmd in "due" "due -o json" "list" "cooldown" "breakup" "stats" "show Ada" "export" \
        "breakup Ada" "add Ada"; do
        # shellcheck disable=SC2086
        run --separate-stderr "$FOLLOWUP_BIN" --db "$typo" --today "$TODAY" $cmd
        assert_error 1 || fail "command: $cmd" || return 1
        assert_equal "$stderr" \
            "followup: folder $BATS_TEST_TMPDIR/dta does not exist; create it or fix the path" \
            "error of $cmd" || return 1
        # shellcheck disable=SC2086
        FOLLOWUP_DB="$typo" run --separate-stderr "$FOLLOWUP_BIN" --today "$TODAY" $cmd
        assert_error 1 || fail "command with FOLLOWUP_DB: $cmd" || return 1
    done
    run --separate-stderr "$FOLLOWUP_BIN" --db "$typo" --today "$TODAY" due -q
    assert_status 2
    assert_stdout_empty
    FOLLOWUP_DB="$typo" run --separate-stderr "$FOLLOWUP_BIN" --today "$TODAY" due -q
    assert_status 2
    [[ ! -e "$BATS_TEST_TMPDIR/dta" ]] || fail "the folder was created"
}

@test "a missing file in an existing folder reads as an empty pipeline; the default location is made on the first write" {
    run --separate-stderr fu due
    assert_status 0
    assert_stdout_empty
    run --separate-stderr fu due -q
    assert_status 1
    run --separate-stderr fu list -o json
    assert_status 0
    assert_equal "$output" "[]" "list"
    assert_equal "$(ls -A "$DBDIR")" "" "files in the database folder"
    # The default (XDG) location: its folders do not exist yet, and that is fine.
    run --separate-stderr "$FOLLOWUP_BIN" --today "$TODAY" due
    assert_status 0
    [[ ! -e "$XDG_DATA_HOME/followup" ]] || fail "a read made the default folder"
    run --separate-stderr "$FOLLOWUP_BIN" --today "$TODAY" add Ada
    assert_status 0
    [[ -f "$XDG_DATA_HOME/followup/followup.db" ]] || fail "the first write made no database"
}
