#!/usr/bin/env bats
# followup in cron, pipes and terminals: `followup due` under a cron-like
# environment (env -i, no terminal) prints the full table or nothing at all;
# the README's crontab line and pipes work as written; colour follows
# --color, NO_COLOR and CLICOLOR_FORCE; on a terminal (a pty made by
# script(1)), tables fit its width with an ellipsis and aligned columns, also
# for wide (CJK) and combining characters; piped output is never cut.

bats_require_minimum_version 1.5.0
load helpers

# A priority too long for any terminal, with a distinctive end.
LONG_PRIORITY="cut onboarding time for the whole support team before the spring launch, then the audit (END-OF-PRIORITY)"
CJK_NAME="王小明王小明王小明王小明王小明王小明王小明王小明王小明王小明"
CJK_COMPANY="北京第一科技有限公司"
# Precomposed letters would be one code point each; these are base + U+0301/U+0308.
COMBINING_NAME=$(printf 'Rene\xcc\x81e Mu\xcc\x88ller-Lu\xcc\x88denscheid-Sa\xcc\x88nger-Mo\xcc\x88llenhoff')
ESC=$'\e'

setup() {
    fu_setup
    # The cron world: only HOME and a short PATH, no terminal.
    CRON_ENV=(env -i HOME="$HOME" PATH=/usr/bin:/bin)
}

# Three prospects due on $TODAY, with long free text.
add_due_prospects() {
    fu add "Ann Lee" --company Acme --stage proposal --value 24000 --priority "$LONG_PRIORITY" >/dev/null
    fu add "$CJK_NAME" --company "$CJK_COMPANY" --priority "$LONG_PRIORITY" >/dev/null
    fu add "$COMBINING_NAME" --company "Müller & Söhne Kaffeerösterei" --priority "$LONG_PRIORITY" >/dev/null
}

# A prospect whose first touch is weeks away: nothing is due today.
add_nothing_due() {
    fu add "Later Person" --next +30d >/dev/null
}

# followup as cron runs it: no terminal on any stream, minimal environment.
# Output in $BATS_TEST_TMPDIR/out and .../err, exit status in $status.
cron_run() {
    status=0
    "${CRON_ENV[@]}" "$@" </dev/null >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" || status=$?
    output=$(cat "$BATS_TEST_TMPDIR/out")
    stderr=$(cat "$BATS_TEST_TMPDIR/err")
}

# Runs a command on a pty of the given width: on_pty COLUMNS CMD...
# The output (with CRLF line ends, as a terminal gets it) lands in
# $BATS_TEST_TMPDIR/pty.out; status is the command's.
on_pty() {
    command -v script >/dev/null || skip "script(1) (util-linux) is not installed"
    local cols=$1
    shift
    local cmd
    printf -v cmd '%q ' "$@"
    status=0
    script -qec "stty cols $cols rows 50 && exec $cmd" /dev/null </dev/null >"$BATS_TEST_TMPDIR/pty.out" || status=$?
    output=$(cat "$BATS_TEST_TMPDIR/pty.out")
}

