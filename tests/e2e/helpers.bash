# Shared setup for the black-box tests of followup.
#
# Every test runs the real binary ($FOLLOWUP_BIN) in a fresh temporary HOME,
# on a database inside $BATS_TEST_TMPDIR, with a fixed "as of" day. Nothing
# here reads the real clock or touches the user's files.
#
# Usage in a suite:
#   load helpers
#   setup() { fu_setup; }
#
# The backend is chosen as git's suite chooses its ref format
# (GIT_TEST_DEFAULT_REF_FORMAT): FOLLOWUP_TEST_BACKEND=sqlite (the default) or
# postgresql. Under postgresql nothing is started here: FOLLOWUP_TEST_PG names
# a server where the suite may CREATE DATABASE (a postgresql:// URL, such as
# tests/pg/server's FOLLOWUP_PG), each test gets a fresh database there, DB is
# its URL, and teardown drops it. Tests about SQLite's files call sqlite_only,
# tests about a server's roles postgresql_only.

bats_require_minimum_version 1.5.0

# The Monday the scenarios start on.
DEFAULT_TODAY=2026-11-02

FOLLOWUP_TEST_BACKEND=${FOLLOWUP_TEST_BACKEND:-sqlite}

fu_setup() {
    if [[ -z "${FOLLOWUP_BIN:-}" || ! -x "${FOLLOWUP_BIN}" ]]; then
        echo "FOLLOWUP_BIN must name the built followup binary (got '${FOLLOWUP_BIN:-}')" >&2
        return 1
    fi
    # A private world for this test.
    export HOME="$BATS_TEST_TMPDIR/home"
    export XDG_DATA_HOME="$HOME/.local/share"
    export XDG_CONFIG_HOME="$HOME/.config"
    mkdir -p "$HOME"
    unset FOLLOWUP_DB FOLLOWUP_CONFIG FOLLOWUP_TODAY NO_COLOR CLICOLOR_FORCE
    export TZ=UTC
    export LC_ALL=C.UTF-8
    # The test database lives alone in its folder, so that leftovers show.
    DBDIR="$BATS_TEST_TMPDIR/data"
    mkdir -p "$DBDIR"
    TODAY="$DEFAULT_TODAY"
    case $FOLLOWUP_TEST_BACKEND in
    sqlite) DB="$DBDIR/followup.db" ;;
    postgresql)
        if [[ "${FOLLOWUP_TEST_PG:-}" != postgres://* && "${FOLLOWUP_TEST_PG:-}" != postgresql://* ]]; then
            echo "FOLLOWUP_TEST_BACKEND=postgresql needs FOLLOWUP_TEST_PG, a postgresql:// URL of a server where the tests may create databases (got '${FOLLOWUP_TEST_PG:-}')" >&2
            return 1
        fi
        DB=$(fu_new_db followup) || return 1
        ;;
    *)
        echo "FOLLOWUP_TEST_BACKEND must be sqlite or postgresql (got '$FOLLOWUP_TEST_BACKEND')" >&2
        return 1
        ;;
    esac
}

# A suite that defines its own teardown (teardown_file) calls fu_teardown
# (fu_teardown_file) in it.
teardown() { fu_teardown; }
teardown_file() { fu_teardown_file; }

# Drops the PostgreSQL databases this test made (nothing on SQLite, whose
# files go with the test's folder).
fu_teardown() {
    _pg_drop_listed "$BATS_TEST_TMPDIR/.postgresql-databases"
}

# Drops those fu_file_db made.
fu_teardown_file() {
    _pg_drop_listed "$BATS_FILE_TMPDIR/.postgresql-databases"
}

_pg_drop_listed() {
    local list=$1 name
    [[ -f "$list" ]] || return 0
    while IFS= read -r name; do
        _pg_admin -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" ||
            echo "could not drop the test database $name" >&2
    done <"$list"
    rm -f "$list"
}

# fu_new_db [NAME [TEMPLATE]]: a new database for this test, printed. On
# SQLite a file in $DBDIR (data/NAME.db; a TEMPLATE file is copied, with
# its folder's -wal), on PostgreSQL a new database on FOLLOWUP_TEST_PG,
# copied from TEMPLATE (the URL of a database no one is connected to: one
# from fu_file_db, or this test's $DB between commands), else from
# FOLLOWUP_TEST_PG_TEMPLATE, else template0; dropped by fu_teardown.
fu_new_db() {
    local name=${1:-followup} template=${2:-}
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        if [[ -n "$template" ]]; then
            cp "$template" "$DBDIR/$name.db" || return 1
            [[ ! -e "$template-wal" ]] || cp "$template-wal" "$DBDIR/$name.db-wal" || return 1
        fi
        printf '%s\n' "$DBDIR/$name.db"
        return 0
    fi
    _pg_create_db "$BATS_TEST_TMPDIR/.postgresql-databases" "$template"
}

