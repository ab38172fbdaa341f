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

@test "import csv: two rows with different emails are two people, whatever their names (Zoho)" {
    run --separate-stderr fu import "$FIXTURES/zoho_contacts.csv"
    assert_status 0
    # Two Browns at Globex with their own emails; Ann and "Anne" share one email.
    assert_equal "$(fu export | jq -r '[.prospects[] | .email] | join(" ")')" \
        "irvin@globex.example gary@globex.example ANN@acme.example" "emails"
    assert_contains "$output" "Imported 3 prospects"
    assert_contains "$stderr" "line 5: Anne Lee is already #3: skipped"
    assert_contains "$stderr" "line 3: Brown is #1, with another email: imported as Brown (gary@globex.example)"
}

@test "import csv: --update matches by email, never overwrites another Brown's email" {
    printf 'Last Name,Account Name,Email,Phone\nBrown,Globex,irvin@globex.example,+1 555 0201\n' >irvin.csv
    printf 'Last Name,Account Name,Email,Phone\nBrown,Globex,gary@globex.example,+1 555 0202\nBROWN,Globex,irvin@globex.example,+1 555 0299\n' >more.csv
    run --separate-stderr fu import irvin.csv
    assert_status 0
    run --separate-stderr fu import --update more.csv
    assert_status 0
    assert_contains "$output" "Imported 1 prospect from more.csv: 1 updated"
    assert_equal "$(fu export | jq -r '[.prospects[] | "\(.email) \(.phone)"] | join(", ")')" \
        "irvin@globex.example +1 555 0299, gary@globex.example +1 555 0202" "prospects"
}

@test "import csv: --update writes no touch to a closed prospect, and says so" {
    printf 'Name,Email,Lifecycle Stage,Last Contacted\nAnn Lee,ann@acme.example,customer,2026-10-01\n' >won.csv
    printf 'Name,Email,Last Contacted\nAnn Lee,ann@acme.example,2026-10-20\n' >later.csv
    fu import won.csv
    run --separate-stderr fu import --update later.csv
    assert_status 0
    assert_contains "$stderr" "line 2: #1 is closed (won): last contact 2026-10-20 not recorded"
    assert_equal "$(fu export | jq -r '[.prospects[0].touches[].date] | join(",")')" "2026-10-01" "touches"
}

@test "import csv: amounts in European and US formats are read, an ambiguous one is a bad row" {
    printf 'Name,Amount\nAnn Lee,"1.234,56"\nBo Chen,"12 500,00"\nCy Dorn,1.000.000\nDi Eng,"$12,500"\nEd Fox,€1.234\n' >amounts.csv
    run --separate-stderr fu import amounts.csv
    assert_status 0
    assert_equal "$(fu export | jq -r '[.prospects[] | .value] | join(" ")')" \
        "1234 12500 1000000 12500 1234" "values"
    printf 'Name,Amount\nGil Ho,"1,23,456"\n' >odd.csv
    run --separate-stderr fu import odd.csv
    assert_error 1
    assert_contains "$stderr" "odd.csv:2: value '1,23,456' is not an amount"
}

@test "import csv: followup's own CSV export round-trips, formula guard and close included" {
    fu_on 2026-10-01 add "Ann Lee" --company "Acme, Inc." --email ann@acme.example \
        --phone "+1 555 0100" --address "1 Main St, Springfield" --social https://example.com/in/ann \
        --referrer "Bo Chen" --stage proposal --value 12500 --tag vip --tag berlin \
        --priority "=SUM(A1)" --note "-dash note" >/dev/null
    fu_on 2026-10-01 add "Cy Dorn" --email cy@dorn.example >/dev/null
    fu_on 2026-10-20 log "Ann Lee" >/dev/null
    fu_on 2026-10-25 close "Cy Dorn" --lost --note "went elsewhere" >/dev/null
    fu export -o csv >first.csv
    assert_contains "$(head -1 first.csv)" ",closed_on,close_note" "export header"
    DB=$(fu_new_db second)
    run --separate-stderr fu import first.csv
    assert_status 0
    assert_stderr_empty
    fu export -o csv >second.csv
    # The same but for Ann's next touch: overdue since 10-22 in the first
    # file, due on the import day in the second (nothing imported is overdue
    # for the time before it came in).
    sed 's/,2026-10-22,cadence,/,2026-11-02,cadence,/' first.csv >expected.csv
    assert_equal "$(cat second.csv)" "$(cat expected.csv)" "the export of the import"
    assert_equal "$(prospect_field 'Ann Lee' phone)" "+1 555 0100" "phone without the guard"
    assert_equal "$(prospect_field 'Cy Dorn' closed_on)" "2026-10-25" "close date"
}

# Every prospect of the database as "name|company|email|phone|address|social|value|tags|touch days".
prospect_lines() {
    fu export | jq -r '.prospects[] | [.name, .company, .email, .phone, .address, .social,
        (.value | tostring), (.tags | join(",")), ([.touches[].date] | join(","))] | join("|")'
}

