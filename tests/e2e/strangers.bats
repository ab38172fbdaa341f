#!/usr/bin/env bats
# Text that came from strangers: names, companies, notes, priorities and
# tags holding escape sequences, control characters and bidi overrides,
# brought in by CSV and JSON import (stored as given). Whatever followup
# writes to a terminal shows them escaped; CSV guards formula cells; JSON
# escapes control characters and gives back exactly what is stored.
#
# Terminal output is produced on a real pty: `script -qec CMD /dev/null`.

load helpers

# The strangers, as printf formats (so the files hold the raw bytes).
#  1 Eve: SGR colour, OSC title with BEL, clear screen; RLO in the company
#  2 Eve (again, for an ambiguous lookup): C1 CSI and NEL, LRI/PDI
#  3 a formula-injection row
#  4 tabs, newlines, CR, DEL, backspace
#  5 an invested prospect ready for a reversing email: alternate screen, RLO
make_csv() {
    {
        printf 'Name,Company,Email,Phone,Lifecycle Stage,Tags,Top Priority,Notes,Last Contacted\n'
        printf '"Eve \e[31mRed\e[0m \e]0;pwned\a","Acme \xe2\x80\xae evil",eve@x.example,,lead,"t\ea","prio \xe2\x81\xa6iso\xe2\x81\xa9 \a bell","note \e[2J\e[H wiped",\n'
        printf '"Eve\xc2\x9b2J Two","\xe2\x81\xa7rtl\xe2\x81\xa9 Co",eve2@x.example,,lead,,"\xc2\x85next line","c1 \xc2\x9b31m red",\n'
        printf '"=HYPERLINK(""http://x.example"",""y"")","+1+1",calc@x.example,+1 555 0100,lead,,"-2+3","@SUM(A1:A9)",\n'
        printf '"Tab\there","new\nline Co",tab@x.example,,lead,,"cr\rhere","del\x7f bs\b end",\n'
        printf '"Zed \e[?1049h\xe2\x80\xae","Zed\e[8m Hidden",zed@x.example,,proposal,,,"x",2026-09-01\n'
    } >"$1"
}

setup_file() {
    command -v script >/dev/null || { echo "script (util-linux) is needed" >&2; return 1; }
    command -v python3 >/dev/null || { echo "python3 is needed (scripts/install-deps --test)" >&2; return 1; }
    local dir="$BATS_FILE_TMPDIR/db" db
    mkdir -p "$dir"
    db="$dir/followup.db"
    # On a server, a database that every test copies (fu_new_db).
    [[ $FOLLOWUP_TEST_BACKEND == sqlite ]] || db=$(fu_file_db strangers) || return 1
    printf '%s\n' "$db" >"$BATS_FILE_TMPDIR/db.url"
    make_csv "$BATS_FILE_TMPDIR/strangers.csv"
    f() { "$FOLLOWUP_BIN" --db "$db" --today 2026-11-02 "$@"; }
    f add "Plain Person" --company Plain --email plain@example.com >/dev/null
    f import "$BATS_FILE_TMPDIR/strangers.csv" >/dev/null
    # Zed (#6) is invested and gets 5 unanswered touches: ready for a
    # reversing email. Eve (#2) is put in cool-down.
    local day
    for day in 2026-10-05 2026-10-07 2026-10-12 2026-10-19 2026-10-28; do
        f log 6 --channel email --purpose value --date "$day" >/dev/null 2>&1
    done
    f cooldown 2 --for 1w >/dev/null
    # A JSON import with more of the same, written by jq from followup's own export.
    local src="$BATS_FILE_TMPDIR/json-source.db"
    "$FOLLOWUP_BIN" --db "$src" --today 2026-11-02 add "Json Base" --company Base >/dev/null
    # PostgreSQL's text holds no NUL byte (followup refuses one there, see
    # postgres.bats): the company starts with one on SQLite only.
    local nul='\u0000'
    [[ $FOLLOWUP_TEST_BACKEND == sqlite ]] || nul=''
    "$FOLLOWUP_BIN" --db "$src" --today 2026-11-02 export -o json |
        jq '.prospects[0].name = "Jay \u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007 \u202e"
            | .prospects[0].company = "'"$nul"'nul\u0001soh\u009bcsi"
            | .prospects[0].notes = "\u2066isolate \u001b[6n query"
            | .prospects[0].top_priority = "=1+1"' >"$BATS_FILE_TMPDIR/strangers.json"
    f import "$BATS_FILE_TMPDIR/strangers.json" >/dev/null
    [[ $FOLLOWUP_TEST_BACKEND == sqlite ]] || return 0
    sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
    rm -f "$db-wal" "$db-shm"
}

