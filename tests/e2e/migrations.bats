#!/usr/bin/env bats
# Every earlier schema version opens and keeps its data. tests/fixtures holds
# a database of each version (schema-vN.db, made by `followup demo --today
# 2026-11-23` with that version); each new migration adds the fixture of the
# version before it.

load helpers

setup() { fu_setup; }

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
