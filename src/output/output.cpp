#include "followup/output.hpp"

#include "followup/text.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace followup {

namespace {

constexpr std::string_view bold = "\x1b[1m";
constexpr std::string_view reset = "\x1b[0m";

std::string tsv_cell(const std::string& text, const Style& style) {
    if (style.terminal) {
        return neutralise(text);
    }
    std::string out = text;
    std::replace_if(
        out.begin(), out.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    return out;
}

// RFC 4180, with cells that a spreadsheet would run as a formula defused.
std::string csv_cell(const nlohmann::json& value, const Style& style) {
    std::string text = cell_text(value);
    if (style.terminal) {
        text = neutralise(text);
    }
    if (value.is_string() && !text.empty() &&
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

// Free-text columns that may be cut to fit a terminal, the least important
// first; ids, dates and the fixed values never are.
constexpr std::array<std::string_view, 12> cut_first = {"rank",         "suggestion_reason",
                                                        "note",         "notes",
                                                        "top_priority", "tags",
                                                        "suggestion",   "source",
                                                        "value",        "email",
                                                        "company",      "name"};

// Narrows free-text columns, least important first and never below their
// header or a few characters, until the table fits; columns stay aligned.
void fit_widths(std::vector<std::size_t>& widths, std::span<const Column> columns,
                std::size_t available) {
    if (available == 0 || widths.empty()) {
        return;
    }
    constexpr std::size_t gap = 2;
    constexpr std::size_t narrowest = 8;
    std::size_t total = gap * (widths.size() - 1);
    for (std::size_t width : widths) {
        total += width;
    }
    for (std::string_view key : cut_first) {
        for (std::size_t i = 0; i < columns.size() && total > available; ++i) {
            if (columns[i].key != key) {
                continue;
            }
            const std::size_t floor = std::max(narrowest, display_width(columns[i].header));
            const std::size_t cut =
                std::min(total - available, widths[i] - std::min(widths[i], floor));
            widths[i] -= cut;
            total -= cut;
        }
    }
}

void write_table(std::ostream& out, std::span<const Column> columns, const nlohmann::json& rows,
                 const Style& style) {
    if (rows.empty()) {
        return;
    }
    std::vector<std::vector<std::string>> cells;
    std::vector<std::size_t> widths;
    for (const Column& column : columns) {
        widths.push_back(display_width(column.header));
    }
    for (const auto& row : rows) {
        auto& line = cells.emplace_back();
        for (std::size_t i = 0; i < columns.size(); ++i) {
            line.push_back(neutralise(cell_text(row.value(columns[i].key, nlohmann::json()))));
            widths[i] = std::max(widths[i], display_width(line.back()));
        }
    }
    fit_widths(widths, columns, style.width);
    const auto write_line = [&](const std::vector<std::string>& line, bool header) {
        std::string text;
        for (std::size_t i = 0; i < line.size(); ++i) {
            const bool last = i + 1 == line.size();
            const std::string cell = truncate_to_width(line[i], widths[i]);
            text += cell;
            if (!last) {
                text.append(widths[i] - display_width(cell) + 2, ' ');
            }
        }
        if (header && style.color) {
            out << bold << text << reset << '\n';
        } else {
            out << text << '\n';
        }
    };
    std::vector<std::string> header;
    for (const Column& column : columns) {
        header.push_back(column.header);
    }
    write_line(header, true);
    for (const auto& line : cells) {
        write_line(line, false);
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
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_list(std::ostream& out, Format format, std::span<const Column> columns,
                const nlohmann::json& rows, const Style& style) {
    switch (format) {
    case Format::json:
        out << dump_json(rows) << '\n';
        return;
    case Format::table:
        write_table(out, columns, rows, style);
        return;
    case Format::tsv:
    case Format::csv: {
        const bool tsv = format == Format::tsv;
        const char separator = tsv ? '\t' : ',';
        const auto line_end = tsv ? "\n" : "\r\n";
        for (std::size_t i = 0; i < columns.size(); ++i) {
            out << (i ? std::string(1, separator) : "") << columns[i].key;
        }
        out << line_end;
        for (const auto& row : rows) {
            for (std::size_t i = 0; i < columns.size(); ++i) {
                const auto& value = row.value(columns[i].key, nlohmann::json());
                out << (i ? std::string(1, separator) : "")
                    << (tsv ? tsv_cell(cell_text(value), style) : csv_cell(value, style));
            }
            out << line_end;
        }
        return;
    }
    }
}

} // namespace followup