setup() {
    fu_setup
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        DBDIR="$BATS_TEST_TMPDIR/data"
        DB="$DBDIR/followup.db"
        rm -rf "$DBDIR"
        cp -a "$BATS_FILE_TMPDIR/db" "$DBDIR"
    else
        DB=$(fu_new_db strangers "$(cat "$BATS_FILE_TMPDIR/db.url")")
    fi
    export COLUMNS=400
}

# Where the stored text is read from: on SQLite the file itself (python's
# sqlite3), on a server followup's JSON export (in a file ending .json).
stored_source() {
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        printf '%s\n' "$DB"
    else
        fu export -o json >"$BATS_TEST_TMPDIR/stored.json" || return 1
        printf '%s\n' "$BATS_TEST_TMPDIR/stored.json"
    fi
}

# Runs followup with the arguments on a pty; the terminal's bytes (CRLF line
# ends) land in $BATS_TEST_TMPDIR/pty.out. Returns followup's exit status.
on_pty() {
    local command
    command=$(printf '%q ' "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" "$@")
    script -qec "$command" /dev/null </dev/null >"$BATS_TEST_TMPDIR/pty.out"
}

# Checks the bytes of a file that went to a terminal: no raw ESC (or, with
# --sgr-ok, only colour sequences ESC [ digits m), BEL, backspace, DEL, other
# C0 controls, CR without LF, C1 controls or bidi controls.
# Prints the problems found; returns 1 if any.
raw_controls() {
    python3 - "$@" <<'EOF'
import re, sys
path = sys.argv[1]
sgr_ok = "--sgr-ok" in sys.argv[2:]
# the pty turns \n into \r\n (and CSV's \r\n into \r\r\n): line ends are fine
data = open(path, "rb").read().replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n")
problems = []
if sgr_ok:
    data_wo = re.sub(rb"\x1b\[[0-9;]*m", b"", data)
else:
    data_wo = data
checks = [
    (rb"\x1b", "ESC"),
    (rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "C0 control or DEL"),
    (rb"\r(?!\n)", "CR without LF"),
    (rb"\xc2[\x80-\x9f]", "C1 control"),
    (rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]", "bidi control"),
]
for pattern, what in checks:
    for m in re.finditer(pattern, data_wo):
        start = max(0, m.start() - 30)
        problems.append("%s at byte %d: %r" % (what, m.start(), data_wo[start:m.end() + 10]))
        if len(problems) > 8:
            break
try:
    data.decode("utf-8")
except UnicodeDecodeError as e:
    problems.append("not UTF-8: %s" % e)
if problems:
    print("\n".join(problems))
    sys.exit(1)
EOF
}

