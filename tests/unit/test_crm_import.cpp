#include "builders.hpp"
#include "followup/crm_import.hpp"
#include "followup/error.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace followup;
using namespace followup::test;

namespace {

// The import day of every test: Monday 2026-11-02.
CrmImport read(const std::string& csv) {
    return read_crm_csv(csv, d("2026-11-02"));
}

// The one prospect a header plus one data row gives; fails the test otherwise.
ImportedProspect only_row(const std::string& header, const std::string& row) {
    const CrmImport result = read(header + "\n" + row + "\n");
    INFO("header: " << header);
    REQUIRE(result.bad_rows.empty());
    REQUIRE(result.unknown_columns.empty());
    REQUIRE(result.rows.size() == 1);
    return result.rows.front();
}

// The message of the Error that read_crm_csv throws; fails the test if none.
std::string import_error(const std::string& csv) {
    try {
        read(csv);
    } catch (const Error& e) {
        return e.what();
    }
    FAIL("no error for:\n" << csv);
    return {};
}

} // namespace

TEST_CASE("crm import: the name column, in any case and spacing", "[crm_import]") {
    for (const std::string header : {"Name", "name", "NAME", " Name ", "Full Name", "full name",
                                     "FULL_NAME", "full-name", "FullName", "Contact Name"}) {
        CHECK(only_row(header, "Ann Lee").prospect.name == "Ann Lee");
    }
}

TEST_CASE("crm import: First Name + Last Name make the name", "[crm_import]") {
    for (const std::string header : {"First Name,Last Name", "first_name,last_name",
                                     "FIRSTNAME,LASTNAME", "Last Name,First Name"}) {
        const bool last_first = header.starts_with("Last");
        CHECK(only_row(header, last_first ? "Lee,Ann" : "Ann,Lee").prospect.name == "Ann Lee");
    }
    SECTION("only one of the two is enough") {
        CHECK(only_row("First Name,Last Name", "山田太郎,").prospect.name == "山田太郎");
        CHECK(only_row("First Name,Last Name", ",Kowalski").prospect.name == "Kowalski");
        CHECK(only_row("First Name,Last Name", " Zoë , Müller ").prospect.name == "Zoë Müller");
    }
    SECTION("a Name column wins over First/Last") {
        CHECK(only_row("First Name,Name,Last Name", "Ann,Ann Lee-Smith,Lee").prospect.name ==
              "Ann Lee-Smith");
    }
}

TEST_CASE("crm import: company, email and phone columns", "[crm_import]") {
    for (const std::string header : {"Company", "company", "Company Name", "COMPANY_NAME",
                                     "Account Name", "account name", "Organization"}) {
        CHECK(only_row("Name," + header, "Ann,\"Acme, Inc.\"").prospect.company == "Acme, Inc.");
    }
    for (const std::string header :
         {"Email", "EMAIL", "Email Address", "email_address", "E-mail", "e-mail address"}) {
        CHECK(only_row("Name," + header, "Ann,ann@acme.example").prospect.email ==
              "ann@acme.example");
    }
    for (const std::string header :
         {"Phone", "phone", "Mobile", "MOBILE", "Mobile Phone", "Phone Number", "phone_number"}) {
        CHECK(only_row("Name," + header, "Ann,+1 555 0100").prospect.phone == "+1 555 0100");
    }
}

