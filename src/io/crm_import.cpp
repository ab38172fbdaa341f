#include "followup/crm_import.hpp"

#include "followup/error.hpp"
#include "followup/resolve.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <charconv>
#include <csv.h>
#include <fmt/format.h>
#include <set>
#include <unordered_set>

namespace followup {

namespace {

// No real field is this long; a file that has one is not a CRM export.
constexpr std::size_t max_field_bytes = 1 << 20;

enum class Field {
    name,
    first_name,
    last_name,
    company,
    email,
    phone,
    stage,
    tags,
    notes,
    last_contacted,
    value,
    priority,
    channel,
    address, // each part (street, city, ...) is appended in column order
    social,
    referrer,
};

// Header names as CRMs write them, folded: lowercase, without spaces,
// underscores, hyphens and dots.
const std::map<std::string, Field, std::less<>>& known_columns() {
    static const std::map<std::string, Field, std::less<>> columns = {
        {"name", Field::name},
        {"fullname", Field::name},
        {"contactname", Field::name},
        {"contact", Field::name},
        {"firstname", Field::first_name},
        {"givenname", Field::first_name},
        {"lastname", Field::last_name},
        {"surname", Field::last_name},
        {"familyname", Field::last_name},
        {"company", Field::company},
        {"companyname", Field::company},
        {"accountname", Field::company},
        {"account", Field::company},
        {"organization", Field::company},
        {"organisation", Field::company},
        {"email", Field::email},
        {"emailaddress", Field::email},
        {"workemail", Field::email},
        {"phone", Field::phone},
        {"phonenumber", Field::phone},
        {"mobile", Field::phone},
        {"mobilephone", Field::phone},
        {"mobilephonenumber", Field::phone},
        {"workphone", Field::phone},
        {"stage", Field::stage},
        {"lifecyclestage", Field::stage},
        {"leadstatus", Field::stage},
        {"status", Field::stage},
        {"tags", Field::tags},
        {"tag", Field::tags},
        {"labels", Field::tags},
        {"notes", Field::notes},
        {"note", Field::notes},
        {"description", Field::notes},
        {"lastcontacted", Field::last_contacted},
        {"lastcontacteddate", Field::last_contacted},
        {"lastcontact", Field::last_contacted},
        {"lastactivitydate", Field::last_contacted},
        {"lastactivity", Field::last_contacted},
        {"lasttouchon", Field::last_contacted},
        {"value", Field::value},
        {"dealvalue", Field::value},
        {"amount", Field::value},
        {"dealamount", Field::value},
        {"toppriority", Field::priority},
        {"priority", Field::priority},
        {"preferredchannel", Field::channel},
        {"address", Field::address},
        {"postaladdress", Field::address},
        {"mailingaddress", Field::address},
        {"streetaddress", Field::address},
        {"street", Field::address},
        {"mailingstreet", Field::address},
        {"city", Field::address},
        {"mailingcity", Field::address},
        {"state", Field::address},
        {"stateregion", Field::address},
        {"mailingstate", Field::address},
        {"postalcode", Field::address},
        {"zip", Field::address},
        {"zipcode", Field::address},
        {"mailingzip", Field::address},
        {"mailingpostalcode", Field::address},
        {"country", Field::address},
        {"countryregion", Field::address},
        {"mailingcountry", Field::address},
        {"linkedin", Field::social},
        {"linkedinurl", Field::social},
        {"linkedinprofile", Field::social},
        {"linkedinprofileurl", Field::social},
        {"twitter", Field::social},
        {"twitterhandle", Field::social},
        {"twitterusername", Field::social},
        {"social", Field::social},
        {"socialprofile", Field::social},
        {"referrer", Field::referrer},
        {"referredby", Field::referrer},
    };
    return columns;
}

std::string fold_header(std::string_view header) {
    std::string folded;
    for (char c : fold_case(trim(header))) {
        if (c != ' ' && c != '_' && c != '-' && c != '.') {
            folded += c;
        }
    }
    return folded;
}

// The rows of a file: every field's bytes end to end in one buffer (one
// allocation for the file rather than one per field and one per row), with
// where each field and row ends and the line each row starts on.
struct Rows {
    std::string text;
    std::vector<std::size_t> field_ends; // offsets in text
    std::vector<std::size_t> row_ends;   // fields in all rows up to this one
    std::vector<std::size_t> lines;

    std::size_t size() const { return row_ends.size(); }
    // Row r's fields, into `fields` (reused from row to row).
    void row(std::size_t r, std::vector<std::string_view>& fields) const {
        fields.clear();
        std::size_t field = r == 0 ? 0 : row_ends[r - 1];
        std::size_t at = field == 0 ? 0 : field_ends[field - 1];
        for (; field < row_ends[r]; ++field) {
            fields.emplace_back(text.data() + at, field_ends[field] - at);
            at = field_ends[field];
        }
    }
};

// Collects rows from libcsv's callbacks, with the line each row starts on.
struct Collector {
    Rows rows;
    std::size_t fields_in_row = 0;
    std::size_t line = 1;

