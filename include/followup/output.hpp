#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace followup {

enum class Format { table, tsv, csv, json };
std::optional<Format> parse_format(std::string_view token);

// One column of a list: the JSON key it shows and the table header.
struct Column {
    std::string key;
    std::string header;
};

struct Style {
    bool color = false;    // ANSI styling in tables
    bool terminal = false; // stdout is a terminal: neutralise strangers' text everywhere
    // Tables fit this many columns: free text is cut with "…", and when that
    // is not enough the least useful columns are left out. 0: never cut.
    std::size_t width = 0;
};

// Every list goes through here, so the four formats always agree: `rows` is a
// JSON array of objects; table, tsv and csv show `columns` of them in order.
// For table, tsv and csv only, a row may instead be an array of the
// columns' values in order (cheaper to build for long lists).
// An empty list prints nothing as a table, only the header as tsv/csv, [] as JSON.
void write_list(std::ostream& out, Format format, std::span<const Column> columns,
                const nlohmann::json& rows, const Style& style);

// JSON as followup prints it: one document, invalid UTF-8 replaced, not thrown.
std::string dump_json(const nlohmann::json& value, int indent = 2);

// A cell as text: strings as they are, numbers plainly, null as "".
std::string cell_text(const nlohmann::json& value);

} // namespace followup