TEST_CASE("crm import: stage columns and lifecycle values", "[crm_import]") {
    for (const std::string header : {"Stage", "stage", "Lifecycle Stage", "lifecycle_stage",
                                     "LIFECYCLESTAGE", "Lead Status"}) {
        CHECK(only_row("Name," + header, "Ann,Opportunity").prospect.stage == Stage::engaged);
    }
    struct Case {
        std::string value;
        Stage stage;
        bool won;
    };
    const std::vector<Case> cases = {
        {"subscriber", Stage::lead, false},
        {"Lead", Stage::lead, false},
        {"MQL", Stage::lead, false},
        {"Marketing Qualified Lead", Stage::lead, false},
        {"marketing_qualified_lead", Stage::lead, false},
        {"SQL", Stage::engaged, false},
        {"sales qualified lead", Stage::engaged, false},
        {"opportunity", Stage::engaged, false},
        {"Proposal", Stage::proposal, false},
        {"QUOTE", Stage::proposal, false},
    };
    for (const Case& c : cases) {
        INFO("value: " << c.value);
        const auto lifecycle = map_lifecycle(c.value);
        REQUIRE(lifecycle);
        CHECK(lifecycle->stage == c.stage);
        CHECK_FALSE(lifecycle->outcome);
        const ImportedProspect row = only_row("Name,Stage", "Ann," + c.value);
        CHECK(row.prospect.stage == c.stage);
        CHECK_FALSE(row.prospect.outcome);
        CHECK_FALSE(row.prospect.closed_on);
    }
    SECTION("customer and evangelist are closed as won on the import day") {
        for (const std::string value : {"customer", "Customer", "Evangelist"}) {
            INFO("value: " << value);
            const auto lifecycle = map_lifecycle(value);
            REQUIRE(lifecycle);
            CHECK(lifecycle->outcome == Outcome::won);
            const ImportedProspect row = only_row("Name,Lifecycle Stage", "Ann," + value);
            CHECK(row.prospect.outcome == Outcome::won);
            CHECK(row.prospect.closed_on == d("2026-11-02"));
        }
    }
    SECTION("anything else is a lead, counted once per distinct value") {
        CHECK_FALSE(map_lifecycle("Newsletter"));
        CHECK_FALSE(map_lifecycle("Partner"));
        const CrmImport result =
            read("Name,Stage\nA,Newsletter\nB,Partner\nC,Newsletter\nD,lead\nE,\n");
        REQUIRE(result.rows.size() == 5);
        CHECK(result.bad_rows.empty());
        for (const ImportedProspect& row : result.rows) {
            CHECK(row.prospect.stage == Stage::lead);
        }
        CHECK(result.unmapped_stages ==
              std::map<std::string, int>{{"Newsletter", 2}, {"Partner", 1}});
    }
}

TEST_CASE("crm import: tags, notes, value and top priority", "[crm_import]") {
    SECTION("tags split on , and ;, trimmed, without blanks or repeats") {
        for (const std::string header : {"Tags", "tags", "TAGS"}) {
            CHECK(only_row("Name," + header, "Ann,\"vip; berlin,  trade-show ,,vip\"")
                      .prospect.tags == std::vector<std::string>{"vip", "berlin", "trade-show"});
        }
        CHECK(only_row("Name,Tags", "Ann,").prospect.tags.empty());
    }
    SECTION("notes keep quotes, commas and line breaks") {
        for (const std::string header : {"Notes", "notes", "Description"}) {
            CHECK(only_row("Name," + header,
                           "Ann,\"Met at the \"\"Logistics\"\" fair, hall 2\nsend pricing\"")
                      .prospect.notes == "Met at the \"Logistics\" fair, hall 2\nsend pricing");
        }
    }
    SECTION("value and amount") {
        CHECK(only_row("Name,Value", "Ann,12500").prospect.value == 12500);
        CHECK(only_row("Name,Amount", "Ann,\"12,500\"").prospect.value == 12500);
        CHECK(only_row("Name,Amount", "Ann,\"$80,000.00\"").prospect.value == 80000);
        CHECK(only_row("Name,Amount", "Ann,").prospect.value == 0);
    }
    SECTION("top priority") {
        for (const std::string header : {"Top Priority", "top_priority", "TopPriority"}) {
            CHECK(only_row("Name," + header, "Ann,cut onboarding time").prospect.top_priority ==
                  "cut onboarding time");
        }
    }
}

