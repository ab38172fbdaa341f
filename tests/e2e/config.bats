#!/usr/bin/env bats
# The config file changes the timing rules, and a change shows at once.

load helpers

setup() {
    fu_setup
    CONFIG="$XDG_CONFIG_HOME/followup/config.toml"
    mkdir -p "${CONFIG%/*}"
}

# Writes config.toml; on PostgreSQL its team keys go to the database too
# (fu_team_config), where a team's settings live.
write_config() {
    cat >"$CONFIG"
    fu_team_config
}

# A config.toml followup refuses (no database to update).
write_bad_config() {
    cat >"$CONFIG"
}

@test "a holiday is not a business day, and a config change shows in due before any write" {
    fu add Ada >/dev/null
    touch_out 2026-11-02 Ada # +2 business days: Wed 2026-11-04
    assert_first_due_on 2026-11-04 Ada cadence
    write_config <<'EOF'
[schedule]
holidays = ["2026-11-04"]
EOF
    assert_first_due_on 2026-11-05 Ada cadence
    # removing it brings the old day back, still without a write
    rm "$CONFIG"
    fu_team_config
    assert_first_due_on 2026-11-04 Ada cadence
}

@test "after a config change, the next write recomputes every stored next action" {
    fu add Ada --stage proposal >/dev/null
    fu add Other >/dev/null
    touch_out 2026-11-02 Ada
    touch_out 2026-11-04 Ada
    touch_out 2026-11-09 Ada
    assert_equal "$(fu_on 2026-11-09 breakup -o json)" "[]" "breakup list after 3 touches"
    write_config <<'EOF'
[breakup]
after = 3
EOF
    # worked out in memory
    assert_equal "$(fu_on 2026-11-09 breakup -o json | jq -r '[.[].name] | join("|")')" Ada "breakup list, config changed"
    # a write to another prospect stores the new next actions; the answer stays the same
    touch_out 2026-11-09 Other
    assert_equal "$(fu_on 2026-11-09 breakup -o json | jq -r '[.[].name] | join("|")')" Ada "breakup list after a write"
    assert_equal "$(due_field 2026-11-16 Ada reason)" breakup "reason on 2026-11-16"
    # and back
    rm "$CONFIG"
    fu_team_config
    assert_equal "$(fu_on 2026-11-09 breakup -o json)" "[]" "breakup list, config removed"
    touch_out 2026-11-09 Other
    assert_equal "$(fu_on 2026-11-09 breakup -o json)" "[]" "breakup list, config removed, after a write"
}

@test "recomputing many next actions after a config change is announced on a terminal, once" {
    local rows=2000
    awk -v rows="$rows" 'BEGIN { print "Name,Company"; for (i = 1; i <= rows; i++) printf "Person %d,Company %d\n", i, i }' \
        >"$BATS_TEST_TMPDIR/many.csv"
    fu import "$BATS_TEST_TMPDIR/many.csv" >/dev/null
    write_bad_config <<'EOF'
[cadence]
default = [2, 4, 6]
EOF
    local command notice="followup: note: the config or the schema changed: working out the next actions of $rows open prospects again"
    command=$(printf '%q ' "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" add Newcomer)
    if [[ $FOLLOWUP_TEST_BACKEND == postgresql ]]; then
        # A team's setting: the write that stores it works them out again.
        command=$(printf '%q ' "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" config --set cadence.default '[2, 4, 6]')
    fi
    script -qec "$command" /dev/null </dev/null >"$BATS_TEST_TMPDIR/first.out" ||
        fail "add on a terminal failed: $(cat "$BATS_TEST_TMPDIR/first.out")"
    grep -qF "$notice" "$BATS_TEST_TMPDIR/first.out" || fail "no notice: $(cat "$BATS_TEST_TMPDIR/first.out")"
    command=$(printf '%q ' "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" add "Second Newcomer")
    script -qec "$command" /dev/null </dev/null >"$BATS_TEST_TMPDIR/second.out" || fail "second add failed"
    ! grep -qF "working out" "$BATS_TEST_TMPDIR/second.out" || fail "announced again: $(cat "$BATS_TEST_TMPDIR/second.out")"

    # Without a terminal (cron, a pipe): not a word.
    write_config <<'EOF'
[cadence]
default = [3, 5]
EOF
    run --separate-stderr fu add "Third Newcomer"
    assert_status 0
    assert_stderr_empty
}

