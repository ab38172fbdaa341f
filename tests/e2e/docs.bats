#!/usr/bin/env bats
# The man page: lint-clean mdoc that documents every command and every option
# the built binary offers, each in its own place.
#
# The checks read the page as mandoc renders it (-Tutf8 | col -bx), because
# that is what a reader sees, whatever the mdoc source spells. They rely on
# the layout of man/followup.1:
#   - section headers at column 0 (SYNOPSIS, COMMANDS, GLOBAL OPTIONS);
#   - in SYNOPSIS, one "followup COMMAND ..." block per usage, at indent 5;
#   - in COMMANDS, one ".It Nm Cm COMMAND" entry per command, whose head
#     "followup COMMAND ..." is at indent 5 and whose option items
#     (".It Fl ...") have their heads at indent 13;
#   - in GLOBAL OPTIONS, option items with their heads at indent 5.
# If the layout changes, these checks find nothing and fail; they never pass
# by accident.

bats_require_minimum_version 1.5.0

setup() {
    if ! command -v mandoc >/dev/null 2>&1; then
        skip "mandoc is not installed"
    fi
    if [[ -z "${FOLLOWUP_SOURCE_DIR:-}" ]]; then
        echo "FOLLOWUP_SOURCE_DIR must name the source tree" >&2
        return 1
    fi
    if [[ -z "${FOLLOWUP_BIN:-}" || ! -x "${FOLLOWUP_BIN}" ]]; then
        echo "FOLLOWUP_BIN must name the built followup binary (got '${FOLLOWUP_BIN:-}')" >&2
        return 1
    fi
    MAN_PAGE="$FOLLOWUP_SOURCE_DIR/man/followup.1"
    # A private world: --help must not depend on the user's files.
    export HOME="$BATS_TEST_TMPDIR/home"
    export XDG_DATA_HOME="$HOME/.local/share"
    export XDG_CONFIG_HOME="$HOME/.config"
    mkdir -p "$HOME"
    unset FOLLOWUP_DB FOLLOWUP_CONFIG FOLLOWUP_TODAY NO_COLOR CLICOLOR_FORCE
    export LC_ALL=C.UTF-8
}

# --- reading the binary -----------------------------------------------------

# The commands `followup --help` lists, one a line.
help_commands() {
    "$FOLLOWUP_BIN" --help | sed -n '/^Subcommands:/,/^$/p' | grep -oE '^  [a-z][a-z0-9_-]*' |
        tr -d ' '
}

# The option names a help text (on stdin) lists, one a line: the names at the
# start of each option line, such as "-o" and "--format" from
# "  -o,--format FORMAT=table   Output format".
help_options() {
    grep -oE '^ +-[-A-Za-z0-9,]*' | tr -d ' ' | tr ',' '\n' | grep -E '^--?[A-Za-z0-9]'
}

# --- reading the page -------------------------------------------------------

# The page as a reader sees it, wide enough that paragraphs seldom wrap.
render() {
    mandoc -Tutf8 -O width=250 "$1" | col -bx
}

# One section of rendered text (stdin): from its header to the next one.
section() {
    awk -v name="$1" '
        /^[A-Z][A-Z ]*[A-Z]$/ { inside = ($0 == name); next }
        inside { print }'
}

# The SYNOPSIS blocks (stdin: the SYNOPSIS section) of one command.
synopsis_of() {
    awk -v cmd="$1" '
        /^     [^ ]/ { inside = ($1 == "followup" && $2 == cmd) }
        /^$/ { inside = 0 }
        inside { print }'
}

# The COMMANDS entry (stdin: the COMMANDS section) of one command.
entry_of() {
    awk -v cmd="$1" '
        /^     [^ ]/ { inside = ($1 == "followup" && $2 == cmd) }
        inside { print }'
}

# The command names with an entry in COMMANDS (stdin: that section).
entry_commands() {
    awk '/^     followup [a-z]/ { print $2 }'
}

# The option names at the heads of items indented by N spaces (stdin), such
# as "-o" and "--format" from "-o, --format format".
item_options() {
    grep -oE "^ {$1}-[-A-Za-z0-9]+(, -[-A-Za-z0-9]+)*" | tr -d ' ' | tr ',' '\n'
}

# Whether OPTION appears as a whole word in TEXT: mentions_option OPTION TEXT
mentions_option() {
    local nl=$'\n'
    local pattern="(^|[][ ,|(${nl}])$1([][ ,|):${nl}]|\$)"
    [[ "$2" =~ $pattern ]]
}

