#!/usr/bin/env bats
# Hostile input, table-driven: every case in hostile_cases.tsv must fail with
# exit 1 or 2 (the one PRODUCT.md names), print nothing on stdout and exactly
# one line on stderr that starts with "followup: " and holds no raw control
# characters or bidi overrides, and leave the database byte-for-byte
# unchanged (and no new file beside it; on PostgreSQL, FOLLOWUP_TEST_BACKEND,
# its export unchanged).
#
# Cases marked with a known bug are left out of the group tests and run by a
# "known bug" test each, which skips while the bug is there.
#
# The big inputs (10 MB notes, a 100 MB CSV line, ...) are generated in
# $BATS_FILE_TMPDIR at test time.

load helpers

TABLE="$BATS_TEST_DIRNAME/hostile_cases.tsv"
export TABLE

setup_file() {
    [[ $FOLLOWUP_TEST_BACKEND != sqlite ]] || command -v sqlite3 >/dev/null || {
        echo "sqlite3 is needed (scripts/install-deps --test)" >&2
        return 1
    }
    export IN="$BATS_FILE_TMPDIR/in"
    mkdir -p "$IN"
    make_inputs
    make_fixture
    local bad
    bad=$(split_table)
    if [[ -n "$bad" ]]; then
        echo "malformed lines in $TABLE: $bad" >&2
        return 1
    fi
}

setup() {
    fu_setup
    IN="$BATS_FILE_TMPDIR/in"
    PRISTINE="$BATS_FILE_TMPDIR/pristine"
    # All cases of a test share one database folder; a case that changes the
    # database gets a fresh copy for the next one.
    DBDIR="$BATS_TEST_TMPDIR/data"
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        DB="$DBDIR/followup.db"
        rm -rf "$DBDIR"
        cp -a "$PRISTINE" "$DBDIR"
    else
        PRISTINE_URL=$(cat "$BATS_FILE_TMPDIR/pristine.url")
        DB=$(fu_new_db followup "$PRISTINE_URL")
    fi
    PRISTINE_SUM=$(cat "$BATS_FILE_TMPDIR/pristine.sum")
    # C0 controls (but tab), DEL, C1 controls and bidi controls, as UTF-8 bytes
    RAW_CONTROLS=$'[\x01-\x08\x0a-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]'
}

# --- inputs -------------------------------------------------------------------