# fu_file_db: for setup_file, a database that the file's tests share or
# copy (fu_new_db NAME "$URL"), printed: on SQLite the file
# $BATS_FILE_TMPDIR/NAME.db, on PostgreSQL a new database dropped by
# fu_teardown_file. fu_file_db NAME
fu_file_db() {
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        printf '%s\n' "$BATS_FILE_TMPDIR/${1:-followup}.db"
        return 0
    fi
    _pg_create_db "$BATS_FILE_TMPDIR/.postgresql-databases" ""
}

# _pg_create_db LIST [TEMPLATE_URL]: creates a database, adds its name to LIST
# (for the teardown) and prints its URL.
_pg_create_db() {
    local list=$1 template=${2:-} db url re='^postgres(ql)?://[^/?]*/([^?]+)'
    if [[ -n "$template" ]]; then
        [[ $template =~ $re ]] || {
            echo "not a postgresql:// URL with a database: '$template'" >&2
            return 1
        }
        template=${BASH_REMATCH[2]}
    else
        template=${FOLLOWUP_TEST_PG_TEMPLATE:-template0}
    fi
    # Unique across the files that ctest runs at once; 63 bytes at most.
    db="fu_e2e_${BATS_ROOT_PID:-$$}_${BATS_SUITE_TEST_NUMBER:-0}_${RANDOM}${RANDOM}"
    url=$(_pg_url_with_db "$FOLLOWUP_TEST_PG" "$db") || {
        echo "FOLLOWUP_TEST_PG is not a URL whose database can be replaced: '$FOLLOWUP_TEST_PG'" >&2
        return 1
    }
    printf '%s\n' "$db" >>"$list"
    # FILE_COPY: a copy of the files and a checkpoint (cheap with fsync off),
    # about twice as fast as copying through the WAL for a small template.
    _pg_admin -c "CREATE DATABASE \"$db\" TEMPLATE \"$template\" STRATEGY FILE_COPY" || {
        echo "could not create the test database $db from $template on $FOLLOWUP_TEST_PG" >&2
        return 1
    }
    printf '%s\n' "$url"
}

# postgresql://user@host:port/NAME?options: the URL with its database replaced.
_pg_url_with_db() {
    local url=$1 name=$2 re='^(postgres(ql)?://[^/?]*)(/[^?]*)?(\?.*)?$'
    [[ $url =~ $re ]] || return 1
    printf '%s/%s%s\n' "${BASH_REMATCH[1]}" "$name" "${BASH_REMATCH[4]}"
}

# psql as the suite's administrator, on FOLLOWUP_TEST_PG's database.
_pg_admin() {
    psql -X -q -v ON_ERROR_STOP=1 -d "$FOLLOWUP_TEST_PG" "$@" >/dev/null
}

# sqlite_only REASON: the test is about SQLite's files (WAL, crash copies,
# foreign files, old schemas, backups, permissions, query plans); under
# another backend it is skipped, saying why, never passed silently.
sqlite_only() {
    [[ $FOLLOWUP_TEST_BACKEND == sqlite ]] || skip "SQLite only: $*"
}

# postgresql_only REASON: the test is about what only a database server has
# (roles, row-level security, sessions at once as different users); under
# SQLite it is skipped, saying why, never passed silently.
postgresql_only() {
    [[ $FOLLOWUP_TEST_BACKEND == postgresql ]] || skip "PostgreSQL only: $*"
}

# fu_sql SQL: a query on the test's database, whichever backend holds it
# (sqlite3, or psql with the URL), rows as lines, columns joined by '|'. For
# what no followup command shows (mail sources, seen files); portable SQL only.
fu_sql() {
    if [[ $DB == postgres*://* ]]; then
        psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -c "$1"
    else
        sqlite3 "$DB" "$1"
    fi
}

# fu_dump: every row of the test's database as text, to compare before and after.
fu_dump() {
    if [[ $DB == postgres*://* ]]; then
        # (pg_dump's \restrict and \unrestrict lines carry a random key each run.)
        pg_dump -d "$DB" --data-only --inserts --no-owner --no-privileges |
            grep -v -e '^--' -e '^SET ' -e '^SELECT pg_catalog' -e '^\\restrict ' -e '^\\unrestrict '
    else
        sqlite3 "$DB" .dump
    fi
}

# State read through followup, so that it reads the same on both backends:
# fu_export_jq FILTER [jq options] runs jq -r over `followup export -o json`.
# Fails (printing FAILED) when export fails.
fu_export_jq() {
    local filter=$1 json
    shift
    json=$(fu export -o json) || {
        echo "FAILED: followup export: $json"
        return 1
    }
    jq -r "$@" "$filter" <<<"$json"
}

# Counts through the export: fu_count prospects | touches | tags
fu_count() {
    case $1 in
    prospects) fu_export_jq '.prospects | length' ;;
    touches) fu_export_jq '[.prospects[].touches[]] | length' ;;
    tags) fu_export_jq '[.prospects[].tags[]] | length' ;;
    *) fail "fu_count: unknown kind '$1'" ;;
    esac
}

