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
    sqlite_only "a database file's missing folder"
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
    sqlite_only "a missing database file and the default file's location"
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

# --- an empty PROSPECT ----------------------------------------------------------------

@test "an empty PROSPECT is a usage error (exit 2) for every command that takes one" {
    fu add "Ann Lee" >/dev/null
    local before
    before=$(fu_count touches)
    local cmd
    for cmd in log show edit close reopen rm cooldown breakup; do
        local extra=()
        [[ $cmd == edit ]] && extra=(--stage engaged)
        [[ $cmd == close ]] && extra=(--won)
        [[ $cmd == rm ]] && extra=(--yes)
        run --separate-stderr fu "$cmd" "" "${extra[@]}"
        assert_error 2 || fail "command: $cmd" || return 1
        assert_contains "$stderr" "PROSPECT is empty" "error of $cmd" || return 1
    done
    assert_equal "$(fu_count touches)" "$before" "touches"
    assert_equal "$(fu show Ann -o json | jq -r '.stage + " " + .state')" "lead active" "Ann"
}

# --- names as people type them --------------------------------------------------------

@test "names match without accents, in any case, by prefix; exact spellings win; ambiguity lists candidates" {
    fu add "Zoë Müller" --company Acme >/dev/null
    fu add "Łukasz Kowalski" >/dev/null
    fu add "Bo Chen" >/dev/null
    run --separate-stderr fu log zoe --channel email --purpose value
    assert_status 0
    assert_contains "$output" "Zoë Müller (Acme) #1"
    run --separate-stderr fu show "ZOE MULLER" -o json
    assert_status 0
    assert_equal "$(jq -r .id <<<"$output")" 1 "ZOE MULLER"
    run --separate-stderr fu show lukasz -o json
    assert_status 0
    assert_equal "$(jq -r .id <<<"$output")" 2 "lukasz"
    # typed decomposed (e + U+0308), as some keyboards and macOS file names do
    run --separate-stderr fu show "$(printf 'Zoe\xcc\x88')" -o json
    assert_status 0
    assert_equal "$(jq -r .id <<<"$output")" 1 "decomposed Zoë"
    # a whole name without accents wins over a longer name...
    fu add "Zoë" >/dev/null
    run --separate-stderr fu show zoe -o json
    assert_status 0
    assert_equal "$(jq -r .id <<<"$output")" 4 "zoe (Zoë as typed)"
    # ... and an exact spelling over a name without accents
    fu add "Zoe" >/dev/null
    run --separate-stderr fu show zoe -o json
    assert_status 0
    assert_equal "$(jq -r .id <<<"$output")" 5 "zoe (exact)"
    run --separate-stderr fu show "ZOË" -o json
    assert_status 0
    assert_equal "$(jq -r .id <<<"$output")" 4 "ZOË (exact but for case)"
    # two names without accents are ambiguous, each listed
    fu add "Zoé Martin" >/dev/null
    run --separate-stderr fu show "zo"
    assert_error 1
    assert_contains "$stderr" "Zoë Müller (Acme) #1, Zoë #4, Zoe #5, Zoé Martin #6"
    run --separate-stderr fu show "zoe m"
    assert_error 1
    assert_contains "$stderr" "Zoë Müller (Acme) #1, Zoé Martin #6"
    run --separate-stderr fu show "zeo"
    assert_error 1
    assert_contains "$stderr" "no prospect matches 'zeo'"
}

# --- did you mean ---------------------------------------------------------------------

@test "a mistyped command or option suggests the nearest one (exit 2); a far one does not" {
    fu add "Ann Lee" >/dev/null
    run --separate-stderr fu lgo Ann
    assert_error 2
    assert_equal "$stderr" "followup: unknown command 'lgo'; did you mean \`log\`?" "lgo"
    run --separate-stderr fu lsit
    assert_error 2
    assert_contains "$stderr" "did you mean \`list\`?"
    run --separate-stderr fu xyzzy
    assert_error 2
    assert_equal "$stderr" "followup: unknown command 'xyzzy'; see \`followup --help\`" "xyzzy"
    run --separate-stderr fu log Ann --nxt tomorrow
    assert_error 2
    assert_equal "$stderr" \
        "followup: unknown option '--nxt' for \`followup log\`; did you mean \`--next\`?" "--nxt"
    run --separate-stderr fu due --upcomming 3
    assert_error 2
    assert_contains "$stderr" "did you mean \`--upcoming\`?"
    run --separate-stderr fu due --explian
    assert_error 2
    assert_contains "$stderr" "did you mean \`--explain\`?"
    # before the command only global options can come
    run --separate-stderr "$FOLLOWUP_BIN" --colour never --db "$DB" --today "$TODAY" due
    assert_error 2
    assert_equal "$stderr" "followup: unknown option '--colour'; did you mean \`--color\`?" "--colour"
    run --separate-stderr fu due --frobnicate
    assert_error 2
    assert_equal "$stderr" \
        "followup: unknown option '--frobnicate' for \`followup due\`; see \`followup due --help\`" \
        "--frobnicate"
    assert_equal "$(fu_count touches)" 0 "touches"
}