make_inputs() {
    # notes for --note -
    head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' 'n' >"$IN/note-10mb.txt"
    head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' 'n' >"$IN/note-1mb-plus-1.txt"
    printf 'before\0after\n' >"$IN/note-nul.txt"
    printf 'caf\xe9 au lait\n' >"$IN/note-bad-utf8.txt"
    printf 'hello \e[2J\e]0;owned\a\n' >"$IN/note-esc.txt"
    printf 'invoice \xe2\x80\xaefdp.exe\n' >"$IN/note-bidi.txt"
    printf 'next\xc2\x85line \xc2\x9b31m\n' >"$IN/note-c1.txt"
    # binary junk with NUL bytes, and without any
    LC_ALL=C awk 'BEGIN { srand(7); for (i = 0; i < 8192; i++) printf "%c", int(rand() * 256) }' >"$IN/junk.bin"
    LC_ALL=C awk 'BEGIN { srand(11); for (i = 0; i < 8192; i++) printf "%c", 128 + int(rand() * 128) }' >"$IN/junk-no-nul.csv"

    # CRM CSV files
    printf 'Name,Company,Email\nAnn Ok,Acme,ann@ok.example\nBen Ok,Initech,ben@ok.example\n' >"$IN/ok.csv"
    printf 'Name,Company\nAnn Ok,Acme\n"Ann,Acme\nBen Ok,Initech\n' >"$IN/quote-unclosed.csv"
    printf 'Name,Company\nAnn "the boss" Ok,Acme\n' >"$IN/quote-stray.csv"
    printf 'Name,Company\n"Ann"Ok,Acme\n' >"$IN/quote-after.csv"
    printf 'Name,Company\nAnn Ok,Acme,extra,more\n' >"$IN/ragged-long.csv"
    printf 'Name,Company,Email\nGood %d,Co,g%d@ok.example\n' 1 1 2 2 3 3 4 4 5 5 | awk 'NR == 1 || !/^Name/' >"$IN/ragged-mixed.csv"
    printf 'Bad Row,Co,b@ok.example,surprise\n' >>"$IN/ragged-mixed.csv"
    printf 'Name,Company\nA\0nn,Acme\n' >"$IN/nul.csv"
    printf 'Name,Company\nAnn \xff\xfe Ok,Acme\n' >"$IN/bad-utf8.csv"
    printf 'Na\xffme,Company\nAnn Ok,Acme\n' >"$IN/bad-utf8-header.csv"
    printf '\xff\xfeN\0a\0m\0e\0\n\0A\0n\0n\0\n\0' >"$IN/utf16.csv"
    : >"$IN/empty.csv"
    printf 'Foo,Bar\n1,2\n' >"$IN/no-name-column.csv"
    printf 'Name,Company\n,Acme\n' >"$IN/empty-name.csv"
    printf 'Name,Company\n   ,Acme\n' >"$IN/blank-name.csv"
    printf 'Name,Last Contacted\nAnn Ok,2026-02-30\n' >"$IN/bad-date.csv"
    printf 'Name,Last Contacted\nAnn Ok,2099-01-01\n' >"$IN/future-date.csv"
    printf 'Name,Deal Value\nAnn Ok,-5\n' >"$IN/negative-value.csv"
    printf 'Name,Deal Value\nAnn Ok,lots\n' >"$IN/text-value.csv"
    printf 'Name,Deal Value\nAnn Ok,99999999999999999999999\n' >"$IN/huge-value.csv"
    {
        printf 'Name,Company\n'
        head -c $((100 * 1024 * 1024)) /dev/zero | tr '\0' 'x'
        printf ',Acme\n'
    } >"$IN/line-100mb.csv"
    # a field just over the 1 MiB that followup allows (each one costs
    # seconds under ASan: libcsv grows its buffer 128 bytes at a time)
    {
        printf 'Name,Notes\nAnn Ok,'
        head -c $((1024 * 1024 + 100)) /dev/zero | tr '\0' 'y'
        printf '\n'
    } >"$IN/field-over-1mib.csv"
    # followup JSON exports
    "$FOLLOWUP_BIN" --db "$BATS_FILE_TMPDIR/export-source.db" --today 2026-11-02 add "Json Person" >/dev/null
    "$FOLLOWUP_BIN" --db "$BATS_FILE_TMPDIR/export-source.db" --today 2026-11-02 export -o json >"$IN/ok.json"
    printf '{"format": "followup-export", "prospects": [' >"$IN/broken.json"
    printf '[1, 2, 3]\n' >"$IN/array.json"
    printf '{"format": "followup-export", "version": 1e400, "prospects": []}\n' >"$IN/number-overflow.json"
    jq '.version = 999' "$IN/ok.json" >"$IN/newer.json"
    jq '.prospects[0].name = 5' "$IN/ok.json" >"$IN/wrong-types.json"
    jq '.prospects[0].created_on = "2026-02-30"' "$IN/ok.json" >"$IN/bad-date.json"
    sed 's/Json Person/Json \xff Person/' "$IN/ok.json" >"$IN/bad-utf8.json"
    jq '.prospects[0].name = "   "' "$IN/ok.json" >"$IN/blank-name.json"
    jq '.prospects[0].stage = "won"' "$IN/ok.json" >"$IN/bad-stage.json"
    jq '.prospects[0].value = -1' "$IN/ok.json" >"$IN/negative-value.json"
    jq '.prospects[0].tags = [""]' "$IN/ok.json" >"$IN/empty-tag.json"
    jq '.prospects[0] = null' "$IN/ok.json" >"$IN/null-prospect.json"
    jq '.prospects[0].touches = [{"date": "2026-02-30", "direction": "out", "channel": "email"}]' "$IN/ok.json" >"$IN/bad-touch-date.json"
    jq '.prospects[0].touches = [{"date": "2026-10-01", "direction": "sideways", "channel": "email"}]' "$IN/ok.json" >"$IN/bad-direction.json"
    printf '{"format": "followup-export", "version": 1, "prospects": [{"name": "\\ud800"}]}\n' >"$IN/lone-surrogate.json"
    printf '{"format": "followup-export", "version": 1.5, "prospects": []}\n' >"$IN/float-version.json"
    printf '{"format": "followup-export", "version": "1", "prospects": []}\n' >"$IN/string-version.json"
    printf '{"format": 5, "version": 1, "prospects": []}\n' >"$IN/format-number.json"
    printf '{"format": "followup-export", "version": 18446744073709551615, "prospects": []}\n' >"$IN/huge-version.json"
    jq '.prospects[0].name = "\u00a0\u2003\u3000"' "$IN/ok.json" >"$IN/nbsp-name.json"
    printf 'Name,Company\n\xc2\xa0\xe2\x80\x83,Acme\n' >"$IN/nbsp-name.csv"

    # config files
    printf '[\n' >"$IN/bracket.toml"
    printf 'a = 1["\xc3\xa9"]\n' >"$IN/number-then-bracket.toml"
    printf 'a = 1="\xc3\xa9"\n' >"$IN/number-then-equals.toml"
    printf 'a = true["\xc3\xa9"]\n' >"$IN/true-then-bracket.toml"
    printf 'a = [\n  1["\xc3\xa9"],\n]\n' >"$IN/number-in-array-then-string.toml"
    printf '[sender]\nname = 1 "\xc3\xa9"\n' >"$IN/number-then-space-string.toml"
    mkdir -p "$IN/xdg-folder/followup/config.toml"
    printf '[schedule]\nfirst_touch = 1\xc3\xa9\n' >"$IN/non-ascii-after-value.toml"
    printf '\xc3\xa9 = 1\n' >"$IN/non-ascii-bare-key.toml"
    printf 'a = 1\n\xef\xbb\xbe' >"$IN/feff.toml"
    printf '[cadence]\ndefault = "2,3,5"\n' >"$IN/cadence-string.toml"
    printf 'bogus = 1\n' >"$IN/unknown-key.toml"
    printf '[surprise]\nx = 1\n' >"$IN/unknown-table.toml"
    printf '[schedule]\nfirst_touch = -5\n' >"$IN/negative.toml"
    printf '[schedule]\nfirst_touch = 1.5\n' >"$IN/float.toml"
    printf '[schedule]\nfirst_touch = 99999999999999999999\n' >"$IN/too-big-int.toml"
    printf '[schedule]\nbusiness_days = "yes"\n' >"$IN/bool-string.toml"
    printf '[schedule]\ndaily_capacity = "many"\n' >"$IN/capacity-string.toml"
    printf '[schedule]\nholidays = "2026-12-25"\n' >"$IN/holidays-string.toml"
    printf '[schedule]\nholidays = ["2026-02-30"]\n' >"$IN/bad-holiday.toml"
    printf '[breakup]\nafter = 0\n' >"$IN/after-zero.toml"
    printf '[breakup]\ninvested = ["won"]\n' >"$IN/invested-won.toml"
    printf '[cooldown]\ndefault = 30\n' >"$IN/cooldown-int.toml"
    printf '[cooldown]\noverheat_within = "7x"\n' >"$IN/overheat-bad.toml"
    printf '[cadence_by_tag]\nvip = "nope"\n' >"$IN/tag-cadence-unknown.toml"
    printf '[cadence]\ndefault = []\n' >"$IN/cadence-empty.toml"
    printf '[cadence]\ndefault = [0, -1]\n' >"$IN/cadence-zero.toml"
    printf '[sender]\nname = 5\n' >"$IN/sender-int.toml"
    printf 'cadence = 5\n' >"$IN/cadence-not-table.toml"
    printf '[sender]\nname = "a"\nname = "b"\n' >"$IN/duplicate-key.toml"
    printf '[schedule]\n[schedule]\n' >"$IN/duplicate-table.toml"
    printf '[sender]\nname = "abc\n' >"$IN/unterminated.toml"
    printf 'a\e[31m = 1\n' >"$IN/esc-key.toml"
    printf '[sender]\nname = "\e[2J"\n' >"$IN/esc-string.toml"
    printf '[sender]\nname = "\xff"\n' >"$IN/bad-utf8.toml"
    printf '[sender]\nname = "a\0b"\n' >"$IN/nul.toml"
    awk 'BEGIN { printf "a = "; for (i = 0; i < 5000; i++) printf "["; print "" }' >"$IN/deep.toml"
    {
        printf '[sender]\nname = "'
        head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 's'
        printf '"\n'
    } >"$IN/big.toml"
    awk 'BEGIN { printf "a = "; for (i = 0; i < 3000; i++) printf "{b = "; printf "1"
                 for (i = 0; i < 3000; i++) printf "}"; print "" }' >"$IN/inline-table-bomb.toml"
    printf '[breakup]\ntemplate = "missing-template.txt"\n' >"$IN/template-missing.toml"
    printf '[breakup]\ntemplate = "t-unclosed.txt"\n' >"$IN/template-broken.toml"

    # reversing-email templates
    printf 'Hi {first_name,\nabout {company}\n' >"$IN/t-unclosed.txt"
    printf 'Hi {nope}\n' >"$IN/t-unknown.txt"
    printf 'Hi {name:>2147483647}\n' >"$IN/t-huge-width.txt"
    printf 'Hi } there\n' >"$IN/t-stray-close.txt"
    printf 'Hi {}\n' >"$IN/t-empty-braces.txt"
    printf 'Hi {0}\n' >"$IN/t-positional.txt"
    printf 'Hi {{name}\n' >"$IN/t-nested.txt"
    printf 'Hi {name!r}\n' >"$IN/t-conversion.txt"
    printf 'Hi {first name}\n' >"$IN/t-space.txt"
    printf 'Hi {NAME}\n' >"$IN/t-upper.txt"
    printf 'Hi {\e[31m}\n' >"$IN/t-esc.txt"
    printf 'Hi {name} caf\xe9\n' >"$IN/t-bad-utf8.txt"
    printf 'Hi {name}\0\n' >"$IN/t-nul.txt"
    printf 'Hi {name}, {' >"$IN/t-open-at-end.txt"
}