# fu_team_config: after a test writes its config.toml (FOLLOWUP_CONFIG, else
# $XDG_CONFIG_HOME/followup/config.toml), makes the database's team settings
# match the file's team keys. On PostgreSQL the team's settings live in the
# database and config.toml's team keys count for nothing, so each of the
# file's team keys is stored with `followup config --set` and each stored
# one the file lacks is removed (--unset). On SQLite the file counts as it
# is: nothing to do. Fails (printing FAILED) when followup does.
fu_team_config() {
    [[ $FOLLOWUP_TEST_BACKEND == postgresql ]] || return 0
    local file_rows db_rows key value path
    path="${FOLLOWUP_CONFIG:-$XDG_CONFIG_HOME/followup/config.toml}"
    # The file's team keys, as a file database (which has no settings) shows them.
    file_rows=$("$FOLLOWUP_BIN" --db "$BATS_TEST_TMPDIR/.no-team-settings.db" config -o json) || {
        echo "FAILED: followup config (the file's keys): $file_rows"
        return 1
    }
    file_rows=$(jq -r --arg path "$path" \
        '.[] | select(.scope == "team" and .source == $path) | [.key, .value] | @tsv' <<<"$file_rows")
    db_rows=$(fu config -o json 2>/dev/null) || {
        echo "FAILED: followup config (the database's keys): $db_rows"
        return 1
    }
    # Last first: a cadence_by_tag goes before the cadence it names.
    while IFS=$'\t' read -r key value; do
        [[ -n "$key" ]] || continue
        if ! grep -q -F -x -e "$key" <(cut -f1 <<<"$file_rows"); then
            fu config -q --unset "$key" || return 1
        fi
    done < <(jq -r '.[] | select(.source | startswith("database")) | .key' <<<"$db_rows" | tac)
    while IFS=$'\t' read -r key value; do
        [[ -n "$key" ]] || continue
        fu config -q --set "$key" "$value" || return 1
    done <<<"$file_rows"
}

# followup on the test database, as of $TODAY.
fu() {
    "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" "$@"
}

# followup on the test database, as of the given day: fu_on 2026-11-04 due
fu_on() {
    local day=$1
    shift
    "$FOLLOWUP_BIN" --db "$DB" --today "$day" "$@"
}

# Fails the test with a message (bats shows stderr of a failing test).
fail() {
    printf '%s\n' "$@" >&2
    return 1
}

assert_status() {
    local expected=$1
    if [[ "$status" != "$expected" ]]; then
        fail "expected exit status $expected, got $status" \
            "stdout: $output" "stderr: ${stderr:-}"
    fi
}

assert_equal() {
    local actual=$1 expected=$2 what=${3:-value}
    if [[ "$actual" != "$expected" ]]; then
        fail "$what: expected '$expected'" "$what: actual   '$actual'"
    fi
}

# assert_contains HAYSTACK NEEDLE [WHAT]
assert_contains() {
    local haystack=$1 needle=$2 what=${3:-text}
    if [[ "$haystack" != *"$needle"* ]]; then
        fail "$what does not contain '$needle'" "$what: '$haystack'"
    fi
}

assert_not_contains() {
    local haystack=$1 needle=$2 what=${3:-text}
    if [[ "$haystack" == *"$needle"* ]]; then
        fail "$what unexpectedly contains '$needle'" "$what: '$haystack'"
    fi
}

assert_stdout_empty() {
    if [[ -n "$output" ]]; then
        fail "expected no stdout, got: '$output'"
    fi
}

assert_stderr_empty() {
    if [[ -n "${stderr:-}" ]]; then
        fail "expected no stderr, got: '$stderr'"
    fi
}

# After `run --separate-stderr`: the command failed with the given status,
# printed nothing on stdout, and exactly one stderr line starting "followup: ".
assert_error() {
    local expected=$1
    assert_status "$expected" || return 1
    assert_stdout_empty || return 1
    if [[ "${#stderr_lines[@]}" -ne 1 ]]; then
        fail "expected exactly one stderr line, got ${#stderr_lines[@]}:" "$stderr"
        return 1
    fi
    if [[ "${stderr_lines[0]}" != "followup: "* ]]; then
        fail "the error line does not start with 'followup: ': '${stderr_lines[0]}'"
        return 1
    fi
    if [[ "${stderr_lines[0]}" == "followup: warning:"* ]]; then
        fail "the error line is a warning: '${stderr_lines[0]}'"
    fi
}