@test "import csv: a Salesforce report, its footer left out" {
    run --separate-stderr fu import "$FIXTURES/salesforce_report.csv"
    assert_status 0
    assert_contains "$output" "Imported 3 prospects"
    assert_equal "$(prospect_lines)" "Hana Ito|Initrode|hana@initrode.example|+1 555 0401|12 Elm St, Springfield, IL, 62704, USA||0||2026-10-21
Omar Reyes|Vandelay|omar@vandelay.example|+1 555 0402|||0||
Lena Park|Hooli|lena@hooli.example|+1 555 0403|||0||" "prospects"
}

@test "import csv: LinkedIn Connections, after its Notes preamble: URL is the profile, Connected On a contact" {
    run --separate-stderr fu import "$FIXTURES/linkedin_connections.csv"
    assert_status 0
    assert_equal "$(prospect_lines)" "Mia Novak|Pied Piper||||https://www.linkedin.example/in/mia-novak-0001|0||2026-10-14
Theo Grant|Gravity Inc|theo@gravity.example|||https://www.linkedin.example/in/theo-grant-0002|0||2025-11-03" "prospects"
}

@test "import csv: Google Contacts: E-mail 1 - Value, Phone 1 - Value, Organization Name, Address 1 - Formatted, Labels" {
    run --separate-stderr fu import "$FIXTURES/google_contacts.csv"
    assert_status 0
    assert_equal "$(prospect_lines)" "Rosa Blanco|Cyberdyne|rosa@cyberdyne.example|+34 600 000 001|Calle Mayor 1, Madrid||0|Clients|
Sam Tull|||+44 7700 900001|||0||" "prospects"
}

@test "import csv: Outlook, tab-separated: E-mail Address, Business Phone, Mobile Phone, Business Street, Categories" {
    run --separate-stderr fu import "$FIXTURES/outlook_contacts.tsv"
    assert_status 0
    assert_equal "$(prospect_lines)" "Uma Patel|Soylent|uma@soylent.example|+44 113 496 0001|5 Oak Rd, Leeds, LS1 1AA, United Kingdom||0|Suppliers,Trade|
Vic Hale|Massive Dynamic|vic@massive.example|+1 555 0501|||0||" "prospects"
}

@test "import csv: Pipedrive persons, semicolon-separated, with European amounts" {
    run --separate-stderr fu import "$FIXTURES/pipedrive_persons.csv"
    assert_status 0
    assert_equal "$(prospect_lines)" "Ines Varga|Stark Logistik|ines@stark.example|+49 30 5550 1001|||1234|Hot lead|2026-10-19
Jon Meyer|Wayne Handel|jon@wayne.example|+49 30 5550 1002|||12500||
Kai Brandt|Tyrell GmbH|kai@tyrell.example||||1234||" "prospects"
    assert_equal "$(prospect_field 'Jon Meyer' outcome)" "won" "Jon's deal"
}

@test "import csv: a Mailchimp audience: two people with one name and two emails, quoted tags" {
    run --separate-stderr fu import "$FIXTURES/mailchimp_audience.csv"
    assert_status 0
    assert_contains "$output" "Imported 2 prospects"
    assert_equal "$(prospect_lines)" "Wes Kim|Brawndo|wes@brawndo.example|+1 555 0601|1 Pine Ave  Austin TX 78701 US||0|Customer,Webinar|
Wes Kim (wes.kim@brawndo.example)|Brawndo|wes.kim@brawndo.example||||0||" "prospects"
}

@test "import csv: a file with no column we know says what it found" {
    printf 'Handle;Score\n@ann;3\n' >odd.csv
    run --separate-stderr fu import odd.csv
    assert_error 1
    assert_contains "$stderr" "odd.csv:1: no name, email or phone column"
    assert_contains "$stderr" "found: Handle;Score"
}

@test "import csv: rows without a name are still people, tagged needs-name; a row with nothing is skipped" {
    run --separate-stderr fu import "$FIXTURES/hubspot.csv"
    assert_status 0
    assert_contains "$output" "Imported 6 prospects"
    assert_contains "$stderr" "line 5: no name: imported as dana.k, tagged needs-name"
    assert_contains "$stderr" "line 7: no name: imported as +1 555 0106, tagged needs-name"
    run --separate-stderr fu list --tag needs-name -o json
    assert_status 0
    assert_equal "$(jq -r '[.[].name] | sort | join(", ")' <<<"$output")" "+1 555 0106, dana.k" "needs-name"
    run --separate-stderr fu show dana.k
    assert_contains "$output" "needs-name"
    printf 'First Name,Company,Notes\n,Umbrella,met once\n' >nobody.csv
    run --separate-stderr fu import --skip-bad nobody.csv
    assert_status 0
    assert_contains "$stderr" "line 2: no name, email or phone: skipped"
}