    static void on_field(void* field, std::size_t length, void* self) {
        auto* collector = static_cast<Collector*>(self);
        Rows& rows = collector->rows;
        if (collector->fields_in_row++ == 0) {
            rows.lines.push_back(collector->line);
        }
        if (length > 0) { // libcsv passes no pointer for an empty field
            rows.text.append(static_cast<const char*>(field), length);
        }
        rows.field_ends.push_back(rows.text.size());
    }
    static void on_row(int, void* self) {
        auto* collector = static_cast<Collector*>(self);
        Rows& rows = collector->rows;
        if (collector->fields_in_row == 0) {
            rows.lines.push_back(collector->line);
        }
        rows.row_ends.push_back(rows.field_ends.size());
        collector->fields_in_row = 0;
    }
};

Rows parse_rows(std::string_view data) {
    csv_parser parser{};
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0) {
        throw Error("cannot start the CSV parser");
    }
    Collector collector;
    // Fields never hold more bytes than the file.
    collector.rows.text.reserve(data.size());
    const auto fail = [&](const std::string& why) {
        const std::size_t line = collector.line;
        csv_free(&parser);
        return Error(fmt::format("line {}: {}", line, why));
    };
    constexpr std::size_t chunk_bytes = 1 << 16;
    std::size_t at = 0;
    while (at < data.size()) {
        // Chunks end at a newline, so the line number is exact in the callbacks.
        const std::size_t newline = data.find('\n', at);
        const std::size_t end =
            std::min({newline == std::string_view::npos ? data.size() : newline + 1,
                      at + chunk_bytes, data.size()});
        const std::size_t length = end - at;
        if (csv_parse(&parser, data.data() + at, length, Collector::on_field, Collector::on_row,
                      &collector) != length) {
            throw fail(csv_error(&parser) == CSV_EPARSE ? "broken quoting (a stray or unclosed \")"
                                                        : "the CSV parser ran out of memory");
        }
        if (csv_get_buffer_size(&parser) > max_field_bytes) {
            throw fail("a field over 1 MiB; is this a CSV export?");
        }
        if (data[end - 1] == '\n') {
            ++collector.line;
        }
        at = end;
    }
    if (csv_fini(&parser, Collector::on_field, Collector::on_row, &collector) != 0) {
        throw fail("broken quoting at the end of the file (an unclosed \")");
    }
    csv_free(&parser);
    return std::move(collector.rows);
}

std::optional<Date> parse_contact_date(std::string_view text) {
    // "2026-11-02", or a timestamp that starts with one ("2026-11-02 14:03", "...T14:03Z").
    if (text.size() > 10 && (text[10] == ' ' || text[10] == 'T')) {
        text = text.substr(0, 10);
    }
    return parse_iso_date(text);
}

std::vector<std::string> split_tags(std::string_view text) {
    std::vector<std::string> tags;
    // Seen tags by view into `text`: a linear pass, however many tags a cell holds.
    std::unordered_set<std::string_view> seen;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(",;", start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view tag = trim(text.substr(start, end - start));
        if (!tag.empty() && seen.insert(tag).second) {
            tags.emplace_back(tag);
        }
        start = end + 1;
    }
    return tags;
}

} // namespace

std::optional<Lifecycle> map_lifecycle(std::string_view value) {
    std::string folded;
    for (char c : fold_case(trim(value))) {
        folded += (c == '_' || c == '-') ? ' ' : c;
    }
    static const std::set<std::string, std::less<>> leads = {
        "", "subscriber", "lead", "mql", "marketing qualified lead", "new", "open"};
    static const std::set<std::string, std::less<>> engaged = {
        "sql", "sales qualified lead", "opportunity", "engaged", "qualified"};
    static const std::set<std::string, std::less<>> proposals = {"proposal", "quote",
                                                                 "proposal sent", "quote sent"};
    static const std::set<std::string, std::less<>> won = {"customer", "evangelist", "won",
                                                           "closed won"};
    if (leads.contains(folded)) {
        return Lifecycle{Stage::lead, std::nullopt};
    }
    if (engaged.contains(folded)) {
        return Lifecycle{Stage::engaged, std::nullopt};
    }
    if (proposals.contains(folded)) {
        return Lifecycle{Stage::proposal, std::nullopt};
    }
    if (won.contains(folded)) {
        return Lifecycle{Stage::proposal, Outcome::won};
    }
    return std::nullopt;
}