@test "business_days = false: gaps count calendar days" {
    write_config <<'EOF'
[schedule]
business_days = false
EOF
    fu_on 2026-11-05 add Cal >/dev/null
    touch_out 2026-11-05 Cal # a Thursday: +2 calendar days is Saturday
    assert_first_due_on 2026-11-07 Cal cadence
}

@test "a custom default cadence: k gaps allow k+1 touches, then a lead goes to nurture" {
    write_config <<'EOF'
[cadence]
default = [1, 1]

[schedule]
nurture_every = 30
EOF
    fu add Short >/dev/null
    touch_out 2026-11-02 Short
    assert_first_due_on 2026-11-03 Short cadence
    touch_out 2026-11-03 Short
    assert_first_due_on 2026-11-04 Short cadence
    touch_out 2026-11-04 Short # 3 touches: the cadence is spent
    assert_equal "$(due_field 2026-11-04 Short state --upcoming 60)" nurture "state"
    assert_first_due_on 2026-12-04 Short nurture # 30 calendar days
}

@test "a named cadence by --cadence and by tag; an unknown --cadence is a usage error" {
    write_config <<'EOF'
[cadence]
gentle = [4, 8]
brisk = [1]

[cadence_by_tag]
vip = "gentle"
EOF
    fu add Tagged --tag vip >/dev/null
    fu add Named --cadence brisk >/dev/null
    touch_out 2026-11-02 Tagged
    touch_out 2026-11-02 Named
    assert_first_due_on 2026-11-06 Tagged cadence # +4
    assert_first_due_on 2026-11-03 Named cadence  # +1
    run --separate-stderr fu add Nobody --cadence glacial
    assert_error 2
    assert_contains "$stderr" "glacial"
}

@test "after_reply and first_touch move the after-reply and first-touch days" {
    write_config <<'EOF'
[schedule]
after_reply = 5
first_touch = 3
EOF
    fu add Later >/dev/null
    assert_first_due_on 2026-11-05 Later first-touch
    fu add Replied >/dev/null
    fu_on 2026-11-02 log Replied --in >/dev/null
    assert_first_due_on 2026-11-09 Replied after-reply # 5 business days after Monday
}

@test "daily_capacity: due shows the best N, says on stderr how many wait, --all shows them marked" {
    write_config <<'EOF'
[schedule]
daily_capacity = 2
EOF
    fu add Lead1 >/dev/null
    fu add Prop --stage proposal >/dev/null
    fu add Lead2 >/dev/null
    run --separate-stderr fu due -o json
    assert_status 0
    assert_equal "$(jq -r '[.[].name] | join("|")' <<<"$output")" "Prop|Lead1" "best 2"
    assert_contains "$stderr" "1 more"
    run --separate-stderr fu due --all -o json
    assert_status 0
    assert_equal "$(jq -r '[.[] | "\(.name):\(.over_capacity)"] | join("|")' <<<"$output")" \
        "Prop:false|Lead1:false|Lead2:true" "--all"
}

@test "FOLLOWUP_CONFIG names the config file" {
    local other="$BATS_TEST_TMPDIR/other.toml"
    printf '[schedule]\nfirst_touch = 2\n' >"$other"
    FOLLOWUP_CONFIG="$other" fu_team_config
    run --separate-stderr env FOLLOWUP_CONFIG="$other" "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" add Ada
    assert_status 0
    assert_equal "$(env FOLLOWUP_CONFIG="$other" "$FOLLOWUP_BIN" --db "$DB" --today 2026-11-04 due -o json | jq -r '.[0].due_on')" \
        2026-11-04 "first touch with FOLLOWUP_CONFIG"
}

