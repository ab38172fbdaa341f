#!/usr/bin/env bats
# Version, help, exit codes and error lines, typed-text checks, prospect lookup.

load helpers

setup() {
    fu_setup
}

# --- version and help -------------------------------------------------------

@test "--version prints 'followup X.Y.Z' on stdout and exits 0" {
    run --separate-stderr "$FOLLOWUP_BIN" --version
    assert_status 0
    [[ "$output" =~ ^followup\ [0-9]+\.[0-9]+\.[0-9]+ ]] || fail "version line: '$output'"
    assert_stderr_empty
}

@test "--help lists every command and the global options, exit 0" {
    run --separate-stderr "$FOLLOWUP_BIN" --help
    assert_status 0
    for word in add log due cooldown breakup demo --db --today --color --version; do
        assert_contains "$output" "$word" "--help"
    done
}

@test "every command has --help that names its own options, exit 0" {
    local -A expect=(
        [add]="--company --stage --value --tag --priority --next"
        [log]="--in --ooo --until --channel --purpose --note --date --next --stage"
        [due]="--upcoming --tag --stage --limit --explain -q --format"
        [cooldown]="--for --until --end"
        [breakup]="--draft --template --sent"
        [draft]="--purpose --channel --template"
        [demo]="--help"
    )
    local command option
    for command in "${!expect[@]}"; do
        run --separate-stderr "$FOLLOWUP_BIN" "$command" --help
        assert_status 0
        for option in ${expect[$command]}; do
            assert_contains "$output" "$option" "followup $command --help"
        done
    done
    # --help must not create a database
    [[ ! -e "$XDG_DATA_HOME/followup" ]] || fail "--help created $XDG_DATA_HOME/followup"
}

@test "no command at all is a usage error (exit 2)" {
    run --separate-stderr fu
    assert_error 2
}

# --- usage errors: exit 2 ---------------------------------------------------

@test "unknown command: exit 2, one line naming it" {
    run --separate-stderr fu frobnicate
    assert_error 2
    assert_contains "$stderr" "frobnicate"
}

@test "unknown option: exit 2, one line naming it" {
    run --separate-stderr fu due --frobnicate
    assert_error 2
    assert_contains "$stderr" "--frobnicate"
    run --separate-stderr fu add Someone --colour blue
    assert_error 2
}

@test "an impossible date (2026-02-30) is a usage error" {
    run --separate-stderr "$FOLLOWUP_BIN" --db "$DB" --today 2026-02-30 due
    assert_error 2
    assert_contains "$stderr" "2026-02-30"
    fu add Ada >/dev/null
    run --separate-stderr fu log Ada --channel email --purpose value --date 2026-02-30
    assert_error 2
    run --separate-stderr fu log Ada --channel email --purpose value --next 2026-02-30
    assert_error 2
}

@test "a relative date too far out (+999999d) is a usage error" {
    run --separate-stderr "$FOLLOWUP_BIN" --db "$DB" --today +999999d due
    assert_error 2
    fu add Ada >/dev/null
    run --separate-stderr fu log Ada --in --next +999999d
    assert_error 2
    run --separate-stderr fu cooldown Ada --until +999999d
    assert_error 2
}

@test "a bad date leaves the database untouched" {
    fu add Ada >/dev/null
    local before
    before=$(fu due -o json)
    run --separate-stderr fu log Ada --channel email --purpose value --date 2026-13-01
    assert_error 2
    assert_equal "$(fu due -o json)" "$before" "due after a refused log"
    assert_equal "$(fu_count touches)" 0 "touches"
}

@test "a bad --channel value (fax) is a usage error listing the valid ones" {
    run --separate-stderr fu add Ada --channel fax
    assert_error 2
    assert_contains "$stderr" "fax"
    assert_contains "$stderr" "email"
    fu add Ada >/dev/null
    run --separate-stderr fu log Ada --channel fax --purpose value
    assert_error 2
}

@test "a bad --stage value (won) is a usage error" {
    run --separate-stderr fu add Ada --stage won
    assert_error 2
    assert_contains "$stderr" "won"
    run --separate-stderr fu due --stage won
    assert_error 2
}

@test "a bad --purpose and a bad --format are usage errors" {
    fu add Ada >/dev/null
    run --separate-stderr fu log Ada --channel email --purpose nagging
    assert_error 2
    run --separate-stderr fu due -o xml
    assert_error 2
}