# assert_clean_on_pty ARGS...: runs followup on a pty twice (--color never
# and --color always, on the same database) and asserts no raw controls in
# either; keeps the output of the first in $pty_text for further checks.
assert_clean_on_pty() {
    local rc=0 problems
    local saved=
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        rm -rf "$BATS_TEST_TMPDIR/saved"
        cp -a "$DBDIR" "$BATS_TEST_TMPDIR/saved"
    else
        saved=$(fu_new_db saved "$DB") || return 1
    fi
    on_pty --color never "$@" || rc=$?
    [[ $rc -eq 0 ]] || fail "followup $* on a terminal: exit $rc" "$(cat -v "$BATS_TEST_TMPDIR/pty.out")"
    if ! problems=$(raw_controls "$BATS_TEST_TMPDIR/pty.out"); then
        fail "followup --color never $* wrote raw controls to the terminal:" "$problems"
        return 1
    fi
    pty_text=$(cat "$BATS_TEST_TMPDIR/pty.out")
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        rm -rf "$DBDIR"
        cp -a "$BATS_TEST_TMPDIR/saved" "$DBDIR"
    else
        DB=$saved
    fi
    rc=0
    on_pty --color always "$@" || rc=$?
    [[ $rc -eq 0 ]] || fail "followup --color always $* on a terminal: exit $rc"
    if ! problems=$(raw_controls "$BATS_TEST_TMPDIR/pty.out" --sgr-ok); then
        fail "followup --color always $* wrote raw controls (other than colour) to the terminal:" "$problems"
        return 1
    fi
}

@test "CSV and JSON imports store the strangers' text exactly as given" {
    python3 - "$(stored_source)" "$BATS_FILE_TMPDIR/strangers.csv" "$BATS_FILE_TMPDIR/strangers.json" <<'EOF' || fail "stored text differs from the input"
import csv, io, json, sqlite3, sys
db, csv_path, json_path = sys.argv[1:4]
if db.endswith(".json"):
    rows = {p["name"]: (p["company"], p["email"], p["top_priority"], p["notes"])
            for p in json.load(open(db, encoding="utf-8"))["prospects"]}
else:
    con = sqlite3.connect(db)
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT name, company, email, top_priority, notes FROM prospects")}
bad = 0
with open(csv_path, encoding="utf-8", newline="") as f:
    for rec in csv.DictReader(f):
        # followup trims ASCII spaces only; everything else is kept
        t = lambda text: text.strip(" \t\r\n")
        got = rows.get(t(rec["Name"]))
        want = (t(rec["Company"]), rec["Email"], t(rec["Top Priority"]), t(rec["Notes"]))
        if got is None or got[0] != want[0] or got[2] != want[2] or got[3] != want[3]:
            print("CSV row %r: stored %r, expected %r" % (rec["Name"], got, want)); bad += 1
for p in json.load(open(json_path, encoding="utf-8"))["prospects"]:
    got = rows.get(p["name"])
    want = (p["company"], p["email"], p["top_priority"], p["notes"])
    if got is None or tuple(got) != want:
        print("JSON prospect %r: stored %r, expected %r" % (p["name"], got, want)); bad += 1
sys.exit(1 if bad else 0)
EOF
    # and the raw bytes really are there (nothing was cleaned on the way in)
    assert_equal "$(fu_export_jq '[.prospects[] | select(.name | contains("\u001b"))] | length')" 3 "names with ESC"
    assert_equal "$(fu_export_jq '[.prospects[] | select(.company | contains("\u202e"))] | length')" 1 "companies with RLO"
    assert_equal "$(fu export -o json | jq -j '.prospects[] | select(.name | startswith("Jay")) | .company' |
        od -An -tx1 | tr -d ' \n' | tr a-f A-F)" \
        "$([[ $FOLLOWUP_TEST_BACKEND == sqlite ]] && echo 00)6E756C01736F68C29B637369" \
        "bytes of Jay's company (NUL on SQLite, SOH and C1 CSI kept)"
}

@test "due, due --explain and due --upcoming on a terminal show the strangers escaped" {
    assert_clean_on_pty due
    assert_contains "$pty_text" 'Jay \x1b]8;;http://evil.example\x07link' "due on a terminal (the escaped name)"
    assert_contains "$pty_text" '\u2067rtl\u2069 Co' "due on a terminal (the escaped company)"
    local nul='\x00'
    [[ $FOLLOWUP_TEST_BACKEND == sqlite ]] || nul=''
    assert_contains "$pty_text" "${nul}"'nul\x01soh\u009bcsi' "due on a terminal (NUL, SOH and C1 escaped)"
    assert_clean_on_pty due --explain
    assert_clean_on_pty due --upcoming 30 --all
}

