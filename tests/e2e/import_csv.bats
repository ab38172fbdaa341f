#!/usr/bin/env bats
# CSV import of what CRMs, address books and LinkedIn actually export
# (issue 12). The fixtures under tests/fixtures/crm/ are written for these
# tests with made-up people, one per export layout with its quirks.

load helpers

setup() {
    fu_setup
    FIXTURES="${FOLLOWUP_SOURCE_DIR:-$BATS_TEST_DIRNAME/../..}/tests/fixtures/crm"
    cd "$BATS_TEST_TMPDIR" || return 1
}

# One prospect's field from the JSON export, by name: prospect_field 'Ann Lee' phone
prospect_field() {
    fu export | jq -r --arg name "$1" --arg field "$2" \
        '.prospects[] | select(.name == $name) | .[$field] | if type == "array" then join(",") else . end'
}

@test "import csv: an empty second column for a field never overwrites the first (HubSpot)" {
    run --separate-stderr fu import --skip-bad "$FIXTURES/hubspot.csv"
    assert_status 0
    assert_equal "$(prospect_field 'Ann Lee' phone)" "+1 555 0101" "Ann's phone (Mobile Phone Number)"
    assert_equal "$(prospect_field 'Ann Lee' company)" "Acme" "Ann's company (Associated Company)"
    assert_equal "$(prospect_field 'Irvin Brown' phone)" "+1 555 0102" "Irvin's phone"
    assert_equal "$(prospect_field 'Irvin Brown' company)" "Globex" "Irvin's company"
}

@test "import csv: a customer is closed won whatever its Lead Status, in either column order" {
    printf 'Name,Lifecycle Stage,Lead Status\nAnn Lee,customer,\nBo Chen,opportunity,open\n' >a.csv
    printf 'Name,Lead Status,Lifecycle Stage\nAnn Lee,,customer\nBo Chen,open,opportunity\n' >b.csv
    run --separate-stderr fu import a.csv
    assert_status 0
    assert_equal "$(prospect_field 'Ann Lee' outcome)" "won" "a.csv: Ann's outcome"
    assert_equal "$(prospect_field 'Bo Chen' stage)" "engaged" "a.csv: Bo's stage"
    rm -f "$DB"
    run --separate-stderr fu import b.csv
    assert_status 0
    assert_equal "$(prospect_field 'Ann Lee' outcome)" "won" "b.csv: Ann's outcome"
    assert_equal "$(prospect_field 'Bo Chen' stage)" "engaged" "b.csv: Bo's stage"
}

@test "import csv: two columns that disagree keep the first and name the clash in the summary" {
    printf 'Name,Phone,Mobile\nAnn Lee,+1 555 0101,+1 555 0199\n' >clash.csv
    run --separate-stderr fu import clash.csv
    assert_status 0
    assert_equal "$(prospect_field 'Ann Lee' phone)" "+1 555 0101" "Ann's phone"
    assert_contains "$stderr" "line 2: 'Phone' and 'Mobile' disagree ('+1 555 0101', '+1 555 0199'): kept the first"
}