# What a database holds: on SQLite the file's bytes, on a server
# followup's export (all it can say about it).
state_digest() {
    local db=$1
    if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
        sha256sum <"$db"
    else
        local json
        json=$("$FOLLOWUP_BIN" --db "$db" --today 2026-11-02 export -o json) || {
            echo "export failed"
            return 1
        }
        jq -S 'del(.exported_on)' <<<"$json" | sha256sum
    fi
}

# The database every case starts from, checkpointed (no -wal content). On a
# server, a database every test copies.
make_fixture() {
    local dir="$BATS_FILE_TMPDIR/pristine"
    mkdir -p "$dir"
    local db="$dir/followup.db"
    if [[ $FOLLOWUP_TEST_BACKEND != sqlite ]]; then
        db=$(fu_file_db pristine) || return 1
        printf '%s\n' "$db" >"$BATS_FILE_TMPDIR/pristine.url"
    fi
    f() { "$FOLLOWUP_BIN" --db "$db" --today 2026-11-02 "$@" >/dev/null; }
    f add "Ada Lovelace" --company Acme --email ada@acme.example --stage proposal --value 24000 --tag vip
    f add "O'Brien" --company "Pat's" --phone "+1 555 0100"
    f add "Bo Chen" --email bo@example.com
    f add "100% Real" --company "50_50"
    f add "snake_case"
    f add "Sam Archer"
    f add "Sam Baker"
    f add "Carl Closed" --company Gone
    f log Ada --channel email --purpose proposal --note "sent the proposal"
    f log Ada --in --channel email --note "wants a call" --next 2026-11-06
    f log "Bo Chen" --channel email --purpose value
    f cooldown "Bo Chen" --for 2w
    f close Carl --won --note "signed"
    if [[ $FOLLOWUP_TEST_BACKEND != sqlite ]]; then
        state_digest "$db" >"$BATS_FILE_TMPDIR/pristine.sum"
        return 0
    fi
    sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
    rm -f "$db-wal" "$db-shm"
    # Sanity: a checkpoint with nothing pending does not touch the file.
    local sum
    sum=$(sha256sum <"$db")
    sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
    rm -f "$db-wal" "$db-shm"
    [[ "$(sha256sum <"$db")" == "$sum" ]] || {
        echo "a checkpoint changed the pristine database" >&2
        return 1
    }
    sha256sum <"$db" >"$BATS_FILE_TMPDIR/pristine.sum"
}