@test "a non-numeric --value is a usage error" {
    run --separate-stderr fu add Ada --value lots
    assert_error 2
    run --separate-stderr fu add Ada --value 12k
    assert_error 2
    run --separate-stderr fu add Ada --value -5
    assert_error 2
    # nothing was added
    run --separate-stderr fu due -o json
    assert_status 0
    assert_equal "$output" "[]" "due after refused adds"
}

@test "a bad --color value is a usage error" {
    run --separate-stderr fu --color sometimes due
    assert_error 2
}

@test "--ooo without --in, and --purpose with --in, are usage errors" {
    fu add Ada >/dev/null
    run --separate-stderr fu log Ada --ooo --until 2026-11-10
    assert_error 2
    run --separate-stderr fu log Ada --in --ooo
    assert_error 2
    run --separate-stderr fu log Ada --in --purpose value
    assert_error 2
}

@test "logging a touch in the future is a usage error" {
    fu add Ada >/dev/null
    run --separate-stderr fu log Ada --channel email --purpose value --date 2026-11-03
    assert_error 2
}

# --- exit 1: not found, ambiguous, duplicate --------------------------------

@test "prospect not found: exit 1, one line" {
    fu add Ada >/dev/null
    run --separate-stderr fu log Nobody --channel email --purpose value
    assert_error 1
    assert_contains "$stderr" "Nobody"
    run --separate-stderr fu log 42 --channel email --purpose value
    assert_error 1
}

@test "an ambiguous prefix is exit 1 and lists every candidate as 'Name (Company) #id'" {
    fu add "Ann Lee" --company Acme >/dev/null
    fu add "Ann Lee" --company Bolt >/dev/null
    fu add "Anna Bell" >/dev/null
    fu add "Bob Stone" >/dev/null
    run --separate-stderr fu log Ann --channel email --purpose value
    assert_error 1
    assert_contains "$stderr" "Ann Lee (Acme) #1"
    assert_contains "$stderr" "Ann Lee (Bolt) #2"
    assert_contains "$stderr" "Anna Bell"
    assert_contains "$stderr" "#3"
    assert_not_contains "$stderr" "Bob Stone"
    # the id still resolves, and nothing was logged by the failed attempt
    run --separate-stderr fu log 2 --channel email --purpose value
    assert_status 0
    assert_equal "$(fu_export_jq '[.prospects[] | select(.touches != []) | .id] | join(",")')" 2 "touched ids"
}

@test "an unambiguous prefix and a case-insensitive exact name resolve" {
    fu add "Grace Hopper" --company Navy >/dev/null
    fu add "Alan Turing" >/dev/null
    run --separate-stderr fu log gra --channel call --purpose value
    assert_status 0
    assert_contains "$output" "Grace Hopper"
    run --separate-stderr fu log "ALAN TURING" --channel call --purpose value
    assert_status 0
    assert_contains "$output" "Alan Turing"
}

@test "duplicate add (same name and company, any case) is exit 1 naming the existing id" {
    fu add "Ann Lee" --company Acme >/dev/null
    run --separate-stderr fu add "ann lee" --company ACME
    assert_error 1
    assert_contains "$stderr" "#1"
    # the same name at another company is fine
    run --separate-stderr fu add "Ann Lee" --company Bolt
    assert_status 0
    assert_equal "$(fu due -o json | jq length)" 2 "prospects due"
}

# --- typed text -------------------------------------------------------------

@test "an ESC in a name is refused with exit 2 and not echoed raw" {
    run --separate-stderr fu add $'\e[31mRed Herring'
    assert_error 2
    assert_not_contains "$stderr" $'\e' "stderr"
    assert_equal "$(fu due -o json)" "[]" "due after the refused add"
}

@test "an ESC in a note is refused with exit 2" {
    fu add Ada >/dev/null
    run --separate-stderr fu log Ada --channel email --purpose value --note $'sent \e[2Jdeck'
    assert_error 2
    run --separate-stderr fu add Bob --note $'x\e]0;title\a'
    assert_error 2
    assert_equal "$(fu_count touches)" 0 "touches"
}

@test "a bidi override (U+202E) in a name or a note is refused with exit 2" {
    run --separate-stderr fu add $'Invoice \u202Efdp.exe'
    assert_error 2
    run --separate-stderr fu add Ada --company $'\u2066Acme\u2069'
    assert_error 2
    fu add Ada >/dev/null
    run --separate-stderr fu log Ada --channel email --purpose value --note $'see \u202Eattached'
    assert_error 2
}