@test "import csv: Zoho lead statuses are mapped; junk and lost leads come in closed lost" {
    run --separate-stderr fu import "$FIXTURES/zoho_leads.csv"
    assert_status 0
    assert_equal "$(fu export | jq -r '.prospects[] | "\(.name) \(.stage) \(.outcome)"')" "Pia Lund lead null
Raf Moss lead null
Sol Nash engaged null
Tia Oakes engaged null
Ugo Pike lead lost
Val Quin lead lost
Wyn Ross lead null
Xia Shaw lead null" "stages"
    assert_contains "$stderr" "stage 'Awaiting Budget' (1 row) is not one we know: imported as lead"
}

@test "import csv: HubSpot and Salesforce lead statuses; an unknown one names the stage used" {
    printf '%s\n' 'Name,Lifecycle Stage,Lead Status' 'Ann,Lead,Unqualified' 'Bo,Customer,Unqualified' \
        'Cy,Lead,In Progress' 'Di,Opportunity,Partner Talk' 'Ed,Lead,Working' 'Fe,,Nurturing' >hs.csv
    run --separate-stderr fu import hs.csv
    assert_status 0
    assert_equal "$(fu export | jq -r '.prospects[] | "\(.name) \(.stage) \(.outcome)"')" "Ann lead lost
Bo proposal won
Cy engaged null
Di engaged null
Ed engaged null
Fe lead null" "stages"
    assert_contains "$stderr" "stage 'Partner Talk' (1 row) is not one we know: imported as engaged"
}

@test "import csv: the summary names every row skipped or changed; --dry-run prints the same and writes nothing" {
    {
        echo 'Name,Email,Phone,Mobile'
        for n in 1 2 3 4 5 6 7; do echo ",p$n@x.example,+1 555 010$n,+1 555 019$n"; done
        echo ',,,'
        echo 'Zed,,,'
    } >many.csv
    fu add "Ann Lee" >/dev/null
    local before
    before=$(fu_dump)
    run --separate-stderr fu import --dry-run --skip-bad many.csv
    assert_status 0
    local dry_out=$output dry_err=$stderr
    [[ "$(fu_dump)" == "$before" ]] || fail "the dry run changed the database"
    assert_not_contains "$dry_err" "more like these"
    assert_contains "$dry_err" "line 8: no name: imported as p7, tagged needs-name"
    assert_contains "$dry_err" "line 8: 'Phone' and 'Mobile' disagree ('+1 555 0107', '+1 555 0197'): kept the first"
    assert_contains "$dry_out" "Would import 8 prospects from many.csv: 0 updated, 0 duplicates skipped, 0 bad rows skipped."
    run --separate-stderr fu import --skip-bad many.csv
    assert_status 0
    assert_equal "$stderr" "$dry_err" "stderr of the import and of the dry run"
    assert_equal "$output" "${dry_out/Would import/Imported}" "summary"
}

@test "an imported prospect is never overdue for the time before it was imported" {
    printf 'Name,Email,Last Contacted\nOld Timer,old@t.example,2026-08-03\nRecent,rec@t.example,2026-11-16\n' \
        >"$BATS_TEST_TMPDIR/old.csv"
    run --separate-stderr fu_on 2026-11-23 import "$BATS_TEST_TMPDIR/old.csv"
    assert_status 0
    run --separate-stderr fu_on 2026-11-23 due -o json
    assert_status 0
    assert_equal "$(jq -r '[.[] | "\(.name)|\(.due_on)|\(.days_overdue)|\(.reason)|\(.state)"] | join(",")' <<<"$output")" \
        "Old Timer|2026-11-23|0|nurture|nurture,Recent|2026-11-23|0|cadence|active" "due after the import"
}

@test "lead status Connected makes the last contact a conversation; Bad Timing starts a cool-down" {
    printf 'First Name,Last Name,Email,Lead Status,Last Contacted\nCora,Conn,cora@t.example,Connected,2026-11-20\nBart,Later,bart@t.example,Bad Timing,2026-11-20\n' \
        >"$BATS_TEST_TMPDIR/status.csv"
    run --separate-stderr fu_on 2026-11-23 import "$BATS_TEST_TMPDIR/status.csv"
    assert_status 0
    assert_equal "$(fu_on 2026-11-23 export | jq -r '[.prospects[] | "\(.name)|\(.stage)|\(.cooling_until)|\(.touches[0].direction)"] | join(",")')" \
        "Cora Conn|engaged|null|both,Bart Later|lead|2026-12-23|out" "imported"
    assert_equal "$(fu_on 2026-11-23 due --upcoming 60 -o json | jq -r '[.[] | "\(.name)|\(.reason)"] | join(",")')" \
        "Cora Conn|after-reply,Bart Later|reheat" "due"
}
