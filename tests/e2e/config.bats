#!/usr/bin/env bats
# The config file changes the timing rules, and a change shows at once.

load helpers

setup() {
    fu_setup
    CONFIG="$XDG_CONFIG_HOME/followup/config.toml"
    mkdir -p "${CONFIG%/*}"
}

write_config() {
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
    assert_equal "$(fu_on 2026-11-09 breakup -o json)" "[]" "breakup list, config removed"
    touch_out 2026-11-09 Other
    assert_equal "$(fu_on 2026-11-09 breakup -o json)" "[]" "breakup list, config removed, after a write"
}

@test "recomputing many next actions after a config change is announced on a terminal, once" {
    local rows=2000
    awk -v rows="$rows" 'BEGIN { print "Name,Company"; for (i = 1; i <= rows; i++) printf "Person %d,Company %d\n", i, i }' \
        >"$BATS_TEST_TMPDIR/many.csv"
    fu import "$BATS_TEST_TMPDIR/many.csv" >/dev/null
    write_config <<'EOF'
[cadence]
default = [2, 4, 6]
EOF
    local command notice="followup: note: the config or the schema changed: working out the next actions of $rows open prospects again"
    command=$(printf '%q ' "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" add Newcomer)
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
    run --separate-stderr env FOLLOWUP_CONFIG="$other" "$FOLLOWUP_BIN" --db "$DB" --today "$TODAY" add Ada
    assert_status 0
    assert_equal "$(env FOLLOWUP_CONFIG="$other" "$FOLLOWUP_BIN" --db "$DB" --today 2026-11-04 due -o json | jq -r '.[0].due_on')" \
        2026-11-04 "first touch with FOLLOWUP_CONFIG"
}

@test "an invalid config is exit 1 with one line naming the file, the line and the key" {
    write_config <<'EOF'
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
    write_config <<'EOF'
[schedule]
holidays = ["2026-02-30"]
EOF
    run --separate-stderr fu due
    assert_error 1
    assert_contains "$stderr" "holidays"
    write_config <<'EOF'
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
