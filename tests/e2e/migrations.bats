#!/usr/bin/env bats
# Every earlier schema version opens and keeps its data. tests/fixtures holds
# a database of each version (schema-vN.db, made by `followup demo --today
# 2026-11-23` with that version); each new migration adds the fixture of the
# version before it.

load helpers

setup() {
    sqlite_only "migrations of old SQLite schemas (tests/fixtures/schema-vN.db)"
    fu_setup
}

# The schema version this build writes: a fresh database tells.
current_version() {
    "$FOLLOWUP_BIN" --db "$BATS_TEST_TMPDIR/fresh.db" --today 2026-11-23 add probe >/dev/null
    sqlite3 "$BATS_TEST_TMPDIR/fresh.db" 'PRAGMA user_version'
}

@test "every fixture opens, keeps its prospects and touches, and takes writes" {
    local current fixtures=("$FOLLOWUP_SOURCE_DIR"/tests/fixtures/schema-v*.db)
    current=$(current_version)
    [[ -e ${fixtures[0]} ]] || fail "no fixtures in tests/fixtures"
    for fixture in "${fixtures[@]}"; do
        local version=${fixture##*schema-v}
        version=${version%.db}
        cp "$fixture" "$DB"
        run --separate-stderr fu_on 2026-11-23 export
        assert_status 0
        assert_equal "$(jq '.prospects | length' <<<"$output")" 7 "prospects in v$version"
        assert_equal "$(jq '[.prospects[].touches | length] | add' <<<"$output")" 20 "touches in v$version"
        assert_equal "$(jq -r '.prospects[0].name' <<<"$output")" "Dana Whitfield" "first prospect in v$version"
        run --separate-stderr fu_on 2026-11-23 log Dana --channel email --purpose reversing
        assert_status 0
        assert_equal "$(sqlite3 "$DB" 'PRAGMA user_version')" "$current" "schema after opening v$version"
        assert_equal "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "integrity of v$version"
        if ((version < current)); then
            [[ -f "$DB.v$version-backup" ]] || fail "no backup of v$version before migrating"
            assert_equal "$(sqlite3 "$DB.v$version-backup" 'PRAGMA user_version')" "$version" "backup version"
        else
            [[ ! -e "$DB.v$version-backup" ]] || fail "a backup without a migration"
        fi
        rm -f "$DB" "$DB"-* "$DB".v*
    done
}

@test "an upgrade is announced on a terminal, once, and is silent with due -q, in cron and pipes" {
    local current
    current=$(current_version)
    cp "$FOLLOWUP_SOURCE_DIR/tests/fixtures/schema-v2.db" "$DB"
    local command
    command=$(printf '%q ' "$FOLLOWUP_BIN" --db "$DB" --today 2026-11-23 due)
    script -qec "$command" /dev/null </dev/null >"$BATS_TEST_TMPDIR/first.out" ||
        fail "due on a terminal failed: $(cat "$BATS_TEST_TMPDIR/first.out")"
    grep -qF "followup: note: upgrading $DB from schema 2 to $current, after keeping a copy of the old file as $DB.v2-backup" \
        "$BATS_TEST_TMPDIR/first.out" || fail "no upgrade notice: $(cat "$BATS_TEST_TMPDIR/first.out")"
    grep -qF "Marcus Ohene" "$BATS_TEST_TMPDIR/first.out" || fail "no due list after the notice"
    script -qec "$command" /dev/null </dev/null >"$BATS_TEST_TMPDIR/second.out" || fail "second run failed"
    ! grep -qF upgrading "$BATS_TEST_TMPDIR/second.out" || fail "announced again: $(cat "$BATS_TEST_TMPDIR/second.out")"

    # `due -q` on a terminal: upgraded, not a word.
    rm -f "$DB" "$DB"-* "$DB".v*
    cp "$FOLLOWUP_SOURCE_DIR/tests/fixtures/schema-v2.db" "$DB"
    command=$(printf '%q ' "$FOLLOWUP_BIN" --db "$DB" --today 2026-11-23 due -q)
    script -qec "$command" /dev/null </dev/null >"$BATS_TEST_TMPDIR/quiet.out" || fail "due -q found nothing due"
    assert_equal "$(cat "$BATS_TEST_TMPDIR/quiet.out")" "" "due -q on a terminal"
    assert_equal "$(sqlite3 "$DB" 'PRAGMA user_version')" "$current" "schema after due -q"

    # Without a terminal (cron, a pipe): upgraded all the same, not a word.
    rm -f "$DB" "$DB"-* "$DB".v*
    cp "$FOLLOWUP_SOURCE_DIR/tests/fixtures/schema-v1.db" "$DB"
    run --separate-stderr fu_on 2026-11-23 due
    assert_status 0
    assert_stderr_empty
    assert_equal "$(sqlite3 "$DB" 'PRAGMA user_version')" "$current" "schema after a silent upgrade"
    [[ -f "$DB.v1-backup" ]] || fail "no copy of the old file"
}

@test "a database from a newer followup is refused and left as it was" {
    cp "$FOLLOWUP_SOURCE_DIR/tests/fixtures/schema-v1.db" "$DB"
    sqlite3 "$DB" 'PRAGMA user_version = 999'
    local before
    before=$(sha256sum <"$DB")
    run --separate-stderr fu due
    assert_status 1
    assert_contains "$stderr" "newer followup" "stderr"
    assert_equal "$(sha256sum <"$DB")" "$before" "database checksum"
}

@test "schema 2: touches are read from the index alone, and open names have their own index" {
    cp "$FOLLOWUP_SOURCE_DIR/tests/fixtures/schema-v1.db" "$DB"
    run --separate-stderr fu due
    assert_status 0
    (($(sqlite3 "$DB" 'PRAGMA user_version') >= 2)) || fail "v1 was not migrated to 2 or later"
    local plan
    plan=$(sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT id, prospect_id, on_date, direction, channel,
        purpose, next_step_on, out_of_office, away_until FROM touches WHERE prospect_id = 1
        ORDER BY on_date, id")
    assert_contains "$plan" "USING COVERING INDEX touches_by_prospect" "touch query plan"
    plan=$(sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT name FROM prospects WHERE outcome IS NULL
        AND name >= 'a' COLLATE NOCASE AND name < 'b' COLLATE NOCASE ORDER BY name COLLATE NOCASE")
    assert_contains "$plan" "prospects_open_names" "name listing plan"
    # the migration kept every touch reachable through the new index
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM touches INDEXED BY touches_by_prospect WHERE prospect_id > 0')" 20 "touches through the index"
}

@test "schema 3: standings, answered touches and tallies are worked out for old data" {
    cp "$FOLLOWUP_SOURCE_DIR/tests/fixtures/schema-v2.db" "$DB"
    # The first read migrates; until a write stores standings, histories are read.
    run --separate-stderr fu_on 2026-11-23 due -o tsv
    assert_status 0
    local due_before=$output
    run --separate-stderr fu_on 2026-11-23 stats -o json
    assert_status 0
    local stats_before=$output
    assert_equal "$(sqlite3 "$DB" 'PRAGMA user_version')" "$(current_version)" "schema after the first read"
    assert_equal "$(sqlite3 "$DB" "SELECT count(*) FROM meta WHERE key = 'standing_config'")" 0 "standings before a write"
    # Each outbound touch is answered when its next touch, out-of-office
    # replies aside, is a reply: said here another way than the migration does.
    assert_equal "$(sqlite3 "$DB" "SELECT count(*) FROM touches AS o WHERE o.direction = 'out'
        AND o.answered <> coalesce((SELECT n.direction = 'in' FROM touches AS n
            WHERE n.prospect_id = o.prospect_id AND (n.on_date, n.id) > (o.on_date, o.id)
              AND NOT (n.direction = 'in' AND n.out_of_office)
            ORDER BY n.on_date, n.id LIMIT 1), 0)")" 0 "touches with a wrong answered flag"
    (($(sqlite3 "$DB" 'SELECT count(*) FROM touches WHERE answered') > 0)) || fail "no touch answered"
    local tally='SELECT on_date, direction, channel, purpose, out_of_office, touches, answered, with_next_step FROM touch_tally ORDER BY 1, 2, 3, 4, 5'
    local recount="SELECT on_date, direction, channel, coalesce(purpose, ''), out_of_office, count(*), sum(answered), count(next_step_on) FROM touches GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
    assert_equal "$(sqlite3 "$DB" "$tally")" "$(sqlite3 "$DB" "$recount")" "touch tallies"
    # The rebuilt prospects table kept every row and reference, and its
    # CHECKs no longer make SQLite build a temporary table on each insert.
    assert_equal "$(sqlite3 "$DB" 'PRAGMA foreign_key_check')" "" "foreign keys"
    assert_equal "$(sqlite3 "$DB" "EXPLAIN INSERT INTO prospects (name, created_on) VALUES ('x', '2026-01-01')" | grep -c OpenEphemeral)" 0 "temporary tables per insert"
    # due reads its rows from one index alone.
    assert_contains "$(sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT id, name, company, stage, value,
        top_priority, outcome, cooling_until, next_on, next_reason, last_touch_on, last_reply_on,
        breakup_ready, nurture_from, next_channel, next_purpose FROM prospects
        WHERE next_on <= '2026-11-23' AND outcome IS NULL ORDER BY next_on, id")" \
        "USING COVERING INDEX prospects_due" "due's query plan"
    run sqlite3 "$DB" "UPDATE prospects SET stage = 'bogus' WHERE id = 1"
    assert_contains "$output" "CHECK constraint failed" "a bad stage"

    # A write stores every standing; due and stats then read them and agree.
    run --separate-stderr fu_on 2026-11-23 add "Probe Person" --next 2027-01-04
    assert_status 0
    assert_equal "$(sqlite3 "$DB" "SELECT count(*) FROM prospects WHERE outcome IS NULL AND (next_channel IS NULL OR next_purpose IS NULL)")" 0 "open prospects without a stored suggestion"
    assert_equal "$(sqlite3 "$DB" "SELECT count(*) FROM meta WHERE key = 'standing_config'")" 1 "standings after a write"
    run --separate-stderr fu_on 2026-11-23 due -o tsv
    assert_status 0
    assert_equal "$output" "$due_before" "due from standings"
    run --separate-stderr fu_on 2026-11-23 stats -o json
    assert_status 0
    assert_equal "$(jq -S '.by_state.active -= 1 | .by_stage.lead -= 1' <<<"$output")" \
        "$(jq -S . <<<"$stats_before")" "stats from standings and tallies, less the probe"

    # Logging and undoing keep the tallies and answered flags in step.
    run --separate-stderr fu_on 2026-11-23 log Dana --in --channel call --date 2026-11-02
    assert_status 0
    run --separate-stderr fu_on 2026-11-23 log Dana --undo
    assert_status 0
    assert_equal "$(sqlite3 "$DB" "$tally")" "$(sqlite3 "$DB" "$recount")" "touch tallies after log and undo"
}

@test "schema 5: booked steps keep a time, a length and a calendar UID; due reads them from its indexes" {
    cp "$FOLLOWUP_SOURCE_DIR/tests/fixtures/schema-v4.db" "$DB"
    run --separate-stderr fu_on 2026-11-23 due -o json
    assert_status 0
    local due_before=$output
    (($(sqlite3 "$DB" 'PRAGMA user_version') >= 5)) || fail "v4 was not migrated to 5 or later"
    # The old booked steps stay all-day steps.
    assert_equal "$(jq '[.[] | select(.due_at != null)] | length' <<<"$output")" 0 "timed items from v4"
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM touches WHERE next_step_time IS NOT NULL')" 0 "times after the migration"
    # Histories without notes, and due's rows with the booked time, come from indexes alone.
    assert_contains "$(sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT id, prospect_id, on_date, direction,
        channel, purpose, next_step_on, out_of_office, away_until, next_step_channel,
        next_step_time, next_step_minutes, next_step_uid FROM touches WHERE prospect_id = 1
        ORDER BY on_date, id")" "USING COVERING INDEX touches_by_prospect" "touch query plan"
    assert_contains "$(sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT id, name, company, stage, value,
        top_priority, outcome, cooling_until, next_on, next_reason, last_touch_on, last_reply_on,
        breakup_ready, nurture_from, next_channel, next_purpose, next_time FROM prospects
        WHERE next_on <= '2026-11-23' AND outcome IS NULL ORDER BY next_on, id")" \
        "USING COVERING INDEX prospects_due" "due's query plan"
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM touches INDEXED BY touches_by_prospect WHERE prospect_id > 0')" 20 "touches through the index"

    # A booked step with a time, on the migrated file.
    run --separate-stderr env TZ=Europe/Madrid "$FOLLOWUP_BIN" --db "$DB" --today 2026-11-23 \
        log Dana --channel call --purpose value --next "2026-11-25 15:00" --duration 45m
    assert_status 0
    assert_equal "$(sqlite3 "$DB" "SELECT next_step_time || ' ' || next_step_minutes || ' ' || length(next_step_uid) FROM touches WHERE next_step_time IS NOT NULL")" "15:00 45 36" "the stored step"
    run --separate-stderr env TZ=Europe/Madrid "$FOLLOWUP_BIN" --db "$DB" --today 2026-11-25 due -o json
    assert_status 0
    assert_equal "$(jq -r '.[] | select(.name == "Dana Whitfield") | .due_at' <<<"$output")" \
        "2026-11-25T15:00:00+01:00" "due_at after the migration"
    assert_equal "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "integrity"
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM calendar_events')" 0 "calendar events"
    [[ -n "$due_before" ]] || fail "no due list before"
}

@test "schema 6: touches record the draft variant they were written from; old ones have none" {
    cp "$FOLLOWUP_SOURCE_DIR/tests/fixtures/schema-v5.db" "$DB"
    local draft_before
    draft_before=$(fu_on 2026-11-23 draft Dana --channel email --purpose value)
    (($(sqlite3 "$DB" 'PRAGMA user_version') >= 6)) || fail "v5 was not migrated to 6 or later"
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM touches WHERE draft_variant IS NOT NULL')" 0 "variants after the migration"
    # The old history counts by position, as before the migration.
    assert_equal "$(fu_on 2026-11-23 draft Dana --channel email --purpose value)" "$draft_before" "the same draft after migrating"
    run --separate-stderr fu_on 2026-11-23 log Dana --channel email --purpose value
    assert_status 0
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM touches WHERE draft_variant IS NOT NULL')" 1 "the new touch's variant"
    [[ "$(fu_on 2026-11-23 draft Dana --channel email --purpose value)" != "$draft_before" ]] ||
        fail "the next draft repeats the one just logged"
    run sqlite3 "$DB" "UPDATE touches SET draft_variant = -1"
    assert_contains "$output" "CHECK constraint failed" "a negative variant"
    assert_equal "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "integrity"
}

@test "schema 7: touches keep a Message-ID, prospects a bounce marker; mail sync works on a migrated file" {
    cp "$FOLLOWUP_SOURCE_DIR/tests/fixtures/schema-v6.db" "$DB"
    run --separate-stderr fu_on 2026-11-23 due -o json
    assert_status 0
    local due_before=$output
    (($(sqlite3 "$DB" 'PRAGMA user_version') >= 7)) || fail "v6 was not migrated to 7 or later"
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM touches WHERE message_id IS NOT NULL OR purpose_inferred')" 0 "mail fields after the migration"
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM prospects WHERE email_bouncing')" 0 "bounce markers"
    # Histories without notes still come from the covering index alone.
    assert_contains "$(sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT id, prospect_id, on_date, direction,
        channel, purpose, next_step_on, out_of_office, away_until, next_step_channel,
        next_step_time, next_step_minutes, next_step_uid FROM touches WHERE prospect_id = 1
        ORDER BY on_date, id")" "USING COVERING INDEX touches_by_prospect" "touch query plan"
    run --separate-stderr fu_on 2026-11-23 due -o json
    assert_equal "$output" "$due_before" "due after the migration"
    # A synced email on the migrated file.
    mkdir -p "$BATS_TEST_TMPDIR/Sent"/{new,cur,tmp} "$HOME/.config/followup"
    local email
    email=$(sqlite3 "$DB" "SELECT email FROM prospects WHERE email <> '' AND outcome IS NULL ORDER BY id LIMIT 1")
    printf 'Message-ID: <m@seller.example>\nDate: Mon, 23 Nov 2026 09:00:00 +0000\nFrom: me@seller.example\nTo: %s\nSubject: hello\n\nx\n' "$email" \
        >"$BATS_TEST_TMPDIR/Sent/new/1.a.host"
    printf '[mail]\nme = ["me@seller.example"]\nmaildir = ["%s"]\n' "$BATS_TEST_TMPDIR/Sent" >"$HOME/.config/followup/config.toml"
    run --separate-stderr fu_on 2026-11-23 mail sync -o json
    assert_status 0
    assert_equal "$(jq length <<<"$output")" 1 "synced"
    assert_equal "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "integrity"
}

@test "schema 8: a team_settings table, empty; the pipeline reads as before" {
    cp "$FOLLOWUP_SOURCE_DIR/tests/fixtures/schema-v7.db" "$DB"
    run --separate-stderr fu_on 2026-11-23 due -o json
    assert_status 0
    local due_before=$output
    run --separate-stderr fu_on 2026-11-23 log Dana --channel email --purpose value
    assert_status 0
    (($(sqlite3 "$DB" 'PRAGMA user_version') >= 8)) || fail "v7 was not migrated to 8 or later"
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM team_settings')" 0 "team settings after the migration"
    assert_equal "$(sqlite3 "$DB" 'SELECT count(*) FROM touches')" 21 "touches after the migration and one log"
    assert_equal "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "integrity"
    [[ -n "$due_before" ]] || fail "no due list before"
}