TEST_CASE("crm import: Last Contacted / Last Activity Date", "[crm_import]") {
    for (const std::string header : {"Last Contacted", "last_contacted", "LAST CONTACTED",
                                     "Last Activity Date", "last activity date"}) {
        CHECK(only_row("Name," + header, "Ann,2026-10-20").last_contacted == d("2026-10-20"));
    }
    SECTION("a timestamp counts by its day") {
        CHECK(only_row("Name,Last Contacted", "Ann,2026-10-28 14:03").last_contacted ==
              d("2026-10-28"));
        CHECK(only_row("Name,Last Contacted", "Ann,2026-10-28T14:03:00Z").last_contacted ==
              d("2026-10-28"));
    }
    SECTION("the import day itself is fine") {
        CHECK(only_row("Name,Last Contacted", "Ann,2026-11-02").last_contacted == d("2026-11-02"));
    }
    SECTION("empty: no touch") {
        CHECK_FALSE(only_row("Name,Last Contacted", "Ann,").last_contacted);
        CHECK_FALSE(only_row("Name", "Ann").last_contacted);
    }
    SECTION("not YYYY-MM-DD, an impossible day, or a future day: a bad row") {
        for (const std::string value : {"10/28/2026", "2026-02-30", "yesterday", "2026-11-03"}) {
            INFO("value: " << value);
            const CrmImport result = read("Name,Last Contacted\nAnn," + value + "\nBo,\n");
            REQUIRE(result.bad_rows.size() == 1);
            CHECK(result.bad_rows[0].line == 2);
            CHECK_THAT(result.bad_rows[0].message, Catch::Contains(value));
            REQUIRE(result.rows.size() == 1);
            CHECK(result.rows[0].prospect.name == "Bo");
        }
    }
}

TEST_CASE("crm import: every field of one realistic row", "[crm_import]") {
    const std::string csv =
        "\xEF\xBB\xBF"
        "First Name,Last Name,Company Name,Email Address,Mobile,Lifecycle Stage,Tags,Notes,"
        "Last Activity Date,Amount,Top Priority\r\n"
        "Zoë,Müller,\"Acme, Inc.\",zoe@acme.example,+49 30 1234,SQL,\"vip; berlin\","
        "\"said \"\"call me in spring\"\"\",2026-10-20,\"12,500\",faster onboarding\r\n";
    const CrmImport result = read(csv);
    CHECK(result.unknown_columns.empty());
    CHECK(result.bad_rows.empty());
    REQUIRE(result.rows.size() == 1);
    const ImportedProspect& row = result.rows[0];
    CHECK(row.line == 2);
    CHECK(row.prospect.name == "Zoë Müller");
    CHECK(row.prospect.company == "Acme, Inc.");
    CHECK(row.prospect.email == "zoe@acme.example");
    CHECK(row.prospect.phone == "+49 30 1234");
    CHECK(row.prospect.stage == Stage::engaged);
    CHECK_FALSE(row.prospect.outcome);
    CHECK(row.prospect.tags == std::vector<std::string>{"vip", "berlin"});
    CHECK(row.prospect.notes == "said \"call me in spring\"");
    CHECK(row.last_contacted == d("2026-10-20"));
    CHECK(row.prospect.value == 12500);
    CHECK(row.prospect.top_priority == "faster onboarding");
    CHECK(row.prospect.created_on == d("2026-11-02"));
}

TEST_CASE("crm import: unknown columns are reported, in order, and skipped", "[crm_import]") {
    const CrmImport result =
        read("Favourite Color,Name,Lead Source,Email,Shoe Size\nblue,Ann,web,ann@x.example,42\n");
    CHECK(result.unknown_columns ==
          std::vector<std::string>{"Favourite Color", "Lead Source", "Shoe Size"});
    REQUIRE(result.rows.size() == 1);
    CHECK(result.rows[0].prospect.name == "Ann");
    CHECK(result.rows[0].prospect.email == "ann@x.example");
    CHECK(result.rows[0].prospect.notes.empty());
    CHECK(result.bad_rows.empty());
}

TEST_CASE("crm import: a byte-order mark and CRLF line ends are not part of the data",
          "[crm_import]") {
    const CrmImport result =
        read("\xEF\xBB\xBFName,Email\r\nAnn,ann@x.example\r\nBo,bo@x.example\r\n");
    CHECK(result.unknown_columns.empty());
    REQUIRE(result.rows.size() == 2);
    CHECK(result.rows[0].prospect.name == "Ann");
    CHECK(result.rows[0].prospect.email == "ann@x.example");
    CHECK(result.rows[1].prospect.email == "bo@x.example");
    CHECK(result.rows[1].line == 3);
}