# Checks a table as a terminal of COLUMNS columns shows it (file: pty.out):
# valid UTF-8; no escape sequence but SGR colours; every line at most COLUMNS
# wide (East Asian wide characters count 2, combining marks 0); every column
# starts at the display column of its header, after two spaces, without a
# wide character straddling the boundary; and a cell (below the header) cut
# with "…" is a prefix of one of the given VALUES that does not split a
# letter from its combining mark. Prints the lines without colour, one a line, and the number
# of cut cells last ("cut: N").
# check_table COLUMNS FILE VALUE...
check_table() {
    command -v python3 >/dev/null || skip "python3 is not installed (for the width checks)"
    python3 - "$@" <<'EOF'
import re, sys, unicodedata

def width(c):
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1

cols, path, values = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
raw = open(path, "rb").read()
try:
    text = raw.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit(f"not valid UTF-8: {e}")
errors = []
lines = []
for line in text.replace("\r\n", "\n").split("\n"):
    if not line:
        continue
    plain = re.sub(r"\x1b\[[0-9;]*m", "", line)
    if any(unicodedata.category(c) == "Cc" for c in plain):
        errors.append(f"a control character or escape sequence: {line!r}")
    lines.append(plain)
if not lines:
    sys.exit("no table at all")

def layout(line):
    """(display column, owning column, char) for each char; combining marks
    belong to the column of the letter before them."""
    out, col, owner = [], 0, 0
    for c in line:
        w = width(c)
        if w:
            owner = col
        out.append((col, owner, c))
        col += w
    return out, col

header, _ = layout(lines[0])
starts = [0]
for i, (col, _, c) in enumerate(header):
    if c != " " and i >= 2 and header[i - 1][2] == " " and header[i - 2][2] == " ":
        starts.append(col)
if len(starts) < 3:
    errors.append(f"cannot find the columns of the header {lines[0]!r}")

cut = 0
for row, line in enumerate(lines):
    chars, total = layout(line)
    if total > cols:
        errors.append(f"{total} columns wide, more than {cols}: {line!r}")
    begins = {col: c for col, _, c in chars if width(c)}
    for s in starts[1:]:
        if s >= total:
            continue
        if s not in begins:
            errors.append(f"a wide character straddles the column at {s}: {line!r}")
        elif begins.get(s - 1) != " " or begins.get(s - 2) != " ":
            errors.append(f"the column at {s} does not follow two spaces: {line!r}")
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else 10**9
        cell = "".join(c for _, owner, c in chars if s <= owner < end).rstrip(" ")
        # Header cells may be cut too; they are not values.
        if row == 0 or not cell.endswith("…"):
            continue
        cut += 1
        prefix = cell[:-1]
        if not any(v.startswith(prefix) and len(v) > len(prefix) and not unicodedata.combining(v[len(prefix)])
                   for v in values):
            errors.append(f"the cut cell {cell!r} is not a clean prefix of a value: {line!r}")
for line in lines:
    print(line)
print(f"cut: {cut}")
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
EOF
}

# --- cron: no terminal, minimal environment -------------------------------------

@test "cron: due under env -i without a terminal prints the whole table, without colour" {
    add_due_prospects
    cron_run "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due
    assert_status 0 || return 1
    assert_stderr_empty || return 1
    local rows
    rows=$(wc -l <"$BATS_TEST_TMPDIR/out")
    assert_equal "$rows" 4 "lines on stdout (a header and three rows)" || return 1
    assert_contains "$(head -n 1 "$BATS_TEST_TMPDIR/out")" "NAME" "the header" || return 1
    assert_contains "$output" "Ann Lee" || return 1
    assert_contains "$output" "$CJK_NAME" || return 1
    assert_contains "$output" "$COMBINING_NAME" || return 1
    # Not cut: cron mails the full table.
    [[ $(grep -c -- "(END-OF-PRIORITY)" "$BATS_TEST_TMPDIR/out") -eq 3 ]] ||
        fail "the priorities are cut:" "$output" || return 1
    assert_not_contains "$output" "…" "stdout under cron" || return 1
    assert_not_contains "$output" "$ESC" "stdout under cron" || return 1
}

@test "cron: every format under env -i works and has no escape sequences" {
    add_due_prospects
    local format
    for format in table tsv csv json; do
        cron_run "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due -o "$format"
        assert_status 0 || return 1
        assert_stderr_empty || return 1
        assert_contains "$output" "Ann Lee" "due -o $format" || return 1
        assert_not_contains "$output" "$ESC" "due -o $format" || return 1
    done
    jq -e 'length == 3' "$BATS_TEST_TMPDIR/out" >/dev/null || fail "due -o json is not 3 rows: $output"
}

@test "cron: nothing due prints nothing at all, on stdout or stderr, and exits 0" {
    add_nothing_due
    local format
    for format in table tsv csv; do
        cron_run "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due -o "$format"
        assert_status 0 || return 1
        [[ ! -s "$BATS_TEST_TMPDIR/out" ]] || fail "due -o $format wrote to stdout: $(cat -A "$BATS_TEST_TMPDIR/out")" || return 1
        [[ ! -s "$BATS_TEST_TMPDIR/err" ]] || fail "due -o $format wrote to stderr: $(cat -A "$BATS_TEST_TMPDIR/err")" || return 1
    done
    # JSON is always one document.
    cron_run "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due -o json
    assert_status 0 || return 1
    assert_equal "$output" "[]" "due -o json with nothing due" || return 1
    # -q: silent, exit 1.
    cron_run "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due -q
    assert_status 1 || return 1
    [[ ! -s "$BATS_TEST_TMPDIR/out" && ! -s "$BATS_TEST_TMPDIR/err" ]] || fail "due -q printed something"
}