@test "list and list --all on a terminal show the strangers escaped" {
    assert_clean_on_pty list
    assert_contains "$pty_text" 'Eve\u009b2J Two' "list (C1 shown escaped)"
    assert_contains "$pty_text" 'Tab here' "list (a tab is a space)"
    assert_clean_on_pty list --all --sort name
}

@test "show of every stranger on a terminal shows them escaped" {
    local id
    for id in 2 3 4 5 6 7; do
        assert_clean_on_pty show "$id"
    done
    assert_clean_on_pty show 2
    assert_contains "$pty_text" 'note \x1b[2J\x1b[H wiped' "show 2 (the notes)"
}

@test "cooldown, breakup and stats on a terminal show the strangers escaped" {
    assert_clean_on_pty cooldown
    assert_contains "$pty_text" 'Eve \x1b[31mRed' "cooldown list"
    assert_clean_on_pty breakup
    assert_contains "$pty_text" 'Zed \x1b[?1049h' "breakup list"
    assert_clean_on_pty breakup 6
    assert_clean_on_pty stats
    assert_clean_on_pty stats --ascii
}

@test "tsv and csv written to a terminal are neutralised too" {
    local cmd
    for cmd in "due -o tsv" "due --upcoming 30 -o csv" "list -o tsv" "list --all -o csv" \
        "cooldown -o tsv" "breakup -o tsv" "show 2 -o tsv"; do
        # shellcheck disable=SC2086
        assert_clean_on_pty $cmd
    done
}

@test "messages that name a stranger (log, edit, cool-down, close, warnings, ambiguity) are neutralised on a terminal" {
    assert_clean_on_pty log 2 --channel call --purpose value --note "called"
    assert_clean_on_pty log 2 --channel call --purpose value --note "called again"
    assert_clean_on_pty log 2 --channel call --purpose value --note "and again"
    assert_contains "$pty_text" "warning" "warnings on the terminal"
    assert_clean_on_pty edit 3 --value 10
    assert_clean_on_pty cooldown 6 --for 1w
    assert_clean_on_pty close 4 --lost --note "no"
    assert_clean_on_pty reopen 4
    assert_clean_on_pty import "$BATS_FILE_TMPDIR/strangers.csv" --dry-run
    # an ambiguous prefix lists the candidates, in an error line
    local rc=0
    on_pty --color never show Eve || rc=$?
    assert_equal "$rc" 1 "exit status of an ambiguous lookup"
    local problems
    problems=$(raw_controls "$BATS_TEST_TMPDIR/pty.out") || fail "the ambiguity error wrote raw controls:" "$problems"
    [[ "$(grep -c . "$BATS_TEST_TMPDIR/pty.out")" == 1 ]] || fail "the ambiguity error is not one line:" "$(cat -v "$BATS_TEST_TMPDIR/pty.out")"
}

@test "breakup --draft on a terminal shows the stranger's name escaped; piped, the draft is as stored" {
    local rc=0 problems
    on_pty --color never breakup 6 --draft || rc=$?
    assert_equal "$rc" 0 "exit status"
    problems=$(raw_controls "$BATS_TEST_TMPDIR/pty.out") ||
        fail "breakup --draft writes raw controls to the terminal:" "$problems"
    assert_contains "$(cat "$BATS_TEST_TMPDIR/pty.out")" 'Zed \x1b[?1049h' "the escaped name in the draft"
    [[ "$(grep -c . "$BATS_TEST_TMPDIR/pty.out")" -gt 3 ]] || fail "the draft lost its lines:" "$(cat -v "$BATS_TEST_TMPDIR/pty.out")"
    # to a pipe (a mailer) the text is the stored one
    run --separate-stderr fu breakup 6 --draft
    assert_status 0
    assert_contains "$output" $'Zed \e[?1049h' "the draft through a pipe"
}