# --- running cases -----------------------------------------------------------

# The table, checked and split once: $BATS_FILE_TMPDIR/cases holds one case
# a line with its 7 fields separated by U+001F, for `IFS=$'\x1f' read`.
# Prints the lines that are neither cases nor comments, if any.
split_table() {
    awk -v out="$BATS_FILE_TMPDIR/cases" '
        /^(#|$)/ { next }
        {
            n = split($0, f, / \| /)
            if (n != 7 || f[1] !~ /^[a-z]+-[0-9]+$/ || f[2] !~ /^(1|2|1\|2)$/) { print "line " NR ": " $0; next }
            line = f[1]
            for (i = 2; i <= 7; i++) line = line "\037" f[i]
            print line > out
        }' "$TABLE"
}

# Runs one table line. Prints what is wrong (nothing when the case passes);
# returns 1 when something is. Kept to few processes: it runs ~300 times.
check_case() {
    local C_ID C_EXIT C_STDIN C_ENV C_WORDS C_CONTAINS
    IFS=$'\x1f' read -r C_ID C_EXIT C_STDIN C_ENV C_WORDS C_CONTAINS _ <<<"$1"
    local -a words=() envs=()
    eval "words=( $C_WORDS )" || { echo "$C_ID: cannot parse the command line"; return 1; }
    [[ "$C_ENV" == - ]] || eval "envs=( $C_ENV )"
    local stdin=/dev/null
    [[ "$C_STDIN" == - ]] || eval "stdin=$C_STDIN"
    local -a global=(--db "$DB")
    if [[ " $C_WORDS " != *" --today "* && "$C_ENV" != *FOLLOWUP_TODAY=* ]]; then
        global+=(--today 2026-11-02)
    fi

    local out="$BATS_TEST_TMPDIR/case.out" err="$BATS_TEST_TMPDIR/case.err" rc=0
    if [[ ${#envs[@]} -eq 0 ]]; then
        timeout 120 "$FOLLOWUP_BIN" "${global[@]}" "${words[@]}" <"$stdin" >"$out" 2>"$err" || rc=$?
    else
        env "${envs[@]}" timeout 120 "$FOLLOWUP_BIN" "${global[@]}" "${words[@]}" \
            <"$stdin" >"$out" 2>"$err" || rc=$?
    fi

    local LC_ALL=C
    local problems=()
    case "$C_EXIT" in
    1 | 2) [[ "$rc" == "$C_EXIT" ]] || problems+=("exit $rc, expected $C_EXIT") ;;
    "1|2") [[ "$rc" == 1 || "$rc" == 2 ]] || problems+=("exit $rc, expected 1 or 2") ;;
    *) problems+=("bad expected exit '$C_EXIT' in the table") ;;
    esac
    local text=""
    if [[ -s "$out" ]]; then
        IFS= read -r -d '' -n 200 text <"$out" || true
        problems+=("stdout not empty: ${text@Q}")
    fi
    local message=""
    IFS= read -r -d '' message <"$err" || true
    if [[ -z "$message" || "${message%$'\n'}" == *$'\n'* || "$message" != *$'\n' ]]; then
        problems+=("stderr is not exactly one line: ${message:0:600}")
    else
        message=${message%$'\n'}
        [[ "$message" == "followup: "* ]] || problems+=("stderr does not start with 'followup: ': ${message@Q}")
        [[ "$message" != "followup: warning:"* ]] || problems+=("the only stderr line is a warning: $message")
        # raw C0 controls, DEL, C1 controls (UTF-8 encoded) and bidi controls
        if [[ "$message" =~ $RAW_CONTROLS ]]; then
            problems+=("raw control characters on stderr: ${message@Q}")
        fi
        if [[ "$C_CONTAINS" != - && "$message" != *"$C_CONTAINS"* ]]; then
            problems+=("stderr does not mention '$C_CONTAINS': $message")
        fi
    fi

    # Anything committed but still in the WAL goes into the file first.
    if [[ -s "$DB-wal" ]]; then
        sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null 2>&1 || problems+=("sqlite3 could not checkpoint the database")
    fi
    local sum
    sum=$(state_digest "$DB")
    [[ "$sum" == "$PRISTINE_SUM" ]] || problems+=("the database changed")
    local -a files=("$DBDIR"/* "$DBDIR"/.[!.]*)
    local extra=() file
    for file in "${files[@]}"; do
        case "$file" in
        "$DB" | "$DB-wal" | "$DB-shm" | *'*') ;;
        *) extra+=("${file##*/}") ;;
        esac
    done
    [[ ${#extra[@]} -eq 0 ]] || problems+=("new files beside the database: ${extra[*]}")

    if [[ ${#problems[@]} -gt 0 ]]; then
        # a fresh database for the next case (this runs in a subshell: on
        # a server the same name, made again)
        if [[ $FOLLOWUP_TEST_BACKEND == sqlite ]]; then
            rm -rf "$DBDIR"
            cp -a "$PRISTINE" "$DBDIR"
        else
            local name=${DB#*://*/}
            name=${name%%\?*}
            _pg_admin -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" \
                -c "CREATE DATABASE \"$name\" TEMPLATE \"$(basename "${PRISTINE_URL%%\?*}")\" STRATEGY FILE_COPY" ||
                problems+=("could not make the database again")
        fi
        local p
        echo "$C_ID: followup $C_WORDS${C_ENV:+ (env $C_ENV)}"
        for p in "${problems[@]}"; do
            echo "    $p"
        done
        return 1
    fi
    rm -f "$DB-wal" "$DB-shm"
}

# run_cases SELECT VALUE: runs the cases whose group (SELECT=group) or bug
# key (SELECT=bug) is VALUE, group cases without a known bug only. Prints
# the failures, then "ran N failed M". Meant for a subshell without bats'
# DEBUG trap, which would make the loop crawl.
run_cases() {
    local select=$1 value=$2 line id bug count=0 failed=0 result
    while IFS= read -r line; do
        id=${line%%$'\x1f'*}
        bug=${line##*$'\x1f'}
        if [[ "$select" == group ]]; then
            [[ "$id" == "$value"-* && "$bug" == - ]] || continue
        else
            [[ "$bug" == "$value" ]] || continue
        fi
        count=$((count + 1))
        if ! result=$(check_case "$line"); then
            printf '%s\n' "$result"
            failed=$((failed + 1))
        fi
    done <"$BATS_FILE_TMPDIR/cases"
    echo "ran $count failed $failed"
}

# Runs every case of a group that is not marked as a known bug.
run_group() {
    local group=$1 report summary
    report=$(trap - DEBUG ERR; set +eE; run_cases group "$group")
    summary=${report##*$'\n'}
    [[ "$summary" == "ran "* ]] || summary=$report
    local count failed
    read -r _ count _ failed <<<"$summary"
    ((count > 0)) || fail "no cases in group $group" "$report"
    [[ "$failed" == 0 ]] || fail "$failed of $count '$group' cases failed:" "${report%$'\n'*}"
}

# Runs the cases marked with a known bug; skips (naming what still fails)
# while any of them fails, passes once all are fixed.
run_known_bug() {
    local key=$1 description=$2 report summary
    report=$(trap - DEBUG ERR; set +eE; run_cases bug "$key")
    summary=${report##*$'\n'}
    local count failed
    read -r _ count _ failed <<<"$summary"
    ((count > 0)) || fail "no cases marked $key"
    if [[ "$failed" != 0 ]]; then
        grep -E '^[a-z]+-[0-9]+: |^    ' <<<"$report" | head -40 | sed 's/^/# /' >&3
        skip "known bug ($key, $failed of $count cases): $description"
    fi
}

# --- the table itself ----------------------------------------------------------

@test "the table holds at least 150 well-formed cases with unique ids, over every command" {
    assert_equal "$(split_table)" "" "malformed lines in $TABLE"
    local ids
    ids=$(cut -d$'\x1f' -f1 "$BATS_FILE_TMPDIR/cases")
    [[ $(wc -l <<<"$ids") -ge 150 ]] || fail "only $(wc -l <<<"$ids") cases"
    assert_equal "$(sort <<<"$ids" | uniq -d)" "" "duplicate ids"
    local command
    for command in add log due cooldown breakup list show edit close reopen rm import export stats config backup; do
        cut -d$'\x1f' -f5 "$BATS_FILE_TMPDIR/cases" | grep -qE "^(--[a-z]+ [^ ]+ )*$command( |$)" ||
            fail "no case runs followup $command"
    done
    echo "# $(wc -l <<<"$ids") cases" >&3
}

@test "global options and the command line as a whole" {
    run_group global
}

@test "impossible and absurd dates" {
    run_group date
}

@test "bad durations" {
    run_group duration
}

@test "empty values" {
    run_group empty
}

@test "names and other typed text: empty, control characters, escapes, bidi overrides, bad UTF-8" {
    run_group text
}

@test "notes on standard input: 10 MB, NUL bytes, bad UTF-8, escapes" {
    run_group stdin
}

@test "lookups with SQL metacharacters match nothing" {
    run_group lookup
}

@test "negative, non-numeric and unknown values" {
    run_group value
}

@test "CSV and JSON imports: broken quotes, ragged rows, binary junk, a 100 MB line" {
    run_group import
}

@test "config files: wrong types, unknown keys, broken TOML" {
    run_group config
}

@test "templates with broken braces and unknown placeholders" {
    run_group template
}

@test "export, stats, config and backup" {
    run_group misc
}

@test "names with quotes and SQL metacharacters are accepted and found exactly" {
    local p fixture=$DB
    p=$(fu_new_db p)
    DB=$p
    run --separate-stderr fu add "Mary O'Neil" --company "D'Arcy & Sons"
    assert_status 0
    run --separate-stderr fu add "50% Off_Deals" --company "'; DROP TABLE prospects; --"
    assert_status 0
    run --separate-stderr fu log "Mary O'Neil" --channel email --purpose value --note "it's done; isn't it?"
    assert_status 0
    run --separate-stderr fu show "mary o'neil" -o json
    assert_status 0
    assert_equal "$(jq -r '.name + " / " + .company' <<<"$output")" "Mary O'Neil / D'Arcy & Sons" "show by name"
    run --separate-stderr fu show "50%" -o json
    assert_status 0
    assert_equal "$(jq -r .name <<<"$output")" "50% Off_Deals" "prefix with % finds the literal %"
    run --separate-stderr fu show "50% Off_" -o json
    assert_status 0
    assert_equal "$(jq -r .company <<<"$output")" "'; DROP TABLE prospects; --" "company stored as typed"
    assert_equal "$(fu_count prospects)" 2 "prospects (nothing dropped)"
    # the fixture's O'Brien too
    DB=$fixture
    run --separate-stderr fu show "O'Brien" -o json
    assert_status 0
    assert_equal "$(jq -r .name <<<"$output")" "O'Brien" "O'Brien found"
    run --separate-stderr fu show "100%" -o json
    assert_status 0
    assert_equal "$(jq -r .name <<<"$output")" "100% Real" "100% finds 100% Real"
    run --separate-stderr fu show "snake_" -o json
    assert_status 0
    assert_equal "$(jq -r .name <<<"$output")" "snake_case" "snake_ finds snake_case"
}

# --- known bugs: one test each, skipped while the bug is there -------------------
#
# A case whose last column names a bug key runs in a test of its own:
#
# @test "known bug: what is wrong" {
#     run_known_bug some-key "what the user sees"
# }
#
# None is open: fixed ones run in their group above.