# --- words ----------------------------------------------------------------------------

@test "counts of one are singular: 1 prospect, 1 duplicate, 1 bad row, 1 touch, 1 open prospect" {
    printf 'Name,Email\nAnn Lee,ann@example.com\n' >"$BATS_TEST_TMPDIR/one.csv"
    run --separate-stderr fu import "$BATS_TEST_TMPDIR/one.csv"
    assert_status 0
    assert_equal "$output" \
        "Imported 1 prospect from $BATS_TEST_TMPDIR/one.csv: 0 updated, 0 duplicates skipped, 0 bad rows skipped." \
        "first import"
    printf 'Name,Email\nAnn Lee,ann@example.com\nBad,not-an-email\nBo Chen,bo@example.com\n' \
        >"$BATS_TEST_TMPDIR/two.csv"
    run --separate-stderr fu import "$BATS_TEST_TMPDIR/two.csv" --skip-bad
    assert_status 0
    assert_equal "$output" \
        "Imported 1 prospect from $BATS_TEST_TMPDIR/two.csv: 0 updated, 1 duplicate skipped, 1 bad row skipped." \
        "second import"
    printf 'Name,Email\nA,bad1\nB,bad2\n' >"$BATS_TEST_TMPDIR/bad.csv"
    run --separate-stderr fu import "$BATS_TEST_TMPDIR/bad.csv"
    assert_error 1
    assert_contains "$stderr" "(and 1 more bad row);"
    printf 'Name,Lifecycle Stage\nCy,Newsletter\n' >"$BATS_TEST_TMPDIR/stage.csv"
    run --separate-stderr fu import "$BATS_TEST_TMPDIR/stage.csv"
    assert_status 0
    assert_contains "$stderr" "'Newsletter' (1 row)"
    fu log Bo --channel email --purpose value >/dev/null
    fu close Cy --lost >/dev/null
    fu close Ann --won >/dev/null
    run --separate-stderr fu stats
    assert_status 0
    assert_contains "$output" ": 1 open prospect"$'\n'
    run --separate-stderr fu rm Bo --yes
    assert_status 0
    assert_equal "$output" "Deleted Bo Chen #2 and its 1 touch." "rm"
}

@test "edit without a field is a usage error; edit that changes nothing says so and writes nothing" {
    fu add "Ann Lee" --company Acme --stage engaged --tag vip >/dev/null
    run --separate-stderr fu edit Ann
    assert_error 2
    assert_contains "$stderr" "edit needs a field to change"
    local before
    before=$(fu_export_jq 'del(.exported_on)')
    run --separate-stderr fu edit Ann --stage engaged --company Acme --tag vip
    assert_status 0
    assert_equal "$output" \
        "No change: Ann Lee (Acme) #1 already has those values; next: $TODAY (first-touch)." "stdout"
    assert_equal "$(fu_export_jq 'del(.exported_on)')" \
        "$before" "rows"
    run --separate-stderr fu edit Ann --stage proposal
    assert_status 0
    assert_contains "$output" "Updated Ann Lee (Acme) #1"
}

@test "an empty list, breakup or cooldown says 'No ...' on a terminal's stderr, and nothing when piped" {
    on_pty_stderr list
    assert_equal "$(pty_text)" "No open prospects." "list on a terminal"
    on_pty_stderr list --tag vip
    assert_equal "$(pty_text)" "No prospects match." "list --tag on a terminal"
    on_pty_stderr breakup
    assert_equal "$(pty_text)" "No prospects are ready for a reversing email." "breakup on a terminal"
    on_pty_stderr cooldown
    assert_equal "$(pty_text)" "No prospects are cooling down or overheated." "cooldown on a terminal"
    on_pty_stderr due
    assert_equal "$(pty_text)" "Nothing due." "due on a terminal"
    # JSON stays quiet: it says [] itself
    on_pty_stderr list -o json
    assert_equal "$(pty_text)" "" "list -o json on a terminal"
    assert_equal "$(cat "$BATS_TEST_TMPDIR/stdout")" "[]" "list -o json stdout"
    local cmd
    for cmd in list breakup cooldown; do
        run --separate-stderr fu "$cmd"
        assert_status 0
        assert_stdout_empty
        assert_stderr_empty || fail "stderr of piped $cmd" || return 1
    done
    # something to list: no note
    fu add "Ann Lee" >/dev/null
    on_pty_stderr list
    assert_equal "$(pty_text)" "" "list of one on a terminal"
}