@test "export -o csv on a terminal is neutralised; to a file it is as stored" {
    local rc=0 problems
    on_pty export -o csv || rc=$?
    assert_equal "$rc" 0 "exit status"
    problems=$(raw_controls "$BATS_TEST_TMPDIR/pty.out") ||
        fail "export -o csv writes raw controls to the terminal:" "$problems"
    fu export -o csv >"$BATS_TEST_TMPDIR/export.csv"
    grep -q $'\e\\[31mRed' "$BATS_TEST_TMPDIR/export.csv" || fail "export -o csv to a file lost the stored bytes"
}

@test "JSON escapes C1 controls, DEL and bidi overrides too (on a terminal and off)" {
    local cmd problems report=""
    for cmd in "due --upcoming 30 -o json" "list --all -o json" "show 2 -o json" "show 3 -o json" "export" "cooldown -o json" "breakup -o json" "stats -o json"; do
        # shellcheck disable=SC2086
        on_pty $cmd || fail "followup $cmd on a terminal failed"
        if ! problems=$(raw_controls "$BATS_TEST_TMPDIR/pty.out"); then
            report+="$cmd: $(head -1 <<<"$problems"); "
        fi
    done
    [[ -z "$report" ]] || fail "raw controls in JSON: $report"
    fu show 5 -o json >"$BATS_TEST_TMPDIR/show5.json"
    grep -q 'del\\u007f bs' "$BATS_TEST_TMPDIR/show5.json" || fail "DEL not escaped as \\u007f: $(grep -a del "$BATS_TEST_TMPDIR/show5.json")"
}

@test "CSV output guards cells that start with = + - @ (export, list, due)" {
    local cmd
    for cmd in "export -o csv" "list --all -o csv" "due --upcoming 30 -o csv"; do
        # shellcheck disable=SC2086
        fu $cmd >"$BATS_TEST_TMPDIR/out.csv" || fail "followup $cmd failed"
        python3 -c '
import csv, io, sys
rows = list(csv.reader(io.StringIO(open(sys.argv[1], encoding="utf-8", newline="").read(), newline=""), strict=True))
header, body = rows[0], rows[1:]
bad = [(r[header.index("name")], h, c) for r in body for h, c in zip(header, r)
       if c[:1] in ("=", "+", "-", "@") and not (h in ("id", "value", "days_overdue") and c.lstrip("-").isdigit())]
if bad:
    print("formula cells:", bad); sys.exit(1)
guarded = [c for r in body for c in r if c.startswith("\x27=") or c.startswith("\x27+") or c.startswith("\x27@") or c.startswith("\x27-")]
if len(guarded) < 2:
    print("expected the formula cells guarded with a quote, found", guarded); sys.exit(1)
' "$BATS_TEST_TMPDIR/out.csv" || fail "followup $cmd: unguarded formula cells"
    done
}

