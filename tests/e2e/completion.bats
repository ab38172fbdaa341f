#!/usr/bin/env bats
# The shell completions in completions/, each loaded in its real shell
# against a real database: bash (through bash-completion, by calling the
# completion function with COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT, and
# through real readline on a pty), zsh (compinit on a pty driven by the
# zsh/zpty module) and fish (`complete -C`).
#
# What is checked, in each shell: every subcommand; every option `--help`
# lists for `log` and `due`; every fixed value list after its option
# (channels, purposes, stages, states, formats, colour modes); the day after
# `snooze PROSPECT` (dates and durations, not today or before); and prospect
# names with a space, an apostrophe and accents, as the shell would insert
# them; where they come from (--db on the line, before or after the command,
# also a path with a space; else FOLLOWUP_DB; else the default database);
# every command that takes PROSPECT; closed prospects for reopen only; ids
# for digits; and speed with 100,000 prospects.
#
# How zsh is driven: `zsh -f -i` runs on a pty (zpty) with compinit and
# completions/ first in $fpath. compadd is wrapped by a function that first
# asks the real builtin `compadd -A` which of the candidates match what was
# typed (that is zsh's own matching and quoting), writes them to a file, and
# then adds them for real; a key bound to a widget writes $BUFFER (the line
# after completion) to the same file. Nothing is read back from the screen.
# If the script stops offering a candidate, it is missing from the file and
# the test fails.

bats_require_minimum_version 1.5.0
load helpers

# The fixed values of PRODUCT.md ("Values"), not what the binary says: the
# completions must offer what the contract names.
CHANNELS="email call voicemail text social mail visit video referral"
PURPOSES="checkin value intro proposal meeting reversing"
STAGES="lead engaged proposal"
STATES="active booked cooling breakup nurture closed"
FORMATS="table tsv csv json"
COLOURS="auto always never"
# The team settings `config --set` and `--unset` take.
SETTINGS="cadence.default schedule.business_days schedule.first_touch schedule.after_reply
schedule.nurture_every schedule.nurture_after_reversing schedule.holidays schedule.daily_capacity
breakup.after breakup.invested cooldown.default cooldown.overheat_touches cooldown.overheat_within"

ANN="Ann Lee"
SAM="Sam O'Brien"
ZOE="Zoë Ångström"
DEE='Dee "DJ" Jones'
PAT="Pat O'Neil"
LEE="Lee O'Hara"

setup_file() {
    if [[ -z "${FOLLOWUP_BIN:-}" || ! -x "${FOLLOWUP_BIN}" ]]; then
        echo "FOLLOWUP_BIN must name the built followup binary (got '${FOLLOWUP_BIN:-}')" >&2
        return 1
    fi
    if [[ -z "${FOLLOWUP_SOURCE_DIR:-}" || ! -d "$FOLLOWUP_SOURCE_DIR/completions" ]]; then
        echo "FOLLOWUP_SOURCE_DIR must name the source tree (got '${FOLLOWUP_SOURCE_DIR:-}')" >&2
        return 1
    fi
    # The scripts call `followup` (fish) or the typed command word (bash, zsh):
    # a folder with the binary under that name goes first on PATH.
    mkdir -p "$BATS_FILE_TMPDIR/bin"
    ln -sf "$FOLLOWUP_BIN" "$BATS_FILE_TMPDIR/bin/followup"

    # One shared HOME whose default database holds the prospects, and a second
    # database that only `--db` reaches.
    local home="$BATS_FILE_TMPDIR/home"
    mkdir -p "$home"
    local bin="$BATS_FILE_TMPDIR/bin/followup" name
    for name in "$ANN" "$SAM" "$ZOE" "$DEE" "Bo Chen"; do
        HOME=$home XDG_DATA_HOME=$home/.local/share XDG_CONFIG_HOME=$home/.config \
            FOLLOWUP_DB= "$bin" --today "$DEFAULT_TODAY" add "$name" >/dev/null
    done
    # A closed prospect is not offered.
    HOME=$home XDG_DATA_HOME=$home/.local/share XDG_CONFIG_HOME=$home/.config \
        FOLLOWUP_DB= "$bin" --today "$DEFAULT_TODAY" add "Anna Closed" >/dev/null
    HOME=$home XDG_DATA_HOME=$home/.local/share XDG_CONFIG_HOME=$home/.config \
        FOLLOWUP_DB= "$bin" --today "$DEFAULT_TODAY" close "Anna Closed" --lost >/dev/null
    mkdir -p "$BATS_FILE_TMPDIR/other"
    "$bin" --db "$BATS_FILE_TMPDIR/other/other.db" --today "$DEFAULT_TODAY" \
        add "Only In Other" >/dev/null
    # One that only FOLLOWUP_DB reaches, and one in a folder with a space.
    mkdir -p "$BATS_FILE_TMPDIR/env" "$BATS_FILE_TMPDIR/my files"
    for name in "$PAT" "Mia Rossi"; do
        "$bin" --db "$BATS_FILE_TMPDIR/env/env.db" --today "$DEFAULT_TODAY" add "$name" >/dev/null
    done
    "$bin" --db "$BATS_FILE_TMPDIR/my files/follow up.db" --today "$DEFAULT_TODAY" \
        add "$LEE" >/dev/null
    # On a server, FOLLOWUP_DB names a database there (the default database and
    # those typed after --db on a command line stay files).
    if [[ $FOLLOWUP_TEST_BACKEND != sqlite ]]; then
        local env_db
        env_db=$(fu_file_db env) || return 1
        printf '%s\n' "$env_db" >"$BATS_FILE_TMPDIR/env.url"
        for name in "$PAT" "Mia Rossi"; do
            "$bin" --db "$env_db" --today "$DEFAULT_TODAY" add "$name" >/dev/null
        done
    fi

    write_harnesses
}