@test "cron: with no database at all, due prints nothing and creates nothing" {
    sqlite_only "a missing default database file is not created"
    cron_run "$FOLLOWUP_BIN" --today "$TODAY" due
    assert_status 0 || return 1
    [[ ! -s "$BATS_TEST_TMPDIR/out" && ! -s "$BATS_TEST_TMPDIR/err" ]] ||
        fail "due on a missing database printed: $output $stderr" || return 1
    [[ ! -e "$HOME/.local/share/followup" ]] || fail "due created $HOME/.local/share/followup"
}

@test "cron: the README's crontab line mails only when something is due" {
    sqlite_only "the crontab line reaches the default database, a file"
    local readme="$FOLLOWUP_SOURCE_DIR/README.md"
    [[ -f $readme ]] || fail "no README.md in FOLLOWUP_SOURCE_DIR" || return 1
    # The command of each schedule line of the README's crontab blocks.
    local -a commands=()
    local line
    while IFS= read -r line; do
        commands+=("$line")
    done < <(awk '/^```crontab/ { inside = 1; next } /^```/ { inside = 0 } inside' "$readme" |
        grep -E '^[0-9*@]' | awk '{ if ($1 ~ /^@/) $1 = ""; else { for (i = 1; i <= 5; i++) $i = "" } print }' |
        sed 's/^ *//')
    [[ ${#commands[@]} -ge 1 ]] || fail "the README has no \`\`\`crontab block with a schedule line" || return 1
    # The binary under test stands in for the installed one; the "as of" day
    # comes from the environment, as a crontab variable line would set it.
    mkdir -p "$BATS_TEST_TMPDIR/bin"
    ln -s "$FOLLOWUP_BIN" "$BATS_TEST_TMPDIR/bin/followup"
    local command ran=0
    for command in "${commands[@]}"; do
        [[ $command == *followup* ]] || continue
        ran=1
        command=${command//\/usr\/bin\/followup/$BATS_TEST_TMPDIR/bin/followup}
        command=${command//\/usr\/local\/bin\/followup/$BATS_TEST_TMPDIR/bin/followup}
        # The default database, as a user's crontab reaches it.
        rm -rf "$HOME/.local/share/followup"
        # The morning recipe with `mail sync`: a Maildir with nothing new in it.
        if [[ $command == *"mail sync"* ]]; then
            mkdir -p "$BATS_TEST_TMPDIR/Maildir"/{new,cur,tmp} "$HOME/.config/followup"
            printf '[mail]\nme = ["me@example.com"]\nmaildir = ["%s"]\n' "$BATS_TEST_TMPDIR/Maildir" \
                >"$HOME/.config/followup/config.toml"
        else
            rm -f "$HOME/.config/followup/config.toml"
        fi
        "$FOLLOWUP_BIN" --today "$TODAY" add "Later Person" --next +30d >/dev/null
        cron_run env PATH="$BATS_TEST_TMPDIR/bin:/usr/bin:/bin" FOLLOWUP_TODAY="$TODAY" /bin/sh -c "$command"
        assert_status 0 || return 1
        [[ ! -s "$BATS_TEST_TMPDIR/out" && ! -s "$BATS_TEST_TMPDIR/err" ]] ||
            fail "'$command' with nothing due printed (cron would mail it):" "$output" "$stderr" || return 1
        "$FOLLOWUP_BIN" --today "$TODAY" add "Ann Lee" --priority "$LONG_PRIORITY" >/dev/null
        cron_run env PATH="$BATS_TEST_TMPDIR/bin:/usr/bin:/bin" FOLLOWUP_TODAY="$TODAY" /bin/sh -c "$command"
        assert_status 0 || return 1
        assert_contains "$output" "Ann Lee" "the mail of '$command'" || return 1
        assert_contains "$output" "(END-OF-PRIORITY)" "the mail of '$command' (not cut)" || return 1
        assert_not_contains "$output" "$ESC" "the mail of '$command'" || return 1
    done
    [[ $ran -eq 1 ]] || fail "no crontab line of the README runs followup: ${commands[*]}"
}

@test "pipes: the README's tsv and json pipelines, and nothing through a pipe when nothing is due" {
    local readme="$FOLLOWUP_SOURCE_DIR/README.md"
    local tsv_line json_line
    # Lines of a transcript start with "$ ".
    tsv_line=$(grep -E '^(\$ )?followup due -o tsv \|' "$readme" | head -n 1 | sed 's/^\$ //; s/ *#.*$//')
    json_line=$(grep -E "^(\\$ )?followup due -o json \|" "$readme" | head -n 1 | sed 's/^\$ //')
    [[ -n $tsv_line ]] || fail "the README has no 'followup due -o tsv | ...' example" || return 1
    [[ -n $json_line ]] || fail "the README has no 'followup due -o json | ...' example" || return 1
    mkdir -p "$BATS_TEST_TMPDIR/bin"
    ln -s "$FOLLOWUP_BIN" "$BATS_TEST_TMPDIR/bin/followup"
    export PATH="$BATS_TEST_TMPDIR/bin:$PATH" FOLLOWUP_DB="$DB" FOLLOWUP_TODAY="$TODAY"

    # Nothing due: every pipeline, and a mail-style one, sees no input at all.
    add_nothing_due
    local pipeline
    for pipeline in "$tsv_line" "$json_line" 'followup due | wc -c' \
        'followup due -o tsv | (read -r header && { echo "$header"; cat; })'; do
        run --separate-stderr bash -c "$pipeline"
        case $pipeline in
            *'wc -c') assert_equal "$output" 0 "bytes through '$pipeline'" || return 1 ;;
            *) assert_stdout_empty || return 1 ;;
        esac
    done

    # Something due: the tsv pipeline gives name and reason, the json one the overdue rows.
    fu add "Ann Lee" --company Acme >/dev/null
    fu_on 2026-10-26 add "Bo Chen" --company Initech >/dev/null
    run --separate-stderr bash -o pipefail -c "$tsv_line"
    assert_status 0 || return 1
    assert_equal "$output" $'Ann Lee\tfirst-touch\nBo Chen\tfirst-touch' "the output of '$tsv_line'" || return 1
    if command -v jq >/dev/null; then
        run --separate-stderr bash -o pipefail -c "$json_line"
        assert_status 0 || return 1
        assert_contains "$output" $'Bo Chen\t' "the output of '$json_line'" || return 1
        assert_not_contains "$output" "Ann Lee" "the output of '$json_line' (Ann is not overdue)" || return 1
    fi
}

# --- colour ---------------------------------------------------------------------

@test "colour: --color always colours a pipe, NO_COLOR wins over CLICOLOR_FORCE, --color wins over both" {
    add_due_prospects
    local -a cases=(
        "colour|--color always"
        "colour|CLICOLOR_FORCE=1"
        "plain|NO_COLOR=1 CLICOLOR_FORCE=1"
        "plain|NO_COLOR=1"
        "plain|"
        "colour|NO_COLOR= CLICOLOR_FORCE=1"
        "plain|CLICOLOR_FORCE="
        "colour|NO_COLOR=1 --color always"
        "plain|CLICOLOR_FORCE=1 --color never"
        "plain|--color auto"
    )
    local case expected setting
    local -a env_part opt_part
    for case in "${cases[@]}"; do
        expected=${case%%|*}
        setting=${case#*|}
        env_part=()
        opt_part=()
        local word
        for word in $setting; do
            if [[ $word == *=* ]]; then env_part+=("$word"); else opt_part+=("$word"); fi
        done
        run --separate-stderr env "${env_part[@]}" "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" "${opt_part[@]}" due
        assert_status 0 || return 1
        if [[ $expected == colour ]]; then
            assert_contains "$output" "$ESC[" "piped due with '$setting'" || return 1
        else
            assert_not_contains "$output" "$ESC" "piped due with '$setting'" || return 1
        fi
    done
}

@test "colour: tsv, csv and json never carry escape sequences, even with --color always" {
    add_due_prospects
    local format
    for format in tsv csv json; do
        run --separate-stderr "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" --color always due -o "$format"
        assert_status 0 || return 1
        assert_not_contains "$output" "$ESC" "due -o $format --color always" || return 1
    done
}

@test "colour: on a terminal, auto colours; NO_COLOR and --color never do not" {
    add_due_prospects
    on_pty 200 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due
    assert_status 0 || return 1
    assert_contains "$output" "$ESC[" "due on a terminal" || return 1
    on_pty 200 env NO_COLOR=1 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due
    assert_not_contains "$output" "$ESC" "due on a terminal with NO_COLOR=1" || return 1
    on_pty 200 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" --color never due
    assert_not_contains "$output" "$ESC" "due on a terminal with --color never" || return 1
}

# --- terminal width -------------------------------------------------------------

@test "width: on an 80-column terminal the table fits, cut with … and aligned, with CJK and combining names" {
    add_due_prospects
    on_pty 80 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due
    assert_status 0 || return 1
    [[ $output == *$'\r\n'* ]] || fail "no CRLF: is this really a terminal?" || return 1
    run --separate-stderr check_table 80 "$BATS_TEST_TMPDIR/pty.out" \
        "Ann Lee" "$CJK_NAME" "$CJK_COMPANY" "$COMBINING_NAME" "Müller & Söhne Kaffeerösterei" "$LONG_PRIORITY"
    [[ $status -eq 0 ]] || fail "the table on an 80-column terminal:" "$output" "$stderr" || return 1
    # The long names are cut, not left out or wrapped.
    assert_contains "$output" "王小明王小明" "the table" || return 1
    assert_contains "$output" "$(printf 'Rene\xcc\x81e Mu\xcc\x88ller')" "the table" || return 1
    local cjk_row combining_row
    cjk_row=$(grep -F "王小明王小明" <<<"$output")
    combining_row=$(grep -F "$(printf 'Rene\xcc\x81e')" <<<"$output")
    assert_contains "$cjk_row" "…" "the CJK row" || return 1
    assert_contains "$combining_row" "…" "the row with combining accents" || return 1
    assert_not_contains "$output" "(END-OF-PRIORITY)" "the table" || return 1
}

@test "width: on a 60-column terminal the table fits, cut with … and aligned, with CJK and combining names" {
    add_due_prospects
    on_pty 60 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due
    assert_status 0 || return 1
    run --separate-stderr check_table 60 "$BATS_TEST_TMPDIR/pty.out" \
        "Ann Lee" "$CJK_NAME" "$CJK_COMPANY" "$COMBINING_NAME" "Müller & Söhne Kaffeerösterei" "$LONG_PRIORITY"
    [[ $status -eq 0 ]] || fail "the table on a 60-column terminal:" "$output" "$stderr" || return 1
    assert_contains "$output" "…" "the table" || return 1
}

@test "width: on a 40-column terminal the least useful columns are left out rather than overflow" {
    add_due_prospects
    on_pty 40 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due
    assert_status 0 || return 1
    run --separate-stderr check_table 40 "$BATS_TEST_TMPDIR/pty.out" \
        "Ann Lee" "$CJK_NAME" "$CJK_COMPANY" "$COMBINING_NAME" "Müller & Söhne Kaffeerösterei" "$LONG_PRIORITY"
    [[ $status -eq 0 ]] || fail "the table on a 40-column terminal:" "$output" "$stderr" || return 1
    # The id, the name, the day and the next touch stay; the reason goes first.
    local header
    header=$(head -n 1 <<<"$output")
    assert_contains "$header" "ID  NAME" "the header" || return 1
    assert_contains "$header" "DUE" "the header" || return 1
    assert_contains "$header" "NEXT TOUCH" "the header" || return 1
    assert_not_contains "$header" "REASON" "the header" || return 1
    assert_contains "$output" "Ann Lee" "the table" || return 1
    # -o tsv on the same terminal keeps every column.
    on_pty 40 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due -o tsv
    assert_contains "$output" "first-touch" "due -o tsv on a 40-column terminal"
}

@test "width: piped output is never cut, whatever COLUMNS says; tsv on a terminal is not cut either" {
    add_due_prospects
    run --separate-stderr env COLUMNS=60 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due
    assert_status 0 || return 1
    assert_not_contains "$output" "…" "piped due with COLUMNS=60" || return 1
    assert_contains "$output" "$CJK_NAME" || return 1
    assert_contains "$output" "$COMBINING_NAME" || return 1
    [[ $(grep -c -- "(END-OF-PRIORITY)" <<<"$output") -eq 3 ]] || fail "piped due is cut: $output" || return 1
    # Machine formats on a terminal: the values whole.
    on_pty 60 "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" due -o tsv
    assert_status 0 || return 1
    assert_not_contains "$output" "…" "due -o tsv on a terminal" || return 1
    assert_contains "$output" "$CJK_NAME" "due -o tsv on a terminal" || return 1
    [[ $(grep -c -- "(END-OF-PRIORITY)" <<<"$output") -eq 3 ]] || fail "due -o tsv on a terminal is cut: $output"
}
