// Reading followup's own export back (`followup import FILE.json`):
// read_export over the whole text, as import does, then record_from_json
// over each prospect, so records that read_export never reaches (a wrong
// format or version) are fuzzed too.
//
// Input: a JSON document. An export ({"format": ..., "prospects": [...]})
// has each prospect read; a list has each element read; anything else is
// read as one prospect.
#include "common.hpp"
#include "followup/exchange.hpp"
#include "followup/text.hpp"

namespace {

void read_one(const nlohmann::json& record, std::size_t index) {
    fuzz::expect_only_followup_errors([&] {
        const followup::ExportRecord read = followup::record_from_json(record, index);
        const auto& p = read.prospect;
        fuzz::check(!p.name.empty() && followup::trim(p.name) == p.name,
                    "a prospect read back has a trimmed name");
        fuzz::check(p.id >= 0 && p.value >= 0, "ids and values are not negative");
        // Whatever is read back exports and reads back to the same thing.
        const nlohmann::json exported = followup::export_record(p, read.touches);
        const followup::ExportRecord again = followup::record_from_json(exported, index);
        fuzz::check(followup::export_record(again.prospect, again.touches) == exported,
                    "export and import round-trip");
        (void)exported.dump(); // what `followup export` prints
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The whole import path: only followup's own errors may come out.
    fuzz::expect_only_followup_errors([&] {
        (void)followup::read_export(fuzz::as_text(data, size), followup::Date::from_days(20000));
    });
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(fuzz::as_text(data, size));
    } catch (const nlohmann::json::exception&) {
        return 0; // read_export reports "not valid JSON ..." (checked above)
    }
    if (document.is_object() && document.contains("prospects") &&
        document["prospects"].is_array()) {
        const auto& prospects = document["prospects"];
        for (std::size_t i = 0; i < prospects.size(); ++i) {
            read_one(prospects[i], i);
        }
    } else if (document.is_array()) {
        for (std::size_t i = 0; i < document.size(); ++i) {
            read_one(document[i], i);
        }
    } else {
        read_one(document, 0);
    }
    return 0;
}