@test "an invalid config is exit 1 with one line naming the file, the line and the key" {
    write_bad_config <<'EOF'
# comment

[schedule]
after_reply = "soon"
EOF
    run --separate-stderr fu due
    assert_error 1
    assert_contains "$stderr" "$CONFIG"
    assert_contains "$stderr" ":4"
    assert_contains "$stderr" "after_reply"
    run --separate-stderr fu add Ada
    assert_error 1
    [[ ! -e "$DB" ]] || fail "a command with a bad config created the database"
}

@test "an unknown key or a bad holiday in the config is an error naming it" {
    write_bad_config <<'EOF'
[schedule]
holidays = ["2026-02-30"]
EOF
    run --separate-stderr fu due
    assert_error 1
    assert_contains "$stderr" "holidays"
    write_bad_config <<'EOF'
[schedule]
bussiness_days = false
EOF
    run --separate-stderr fu due
    assert_error 1
    assert_contains "$stderr" "bussiness_days"
}

@test "imports work a standing out from tags and touches in the order followup keeps them" {
    # due's table reads the stored standing, its JSON reads the history: they
    # must agree however the file ordered things.
    write_config <<'EOF2'
[cadence]
fast = [1]
slow = [30]

[cadence_by_tag]
vip = "fast"
cold = "slow"
EOF2
    printf 'Name,Email,Tags,Last Contacted\nTag Order,t@example.com,"vip;cold",2026-11-02\n' \
        >"$BATS_TEST_TMPDIR/tags.csv"
    run --separate-stderr fu_on 2026-11-02 import "$BATS_TEST_TMPDIR/tags.csv"
    assert_status 0
    # Kept as cold, vip: the slow cadence applies, so nothing is due this week.
    run --separate-stderr fu_on 2026-11-03 due -o tsv --upcoming 5
    assert_status 0
    assert_equal "$(tail -n +2 <<<"$output")" "" "due from the stored standing"
    run --separate-stderr fu_on 2026-11-03 due -o json --upcoming 5
    assert_equal "$(jq length <<<"$output")" 0 "due from the history"

    # A JSON export whose touches come newest first.
    rm -f "$CONFIG"
    fu_team_config
    local reversed="$BATS_TEST_TMPDIR/reversed.json"
    DB=$(fu_new_db demo)
    fu_on 2026-11-23 demo >/dev/null
    fu_on 2026-11-23 export | jq '.prospects[].touches |= reverse' >"$reversed"
    DB=$(fu_new_db reimported)
    run --separate-stderr fu_on 2026-11-23 import "$reversed"
    assert_status 0
    run --separate-stderr fu_on 2026-11-23 due -o tsv --upcoming 30
    local stored
    stored=$(tail -n +2 <<<"$output" | cut -f1,4,7,8,9)
    run --separate-stderr fu_on 2026-11-23 due -o json --upcoming 30
    assert_equal "$stored" \
        "$(jq -r '.[] | [.id, .due_on, .reason, .suggested_channel, .suggested_purpose] | @tsv' <<<"$output")" \
        "due from standings and from histories"
}

# The stored next action of a prospect, read straight from the database.
stored_next_on() {
    fu_sql "SELECT next_on FROM prospects WHERE name = '$1'"
}

# The value and source `followup config` shows for a key: "VALUE<tab>SOURCE".
config_row() {
    fu config -o json 2>/dev/null | jq -r --arg key "$1" '.[] | select(.key == $key) | [.value, .source] | @tsv' | head -n 1
}

