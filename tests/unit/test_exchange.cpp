#include "builders.hpp"
#include "followup/error.hpp"
#include "followup/exchange.hpp"
#include "followup/resolve.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace followup;
using namespace followup::test;

namespace {

const Date import_day = d("2026-11-02");

std::string export_of(const std::string& prospects) {
    return R"({"format": "followup-export", "version": 1, "prospects": [)" + prospects + "]}";
}

std::string with_touch(const std::string& touch_fields) {
    return R"({"name": "Ann", "created_on": "2026-10-01", "touches": [{"direction": "out", )"
           R"("channel": "email", )" +
           touch_fields + "}]}";
}

} // namespace

TEST_CASE("days up to the import day are read; a later one is refused, named", "[exchange]") {
    CHECK(
        read_export(export_of(with_touch(R"("date": "2026-11-02")")), import_day).records.size() ==
        1);
    CHECK_THROWS_WITH(
        read_export(export_of(with_touch(R"("date": "2026-11-03")")), import_day),
        Catch::StartsWith("prospect 1, touch 1: key 'date': 2026-11-03 is after today"));
    CHECK_THROWS_WITH(
        read_export(export_of(R"({"name": "Ann", "created_on": "2026-11-03"})"), import_day),
        Catch::StartsWith("prospect 1: key 'created_on'"));
    CHECK_THROWS_WITH(
        read_export(export_of(with_touch(R"("date": "2026-10-05", "next_step_on": "2026-10-04")")),
                    import_day),
        Catch::StartsWith("prospect 1, touch 1: key 'next_step_on'"));
    // A booked step may be in the future: log books them.
    CHECK(
        read_export(export_of(with_touch(R"("date": "2026-10-05", "next_step_on": "2027-01-04")")),
                    import_day)
            .records.size() == 1);
}

TEST_CASE("ids log, show and rm can address are read; longer ones refused", "[exchange]") {
    const auto with_id = [](const std::string& id) {
        return export_of(R"({"id": )" + id + R"(, "name": "Ann", "created_on": "2026-10-01"})");
    };
    const ExportRead read = read_export(with_id(std::to_string(max_prospect_id)), import_day);
    REQUIRE(read.records.size() == 1);
    CHECK(parse_prospect_id(std::to_string(read.records[0].prospect.id)) == max_prospect_id);
    CHECK_THROWS_WITH(read_export(with_id(std::to_string(max_prospect_id + 1)), import_day),
                      Catch::StartsWith("prospect 1: key 'id'"));
}

TEST_CASE("BadRecords::skip leaves out bad prospects and names them", "[exchange]") {
    const ExportRead read =
        read_export(export_of(R"({"name": "Ann", "created_on": "2027-01-01"}, )"
                              R"({"name": "Bob", "created_on": "2026-10-01"}, {"name": ""})"),
                    import_day, BadRecords::skip);
    REQUIRE(read.records.size() == 1);
    CHECK(read.records[0].prospect.name == "Bob");
    REQUIRE(read.skipped.size() == 2);
    CHECK(read.skipped[0].starts_with("prospect 1: key 'created_on'"));
    CHECK(read.skipped[1].starts_with("prospect 3: key 'name'"));
}
