#include "followup/output.hpp"

#include "followup/error.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

namespace followup {

namespace {

constexpr std::string_view bold = "\x1b[1m";
constexpr std::string_view reset = "\x1b[0m";

// Appends a TSV cell to `line`: tabs and line breaks become spaces.
void append_tsv_cell(std::string& line, std::string_view text, const Style& style) {
    if (style.terminal) {
        line += neutralise(text);
        return;
    }
    const std::size_t start = line.size();
    line += text;
    std::replace_if(
        line.begin() + static_cast<std::ptrdiff_t>(start), line.end(),
        [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
}

// RFC 4180, with cells that a spreadsheet would run as a formula defused.
std::string csv_cell(const Cell& cell, const Style& style) {
    std::string text = style.terminal ? neutralise(cell.text) : cell.text;
    if (cell.kind == Cell::Kind::string && !text.empty() &&
        std::string_view("=+-@").find(text[0]) != std::string_view::npos) {
        text = "'" + text;
    }
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') {
            quoted += '"';
        }
        quoted += c;
    }
    return quoted + "\"";
}

// Fitting a table to the terminal. Free-text columns may be cut with "…",
// the widest first, the first tier's more readily than the next tier's. Ids,
// dates, numbers and the fixed values are never cut.
constexpr std::array<std::string_view, 9> cut_first = {
    "rank", "suggestion_reason", "note",   "notes", "top_priority",
    "tags", "suggestion",        "source", "value"};
constexpr std::array<std::string_view, 2> cut_next = {"email", "company"};
constexpr std::string_view cut_last = "name";

// When even the narrowest widths do not fit, whole columns are left out, the
// least useful first; a column not named here goes after them, the rightmost
// first, and the first column (the id) never.
constexpr std::array<std::string_view, 29> drop_first = {"rank",          "suggestion_reason",
                                                         "reason",        "tags",
                                                         "source",        "value",
                                                         "last_reply",    "streak_started",
                                                         "days_left",     "last_touch_on",
                                                         "stage",         "company",
                                                         "email",         "phone",
                                                         "next_step_on",  "direction",
                                                         "top_priority",  "status",
                                                         "state",         "streak",
                                                         "cooling_until", "suggestion",
                                                         "purpose",       "note",
                                                         "notes",         "next_touch",
                                                         "due_on",        "channel",
                                                         "date"};

// A cut column keeps at least this many columns (or its whole text), and its
// header unless the header is very long.
constexpr std::size_t narrowest = 6;
constexpr std::size_t longest_kept_header = 12;
constexpr std::size_t gap = 2;

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& keys, std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Which tier a column is cut in (0 first), or none.
std::optional<int> cut_tier(std::string_view key) {
    if (contains(cut_first, key)) {
        return 0;
    }
    if (contains(cut_next, key)) {
        return 1;
    }
    if (key == cut_last) {
        return 2;
    }
    return std::nullopt;
}

// How a table fits: each column's width, and whether it is shown at all.
struct TableLayout {
    std::vector<std::size_t> widths;
    std::vector<bool> shown;
};

// Fits columns of these natural widths into `available` columns (0: any):
// leaves out whole columns while even the narrowest widths do not fit, then
// cuts the free-text ones. The result is never wider than `available`.
TableLayout fit_table(std::span<const Column> columns, std::vector<std::size_t> widths,
                      const std::vector<bool>& cuttable, std::size_t available) {
    const std::size_t count = columns.size();
    TableLayout layout{std::move(widths), std::vector<bool>(count, true)};
    if (available == 0 || count == 0) {
        return layout;
    }
    std::vector<std::optional<int>> tiers(count);
    std::vector<std::size_t> floors(count);
    for (std::size_t i = 0; i < count; ++i) {
        if (cuttable[i]) {
            tiers[i] = cut_tier(columns[i].key);
        }
        const std::size_t header = std::min(display_width(columns[i].header), longest_kept_header);
        floors[i] =
            tiers[i] ? std::min(layout.widths[i], std::max(narrowest, header)) : layout.widths[i];
    }
    const auto total_of = [&](const std::vector<std::size_t>& sizes) {
        std::size_t total = 0;
        std::size_t shown = 0;
        for (std::size_t i = 0; i < count; ++i) {
            if (layout.shown[i]) {
                total += sizes[i];
                ++shown;
            }
        }
        return total + gap * (shown > 0 ? shown - 1 : 0);
    };

    // Leave out whole columns while even the narrowest widths do not fit.
    std::vector<std::size_t> order;
    for (std::string_view key : drop_first) {
        for (std::size_t i = 1; i < count; ++i) {
            if (columns[i].key == key) {
                order.push_back(i);
            }
        }
    }
    for (std::size_t i = count; i-- > 1;) {
        if (std::find(order.begin(), order.end(), i) == order.end()) {
            order.push_back(i);
        }
    }
    for (std::size_t i : order) {
        if (total_of(floors) <= available) {
            break;
        }
        layout.shown[i] = false;
    }

    // Then cut the free text, the widest column first, where a name counts
    // as narrower than it is, and a company a little, so that they keep more
    // (a width is weighed against 10 for the first tier, 12 and 16 for the
    // next ones); between columns as wide, the rightmost gives way first.
    constexpr std::array<std::size_t, 4> weights = {10, 12, 16, 16};
    std::size_t total = total_of(layout.widths);
    const auto cut = [&](bool anything) {
        while (total > available) {
            std::optional<std::size_t> pick;
            for (std::size_t i = 0; i < count; ++i) {
                const std::size_t lowest = anything ? 1 : floors[i];
                if (!layout.shown[i] || (!anything && !tiers[i]) || layout.widths[i] <= lowest) {
                    continue;
                }
                if (!pick || layout.widths[i] *
                                     weights[static_cast<std::size_t>(tiers[*pick].value_or(3))] >=
                                 layout.widths[*pick] *
                                     weights[static_cast<std::size_t>(tiers[i].value_or(3))]) {
                    pick = i;
                }
            }
            if (!pick) {
                return;
            }
            --layout.widths[*pick];
            --total;
        }
    };
    cut(false);
    // Only the first column is left and it is still too wide: cut it anyway.
    cut(true);
    return layout;
}

// A row's value for `key` without copying it; null when the row lacks it.
const nlohmann::json& field_of(const nlohmann::json& row, const std::string& key) {
    static const nlohmann::json missing;
    const auto found = row.find(key);
    return found == row.end() ? missing : *found;
}

void write_table(std::ostream& out, std::span<const Column> columns, std::span<const CellRow> rows,
                 const Style& style) {
    if (rows.empty()) {
        return;
    }
    // Each cell's text as shown and its display width, measured once.
    struct Shown {
        std::string text;
        std::size_t width = 0;
    };
    const auto shown_as = [](std::string text) {
        const std::size_t width = display_width(text);
        return Shown{std::move(text), width};
    };
    std::vector<std::vector<Shown>> cells;
    cells.reserve(rows.size() + 1);
    std::vector<std::size_t> widths;
    // Columns of numbers are never cut, whatever their key.
    std::vector<bool> cuttable(columns.size(), false);
    auto& header = cells.emplace_back();
    for (const Column& column : columns) {
        header.push_back(shown_as(column.header));
        widths.push_back(header.back().width);
    }
    for (const CellRow& row : rows) {
        auto& line = cells.emplace_back();
        line.reserve(columns.size());
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const Cell& cell = row[i];
            line.push_back(shown_as(neutralise(cell.text)));
            widths[i] = std::max(widths[i], line.back().width);
            if (cell.kind != Cell::Kind::number) {
                cuttable[i] = true;
            }
        }
    }
    const TableLayout layout = fit_table(columns, std::move(widths), cuttable, style.width);
    std::string text;
    for (std::size_t row = 0; row < cells.size(); ++row) {
        const std::vector<Shown>& line = cells[row];
        text.clear();
        std::size_t pending = 0; // spaces owed before the next shown cell
        bool first = true;
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (!layout.shown[i]) {
                continue;
            }
            if (!first) {
                text.append(pending + gap, ' ');
            }
            first = false;
            if (line[i].width <= layout.widths[i]) {
                text += line[i].text;
                pending = layout.widths[i] - line[i].width;
            } else {
                const std::string cut = truncate_to_width(line[i].text, layout.widths[i]);
                text += cut;
                pending = layout.widths[i] - display_width(cut);
            }
        }
        if (row == 0 && style.color) {
            out << bold << text << reset << '\n';
        } else {
            out << text << '\n';
        }
    }
}

} // namespace

