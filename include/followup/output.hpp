#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

// One value of a list as table, tsv and csv show it. Numbers are never cut
// to fit a table; only strings get the CSV formula guard.
struct Cell {
    enum class Kind { string, number, other };
    std::string text;
    Kind kind = Kind::string;
};
using CellRow = std::vector<Cell>; // in the order of the columns

// Every list goes through here, so the four formats always agree: `rows` is a
// JSON array of objects; table, tsv and csv show `columns` of them in order,
// through write_cells().
// An empty list prints nothing as a table, only the header as tsv/csv, [] as JSON.
void write_list(std::ostream& out, Format format, std::span<const Column> columns,
                const nlohmann::json& rows, const Style& style);

// The table, tsv or csv of rows already made cells (never JSON): what long
// lists use rather than building a JSON object per row.
void write_cells(std::ostream& out, Format format, std::span<const Column> columns,
                 std::span<const CellRow> rows, const Style& style);

// A JSON value as a cell: cell_text() below, and its kind.
Cell cell_of(const nlohmann::json& value);

// JSON as followup prints it: one document, invalid UTF-8 replaced, not thrown.
std::string dump_json(const nlohmann::json& value, int indent = 2);

// A cell as text: strings as they are, numbers plainly, null as "".
std::string cell_text(const nlohmann::json& value);

} // namespace followup
