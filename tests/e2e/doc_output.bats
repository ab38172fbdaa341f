#!/usr/bin/env bats
# The documentation matches the output: every column list in README.md and
# man/followup.1 is the header (or the JSON keys) the binary prints, and every
# example with its output (a transcript) prints what it shows.
#
# Column lists:
#   - man page: the items of the "Columns" subsection of OUTPUT, each headed
#     by the command (".It Ic followup due Fl o Cm tsv") with its columns,
#     comma-separated, as its body;
#   - README: the rows of the table under "### Columns", a command in the
#     first cell and its columns, each in backquotes, in the second ("the
#     same, then" continues the row above; tsv and csv headers only).
#   Each command is run as written (Ar prospect: a demo prospect) and its tsv
#   or csv header compared in order, its JSON keys as a set.
# Transcripts: README's ```console blocks and the man page's EXAMPLES literal
# blocks that show output: "$ command" lines (a trailing \ continues one),
# each followed by what it prints (stdout and stderr as they come; trailing
# blanks ignored; a line "..." stands for any lines). A block whose first
# command adds a prospect starts from an empty database; every other block
# runs on the demo pipeline (followup demo) as of 2026-11-23 with
# sender.name = "Alex Seller", which the blocks of one file share in order.
# Blocks that import a file are not run (the CRM file is not there).
# Every pipeline example (followup ... | ...) must be in a transcript that runs,
# so none can claim an output nobody checked.

load helpers

DEMO_DAY=2026-11-23

setup() {
    fu_setup
    if [[ -z "${FOLLOWUP_SOURCE_DIR:-}" ]]; then
        echo "FOLLOWUP_SOURCE_DIR must name the source tree" >&2
        return 1
    fi
    README="$FOLLOWUP_SOURCE_DIR/README.md"
    MAN_PAGE="$FOLLOWUP_SOURCE_DIR/man/followup.1"
}

# --- columns ----------------------------------------------------------------

# The man page's column lists (file $1), one "command<TAB>col col ..." a line.
man_columns() {
    mandoc -Tutf8 -O width=1000 "$1" | col -bx | awk '
        /^[A-Z][A-Z ]*[A-Z]$/ { section = $0; next }
        section != "OUTPUT" { next }
        /^   [^ ]/ { sub(/^ +/, ""); inside = ($0 == "Columns"); next }
        !inside { next }
        /^     followup / { flush(); sub(/^ +/, ""); command = $0; columns = ""; next }
        /^       +[^ ]/ && command != "" { line = $0; gsub(/[ ,]+/, " ", line); columns = columns line; next }
        /^     [^ ]/ { flush() }
        function flush() {
            if (command != "") { sub(/^ /, "", columns); print command "\t" columns }
            command = ""
        }
        END { flush() }'
}

# The README's column lists (file $1), in the same form.
readme_columns() {
    awk '
        /^#+ / { inside = ($0 ~ /^#+ Columns$/); next }
        !inside || !/^\| `followup / { next }
        {
            split($0, cells, "|")
            command = cells[2]; gsub(/`/, "", command); gsub(/^ +| +$/, "", command)
            n = split(cells[3], words, "`"); columns = ""
            # "the same, then ...": the row above'"'"'s columns, then these.
            if (cells[3] ~ /^ *the same/) columns = previous
            for (i = 2; i <= n; i += 2) columns = columns (columns == "" ? "" : " ") words[i]
            previous = columns
            print command "\t" columns
        }' "$1"
}

# The demo pipeline as of DEMO_DAY, with one closed prospect.
demo_world() {
    TODAY=$DEMO_DAY
    fu demo >/dev/null
    fu close Tom --lost >/dev/null
}

# What a documented command prints as its columns, space-separated: the tsv
# or csv header in order, or the sorted keys of its (first) JSON object.
actual_columns() {
    local -a args
    read -r -a args <<<"${1#followup }"
    local i
    for i in "${!args[@]}"; do
        [[ ${args[$i],,} == prospect ]] && args[$i]=Dana
    done
    local out
    out=$(fu "${args[@]}") || return 1
    case " ${args[*]} " in
        *" json "*) jq -r '(if type == "array" then .[0] else . end) | keys[]' <<<"$out" | tr '\n' ' ' ;;
        *" csv "*) head -n 1 <<<"$out" | tr -d '\r' | tr ',' ' ' ;;
        *) head -n 1 <<<"$out" | tr '\t' ' ' ;;
    esac
}