std::optional<Format> parse_format(std::string_view token) {
    if (token == "table") {
        return Format::table;
    }
    if (token == "tsv") {
        return Format::tsv;
    }
    if (token == "csv") {
        return Format::csv;
    }
    if (token == "json") {
        return Format::json;
    }
    return std::nullopt;
}

std::string cell_text(const nlohmann::json& value) {
    if (value.is_null()) {
        return {};
    }
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "yes" : "no";
    }
    if (value.is_array()) {
        std::string joined;
        for (const auto& item : value) {
            if (!joined.empty()) {
                joined += ',';
            }
            joined += cell_text(item);
        }
        return joined;
    }
    return value.dump();
}

std::string dump_json(const nlohmann::json& value, int indent) {
    // nlohmann escapes C0 controls only. DEL, C1 controls and bidi overrides
    // (which can only stand inside strings) are escaped too, so JSON read on
    // a terminal cannot drive it; parsed, the values are the same.
    const std::string dumped =
        value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string out;
    out.reserve(dumped.size());
    const auto byte = [&](std::size_t i) {
        return i < dumped.size() ? static_cast<unsigned char>(dumped[i]) : 0U;
    };
    for (std::size_t at = 0; at < dumped.size(); ++at) {
        const unsigned c = byte(at);
        std::optional<unsigned> escaped;
        std::size_t length = 1;
        if (c == 0x7F) {
            escaped = c;
        } else if (c == 0xC2 && byte(at + 1) >= 0x80 && byte(at + 1) <= 0x9F) {
            escaped = byte(at + 1);
            length = 2;
        } else if (c == 0xE2 &&
                   ((byte(at + 1) == 0x80 && byte(at + 2) >= 0xAA && byte(at + 2) <= 0xAE) ||
                    (byte(at + 1) == 0x81 && byte(at + 2) >= 0xA6 && byte(at + 2) <= 0xA9))) {
            escaped = 0x2000U + ((byte(at + 1) & 0x3FU) << 6U) + (byte(at + 2) & 0x3FU);
            length = 3;
        }
        if (escaped) {
            static constexpr std::string_view hex = "0123456789abcdef";
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) {
                out += hex[(*escaped >> static_cast<unsigned>(shift)) & 0xFU];
            }
            at += length - 1;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

Cell cell_of(const nlohmann::json& value) {
    const Cell::Kind kind = value.is_string()   ? Cell::Kind::string
                            : value.is_number() ? Cell::Kind::number
                                                : Cell::Kind::other;
    return {cell_text(value), kind};
}

void write_list(std::ostream& out, Format format, std::span<const Column> columns,
                const nlohmann::json& rows, const Style& style) {
    if (format == Format::json) {
        out << dump_json(rows) << '\n';
        return;
    }
    std::vector<CellRow> cells;
    cells.reserve(rows.size());
    for (const auto& row : rows) {
        CellRow& line = cells.emplace_back();
        line.reserve(columns.size());
        for (const Column& column : columns) {
            line.push_back(cell_of(field_of(row, column.key)));
        }
    }
    write_cells(out, format, columns, cells, style);
}

void write_cells(std::ostream& out, Format format, std::span<const Column> columns,
                 std::span<const CellRow> rows, const Style& style) {
    switch (format) {
    case Format::json:
        throw Error("internal: JSON lists are written from JSON rows");
    case Format::table:
        write_table(out, columns, rows, style);
        return;
    case Format::tsv:
    case Format::csv: {
        const bool tsv = format == Format::tsv;
        const char separator = tsv ? '\t' : ',';
        const std::string_view line_end = tsv ? "\n" : "\r\n";
        std::string line;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (i > 0) {
                line += separator;
            }
            line += columns[i].key;
        }
        out << line << line_end;
        for (const CellRow& row : rows) {
            line.clear();
            for (std::size_t i = 0; i < columns.size(); ++i) {
                if (i > 0) {
                    line += separator;
                }
                if (tsv) {
                    append_tsv_cell(line, row[i].text, style);
                } else {
                    line += csv_cell(row[i], style);
                }
            }
            out << line << line_end;
        }
        return;
    }
    }
}

} // namespace followup