TEST_CASE("crm import: bad rows are collected with the line they start on", "[crm_import]") {
    const std::string csv = "Name,Email,Notes\n"                         // 1
                            "Ann,ann@x.example,\"two\nlines\"\n"         // 2-3
                            ",,nobody at all\n"                          // 4
                            "Carla,carla-at-umbrella,broken email\n"     // 5
                            "Dee,dee@x.example,\"three\nmore\nlines\"\n" // 6-8
                            "Eve,eve@x.example,a,extra\n"                // 9
                            "\n"                                         // 10: blank, ignored
                            "Fay\n";                                     // 11: fewer fields is fine
    const CrmImport result = read(csv);
    REQUIRE(result.bad_rows.size() == 3);
    CHECK(result.bad_rows[0].line == 4);
    CHECK_THAT(result.bad_rows[0].message, Catch::Contains("name"));
    CHECK(result.bad_rows[1].line == 5);
    CHECK_THAT(result.bad_rows[1].message, Catch::Contains("carla-at-umbrella"));
    CHECK(result.bad_rows[2].line == 9);
    REQUIRE(result.rows.size() == 3);
    CHECK(result.rows[0].prospect.name == "Ann");
    CHECK(result.rows[0].line == 2);
    CHECK(result.rows[0].prospect.notes == "two\nlines");
    CHECK(result.rows[1].prospect.name == "Dee");
    CHECK(result.rows[1].line == 6);
    CHECK(result.rows[2].prospect.name == "Fay");
    CHECK(result.rows[2].line == 11);
}

TEST_CASE("crm import: a file that is not a usable export throws", "[crm_import]") {
    CHECK_THAT(import_error("Company,Notes\nAcme,hi\n"), Catch::Contains("name"));
    CHECK_THROWS_AS(read(""), Error);
    CHECK_THAT(import_error("Name,Notes\nAnn,\"never closed\n"), Catch::Contains("quot"));
}

TEST_CASE("crm import: one field, several columns: the first non-empty cell wins", "[crm_import]") {
    SECTION("an empty later column never overwrites") {
        const Prospect p =
            only_row("Name,Phone,Mobile,Company,Account Name", "Ann Lee,+1 555 0101,,Acme,")
                .prospect;
        CHECK(p.phone == "+1 555 0101");
        CHECK(p.company == "Acme");
    }
    SECTION("an empty earlier column gives way, whatever the order") {
        const Prospect p =
            only_row("Name,Mobile,Phone,Account Name,Company", "Ann Lee,,+1 555 0101,,Acme")
                .prospect;
        CHECK(p.phone == "+1 555 0101");
        CHECK(p.company == "Acme");
    }
    SECTION("the last contact too") {
        const ImportedProspect row =
            only_row("Name,Last Contacted,Last Activity Date", "Ann Lee,2026-10-20,");
        CHECK(row.last_contacted == d("2026-10-20"));
    }
    SECTION("two non-empty cells that disagree: the first is kept, the clash reported") {
        const CrmImport result = read("Name,Phone,Mobile\nAnn Lee,+1 555 0101,+1 555 0199\n"
                                      "Bo Chen,+1 555 0102,+1 555 0102\n");
        REQUIRE(result.rows.size() == 2);
        CHECK(result.rows[0].prospect.phone == "+1 555 0101");
        REQUIRE(result.changes.size() == 1); // Bo's two cells agree
        CHECK(result.changes[0].line == 2);
        CHECK(result.changes[0].message ==
              "'Phone' and 'Mobile' disagree ('+1 555 0101', '+1 555 0199'): kept the first");
    }
    SECTION("emails that differ only in case agree") {
        const CrmImport result =
            read("Name,Email,Work Email\nAnn Lee,Ann@Acme.example,ann@acme.example\n");
        CHECK(result.changes.empty());
    }
}