setup() {
    fu_setup
    export HOME="$BATS_FILE_TMPDIR/home"
    export XDG_DATA_HOME="$HOME/.local/share"
    export XDG_CONFIG_HOME="$HOME/.config"
    export PATH="$BATS_FILE_TMPDIR/bin:$PATH"
    OTHER_DB="$BATS_FILE_TMPDIR/other/other.db"
    ENV_DB="$BATS_FILE_TMPDIR/env/env.db"
    [[ $FOLLOWUP_TEST_BACKEND == sqlite ]] || ENV_DB=$(cat "$BATS_FILE_TMPDIR/env.url")
    SPACE_DB="$BATS_FILE_TMPDIR/my files/follow up.db"
    COMPLETIONS="$FOLLOWUP_SOURCE_DIR/completions"
}

# --- the harnesses ------------------------------------------------------------

write_harnesses() {
    # bash: COMP_* set by hand, then the function `complete -p followup` names.
    # Arguments: the script, then the words; the last word is completed.
    cat >"$BATS_FILE_TMPDIR/bash_complete.bash" <<'EOF'
script=$1
shift
source /usr/share/bash-completion/bash_completion || exit 3
source "$script" || exit 3
spec=$(complete -p followup 2>/dev/null) || { echo "no completion registered for followup" >&2; exit 3; }
[[ $spec =~ -F\ ([^ ]+) ]] || { echo "not a function completion: $spec" >&2; exit 3; }
function=${BASH_REMATCH[1]}
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMP_TYPE=9
COMP_KEY=9
COMPREPLY=()
"$function" followup "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
(( ${#COMPREPLY[@]} == 0 )) || printf '%s\n' "${COMPREPLY[@]}"
EOF

    # bash on a pty, through readline: what TAB really puts on the line.
    cat >"$BATS_FILE_TMPDIR/bash_setup.bash" <<'EOF'
PS1='' PS2=''
bind 'set bell-style none'
source /usr/share/bash-completion/bash_completion
source "$FU_SCRIPT"
_fu_k=1
_fu_dump() {
    { printf 'buffer:%s\n' "$READLINE_LINE"; printf '<<done>>\n'; } >>"$FU_OUT.$_fu_k"
    _fu_k=$((_fu_k + 1))
    READLINE_LINE=''
    READLINE_POINT=0
}
bind -x '"\C-t": _fu_dump'
printf '<<ready>>\n' >>"$FU_OUT.0"
EOF

    # zsh on a pty: compadd is wrapped to record the matches (see the top).
    cat >"$BATS_FILE_TMPDIR/zsh_setup.zsh" <<'EOF'
PS1='' PROMPT='' RPROMPT='' PS2=''
unsetopt BEEP
LISTMAX=100000
fpath=("$FU_COMPDIR" $fpath)
autoload -U compinit && compinit -u -D
zstyle ':completion:*' insert-tab false
_fu_k=1
compadd() {
    # Calls that only compute matches (-O, -A, -D) are passed on as they are.
    if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
        builtin compadd "$@"
        return
    fi
    local -a _fu_hits
    builtin compadd -A _fu_hits "$@"
    local _fu_hit
    for _fu_hit in "${_fu_hits[@]}"; do
        print -r -- "match:$_fu_hit"
    done >>"$FU_OUT.$_fu_k"
    builtin compadd "$@"
}
_fu_dump() {
    { print -r -- "buffer:$BUFFER"; print -r -- "<<done>>" } >>"$FU_OUT.$_fu_k"
    (( _fu_k++ ))
    BUFFER=''
}
zle -N _fu_dump
bindkey '^T' _fu_dump
print -r -- "<<ready>>" >>"$FU_OUT.0"
EOF

    # The pty driver, for both shells: zsh -f pty_driver.zsh SHELL SETUP LINE...
    # For each line: types it, TAB, then ^T; the results land in $FU_OUT.N.
    cat >"$BATS_FILE_TMPDIR/pty_driver.zsh" <<'EOF'
zmodload zsh/zpty || { print -u2 "the zsh/zpty module is missing"; exit 3 }
shell=$1 setup=$2
shift 2
case $shell in
    zsh) zpty fu zsh -f -i ;;
    bash) zpty fu bash --norc --noprofile -i ;;
esac || { print -u2 "cannot start $shell on a pty"; exit 3 }
wait_for() {
    local i junk
    for i in {1..600}; do
        while zpty -r -t fu junk 2>/dev/null; do :; done
        [[ -f $1 ]] && grep -qxF -- $2 $1 && return 0
        sleep 0.05
    done
    print -u2 "$shell on a pty: timed out waiting for $2 in $1"
    [[ -f $1 ]] && cat $1 >&2
    zpty -d fu
    exit 3
}
zpty -w fu "source ${(q)setup}"
wait_for $FU_OUT.0 '<<ready>>'
integer k=0
for line in "$@"; do
    (( k++ ))
    zpty -w -n fu "$line"$'\t\x14'
    wait_for $FU_OUT.$k '<<done>>'
done
zpty -d fu
exit 0
EOF
}

# Completes each LINE in SHELL (bash, bash-readline, zsh or fish). Sets
# CANDIDATES[i] (one candidate a line, as the shell would insert it; for fish,
# as `complete -C` lists it) and, for the pty shells, BUFFERS[i] (the line
# after TAB). A line ending in a space completes an empty word.
# complete_lines SHELL LINE...
complete_lines() {
    local shell=$1
    shift
    CANDIDATES=()
    BUFFERS=()
    local i=0 line
    case $shell in
        bash)
            for line in "$@"; do
                local -a words
                read -ra words <<<"$line"
                [[ $line != *' ' ]] || words+=('')
                CANDIDATES[i]=$(bash --norc --noprofile "$BATS_FILE_TMPDIR/bash_complete.bash" \
                    "$COMPLETIONS/followup.bash" "${words[@]}") ||
                    fail "bash: completing '$line' failed" || return 1
                i=$((i + 1))
            done
            ;;
        fish)
            for line in "$@"; do
                CANDIDATES[i]=$(fish --no-config -c 'source $argv[1]; or exit 3; complete -C$argv[2]' \
                    "$COMPLETIONS/followup.fish" "$line" | cut -f1) ||
                    fail "fish: completing '$line' failed" || return 1
                i=$((i + 1))
            done
            ;;
        zsh | bash-readline)
            local out="$BATS_TEST_TMPDIR/pty.$shell" setup
            rm -f "$out".*
            if [[ $shell == zsh ]]; then
                setup="$BATS_FILE_TMPDIR/zsh_setup.zsh"
            else
                setup="$BATS_FILE_TMPDIR/bash_setup.bash"
            fi
            FU_OUT=$out FU_COMPDIR=$COMPLETIONS FU_SCRIPT="$COMPLETIONS/followup.bash" \
                zsh -f "$BATS_FILE_TMPDIR/pty_driver.zsh" "${shell%-readline}" "$setup" "$@" ||
                fail "$shell: the pty driver failed" || return 1
            for ((i = 0; i < $#; i++)); do
                CANDIDATES[i]=$(sed -n 's/^match://p' "$out.$((i + 1))")
                BUFFERS[i]=$(sed -n 's/^buffer://p' "$out.$((i + 1))")
            done
            ;;
    esac
}

# The words of $1 (a list separated by spaces), one a line.
words() {
    tr ' ' '\n' <<<"$1"
}

# The lines of $1 that start with $2 (fish adds fuzzy matches when no
# candidate starts with what was typed; those are fish's, not the script's).
starting_with() {
    local line
    while IFS= read -r line; do
        [[ -z $line || $line != "$2"* ]] || printf '%s\n' "$line"
    done <<<"$1"
}

# assert_same_set ACTUAL EXPECTED WHAT: the same lines, in any order, ignoring
# duplicates and empty lines.
assert_same_set() {
    local actual expected
    actual=$(printf '%s\n' "$1" | sed '/^$/d' | LC_ALL=C sort -u)
    expected=$(printf '%s\n' "$2" | sed '/^$/d' | LC_ALL=C sort -u)
    if [[ "$actual" != "$expected" ]]; then
        fail "$3: offered and expected differ (< offered, > expected):" \
            "$(diff <(printf '%s\n' "$actual") <(printf '%s\n' "$expected"))"
    fi
}

# assert_offers CANDIDATES(lines) WHAT WORD... : each WORD is one of the lines.
assert_offers() {
    local candidates=$1 what=$2 word
    shift 2
    for word in "$@"; do
        if ! grep -qxF -- "$word" <<<"$candidates"; then
            fail "$what: '$word' is not offered" "offered:" "$candidates"
            return 1
        fi
    done
}

assert_not_offered() {
    local candidates=$1 what=$2 word
    shift 2
    for word in "$@"; do
        if grep -qxF -- "$word" <<<"$candidates"; then
            fail "$what: '$word' is offered but should not be" "offered:" "$candidates"
            return 1
        fi
    done
}

# The option names `followup COMMAND --help` lists, one a line ("-o" and
# "--format" from "  -o,--format FORMAT=table   Output format").
help_options() {
    "$FOLLOWUP_BIN" "$1" --help | sed -n '/^Options:/,/^$/p' | grep -oE '^  -[-A-Za-z0-9,]*' |
        tr -d ' ' | tr ',' '\n' | grep -E '^--?[A-Za-z0-9]'
}

command_names() {
    "$FOLLOWUP_BIN" __complete commands | cut -f1
}

need_shell() {
    case $1 in
        bash | bash-readline)
            [[ -f /usr/share/bash-completion/bash_completion ]] ||
                skip "bash-completion is not installed (scripts/install-deps --test)"
            ;;
        *) command -v "$1" >/dev/null || skip "$1 is not installed (scripts/install-deps --test)" ;;
    esac
    [[ $1 != bash-readline ]] || command -v zsh >/dev/null ||
        skip "zsh (for its zpty module) is not installed"
}