# Prints every column list (stdin) that differs from the output; returns 1 if any.
check_columns() {
    local what=$1 command documented actual expected problems=0
    while IFS=$'\t' read -r command documented; do
        actual=$(actual_columns "$command" | sed 's/ *$//') ||
            { echo "$what: '$command' fails"; problems=1; continue; }
        expected=$documented
        if [[ $command == *json* ]]; then
            expected=$(tr ' ' '\n' <<<"$documented" | sort | tr '\n' ' ' | sed 's/ *$//')
        fi
        if [[ $actual != "$expected" ]]; then
            echo "$what: '$command' documents: $expected"
            echo "$what: '$command' prints:    $actual"
            problems=1
        fi
    done
    return $problems
}

@test "the man page's column lists are the headers and keys the commands print" {
    demo_world
    local lists
    lists=$(man_columns "$MAN_PAGE")
    # Guards the extraction: due, list, export and stats at least.
    for command in "followup due -o tsv" "followup list -o tsv" "followup export -o csv" \
        "followup stats -o json"; do
        grep -q "^$command"$'\t'"id\|^$command"$'\t'"as_of" <<<"$lists" ||
            fail "no column list for '$command' found in the man page:" "$lists" || return 1
    done
    run check_columns "man page" <<<"$lists"
    echo "$output"
    [[ $status -eq 0 ]]
}

@test "the README's column lists are the headers the commands print" {
    demo_world
    local lists
    lists=$(readme_columns "$README")
    for command in "followup due -o tsv" "followup list -o tsv" "followup export -o csv"; do
        grep -q "^$command"$'\t'"id " <<<"$lists" ||
            fail "no column list for '$command' found in the README:" "$lists" || return 1
    done
    run check_columns "README" <<<"$lists"
    echo "$output"
    [[ $status -eq 0 ]]
}

@test "the column check catches a column missing from the docs, or a new one in the output" {
    demo_world
    local lists
    lists=$(man_columns "$MAN_PAGE" | grep $'^followup list -o tsv\t')
    run check_columns "man page" <<<"${lists/ tags/}"
    [[ $status -eq 1 ]] || fail "a list without 'tags' passed: $output" || return 1
    run check_columns "man page" <<<"$lists outcome"
    [[ $status -eq 1 ]] || fail "a list with an extra 'outcome' passed: $output" || return 1
    lists=$(man_columns "$MAN_PAGE" | grep $'^followup due -o json\t')
    run check_columns "man page" <<<"${lists/ streak/}"
    [[ $status -eq 1 ]] || fail "JSON keys without 'streak' passed: $output"
}

# --- transcripts ------------------------------------------------------------

# The transcript blocks of a file, NUL-separated: README's console blocks,
# the man page's EXAMPLES literal blocks (with \e unescaped).
blocks() {
    case $1 in
        *.md) awk '/^```console$/ { inside = 1; next } inside && /^```$/ { inside = 0; printf "%c", 0; next }
                   inside { print }' "$1" ;;
        *) awk '/^\.Sh / { examples = ($0 == ".Sh EXAMPLES") }
                examples && /^\.Bd -literal/ { inside = 1; next }
                inside && /^\.Ed$/ { inside = 0; printf "%c", 0; next }
                inside { gsub(/\\e/, "\\"); print }' "$1" ;;
    esac
}

