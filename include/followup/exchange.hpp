#pragma once

#include "followup/date.hpp"
#include "followup/model.hpp"

#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

namespace followup {

// followup's own export: {"format": "followup-export", "version": 1,
// "prospects": [{...fields..., "touches": [...]}]}. Everything needed to
// rebuild a database: fields, tags, touches, cool-downs and closes.
inline constexpr std::string_view export_format_name = "followup-export";
inline constexpr int export_format_version = 1;

struct ExportRecord {
    Prospect prospect;
    std::vector<Touch> touches;
};

nlohmann::json export_record(const Prospect& prospect, std::span<const Touch> touches);

// Reads one exported prospect back, checking every field; throws Error
// "prospect N: key 'x': what is wrong".
ExportRecord record_from_json(const nlohmann::json& record, std::size_t index);

// Checks what `add` and `log` would check of a record imported on `today`:
// an id they can address, days that have happened (created, touched, closed,
// snoozed, cooled), a booked step or return after its touch, a cool-down or
// snooze that ends after it starts. Throws Error "prospect N: key 'x': what".
void check_record(const ExportRecord& record, std::size_t index, Date today);

enum class BadRecords { refuse, skip };

struct ExportRead {
    std::vector<ExportRecord> records;
    // One "prospect N: key 'x': what" for each record left out (BadRecords::skip).
    std::vector<std::string> skipped;
};

// Reads a whole export (the text of FILE.json): the format, the version (an
// integer, not newer than this followup's) and every prospect, each read and
// checked (check_record) as of `today`. A bad record throws Error, or with
// BadRecords::skip is left out and named in `skipped`. Throws Error saying
// what is wrong (the caller names the file), never the JSON library's
// exceptions.
ExportRead read_export(std::string_view text, Date today, BadRecords bad = BadRecords::refuse);

} // namespace followup