TEST_CASE("crm import: Lifecycle Stage and Lead Status combine by rule, not by order",
          "[crm_import]") {
    for (const std::string header :
         {"Name,Lifecycle Stage,Lead Status", "Name,Lead Status,Lifecycle Stage"}) {
        INFO(header);
        const bool stage_first = header.find("Lifecycle") < header.find("Lead Status");
        const auto row = [&](const std::string& stage, const std::string& status) {
            return only_row(header, "Ann Lee," +
                                        (stage_first ? stage + "," + status : status + "," + stage))
                .prospect;
        };
        CHECK(row("customer", "").outcome == Outcome::won);
        CHECK(row("customer", "open").outcome == Outcome::won);
        CHECK(row("opportunity", "").stage == Stage::engaged);
        CHECK(row("opportunity", "new").stage == Stage::engaged);
        CHECK(row("lead", "").outcome == std::nullopt);
    }
}

TEST_CASE("crm import: amounts in any common format", "[crm_import]") {
    const std::vector<std::pair<std::string, std::int64_t>> readable = {{"12500", 12500},
                                                                        {"1,234.56", 1234},
                                                                        {"1.234,56", 1234},
                                                                        {"1 234,56", 1234},
                                                                        {"12 500", 12500},
                                                                        {"$12,500", 12500},
                                                                        {"\u20AC1.234", 1234},
                                                                        {"1.000.000", 1000000},
                                                                        {"12 500,00", 12500},
                                                                        {"1,234", 1234},
                                                                        {"1.234", 1234},
                                                                        {"0,125", 0},
                                                                        {"12,5", 12},
                                                                        {"12.50", 12},
                                                                        {"1'234.50", 1234},
                                                                        {"1\u00A0234,56", 1234},
                                                                        {"EUR 1.234,56", 1234},
                                                                        {"1.234,56 \u20AC", 1234},
                                                                        {"USD 80,000.00", 80000},
                                                                        {"$80,000.00", 80000},
                                                                        {"\u00A3 999", 999},
                                                                        {"1,000,000.5", 1000000},
                                                                        {"12 345 678", 12345678}};
    for (const auto& [text, amount] : readable) {
        INFO(text);
        CHECK(parse_amount(text) == amount);
    }
    for (const std::string text :
         {"1,23,456", "1.234.56", "-5", "12 345.678,9", "1,2,3", "abc", "12 34", "1.234,56.7",
          "12$34", "1 234 567,000.5", "9223372036854775808", "$", "1..2", "12,"}) {
        INFO(text);
        CHECK_FALSE(parse_amount(text));
    }
    SECTION("an amount that cannot be read is a bad row, never a wrong number") {
        const CrmImport result = read("Name,Amount\nAnn,\"1,23,456\"\nBo,\"1.234,56\"\n");
        REQUIRE(result.bad_rows.size() == 1);
        CHECK(result.bad_rows[0].line == 2);
        CHECK(result.bad_rows[0].message == "value '1,23,456' is not an amount");
        REQUIRE(result.rows.size() == 1);
        CHECK(result.rows[0].prospect.value == 1234);
    }
}

TEST_CASE("crm import: the columns of followup's own CSV export are read back", "[crm_import]") {
    const std::string header = "id,name,company,email,phone,stage,value,tags,top_priority,notes,"
                               "state,outcome,last_touch_on,due_on,reason,address,social,"
                               "referrer,closed_on,close_note";
    SECTION("closed, with its day and note; derived columns are not unknown") {
        const ImportedProspect row =
            only_row(header, "7,Cy Dorn,,cy@dorn.example,,engaged,0,\"a,b\",,,closed,lost,"
                             "2026-10-20,,,\"1 Main St, Springfield\",@cy,Bo,2026-10-25,too dear");
        CHECK(row.prospect.outcome == Outcome::lost);
        CHECK(row.prospect.stage == Stage::engaged);
        CHECK(row.prospect.closed_on == d("2026-10-25"));
        CHECK(row.prospect.close_note == "too dear");
        CHECK(row.prospect.tags == std::vector<std::string>{"a", "b"});
        CHECK(row.prospect.address == "1 Main St, Springfield");
        CHECK(row.prospect.social == "@cy");
        CHECK(row.prospect.referrer == "Bo");
        CHECK(row.last_contacted == d("2026-10-20"));
    }
    SECTION("the formula guard is removed, other quotes are kept") {
        const Prospect p =
            only_row(header, "1,Ann,,,'+1 555 0100,lead,0,,'=SUM(A1),'-x,active,,,,,,'@ann,,,")
                .prospect;
        CHECK(p.phone == "+1 555 0100");
        CHECK(p.top_priority == "=SUM(A1)");
        CHECK(p.notes == "-x");
        CHECK(p.social == "@ann");
        CHECK(only_row("Name,Notes", "Ann,'tis the season").prospect.notes == "'tis the season");
    }
    SECTION("an outcome that is not won or lost, a future close: bad rows") {
        const CrmImport result =
            read("Name,Outcome,Closed On\nAnn,maybe,\nBo,won,2026-12-01\nCy,won,\n");
        REQUIRE(result.bad_rows.size() == 2);
        CHECK(result.bad_rows[0].message == "outcome 'maybe' is not won or lost");
        CHECK(result.bad_rows[1].message ==
              "closed on '2026-12-01' is not a past date (YYYY-MM-DD)");
        REQUIRE(result.rows.size() == 1);
        CHECK(result.rows[0].prospect.closed_on == d("2026-11-02"));
    }
    SECTION("a CRM's State is still part of the address") {
        CHECK(only_row("Name,City,State", "Ann,Springfield,IL").prospect.address ==
              "Springfield, IL");
    }
}