@test "other control characters (DEL, C1, BEL) in a name are refused with exit 2" {
    run --separate-stderr fu add $'Del\x7fete'
    assert_error 2
    run --separate-stderr fu add $'C1\u0085name'
    assert_error 2
    run --separate-stderr fu add $'Bell\a'
    assert_error 2
}

@test "a note may hold tabs and newlines, and '--note -' reads standard input" {
    fu add Ada >/dev/null
    run --separate-stderr fu log Ada --channel email --purpose value --note $'line one\n\tline two'
    assert_status 0
    run --separate-stderr bash -c 'printf "from stdin\n" | "$0" --db "$1" --today "$2" log Ada --channel call --purpose value --note -' \
        "$FOLLOWUP_BIN" "$DB" "$TODAY"
    assert_status 0
    assert_equal "$(fu_export_jq '.prospects[0].touches[-1].note')" "from stdin" "note"
}

@test "a name with an apostrophe (O'Brien) is accepted and resolvable" {
    run --separate-stderr fu add "Sean O'Brien" --company "O'Brien & Sons"
    assert_status 0
    run --separate-stderr fu log "sean o'b" --channel call --purpose value
    assert_status 0
    assert_contains "$output" "Sean O'Brien"
    run --separate-stderr fu log "Sean O'Brien" --in
    assert_status 0
    assert_equal "$(fu due --upcoming 10 -o json | jq -r '.[0].name')" "Sean O'Brien" "name in due"
}

@test "names with % and _ are matched literally, not as patterns" {
    fu add "100% Juice" >/dev/null
    fu add "100 Juice" >/dev/null
    fu add "A_B" >/dev/null
    fu add "AxB" >/dev/null
    run --separate-stderr fu log "100%" --channel call --purpose value
    assert_status 0
    assert_contains "$output" "100% Juice"
    run --separate-stderr fu log "A_" --channel call --purpose value
    assert_status 0
    assert_contains "$output" "A_B"
}

# --- the "as of" day --------------------------------------------------------

@test "FOLLOWUP_TODAY sets the day; --today wins over it; a bad one is exit 2" {
    fu_on 2026-11-02 add Ada >/dev/null
    fu_on 2026-11-02 log Ada --channel email --purpose value >/dev/null
    # due 2026-11-04 (2 business days)
    run --separate-stderr env FOLLOWUP_TODAY=2026-11-04 "$FOLLOWUP_BIN" --db "$DB" due -o json
    assert_status 0
    assert_equal "$(jq -r '.[0].due_on' <<<"$output")" 2026-11-04 "due_on"
    run --separate-stderr env FOLLOWUP_TODAY=2026-11-04 "$FOLLOWUP_BIN" --db "$DB" --today 2026-11-03 due -o json
    assert_status 0
    assert_equal "$output" "[]" "due with --today before the due day"
    run --separate-stderr env FOLLOWUP_TODAY=2026-02-30 "$FOLLOWUP_BIN" --db "$DB" due
    assert_error 2
    assert_contains "$stderr" "FOLLOWUP_TODAY"
}

@test "relative dates count from --today: +3d, tomorrow, a weekday name" {
    fu add Ada >/dev/null
    fu add Bob >/dev/null
    fu add Cy >/dev/null
    fu log Ada --in --next +3d >/dev/null
    fu log Bob --in --next tomorrow >/dev/null
    fu log Cy --in --next fri >/dev/null
    local json
    json=$(fu due --upcoming 30 -o json)
    assert_equal "$(jq -r '.[] | select(.name == "Ada") | .due_on' <<<"$json")" 2026-11-05 "Ada +3d"
    assert_equal "$(jq -r '.[] | select(.name == "Bob") | .due_on' <<<"$json")" 2026-11-03 "Bob tomorrow"
    assert_equal "$(jq -r '.[] | select(.name == "Cy") | .due_on' <<<"$json")" 2026-11-06 "Cy fri"
}

@test "an exact name wins over a longer name it prefixes" {
    fu add Ann >/dev/null
    fu add Anna >/dev/null
    run --separate-stderr fu log ann --channel call --purpose value
    assert_status 0
    assert_contains "$output" "Ann #1"
}

@test "a tab or a newline in a name, company or priority is refused with exit 2" {
    run --separate-stderr fu add $'Tab\tName'
    assert_error 2
    run --separate-stderr fu add Ada --company $'Two\nLines'
    assert_error 2
    run --separate-stderr fu add Ada --priority $'a\tb'
    assert_error 2
    run --separate-stderr fu add "   "
    assert_error 2
    assert_equal "$(fu due -o json)" "[]" "due after refused adds"
}