CrmImport read_crm_csv(std::string_view data, Date today) {
    if (data.starts_with("\xEF\xBB\xBF")) {
        data.remove_prefix(3);
    }
    if (data.find('\0') != std::string_view::npos) {
        throw Error("the file holds NUL bytes; is it a CSV export?");
    }
    const Rows rows = parse_rows(data);
    if (rows.size() == 0) {
        throw Error("the file is empty: expected a header row and rows of prospects");
    }

    CrmImport result;
    std::vector<std::string_view> header;
    rows.row(0, header);
    std::vector<std::optional<Field>> fields;
    for (const std::string_view column : header) {
        if (!is_valid_utf8(column)) {
            throw Error("line 1: the header is not valid UTF-8");
        }
        auto known = known_columns().find(fold_header(column));
        if (known == known_columns().end()) {
            fields.emplace_back();
            if (!trim(column).empty()) {
                result.unknown_columns.emplace_back(column);
            }
        } else {
            fields.emplace_back(known->second);
        }
    }
    const auto has = [&](Field field) {
        return std::find(fields.begin(), fields.end(), field) != fields.end();
    };
    if (!has(Field::name) && !has(Field::first_name) && !has(Field::last_name)) {
        throw Error("line 1: no name column (Name, Full Name, or First Name and Last Name)");
    }

    result.rows.reserve(rows.size() - 1);
    std::vector<std::string_view> row;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        rows.row(r, row);
        const std::size_t line = rows.lines[r];
        const auto bad = [&](std::string message) {
            result.bad_rows.push_back({line, std::move(message)});
        };
        if (std::all_of(row.begin(), row.end(),
                        [](std::string_view cell) { return trim(cell).empty(); })) {
            continue; // blank line
        }
        if (row.size() > header.size()) {
            bad(fmt::format("{}, but the header has {}", counted(row.size(), "field", "fields"),
                            header.size()));
            continue;
        }
        ImportedProspect imported;
        imported.line = line;
        Prospect& p = imported.prospect;
        p.created_on = today;
        std::string first;
        std::string last;
        std::string problem;
        for (std::size_t c = 0; c < row.size() && problem.empty(); ++c) {
            if (!fields[c]) {
                continue;
            }
            if (!is_valid_utf8(row[c])) {
                problem = fmt::format("column '{}' is not valid UTF-8", neutralise(header[c]));
                break;
            }
            const std::string_view value = trim(row[c]);
            switch (*fields[c]) {
            case Field::name:
                p.name = value;
                break;
            case Field::first_name:
                first = value;
                break;
            case Field::last_name:
                last = value;
                break;
            case Field::company:
                p.company = value;
                break;
            case Field::email:
                if (!value.empty() && value.find('@') == std::string_view::npos) {
                    problem = fmt::format("'{}' is not an email address", neutralise(value));
                }
                p.email = value;
                break;
            case Field::phone:
                p.phone = value;
                break;
            case Field::address:
                if (!value.empty()) {
                    p.address += p.address.empty() ? "" : ", ";
                    p.address += value;
                }
                break;
            case Field::social:
                if (p.social.empty()) {
                    p.social = value;
                }
                break;
            case Field::referrer:
                p.referrer = value;
                break;
            case Field::stage:
                if (auto lifecycle = map_lifecycle(value)) {
                    p.stage = lifecycle->stage;
                    p.outcome = lifecycle->outcome;
                    p.closed_on = p.outcome ? std::optional(today) : std::nullopt;
                } else {
                    ++result.unmapped_stages[std::string(value)];
                }
                break;
            case Field::tags:
                p.tags = split_tags(value);
                break;
            case Field::notes:
                p.notes = value;
                break;
            case Field::last_contacted:
                if (!value.empty()) {
                    imported.last_contacted = parse_contact_date(value);
                    if (!imported.last_contacted || *imported.last_contacted > today) {
                        problem = fmt::format("last contacted '{}' is not a past date (YYYY-MM-DD)",
                                              neutralise(value));
                    }
                }
                break;
            case Field::value: {
                std::string digits;
                for (char ch : value) {
                    if (ch != ',' && ch != ' ' && ch != '$') {
                        digits += ch;
                    }
                }
                if (const auto dot = digits.find('.'); dot != std::string::npos) {
                    digits.resize(dot); // cents do not change the ranking
                }
                std::int64_t amount = 0;
                auto [end, error] =
                    std::from_chars(digits.data(), digits.data() + digits.size(), amount);
                if (!digits.empty() &&
                    (error != std::errc{} || end != digits.data() + digits.size() || amount < 0)) {
                    problem = fmt::format("value '{}' is not an amount", neutralise(value));
                }
                p.value = amount;
                break;
            }
            case Field::priority:
                p.top_priority = value;
                break;
            case Field::channel:
                p.preferred_channel = parse_channel(fold_case(value));
                break;
            }
        }
        if (p.name.empty()) {
            p.name = std::string(trim(first + " " + last));
        }
        if (problem.empty() && is_blank(p.name)) {
            problem = "no name";
        }
        if (!problem.empty()) {
            bad(std::move(problem));
            continue;
        }
        result.rows.push_back(std::move(imported));
    }
    return result;
}

} // namespace followup