TEST_CASE("crm import: the layouts of common exports", "[crm_import]") {
    SECTION("; and tab delimiters are detected") {
        CHECK(only_row("Name;Company;Amount", "Ann;Acme, Inc.;1.234,56").prospect.company ==
              "Acme, Inc.");
        CHECK(only_row("Name\tCompany", "Ann\tAcme, Inc.").prospect.company == "Acme, Inc.");
    }
    SECTION("the header row after a preamble, with lines counted from the file's start") {
        const CrmImport result = read("Notes:\n\"Some text, with a comma.\"\n\n"
                                      "First Name,Last Name,URL,Connected On\n"
                                      "Mia,Novak,https://in.example/mia,14 Oct 2026\n"
                                      "Bad,Date,x,31 Foo 2026\n");
        REQUIRE(result.rows.size() == 1);
        CHECK(result.rows[0].line == 5);
        CHECK(result.rows[0].prospect.social == "https://in.example/mia");
        CHECK(result.rows[0].last_contacted == d("2026-10-14"));
        REQUIRE(result.bad_rows.size() == 1);
        CHECK(result.bad_rows[0].line == 6);
    }
    SECTION("a Salesforce report footer is not people; a last row of one cell is") {
        const std::string rows = "Name,Email\nAnn,ann@acme.example\nBo\n";
        CHECK(read(rows).rows.size() == 2);
        const CrmImport result =
            read(rows + "\n\"Lead Report\"\n"
                        "\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\n"
                        "\"Confidential Information - Do Not Distribute\"\n"
                        "\"Generated By:  Pat Rep  12/7/2026 8:05 AM\"\n\"Example Inc.\"\n");
        CHECK(result.rows.size() == 2);
        CHECK(result.bad_rows.empty());
    }
    SECTION("Google Contacts: several values in one cell, labels") {
        const Prospect p =
            only_row("Name,E-mail 1 - Value,Phone 1 - Value,Labels",
                     "Ann,a@x.example ::: b@x.example,+1 555 ::: +1 556,* myContacts ::: Clients")
                .prospect;
        CHECK(p.email == "a@x.example");
        CHECK(p.phone == "+1 555");
        CHECK(p.tags == std::vector<std::string>{"Clients"});
    }
    SECTION("Mailchimp's quoted tags") {
        CHECK(only_row("Name,TAGS", "Ann,\"\"\"Customer\"\",\"\"VIP\"\"\"").prospect.tags ==
              std::vector<std::string>{"Customer", "VIP"});
    }
    SECTION("Pipedrive and Outlook columns") {
        const Prospect p = only_row("Person - Name,Person - Organization,Person - Email - Work,"
                                    "Business Phone,Business Street,Business Country/Region",
                                    "Ann,Acme,ann@acme.example,+1 555,1 Main St,USA")
                               .prospect;
        CHECK(p.company == "Acme");
        CHECK(p.email == "ann@acme.example");
        CHECK(p.phone == "+1 555");
        CHECK(p.address == "1 Main St, USA");
    }
    SECTION("a file without a column we need names the columns it found") {
        CHECK(import_error("Handle,Score\n@ann,3\n") ==
              "line 1: no name, email or phone column (Name, Full Name, First Name and Last Name, "
              "Email, Phone); found: "
              "Handle, Score");
    }
}