@test "config --set stores a team setting in the database and works out every standing in that write; --unset removes it" {
    fu add Ada >/dev/null
    fu add Bea >/dev/null
    touch_out 2026-11-02 Ada
    touch_out 2026-11-02 Bea
    assert_equal "$(stored_next_on Ada)" 2026-11-04 "Ada before"
    run --separate-stderr fu config --set cadence.default '[5, 5]'
    assert_status 0
    assert_stderr_empty
    assert_contains "$output" "Set cadence.default = [5, 5]"
    # Both standings were stored again by the --set itself.
    assert_equal "$(stored_next_on Ada)" 2026-11-09 "Ada after --set"
    assert_equal "$(stored_next_on Bea)" 2026-11-09 "Bea after --set"
    assert_first_due_on 2026-11-09 Ada cadence
    local row
    row=$(config_row cadence.default)
    assert_equal "${row%%$'\t'*}" "[5, 5]" "value shown"
    [[ ${row#*$'\t'} == "database (set by "*" on 2026-11-02)" ]] || fail "source shown: $row"
    run --separate-stderr fu config
    assert_status 0
    assert_contains "$output" "database (set by"

    run --separate-stderr fu config --unset cadence.default
    assert_status 0
    assert_contains "$output" "Removed cadence.default"
    assert_equal "$(stored_next_on Ada)" 2026-11-04 "Ada after --unset"
    assert_equal "$(config_row cadence.default)" "[2, 3, 5, 7, 10]"$'\t'"default" "after --unset"
    run --separate-stderr fu config --unset cadence.default
    assert_status 0
    assert_contains "$output" "was not set"
}

@test "config --set takes TOML values and bare words, and a cadence_by_tag needs its cadence" {
    fu add Vip --tag vip >/dev/null
    touch_out 2026-11-02 Vip
    run --separate-stderr fu config --set cadence_by_tag.vip gentle
    assert_error 2
    assert_contains "$stderr" "gentle"
    fu config -q --set cadence.gentle '[4,8]' || fail "--set cadence.gentle"
    run --separate-stderr fu config -q --set cadence_by_tag.vip gentle
    assert_status 0
    assert_stdout_empty
    assert_equal "$(stored_next_on Vip)" 2026-11-06 "the tag's cadence"
    assert_equal "$(config_row cadence_by_tag.vip | cut -f1)" '"gentle"' "stored as a string"
    run --separate-stderr fu config --unset cadence.gentle
    assert_error 2
    assert_contains "$stderr" "cadence_by_tag.vip"
    fu config -q --set cooldown.default 2w || fail "a bare duration"
    fu config -q --set schedule.business_days false || fail "a boolean"
    fu config -q --set schedule.holidays '["2026-12-25"]' || fail "a list of dates"
    assert_equal "$(config_row cooldown.default | cut -f1)" '"2w"' "cooldown.default"
    assert_equal "$(config_row schedule.business_days | cut -f1)" false "business_days"
    assert_equal "$(config_row schedule.holidays | cut -f1)" '["2026-12-25"]' "holidays"
    # The team's cool-down length is what `cooldown` uses.
    fu add Cool >/dev/null
    fu cooldown Cool >/dev/null
    assert_equal "$(fu show Cool -o json | jq -r .cooling_until)" 2026-11-16 "two weeks"
}

@test "config --set refuses personal and unknown keys and bad values (exit 2), changing nothing" {
    fu add Ada >/dev/null
    local before
    before=$(fu_dump)
    run --separate-stderr fu config --set sender.name Bob
    assert_error 2
    assert_contains "$stderr" "personal"
    assert_contains "$stderr" "config.toml"
    run --separate-stderr fu config --set breakup.template t.txt
    assert_error 2
    assert_contains "$stderr" "personal"
    run --separate-stderr fu config --set mail.me '["a@example.com"]'
    assert_error 2
    run --separate-stderr fu config --set schedule.bussiness_days false
    assert_error 2
    assert_contains "$stderr" "schedule.bussiness_days"
    run --separate-stderr fu config --set schedule.after_reply soon
    assert_error 2
    assert_contains "$stderr" "key 'schedule.after_reply': expected a whole number"
    run --separate-stderr fu config --set cadence.default '[]'
    assert_error 2
    assert_contains "$stderr" "cadence.default"
    run --separate-stderr fu config --set cooldown.default '"soon"'
    assert_error 2
    assert_contains "$stderr" "duration"
    run --separate-stderr fu config --set schedule.after_reply
    assert_error 2
    run --separate-stderr fu config --unset sender.name
    assert_error 2
    assert_contains "$stderr" "personal"
    run --separate-stderr fu config --set schedule.after_reply 3 --unset schedule.first_touch
    assert_error 2
    assert_equal "$(fu_dump)" "$before" "the database after refusals"
}

@test "precedence: default < config.toml < database; on a team database config.toml's team keys are ignored with one warning" {
    write_bad_config <<'EOF'
[schedule]
after_reply = 5
first_touch = 3
nurture_every = 60

[sender]
name = "Sam Seller"
EOF
    fu config -q --set schedule.first_touch 1 2>/dev/null || fail "--set"
    run --separate-stderr fu config -o json
    assert_status 0
    local json=$output
    row() { jq -r --arg key "$1" '[.[] | select(.key == $key) | "\(.value) \(.source)"] | join("|")' <<<"$json"; }
    [[ $(row schedule.first_touch) == "1 database (set by "* ]] || fail "first_touch: $(row schedule.first_touch)"
    assert_equal "$(row sender.name)" "\"Sam Seller\" $CONFIG" "a personal key comes from the file"
    if [[ $FOLLOWUP_TEST_BACKEND == postgresql ]]; then
        assert_equal "$(row schedule.after_reply)" "2 default|5 $CONFIG (ignored: the team's database decides)" "after_reply"
        # Equal to the effective value: not worth a warning.
        assert_equal "$(row schedule.nurture_every)" "60 default" "nurture_every"
        run --separate-stderr fu due
        assert_status 0
        assert_equal "$stderr" "followup: warning: $DB ignores schedule.first_touch, schedule.after_reply in $CONFIG: a team database's settings are the team's (\`followup config\`; a manager sets them with \`followup config --set\`)" "the warning"
        fu add Ada 2>/dev/null
        assert_first_due_on 2026-11-03 Ada first-touch
    else
        assert_equal "$(row schedule.after_reply)" "5 $CONFIG" "after_reply"
        assert_equal "$(row schedule.nurture_every)" "60 $CONFIG" "nurture_every"
        run --separate-stderr fu due
        assert_status 0
        assert_stderr_empty
        fu add Ada >/dev/null
        assert_first_due_on 2026-11-03 Ada first-touch
        fu add Replied >/dev/null
        fu_on 2026-11-02 log Replied --in >/dev/null
        assert_first_due_on 2026-11-09 Replied after-reply # the file's 5, not the default 2
    fi
}

@test "on PostgreSQL, a role that may not write team_settings is told to ask a followup_manager" {
    [[ $FOLLOWUP_TEST_BACKEND == postgresql ]] || skip "PostgreSQL only: roles"
    fu add Ada >/dev/null
    local role="fu_settings_rep_$$_$RANDOM"
    fu_sql "CREATE ROLE $role LOGIN; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO $role; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO $role; REVOKE INSERT, UPDATE, DELETE ON team_settings FROM $role" >/dev/null
    local rep_db
    rep_db=$(sed -E "s/([?&])user=[^&]*/\1user=$role/" <<<"$DB")
    [[ $rep_db == *"user=$role"* ]] || fail "no user= in $DB"
    run --separate-stderr "$FOLLOWUP_BIN" --db "$rep_db" --today "$TODAY" config --set schedule.after_reply 4
    fu_sql "DROP OWNED BY $role; DROP ROLE $role" >/dev/null
    assert_error 1
    assert_contains "$stderr" "followup_manager"
    assert_equal "$(wc -l <<<"$stderr")" 1 "one line"
    assert_equal "$(config_row schedule.after_reply | cut -f2)" default "nothing stored"
}

@test "a stored team setting that does not read is an error naming it, and --unset still removes it" {
    fu add Ada >/dev/null
    fu config -q --set schedule.after_reply 3 || fail "--set"
    fu_sql "UPDATE team_settings SET value = '\"soon\"' WHERE key = 'schedule.after_reply'" >/dev/null
    run --separate-stderr fu due
    assert_error 1
    assert_contains "$stderr" "schedule.after_reply"
    assert_contains "$stderr" "--unset schedule.after_reply"
    run --separate-stderr fu config --unset schedule.after_reply
    assert_status 0
    run --separate-stderr fu due
    assert_status 0
}
