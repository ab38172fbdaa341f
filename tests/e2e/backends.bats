#!/usr/bin/env bats
# The suite's own plumbing for running on either backend
# (FOLLOWUP_TEST_BACKEND, see helpers.bash): each test's database is fresh
# and its own, and the URL of a server's database is formed right.

load helpers

setup() {
    fu_setup
}

@test "each test starts on an empty database of the selected backend" {
    case $FOLLOWUP_TEST_BACKEND in
    sqlite) assert_equal "$DB" "$BATS_TEST_TMPDIR/data/followup.db" "DB" ;;
    postgresql) [[ $DB == postgresql://* || $DB == postgres://* ]] || fail "DB is not a postgresql:// URL: $DB" ;;
    esac
    assert_equal "$(fu list --all -o json)" "[]" "list --all"
    assert_equal "$(fu_count prospects)" 0 "prospects"
    fu add "Ada Lovelace" --company Analytical >/dev/null
    fu log Ada --channel email --purpose value >/dev/null
    assert_equal "$(fu_count prospects) $(fu_count touches)" "1 1" "prospects and touches"
}

@test "a second database of the test is another, empty one; a copy holds what its template held" {
    fu add "Ada Lovelace" >/dev/null
    local other copy
    other=$(fu_new_db other)
    [[ $other != "$DB" ]] || fail "fu_new_db gave the test's own database"
    assert_equal "$(DB=$other fu_count prospects)" 0 "prospects in the other database"
    copy=$(fu_new_db copy "$DB")
    DB=$copy fu add "Bob Byte" >/dev/null
    assert_equal "$(DB=$copy fu_export_jq '[.prospects[].name] | join(",")')" "Ada Lovelace,Bob Byte" "the copy"
    assert_equal "$(fu_export_jq '[.prospects[].name] | join(",")')" "Ada Lovelace" "the original"
}

@test "the URL of a server's database: only the database part is replaced" {
    assert_equal "$(_pg_url_with_db 'postgresql:///postgres?host=/tmp/x&port=5432&user=postgres' fu_1)" \
        'postgresql:///fu_1?host=/tmp/x&port=5432&user=postgres'
    assert_equal "$(_pg_url_with_db 'postgres://ann:secret@db.example:6543/team' fu_2)" \
        'postgres://ann:secret@db.example:6543/fu_2'
    assert_equal "$(_pg_url_with_db 'postgresql://localhost' fu_3)" 'postgresql://localhost/fu_3'
    assert_equal "$(_pg_url_with_db 'postgresql://h/?sslmode=disable' fu_4)" 'postgresql://h/fu_4?sslmode=disable'
    run _pg_url_with_db /tmp/file.db fu_5
    assert_status 1
}