# Runs `followup due -o json [due options...]` as of DAY and a jq filter over
# it. When followup fails or its output is not a JSON array, prints a FAILED
# marker instead (so that an assertion on "not due" cannot pass by accident)
# and returns 1. $name and $field are free for the filter.
# _due_jq DAY NAME FIELD FILTER [due options...]
_due_jq() {
    local day=$1 name=$2 field=$3 filter=$4
    shift 4
    local json result
    if ! json=$(fu_on "$day" due -o json "$@") ||
        ! result=$(jq -r --arg name "$name" --arg field "$field" \
            "if type == \"array\" then $filter else error(\"not an array\") end" <<<"$json" 2>&1); then
        echo "FAILED: followup due $* as of $day: $json"
        return 1
    fi
    [[ -z "$result" ]] || printf '%s\n' "$result"
}

# A prospect's row of `due -o json` as of a day, as compact JSON; empty when
# the prospect is not due. due_row DAY NAME [due options...]
due_row() {
    local day=$1 name=$2
    shift 2
    _due_jq "$day" "$name" "" '.[] | select(.name == $name) | tojson' "$@"
}

# One field of that row: due_field DAY NAME FIELD [due options...]
due_field() {
    local day=$1 name=$2 field=$3
    shift 3
    _due_jq "$day" "$name" "$field" '.[] | select(.name == $name) | .[$field]' "$@"
}

# The names due as of a day, one a line, in ranked order.
due_names() {
    local day=$1
    shift
    _due_jq "$day" "" "" '.[].name' "$@"
}

# Asserts that NAME is due on DAY (with the given reason, if any) and was not
# due the day before. assert_first_due_on DAY NAME [REASON]
assert_first_due_on() {
    local day=$1 name=$2 reason=${3:-}
    local before
    before=$(date -u -d "$day -1 day" +%F)
    local row_before row
    row_before=$(due_row "$before" "$name")
    if [[ -n "$row_before" ]]; then
        fail "$name is already due on $before (expected first on $day): $row_before"
        return 1
    fi
    row=$(due_row "$day" "$name")
    if [[ -z "$row" ]]; then
        fail "$name is not due on $day" "due on $day: $(fu_on "$day" due -o json)" \
            "upcoming: $(fu_on "$day" due --upcoming 90 -o json | jq -c '.[] | [.name, .due_on, .reason]')"
        return 1
    fi
    local expected="$day 0"
    [[ -z "$reason" ]] || expected+=" $reason"
    assert_equal "$(jq -r --arg r "$reason" '"\(.due_on) \(.days_overdue)" + (if $r == "" then "" else " \(.reason)" end)' <<<"$row")" \
        "$expected" "due_on, days_overdue and reason of $name on $day"
}

# Records an outbound touch, with channel and purpose so no default is taken.
touch_out() {
    local day=$1 name=$2 channel=${3:-email} purpose=${4:-value}
    fu_on "$day" log "$name" --channel "$channel" --purpose "$purpose" >/dev/null
}

# Parses CSV (RFC 4180) on stdin into a JSON array of records (arrays of
# strings): with Python's csv module when there is a python3, else (or with
# E2E_CSV_PARSER=awk) with awk.
csv_to_json() {
    if [[ "${E2E_CSV_PARSER:-}" != awk ]] && command -v python3 >/dev/null 2>&1 &&
        python3 -c 'import csv, json' 2>/dev/null; then
        python3 -c '
import csv, io, json, sys
data = sys.stdin.buffer.read().decode("utf-8")
print(json.dumps(list(csv.reader(io.StringIO(data, newline=""), strict=True))))'
    else
        # Field by field; a quoted field may hold commas, doubled quotes and
        # line breaks. Fields are printed separated by U+001F, records ended by U+001E.
        awk '
            BEGIN { inq = 0; field = ""; rec = ""; nf = 0 }
            {
                line = $0
                n = length(line)
                for (i = 1; i <= n; i++) {
                    c = substr(line, i, 1)
                    if (inq) {
                        if (c == "\"") {
                            if (substr(line, i + 1, 1) == "\"") { field = field "\""; i++ }
                            else inq = 0
                        } else field = field c
                    } else if (c == "\"") {
                        inq = 1
                    } else if (c == ",") {
                        rec = (nf ? rec "\037" : "") field; nf++; field = ""
                    } else if (c == "\r" && i == n) {
                        # the CR of a CRLF line end
                    } else field = field c
                }
                if (inq) { field = field "\n"; next }
                rec = (nf ? rec "\037" : "") field
                printf "%s\036", rec
                rec = ""; field = ""; nf = 0
            }' | jq -Rsc 'split("\u001e")[:-1] | map(split("\u001f"))'
    fi
}