@test "JSON output (due, list, show, export) escapes control characters and round-trips exactly" {
    local json_files=() cmd n=0
    for cmd in "due --upcoming 60 --all -o json" "list --all -o json" "export -o json" \
        "show 2 -o json" "show 3 -o json" "show 4 -o json" "show 5 -o json" "show 6 -o json" "show 7 -o json" \
        "cooldown -o json" "breakup -o json"; do
        n=$((n + 1))
        # shellcheck disable=SC2086
        "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" $cmd >"$BATS_TEST_TMPDIR/out-$n.json" ||
            fail "followup $cmd failed"
        jq -e . "$BATS_TEST_TMPDIR/out-$n.json" >/dev/null || fail "followup $cmd: jq cannot parse it"
        json_files+=("$cmd=$BATS_TEST_TMPDIR/out-$n.json")
    done
    python3 - "$(stored_source)" "${json_files[@]}" <<'EOF' || fail "JSON output differs from the database"
import json, re, sqlite3, sys
db = sys.argv[1]
stored = {}
tags = {}
fields = ("name", "company", "email", "phone", "top_priority", "notes")
if db.endswith(".json"):
    # on a server: what export says is stored, which the other outputs must match
    for p in json.load(open(db, encoding="utf-8"))["prospects"]:
        stored[p["id"]] = {k: p[k] for k in fields}
        tags[p["id"]] = set(p["tags"])
else:
    con = sqlite3.connect(db)
    for row in con.execute("SELECT id, name, company, email, phone, top_priority, notes FROM prospects"):
        stored[row[0]] = dict(zip(fields, row[1:]))
    for pid, tag in con.execute("SELECT prospect_id, tag FROM tags"):
        tags.setdefault(pid, set()).add(tag)
bad = 0
checked = 0
def visit(what, obj):
    global bad, checked
    if isinstance(obj, list):
        for item in obj:
            visit(what, item)
        return
    if not isinstance(obj, dict):
        return
    if "prospects" in obj:
        visit(what, obj["prospects"])
        return
    pid = obj.get("id")
    if pid not in stored:
        return
    for key, want in stored[pid].items():
        if key in obj and obj[key] != want:
            print("%s: #%d %s = %r, stored %r" % (what, pid, key, obj[key], want)); bad += 1
        elif key in obj:
            checked += 1
    if "tags" in obj and set(obj["tags"]) != tags.get(pid, set()):
        print("%s: #%d tags = %r, stored %r" % (what, pid, obj["tags"], tags.get(pid))); bad += 1
for arg in sys.argv[2:]:
    what, path = arg.split("=", 1)
    raw = open(path, "rb").read()
    # JSON itself forbids raw C0 controls inside strings; outside strings
    # only the whitespace ones may appear.
    if re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", raw):
        print("%s: raw control bytes in the JSON text" % what); bad += 1
    doc = json.loads(raw.decode("utf-8"), strict=True)
    visit(what, doc)
    # and back: dumping what we read gives the same values
    if json.loads(json.dumps(doc)) != doc:
        print("%s: does not round-trip" % what); bad += 1
if checked < 40:
    print("only %d values compared: did the outputs hold the strangers?" % checked); bad += 1
sys.exit(1 if bad else 0)
EOF
}

@test "followup's own JSON export imports back into an empty database with every byte kept" {
    local export="$BATS_TEST_TMPDIR/all.json"
    fu export -o json >"$export"
    local fresh
    fresh=$(fu_new_db fresh)
    run --separate-stderr "$FOLLOWUP_BIN" --db "$fresh" --today "$TODAY" import "$export"
    assert_status 0
    # JSON escapes every byte that is not printable text, so equal documents
    # hold equal bytes.
    local fields='[.prospects[] | [.name, .company, .notes, .top_priority]] | sort | tojson'
    assert_equal "$(DB=$fresh fu_export_jq "$fields")" "$(fu_export_jq "$fields")" \
        "the strangers' bytes after export and import"
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        assert_equal "$(sqlite3 "$fresh" "SELECT hex(name) || hex(company) || hex(notes) || hex(top_priority) FROM prospects ORDER BY hex(name)")" \
            "$(sqlite3 "$DB" "SELECT hex(name) || hex(company) || hex(notes) || hex(top_priority) FROM prospects ORDER BY hex(name)")" \
            "the strangers' bytes in the files after export and import"
    fi
}

@test "shell completion leaves out names with controls or bidi overrides (they cannot be typed; use the id)" {
    fu __complete prospects >"$BATS_TEST_TMPDIR/candidates" || fail "__complete prospects failed"
    grep -q 'Plain Person' "$BATS_TEST_TMPDIR/candidates" || fail "no candidates: $(cat -v "$BATS_TEST_TMPDIR/candidates")"
    grep -q '=HYPERLINK' "$BATS_TEST_TMPDIR/candidates" || fail "a name without controls is missing: $(cat -v "$BATS_TEST_TMPDIR/candidates")"
    local problems
    problems=$(raw_controls "$BATS_TEST_TMPDIR/candidates") ||
        fail "__complete prospects prints names with raw controls:" "$problems"
}