TEST_CASE("crm import: rows without a name are still people", "[crm_import]") {
    const CrmImport result = read("First Name,Last Name,Email,Company,Phone\n"
                                  ",,dana.k@initech.example,Initech,+1 555\n"
                                  ",,,Initech,+1 556\n"
                                  ",,,,+1 557\n"
                                  ",,,Umbrella,\n"
                                  "Ann,,,,\n");
    REQUIRE(result.rows.size() == 4);
    CHECK(result.rows[0].prospect.name == "dana.k");
    CHECK(result.rows[1].prospect.name == "Initech");
    CHECK(result.rows[2].prospect.name == "+1 557");
    for (std::size_t r = 0; r < 3; ++r) {
        CHECK(result.rows[r].prospect.tags == std::vector<std::string>{"needs-name"});
    }
    CHECK(result.rows[3].prospect.tags.empty());
    REQUIRE(result.changes.size() == 3);
    CHECK(result.changes[0].line == 2);
    CHECK(result.changes[0].message == "no name: imported as dana.k, tagged needs-name");
    REQUIRE(result.bad_rows.size() == 1);
    CHECK(result.bad_rows[0].line == 5);
    CHECK(result.bad_rows[0].message == "no name, email or phone");
    SECTION("an email column alone is enough") {
        CHECK(only_row("Email", "ann@acme.example").prospect.name == "ann");
    }
}

TEST_CASE("crm import: lead statuses of HubSpot, Salesforce and Zoho", "[crm_import]") {
    struct Case {
        std::string value;
        Stage stage;
        std::optional<Outcome> outcome;
    };
    const std::vector<Case> cases = {
        {"New", Stage::lead, std::nullopt},
        {"Open", Stage::lead, std::nullopt},
        {"In Progress", Stage::engaged, std::nullopt},
        {"Open Deal", Stage::engaged, std::nullopt},
        {"Unqualified", Stage::lead, Outcome::lost},
        {"Attempted to Contact", Stage::lead, std::nullopt},
        {"Connected", Stage::engaged, std::nullopt},
        {"Bad Timing", Stage::lead, std::nullopt},
        {"OPEN_DEAL", Stage::engaged, std::nullopt},
        {"Working", Stage::engaged, std::nullopt},
        {"Nurturing", Stage::lead, std::nullopt},
        {"Qualified", Stage::engaged, std::nullopt},
        {"Open - Not Contacted", Stage::lead, std::nullopt},
        {"Working - Contacted", Stage::engaged, std::nullopt},
        {"Closed - Converted", Stage::proposal, Outcome::won},
        {"Closed - Not Converted", Stage::lead, Outcome::lost},
        {"Not Contacted", Stage::lead, std::nullopt},
        {"Contacted", Stage::engaged, std::nullopt},
        {"Pre-Qualified", Stage::engaged, std::nullopt},
        {"Junk Lead", Stage::lead, Outcome::lost},
        {"Lost Lead", Stage::lead, Outcome::lost},
        {"Not Qualified", Stage::lead, Outcome::lost},
        {"Contact in Future", Stage::lead, std::nullopt},
        {"Lost", Stage::lead, Outcome::lost},
    };
    for (const Case& c : cases) {
        INFO(c.value);
        const auto lifecycle = map_lifecycle(c.value);
        REQUIRE(lifecycle);
        CHECK(lifecycle->stage == c.stage);
        CHECK(lifecycle->outcome == c.outcome);
    }
    SECTION("an unknown value is named with the stage the row came in as") {
        const CrmImport result = read("Name,Lifecycle Stage,Lead Status\nAnn,Opportunity,Foo\n"
                                      "Bo,,Foo\nCy,Customer,Foo\n");
        CHECK(result.unmapped_stages == std::map<std::string, int>{{"Foo", 3}});
        CHECK(result.unmapped_used_as.at("Foo") ==
              std::vector<std::string>{"engaged", "lead", "closed won"});
    }
}