# Whether LINE is one of the lines of LIST: has_line LINE LIST
has_line() {
    [[ $'\n'"$2"$'\n' == *$'\n'"$1"$'\n'* ]]
}

# Prints every problem with the page, one a line; returns 1 if there is any.
# check_page PAGE
check_page() {
    local page=$1 text synopsis commands global
    text=$(render "$page")
    synopsis=$(section SYNOPSIS <<<"$text")
    commands=$(section COMMANDS <<<"$text")
    global=$(section "GLOBAL OPTIONS" <<<"$text")
    local problems=()
    local cmd option entry usage documented offered

    # Global options: an item of their own in GLOBAL OPTIONS, and in the SYNOPSIS.
    documented=$(item_options 5 <<<"$global")
    while read -r option; do
        has_line "$option" "$documented" ||
            problems+=("global option $option has no item in GLOBAL OPTIONS")
        mentions_option "$option" "$synopsis" ||
            problems+=("global option $option is not in the SYNOPSIS")
    done < <("$FOLLOWUP_BIN" --help | help_options)

    # Every command: a SYNOPSIS block and a COMMANDS entry, and each of its
    # options (but -h/--help, which GLOBAL OPTIONS covers) an item of its own
    # in that entry and a mention in that block.
    local listed
    listed=$(help_commands)
    [[ -n "$listed" ]] || problems+=("followup --help lists no commands")
    while read -r cmd; do
        usage=$(synopsis_of "$cmd" <<<"$synopsis")
        entry=$(entry_of "$cmd" <<<"$commands")
        [[ -n "$usage" ]] || problems+=("command $cmd is not in the SYNOPSIS")
        if [[ -z "$entry" ]]; then
            problems+=("command $cmd has no entry in COMMANDS")
            continue
        fi
        documented=$(item_options 13 <<<"$entry")
        # A command group (mail) offers its commands' options: `mail sync --dry-run`.
        offered=$(
            "$FOLLOWUP_BIN" "$cmd" --help | help_options
            "$FOLLOWUP_BIN" "$cmd" --help | sed -n '/^Subcommands:/,/^$/p' |
                grep -oE '^  [a-z][a-z0-9_-]*' | while read -r sub; do
                "$FOLLOWUP_BIN" "$cmd" "$sub" --help | help_options
            done
        )
        [[ -n "$offered" ]] || problems+=("followup $cmd --help lists no options")
        while read -r option; do
            [[ -z "$option" || "$option" == -h || "$option" == --help ]] && continue
            has_line "$option" "$documented" ||
                problems+=("option $option of $cmd has no item in its COMMANDS entry")
            mentions_option "$option" "$usage" ||
                problems+=("option $option of $cmd is not in its SYNOPSIS")
        done <<<"$offered"
        # And nothing the binary does not have.
        while read -r option; do
            [[ -n "$option" ]] || continue
            has_line "$option" "$offered" ||
                problems+=("the entry of $cmd documents $option, which followup $cmd lacks")
        done <<<"$documented"
    done <<<"$listed"
    while read -r cmd; do
        [[ -n "$cmd" ]] || continue
        has_line "$cmd" "$listed" ||
            problems+=("COMMANDS documents $cmd, which followup --help does not list")
    done < <(entry_commands <<<"$commands")

    if ((${#problems[@]})); then
        printf '%s\n' "${problems[@]}"
        return 1
    fi
}

# A copy of the page with a sed edit applied; fails if the edit changed nothing.
mutated_copy() {
    local copy="$BATS_TEST_TMPDIR/followup.1"
    sed "$1" "$MAN_PAGE" >"$copy"
    if cmp -s "$copy" "$MAN_PAGE"; then
        echo "the edit '$1' changed nothing" >&2
        return 1
    fi
    echo "$copy"
}

# --- the tests --------------------------------------------------------------

@test "mandoc -Tlint -W warning finds nothing in man/followup.1" {
    [[ -f "$MAN_PAGE" ]] || { echo "no $MAN_PAGE" >&2; return 1; }
    run mandoc -Tlint -W warning "$MAN_PAGE"
    echo "$output"
    [[ "$status" -eq 0 ]]
    [[ -z "$output" ]]
}

@test "the page is mdoc, not man(7), and has the expected sections" {
    grep -q '^\.Dt FOLLOWUP 1$' "$MAN_PAGE"
    ! grep -q '^\.TH ' "$MAN_PAGE"
    local text
    text=$(render "$MAN_PAGE")
    for name in NAME SYNOPSIS DESCRIPTION COMMANDS "GLOBAL OPTIONS" "DATES AND DURATIONS" \
        "STATES AND TIMING" SUGGESTIONS RANKING WARNINGS OUTPUT "THE CONFIG FILE" TEMPLATES \
        ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
        grep -qxF -- "$name" <<<"$text" || { echo "no section $name" >&2; return 1; }
    done
}

@test "help texts list the commands and options the checks rely on" {
    # Guards the extraction itself: if it broke, the checks below would be empty.
    local commands
    commands=$(help_commands)
    for cmd in add log due cooldown breakup list show edit close reopen rm config demo; do
        grep -qxF "$cmd" <<<"$commands" || { echo "no $cmd in: $commands" >&2; return 1; }
    done
    local due_options
    due_options=$("$FOLLOWUP_BIN" due --help | help_options)
    for option in --upcoming --tag --stage --limit --explain --all -q --quiet -o --format; do
        grep -qxF -- "$option" <<<"$due_options" || { echo "no $option in: $due_options" >&2; return 1; }
    done
    local global_options
    global_options=$("$FOLLOWUP_BIN" --help | help_options)
    for option in -h --help --version --db --today --color; do
        grep -qxF -- "$option" <<<"$global_options" || { echo "no $option in: $global_options" >&2; return 1; }
    done
}

@test "every command and option of every --help is documented in the man page" {
    run check_page "$MAN_PAGE"
    echo "$output"
    [[ "$status" -eq 0 ]]
    [[ -z "$output" ]]
}

@test "every command in followup --help has its own entry in the man page" {
    local commands entries
    commands=$(render "$MAN_PAGE" | section COMMANDS)
    entries=$(entry_commands <<<"$commands")
    while read -r cmd; do
        grep -qxF -- "$cmd" <<<"$entries" || { echo "no entry for $cmd" >&2; return 1; }
        [[ -n "$(entry_of "$cmd" <<<"$commands")" ]]
    done < <(help_commands)
}

@test "the check catches a long option missing from a command's entry" {
    local copy
    copy=$(mutated_copy '/^\.It Fl \\-upcoming /d')
    run check_page "$copy"
    echo "$output"
    [[ "$status" -eq 1 ]]
    [[ "$output" == *"option --upcoming of due has no item in its COMMANDS entry"* ]]
}

@test "the check catches a short option missing from a command's entry" {
    local copy
    copy=$(mutated_copy 's/^\.It Fl q , Fl \\-quiet$/.It Fl \\-quiet/')
    run check_page "$copy"
    echo "$output"
    [[ "$status" -eq 1 ]]
    [[ "$output" == *"option -q of due has no item in its COMMANDS entry"* ]]
    [[ "$output" != *"option --quiet of due"* ]]
}

@test "the check catches an option missing from the SYNOPSIS" {
    local copy
    copy=$(mutated_copy '/^\.Op Fl y | \\-yes$/d')
    run check_page "$copy"
    echo "$output"
    [[ "$status" -eq 1 ]]
    [[ "$output" == *"option -y of rm is not in its SYNOPSIS"* ]]
    [[ "$output" == *"option --yes of rm is not in its SYNOPSIS"* ]]
}

@test "the check catches a missing global option" {
    local copy
    copy=$(mutated_copy '/^\.It Fl \\-today Ar date$/d')
    run check_page "$copy"
    echo "$output"
    [[ "$status" -eq 1 ]]
    [[ "$output" == *"global option --today has no item in GLOBAL OPTIONS"* ]]
}

@test "the check catches a command without an entry" {
    local copy
    copy=$(mutated_copy 's/^\.It Nm Cm demo$/.It Cm demo/')
    run check_page "$copy"
    echo "$output"
    [[ "$status" -eq 1 ]]
    [[ "$output" == *"command demo has no entry in COMMANDS"* ]]
}

@test "the check catches a documented option the binary lacks" {
    local copy
    copy=$(mutated_copy 's/^\.It Fl \\-untag Ar tag$/.It Fl \\-untag Ar tag\n.It Fl \\-frobnicate\nNo such thing./')
    run check_page "$copy"
    echo "$output"
    [[ "$status" -eq 1 ]]
    [[ "$output" == *"the entry of edit documents --frobnicate, which followup edit lacks"* ]]
}