# Runs one transcript (stdin) with `followup` on the database $DB; prints
# each difference and returns 1 if there is any. Commands run in bash with
# stdout and stderr merged.
run_transcript() {
    local bin="$BATS_TEST_TMPDIR/bin"
    mkdir -p "$bin"
    printf '#!/bin/sh\nexec "%s" --db "%s" "$@"\n' "$FOLLOWUP_BIN" "$DB" >"$bin/followup"
    chmod +x "$bin/followup"
    local -a commands=() outputs=()
    local line command="" continuing=0
    while IFS= read -r line; do
        if ((continuing)); then
            command+=$'\n'"$line"
            [[ $line == *\\ ]] || continuing=0
        elif [[ $line == '$ '* ]]; then
            commands+=("${line#\$ }")
            outputs+=("")
            [[ $line == *\\ ]] && continuing=1
        elif ((${#commands[@]})); then
            outputs[-1]+="$line"$'\n'
        fi
        if ((continuing)) && [[ $line == '$ '* ]]; then
            command=${line#\$ }
        elif [[ -n $command ]] && ((!continuing)); then
            commands[-1]=$command
            command=""
        fi
    done
    local i actual problems=0
    for i in "${!commands[@]}"; do
        actual=$(PATH="$bin:$PATH" bash -c "${commands[$i]}" 2>&1)
        if ! matches "${outputs[$i]}" "$actual"; then
            printf '$ %s\n--- the docs show:\n%s--- it prints:\n%s\n' "${commands[$i]}" "${outputs[$i]}" "$actual"
            problems=1
        fi
    done
    return $problems
}

# Whether ACTUAL matches EXPECTED line by line, trailing blanks aside, where
# an expected line "..." matches any lines: matches EXPECTED ACTUAL
matches() {
    local -a want got
    # Trailing blanks go, and so do empty lines at the end.
    mapfile -t want < <(sed 's/[[:space:]]*$//' <<<"$1" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
    mapfile -t got < <(sed 's/[[:space:]]*$//' <<<"$2" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
    local w=0 g=0
    while ((w < ${#want[@]})); do
        if [[ ${want[$w]} == "..." ]]; then
            w=$((w + 1))
            ((w == ${#want[@]})) && return 0
            while ((g < ${#got[@]})) && [[ ${got[$g]} != "${want[$w]}" ]]; do g=$((g + 1)); done
        fi
        ((g < ${#got[@]})) && [[ ${got[$g]} == "${want[$w]}" ]] || return 1
        w=$((w + 1))
        g=$((g + 1))
    done
    ((g == ${#got[@]}))
}

# Runs every transcript of a file that shows output; prints the differences
# and which blocks ran. check_transcripts FILE
check_transcripts() {
    local file=$1 block first demo=0 problems=0 n=0
    mkdir -p "$HOME/.config/followup"
    printf '[sender]\nname = "Alex Seller"\n' >"$HOME/.config/followup/config.toml"
    local session_db="$DBDIR/session.db" demo_db
    demo_db=$(fu_new_db demo)
    while IFS= read -r -d '' block; do
        n=$((n + 1))
        first=$(grep -m1 '^\$ ' <<<"$block") || continue
        # Only blocks that show some output claim anything.
        grep -qv -e '^\$ ' -e '^ ' -e '^$' <<<"$block" || continue
        [[ $first == *" import "* ]] && continue
        if [[ $first == *" add "* ]]; then
            DB=$session_db
            rm -f "$DB"
            # on a server, a new database for each session
            [[ $FOLLOWUP_TEST_BACKEND == sqlite ]] || DB=$(fu_new_db session)
            unset FOLLOWUP_TODAY
        else
            DB=$demo_db
            export FOLLOWUP_TODAY=$DEMO_DAY
            if ((!demo)); then
                "$FOLLOWUP_BIN" --db "$DB" demo >/dev/null
                demo=1
            fi
        fi
        echo "ran block $n: $first"
        run_transcript <<<"$block" || problems=1
    done < <(blocks "$file")
    unset FOLLOWUP_TODAY
    return $problems
}

# The pipeline examples (followup ... | ...) of a file, one a line.
pipelines() {
    blocks "$1" | tr '\0' '\n' | grep -E '^\$ .*followup .*\| *(cut|sort|jq|tail|head|awk)'
}

@test "the README's transcripts print what they show" {
    run check_transcripts "$README"
    echo "$output"
    [[ $status -eq 0 ]]
    # The session, the morning on the demo pipeline, stats and the pipes ran.
    [[ $(grep -c '^ran block' <<<"$output") -ge 4 ]]
}

@test "the man page's transcripts print what they show" {
    run check_transcripts "$MAN_PAGE"
    echo "$output"
    [[ $status -eq 0 ]]
    # The tsv pipelines and the jq ones.
    [[ $(grep -c '^ran block' <<<"$output") -ge 2 ]]
}

@test "every pipeline example is in a transcript that shows its output" {
    local file pipeline ran
    for file in "$README" "$MAN_PAGE"; do
        run check_transcripts "$file"
        ran=$output
        local found=0
        while IFS= read -r pipeline; do
            found=1
            # Its block ran, and it is followed by output in that block.
            blocks "$file" | tr '\0' '\n' | grep -A1 -xF -- "$pipeline" | tail -n 1 |
                grep -qv -e '^\$ ' -e '^$' ||
                fail "$(basename "$file"): no output shown after: $pipeline" || return 1
        done < <(pipelines "$file")
        ((found)) || fail "$(basename "$file") has no pipeline example" || return 1
        # Pipelines outside the transcript blocks (```sh, .Bd without output).
        local loose
        loose=$(grep -E 'followup [a-z].*-o (tsv|csv|json).*\| *(cut|sort|jq)' "$file" |
            grep -vE '^(\$ |`)' || true)
        [[ -z $loose ]] || fail "$(basename "$file"): pipeline examples outside a transcript:" "$loose" || return 1
    done
}

@test "the transcript check catches a wrong output" {
    local copy="$BATS_TEST_TMPDIR/README.md"
    sed 's/^name\treason\tsuggested_purpose\trank$/name\tstate\tsuggested_purpose\trank/' "$README" >"$copy"
    ! cmp -s "$copy" "$README" || fail "the edit changed nothing" || return 1
    run check_transcripts "$copy"
    echo "$output"
    [[ $status -eq 1 ]]
    [[ $output == *"cut -f"* ]]
}