# --- the checks, for any shell ------------------------------------------------

check_commands() {
    local shell=$1
    need_shell "$shell"
    local expected
    expected=$(command_names)
    [[ $(wc -l <<<"$expected") -ge 15 ]] || fail "__complete commands lists too few: $expected" || return 1
    complete_lines "$shell" 'followup ' 'followup du' 'followup --today 2026-11-02 co' || return 1
    assert_same_set "${CANDIDATES[0]}" "$expected" "$shell: 'followup <TAB>'" || return 1
    assert_not_offered "${CANDIDATES[0]}" "$shell: 'followup <TAB>'" __complete || return 1
    assert_same_set "${CANDIDATES[1]}" "due" "$shell: 'followup du<TAB>'" || return 1
    assert_same_set "${CANDIDATES[2]}" "$(grep '^co' <<<"$expected")" \
        "$shell: 'followup --today 2026-11-02 co<TAB>'"
}

check_options() {
    local shell=$1 command
    need_shell "$shell"
    local -a lines=()
    for command in log due; do
        lines+=("followup $command -" "followup $command --")
    done
    complete_lines "$shell" "${lines[@]}" || return 1
    local i=0 expected option
    for command in log due; do
        expected=$(help_options "$command")
        [[ $(wc -l <<<"$expected") -ge 8 ]] || fail "$command --help lists too few options: $expected" || return 1
        # Every option of the command (the global ones may come too).
        # shellcheck disable=SC2046
        assert_offers "${CANDIDATES[i]}" "$shell: 'followup $command -<TAB>'" $expected || return 1
        assert_offers "${CANDIDATES[i]}" "$shell: 'followup $command -<TAB>'" --db --today --color || return 1
        # After "--", the long ones, and nothing else.
        assert_offers "${CANDIDATES[i + 1]}" "$shell: 'followup $command --<TAB>'" \
            $(grep -- '^--' <<<"$expected") || return 1
        while IFS= read -r option; do
            [[ $option == --* ]] || fail "$shell: 'followup $command --<TAB>' offers '$option'" || return 1
        done <<<"${CANDIDATES[i + 1]}"
        i=$((i + 2))
    done
    # Options of one command are not offered for another.
    complete_lines "$shell" 'followup due --ch' 'followup log --ch' 'followup log --ex' || return 1
    assert_same_set "$(starting_with "${CANDIDATES[0]}" --ch)" "" "$shell: 'followup due --ch<TAB>'" || return 1
    assert_same_set "${CANDIDATES[1]}" "--channel" "$shell: 'followup log --ch<TAB>'" || return 1
    assert_same_set "$(starting_with "${CANDIDATES[2]}" --ex)" "" "$shell: 'followup log --ex<TAB>'"
}

