#pragma once

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

// Reads a whole export (the text of FILE.json): the format, the version (an
// integer, not newer than this followup's) and every prospect. Throws Error
// saying what is wrong (the caller names the file), never the JSON library's
// exceptions.
std::vector<ExportRecord> read_export(std::string_view text);

} // namespace followup
