#!/usr/bin/env bats
# `followup due --interactive` on a real pseudo-terminal: the scenarios in
# interactive.py type keys and lines as a person would and check the
# database after each. Here: the demo pipeline they walk, and what needs no
# terminal (refusals).

load helpers

setup() {
    fu_setup
    TODAY=2026-11-23
    mkdir -p "$HOME/.config/followup"
    printf '[sender]\nname = "Alex Seller"\n' >"$HOME/.config/followup/config.toml"
    fu demo >/dev/null
    export DB TODAY
}

walk() {
    run python3 "$BATS_TEST_DIRNAME/interactive.py" "$1"
    echo "$output"
    assert_status 0
}

@test "a morning of 6 due prospects uses every key, the database checked after each" {
    walk morning
}

@test "quitting half-way keeps what was done and says what is left" {
    walk quit_halfway
}

@test "end of input (Ctrl-D) ends the walk, keeping what was done" {
    walk end_of_input
}

@test "a lost terminal (SIGHUP) ends the walk, keeping what was done" {
    walk lost_terminal
}

@test "Ctrl-C ends the walk with the terminal put back, and followup dies of SIGINT" {
    walk interrupted
}

@test "SIGTERM at a question puts the terminal back and changes nothing" {
    walk terminated
}

@test "--stage, --tag and --limit choose what is walked" {
    walk filtered
}

@test "refused input is said on one line, changes nothing, and asks again; --explain adds the rank" {
    walk refusals
}

@test "imported text with escape sequences is shown escaped on the card" {
    printf 'name,email,tags,priority\nEve \033[31mRed\033[0m\a,eve@example.com,odd,cheaper \342\200\256shipping\n' \
        >"$BATS_TEST_TMPDIR/odd.csv"
    fu import "$BATS_TEST_TMPDIR/odd.csv" >/dev/null
    walk strangers
}

@test "Ctrl-Z stops the walk with the terminal put back; keys work again after it goes on" {
    walk suspended
}

@test "the daily capacity cuts the walk as it cuts the list; --all walks them all" {
    walk capacity
}

@test "the README's walk is what the walk prints" {
    walk readme
}

@test "the README check catches a walk that prints otherwise" {
    local copy="$BATS_TEST_TMPDIR/README.md"
    sed 's/^  stage     engaged, value 3500$/  stage     engaged, value 3600/' \
        "$FOLLOWUP_SOURCE_DIR/README.md" >"$copy"
    ! cmp -s "$copy" "$FOLLOWUP_SOURCE_DIR/README.md" || fail "the edit changed nothing" || return 1
    WALK_README=$copy run python3 "$BATS_TEST_DIRNAME/interactive.py" readme
    assert_status 1
    assert_contains "$output" "the README's walk differs"
}

@test "standard input that is not a terminal is refused: exit 2, one line, nothing changed" {
    local before
    before=$(fu export -o json)
    run --separate-stderr fu due -i </dev/null
    assert_error 2
    assert_contains "$stderr" "needs a terminal on standard input"
    run --separate-stderr fu due --interactive < <(printf 'yyyy\n')
    assert_error 2
    assert_equal "$(fu export -o json)" "$before" "the database"
}

@test "--interactive refuses the options that make no sense with it" {
    local option
    for option in "-o json" "-o tsv" "-q" "--upcoming 3"; do
        # shellcheck disable=SC2086
        run --separate-stderr fu due -i $option </dev/null
        assert_error 2 || return 1
        assert_contains "$stderr" "drop one of them" "$option" || return 1
    done
}

@test "due without --interactive is unchanged on a pipe" {
    run --separate-stderr fu due -o tsv </dev/null
    assert_status 0
    [[ ${#lines[@]} -eq 7 ]]
}