check_values() {
    local shell=$1
    need_shell "$shell"
    local -a lines=(
        'followup log Ann --channel '
        'followup log Ann --purpose '
        'followup log Ann --stage '
        'followup due --stage '
        'followup list --state '
        'followup due -o '
        'followup due --format '
        'followup --color '
        'followup due --color '
        'followup log Ann --channel vo'
        'followup due -o j'
        'followup log Ann --next 2026-11-20 --next-channel '
        'followup draft Ann --purpose '
        'followup draft Ann --channel '
        'followup config --set '
        'followup config --unset sch'
    )
    local -a expected=(
        "$(words "$CHANNELS")" "$(words "$PURPOSES")" "$(words "$STAGES")" "$(words "$STAGES")"
        "$(words "$STATES")" "$(words "$FORMATS")" "$(words "$FORMATS")"
        "$(words "$COLOURS")" "$(words "$COLOURS")" "voicemail" "json" "$(words "$CHANNELS")"
        "$(words "$PURPOSES")" "$(words "$CHANNELS")"
        "$(words "$SETTINGS")" "$(words "$(tr ' ' '\n' <<<"$SETTINGS" | grep '^sch')")"
    )
    complete_lines "$shell" "${lines[@]}" || return 1
    local i
    for ((i = 0; i < ${#lines[@]}; i++)); do
        assert_same_set "${CANDIDATES[i]}" "${expected[i]}" "$shell: '${lines[i]}<TAB>'" || return 1
    done
}

# Prospect names, from the default database and from --db. The arguments are the
# names as the shell offers them (quoted for bash and zsh), in the order Ann Lee,
# Sam O'Brien, Zoë Ångström, Dee "DJ" Jones, Bo Chen.
check_prospects() {
    local shell=$1 ann=$2 sam=$3 zoe=$4 dee=$5 bo=$6
    need_shell "$shell"
    complete_lines "$shell" \
        'followup log ' \
        'followup show sam' \
        'followup --today 2026-11-02 edit Ann' \
        'followup cooldown zo' \
        "followup --db $OTHER_DB show " \
        'followup due ' || return 1
    assert_same_set "${CANDIDATES[0]}" "$(printf '%s\n' "$ann" "$sam" "$zoe" "$dee" "$bo")" \
        "$shell: 'followup log <TAB>'" || return 1
    assert_same_set "${CANDIDATES[1]}" "$sam" "$shell: 'followup show sam<TAB>'" || return 1
    assert_same_set "${CANDIDATES[2]}" "$ann" "$shell: 'followup --today 2026-11-02 edit Ann<TAB>'" || return 1
    assert_same_set "${CANDIDATES[3]}" "$zoe" "$shell: 'followup cooldown zo<TAB>'" || return 1
    assert_same_set "${CANDIDATES[4]}" "$(
        if [[ $shell == fish ]]; then echo "Only In Other"; else echo 'Only\ In\ Other'; fi
    )" "$shell: 'followup --db OTHER show <TAB>'" || return 1
    # due takes no prospect.
    assert_same_set "${CANDIDATES[5]}" "" "$shell: 'followup due <TAB>'"
}

# Where the names come from and which: --db on the line (before or after the
# command, also as --db=PATH) wins over FOLLOWUP_DB, which wins over the
# default database; every command that takes PROSPECT completes it; reopen
# offers the closed prospects and only them; digits offer ids. The arguments
# are names as the shell offers them: Pat O'Neil, Mia Rossi, Only In Other,
# Anna Closed, Bo Chen.
check_sources() {
    local shell=$1 pat=$2 mia=$3 only=$4 anna=$5 bo=$6
    need_shell "$shell"
    export FOLLOWUP_DB=$ENV_DB
    complete_lines "$shell" \
        'followup show ' \
        "followup --db $OTHER_DB show " \
        "followup log --db $OTHER_DB " \
        "followup --db=$OTHER_DB edit " \
        'followup rm pa' \
        'followup show 1' || return 1
    assert_same_set "${CANDIDATES[0]}" "$(printf '%s\n' "$pat" "$mia")" \
        "$shell: FOLLOWUP_DB=ENV 'followup show <TAB>'" || return 1
    assert_same_set "${CANDIDATES[1]}" "$only" "$shell: FOLLOWUP_DB=ENV 'followup --db OTHER show <TAB>'" || return 1
    assert_same_set "${CANDIDATES[2]}" "$only" "$shell: FOLLOWUP_DB=ENV 'followup log --db OTHER <TAB>'" || return 1
    assert_same_set "${CANDIDATES[3]}" "$only" "$shell: FOLLOWUP_DB=ENV 'followup --db=OTHER edit <TAB>'" || return 1
    assert_same_set "${CANDIDATES[4]}" "$pat" "$shell: FOLLOWUP_DB=ENV 'followup rm pa<TAB>'" || return 1
    assert_same_set "${CANDIDATES[5]}" "1" "$shell: FOLLOWUP_DB=ENV 'followup show 1<TAB>'" || return 1
    unset FOLLOWUP_DB

    local -a lines=() command
    for command in log snooze show edit close rm cooldown breakup draft; do
        lines+=("followup $command b")
    done
    lines+=('followup reopen b' 'followup reopen ' 'followup show 6' 'followup reopen 6' 'followup log 2')
    complete_lines "$shell" "${lines[@]}" || return 1
    local i
    for ((i = 0; i < 9; i++)); do
        assert_same_set "${CANDIDATES[i]}" "$bo" "$shell: '${lines[i]}<TAB>'" || return 1
    done
    assert_same_set "${CANDIDATES[9]}" "" "$shell: 'followup reopen b<TAB>' (Bo is open)" || return 1
    assert_same_set "${CANDIDATES[10]}" "$anna" "$shell: 'followup reopen <TAB>'" || return 1
    assert_same_set "${CANDIDATES[11]}" "" "$shell: 'followup show 6<TAB>' (6 is closed)" || return 1
    assert_same_set "${CANDIDATES[12]}" "6" "$shell: 'followup reopen 6<TAB>'" || return 1
    assert_same_set "${CANDIDATES[13]}" "2" "$shell: 'followup log 2<TAB>'"
}

# snooze PROSPECT WHEN: the prospect first, then the day: the dates and
# durations the binary offers, but not today or yesterday (a snooze moves
# the next action later); options still after a dash.
check_snooze() {
    local shell=$1 bo=$2
    need_shell "$shell"
    local days
    days=$(
        "$FOLLOWUP_BIN" __complete values date | grep -vxE 'today|yesterday'
        "$FOLLOWUP_BIN" __complete values duration
    )
    [[ $(wc -l <<<"$days") -ge 8 ]] || fail "too few dates and durations: $days" || return 1
    grep -qx 2w <<<"$days" || fail "no duration 2w among: $days" || return 1
    complete_lines "$shell" \
        'followup snooze B' \
        'followup snooze Bo ' \
        'followup --db '"$OTHER_DB"' snooze Bo +' \
        'followup snooze Bo --' || return 1
    assert_same_set "${CANDIDATES[0]}" "$bo" "$shell: 'followup snooze B<TAB>'" || return 1
    assert_same_set "${CANDIDATES[1]}" "$days" "$shell: 'followup snooze Bo <TAB>'" || return 1
    assert_same_set "${CANDIDATES[2]}" "$(grep '^+' <<<"$days")" \
        "$shell: 'followup --db OTHER snooze Bo +<TAB>'" || return 1
    assert_offers "${CANDIDATES[3]}" "$shell: 'followup snooze Bo --<TAB>'" --end
}

# --- bash ---------------------------------------------------------------------

@test "bash: every subcommand" {
    check_commands bash
}

@test "bash: every option of log and due" {
    check_options bash
}

@test "bash: channels, purposes, stages, states, formats and colours after their option" {
    check_values bash
}

@test "bash: prospect names come back quoted for the command line" {
    check_prospects bash 'Ann\ Lee' "Sam\\ O\\'Brien" 'Zoë\ Ångström' 'Dee\ \"DJ\"\ Jones' 'Bo\ Chen'
}

@test "bash: prospects from --db, else FOLLOWUP_DB, else the default; ids; every command; reopen" {
    check_sources bash "Pat\\ O\\'Neil" 'Mia\ Rossi' 'Only\ In\ Other' 'Anna\ Closed' 'Bo\ Chen'
}

@test "bash: after snooze PROSPECT, the day: dates and durations" {
    check_snooze bash 'Bo\ Chen'
}

@test "bash: real readline, a --db path with a space and a name with an apostrophe" {
    need_shell bash-readline
    complete_lines bash-readline \
        "followup --db \"$SPACE_DB\" log l" \
        "followup show --db '$SPACE_DB' \"L" \
        "followup --db ${SPACE_DB// /\\ } cooldown 'L"
    assert_equal "${BUFFERS[0]}" "followup --db \"$SPACE_DB\" log Lee\\ O\\'Hara " "bash: --db \"PATH\" log l<TAB>" || return 1
    assert_last_word_is bash "followup show --db PATH \"L" "${BUFFERS[1]}" "$LEE" || return 1
    assert_last_word_is bash "followup --db PATH cooldown 'L" "${BUFFERS[2]}" "$LEE"
}

@test "bash: after an opening double quote, names come back as they are" {
    need_shell bash
    complete_lines bash 'followup show "Sam' 'followup show "ann'
    assert_same_set "${CANDIDATES[0]}" "$SAM" "bash: 'followup show \"Sam<TAB>'"
    assert_same_set "${CANDIDATES[1]}" "$ANN" "bash: 'followup show \"ann<TAB>'"
}

@test "bash: real readline puts a quoted name on the line" {
    need_shell bash-readline
    complete_lines bash-readline \
        'followup log sa' \
        'followup show An' \
        'followup log "Sa' \
        'followup cooldown zo' \
        'followup lo' \
        'followup log Ann --channel vo'
    assert_equal "${BUFFERS[0]}" "followup log Sam\\ O\\'Brien " "bash: the line after 'followup log sa<TAB>'"
    assert_equal "${BUFFERS[1]}" "followup show Ann\\ Lee " "bash: the line after 'followup show An<TAB>'"
    assert_equal "${BUFFERS[2]}" "followup log \"Sam O'Brien\" " "bash: the line after 'followup log \"Sa<TAB>'"
    assert_equal "${BUFFERS[3]}" "followup cooldown Zoë\\ Ångström " "bash: the line after 'followup cooldown zo<TAB>'"
    assert_equal "${BUFFERS[4]}" "followup log " "bash: the line after 'followup lo<TAB>'"
    assert_equal "${BUFFERS[5]}" "followup log Ann --channel voicemail " "bash: the line after '--channel vo<TAB>'"
}

# The line after TAB, parsed by the shell, gives back the name.
# assert_parses_to SHELL TYPED LINE NAME
assert_parses_to() {
    local shell=$1 typed=$2 line=$3 name=$4
    local -a words=()
    if ! eval "words=(${line})" 2>/dev/null; then
        fail "$shell: the line after '$typed<TAB>' does not parse: $line"
        return 1
    fi
    assert_equal "${words[2]:-}" "$name" "$shell: the name after '$typed<TAB>' (line: $line)"
}

@test "bash: real readline, names that parse back exactly" {
    need_shell bash-readline
    local -a typed=('followup log sa' 'followup log "Sa' 'followup log de' "followup log 'De")
    local -a names=("$SAM" "$SAM" "$DEE" "$DEE")
    complete_lines bash-readline "${typed[@]}"
    local i
    for ((i = 0; i < ${#typed[@]}; i++)); do
        assert_parses_to bash "${typed[i]}" "${BUFFERS[i]}" "${names[i]}" || return 1
    done
}

# The same for the last word of the line.
# assert_last_word_is SHELL TYPED LINE NAME
assert_last_word_is() {
    local shell=$1 typed=$2 line=$3 name=$4
    local -a words=()
    if ! eval "words=(${line})" 2>/dev/null; then
        fail "$shell: the line after '$typed<TAB>' does not parse: $line"
        return 1
    fi
    assert_equal "${words[${#words[@]} - 1]:-}" "$name" "$shell: the name after '$typed<TAB>' (line: $line)"
}

@test "bash: real readline after an opening single quote, a name with an apostrophe" {
    need_shell bash-readline
    complete_lines bash-readline "followup log 'Sa"
    assert_parses_to bash "followup log 'Sa" "${BUFFERS[0]}" "$SAM"
}

@test "bash: real readline after an opening double quote, a name with a double quote" {
    need_shell bash-readline
    complete_lines bash-readline 'followup log "De'
    assert_parses_to bash 'followup log "De' "${BUFFERS[0]}" "$DEE"
}

@test "bash: completing a prospect stays quick with 100,000 prospects" {
    sqlite_only "builds its 100,000 prospects with the sqlite3 shell"
    need_shell bash
    command -v sqlite3 >/dev/null || skip "sqlite3 is not installed (scripts/install-deps --test)"
    local big="$BATS_TEST_TMPDIR/big.db"
    "$FOLLOWUP_BIN" --db "$big" --today "$DEFAULT_TODAY" add "Seed Person" >/dev/null
    sqlite3 "$big" "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
        INSERT INTO prospects (name, company, created_on)
        SELECT 'Person' || printf('%06d', i), 'Company ' || (i % 7), '$DEFAULT_TODAY' FROM n; COMMIT;" ||
        fail "cannot fill the database" || return 1
    local start end
    start=$(date +%s%N)
    complete_lines bash "followup --db $big log person0001" "followup --db $big show 9999" || return 1
    end=$(date +%s%N)
    [[ $(wc -l <<<"${CANDIDATES[0]}") -eq 100 ]] ||
        fail "'log person0001<TAB>' offers $(wc -l <<<"${CANDIDATES[0]}") names, not 100" || return 1
    # 9999 and 99990-99999 (ids are one more than the number in the name).
    [[ $(wc -l <<<"${CANDIDATES[1]}") -eq 11 ]] ||
        fail "'show 9999<TAB>' offers: ${CANDIDATES[1]}" || return 1
    # Both, each in a fresh bash that loads bash-completion: well under a
    # second each on a laptop; the bound leaves room for sanitizers and load.
    (((end - start) / 1000000 < 4000)) || fail "two completions took $(((end - start) / 1000000)) ms"
}

# --- zsh ----------------------------------------------------------------------

@test "zsh: every subcommand" {
    check_commands zsh
}

@test "zsh: every option of log and due" {
    check_options zsh
}

@test "zsh: channels, purposes, stages, states, formats and colours after their option" {
    check_values zsh
}

@test "zsh: prospect names come back quoted for the command line" {
    check_prospects zsh 'Ann\ Lee' "Sam\\ O\\'Brien" 'Zoë\ Ångström' 'Dee\ \"DJ\"\ Jones' 'Bo\ Chen'
}

@test "zsh: prospects from --db, else FOLLOWUP_DB, else the default; ids; every command; reopen" {
    check_sources zsh "Pat\\ O\\'Neil" 'Mia\ Rossi' 'Only\ In\ Other' 'Anna\ Closed' 'Bo\ Chen'
}

@test "zsh: after snooze PROSPECT, the day: dates and durations" {
    check_snooze zsh 'Bo\ Chen'
}

@test "zsh: a --db path with a space and a name with an apostrophe" {
    need_shell zsh
    complete_lines zsh \
        "followup --db \"$SPACE_DB\" log l" \
        "followup show --db '$SPACE_DB' \"L" \
        "followup --db ${SPACE_DB// /\\ } cooldown 'L"
    assert_same_set "${CANDIDATES[0]}" "Lee\\ O\\'Hara" "zsh: --db \"PATH\" log l<TAB>" || return 1
    assert_equal "${BUFFERS[0]}" "followup --db \"$SPACE_DB\" log Lee\\ O\\'Hara " "zsh: --db \"PATH\" log l<TAB>" || return 1
    assert_last_word_is zsh "followup show --db PATH \"L" "${BUFFERS[1]}" "$LEE" || return 1
    assert_last_word_is zsh "followup --db PATH cooldown 'L" "${BUFFERS[2]}" "$LEE"
}

@test "zsh: TAB puts a correctly quoted name on the line, in every quoting style" {
    need_shell zsh
    complete_lines zsh \
        'followup log sa' \
        'followup show An' \
        'followup log "Sa' \
        "followup log 'Sa" \
        'followup cooldown zo' \
        'followup lo' \
        'followup log Ann --channel vo'
    assert_equal "${BUFFERS[0]}" "followup log Sam\\ O\\'Brien " "zsh: the line after 'followup log sa<TAB>'"
    assert_equal "${BUFFERS[1]}" "followup show Ann\\ Lee " "zsh: the line after 'followup show An<TAB>'"
    assert_equal "${BUFFERS[2]}" "followup log \"Sam O'Brien\" " "zsh: the line after 'followup log \"Sa<TAB>'"
    assert_equal "${BUFFERS[3]}" "followup log 'Sam O'\\''Brien' " "zsh: the line after \"followup log 'Sa<TAB>\""
    assert_equal "${BUFFERS[4]}" "followup cooldown Zoë\\ Ångström " "zsh: the line after 'followup cooldown zo<TAB>'"
    assert_equal "${BUFFERS[5]}" "followup log " "zsh: the line after 'followup lo<TAB>'"
    assert_equal "${BUFFERS[6]}" "followup log Ann --channel voicemail " "zsh: the line after '--channel vo<TAB>'"
    local -a typed=('followup log de' 'followup log "De' "followup log 'De" "followup log 'Sa")
    local -a names=("$DEE" "$DEE" "$DEE" "$SAM")
    complete_lines zsh "${typed[@]}"
    local i
    for ((i = 0; i < ${#typed[@]}; i++)); do
        assert_parses_to zsh "${typed[i]}" "${BUFFERS[i]}" "${names[i]}" || return 1
    done
}

# --- fish ---------------------------------------------------------------------

@test "fish: every subcommand" {
    check_commands fish
}

@test "fish: every option of log and due" {
    check_options fish
}

@test "fish: channels, purposes, stages, states, formats and colours after their option" {
    check_values fish
}

@test "fish: prospect names, with a space, an apostrophe and accents" {
    # fish lists candidates as they are and escapes them itself on insertion.
    check_prospects fish "$ANN" "$SAM" "$ZOE" "$DEE" "Bo Chen"
}

@test "fish: prospects from --db, else FOLLOWUP_DB, else the default; ids; every command; reopen" {
    check_sources fish "$PAT" "Mia Rossi" "Only In Other" "Anna Closed" "Bo Chen"
}

@test "fish: after snooze PROSPECT, the day: dates and durations" {
    check_snooze fish "Bo Chen"
}

@test "fish: a --db path with a space and a name with an apostrophe" {
    need_shell fish
    complete_lines fish \
        "followup --db \"$SPACE_DB\" log l" \
        "followup show --db '$SPACE_DB' \"L" \
        "followup --db ${SPACE_DB// /\\ } cooldown 'L"
    assert_same_set "${CANDIDATES[0]}" "$LEE" "fish: --db \"PATH\" log l<TAB>" || return 1
    assert_same_set "${CANDIDATES[1]}" "$LEE" "fish: show --db 'PATH' \"L<TAB>" || return 1
    assert_same_set "${CANDIDATES[2]}" "$LEE" "fish: --db PATH\\ WITH\\ SPACE cooldown 'L<TAB>"
}

@test "fish: after an opening quote, names are still offered" {
    need_shell fish
    complete_lines fish 'followup show "Sa' "followup show 'Sa"
    assert_same_set "${CANDIDATES[0]}" "$SAM" "fish: 'followup show \"Sa<TAB>'"
    assert_same_set "${CANDIDATES[1]}" "$SAM" "fish: \"followup show 'Sa<TAB>\""
}
