#include "followup/crm_import.hpp"

#include "followup/error.hpp"
#include "followup/resolve.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
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
    outcome,   // won or lost: closed (followup's own CSV export)
    closed_on, // with an outcome: the day it closed
    close_note,
    first_contact, // LinkedIn's Connected On: the last contact when no other is given
    derived,       // worked out again on import (followup's export: id, state, due_on, reason)
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
        {"associatedcompany", Field::company},
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
        // HubSpot
        {"recordid", Field::derived},
        // Salesforce
        {"companyaccount", Field::company},
        {"stateprovince", Field::address},
        {"zippostalcode", Field::address},
        {"mailingstateprovince", Field::address},
        {"mailingzippostalcode", Field::address},
        {"mailingcountryregion", Field::address},
        {"leadid", Field::derived},
        {"contactid", Field::derived},
        // Pipedrive
        {"personname", Field::name},
        {"personfirstname", Field::first_name},
        {"personlastname", Field::last_name},
        {"personemail", Field::email},
        {"personemailwork", Field::email},
        {"personemailhome", Field::email},
        {"personemailother", Field::email},
        {"personphone", Field::phone},
        {"personphonework", Field::phone},
        {"personphonemobile", Field::phone},
        {"personphonehome", Field::phone},
        {"personphoneother", Field::phone},
        {"personorganization", Field::company},
        {"organizationname", Field::company},
        {"personlabels", Field::tags},
        {"personlabel", Field::tags},
        {"personlastactivitydate", Field::last_contacted},
        {"personpostaladdress", Field::address},
        {"personnotes", Field::notes},
        {"dealstatus", Field::stage},
        {"personid", Field::derived},
        // Zoho CRM
        {"lastactivitytime", Field::last_contacted},
        {"secondaryemail", Field::email},
        // Google Contacts
        {"email1value", Field::email},
        {"email2value", Field::email},
        {"email3value", Field::email},
        {"phone1value", Field::phone},
        {"phone2value", Field::phone},
        {"phone3value", Field::phone},
        {"organization1name", Field::company},
        {"address1formatted", Field::address},
        {"address1street", Field::derived}, // in Address 1 - Formatted
        {"address1city", Field::derived},
        {"address1postalcode", Field::derived},
        {"address1region", Field::derived},
        {"address1country", Field::derived},
        {"address1pobox", Field::derived},
        {"address1extendedaddress", Field::derived},
        // Outlook
        {"email2address", Field::email},
        {"email3address", Field::email},
        {"businessphone", Field::phone},
        {"businessphone2", Field::phone},
        {"primaryphone", Field::phone},
        {"homephone", Field::phone},
        {"companymainphone", Field::phone},
        {"businessstreet", Field::address},
        {"businessstreet2", Field::address},
        {"businesscity", Field::address},
        {"businessstate", Field::address},
        {"businesspostalcode", Field::address},
        {"businesscountryregion", Field::address},
        {"categories", Field::tags},
        // LinkedIn Connections
        {"url", Field::social},
        {"profileurl", Field::social},
        {"connectedon", Field::first_contact},
        // Mailchimp
        {"leid", Field::derived},
        {"euid", Field::derived},
        // followup's own CSV export
        {"outcome", Field::outcome},
        {"closedon", Field::closed_on},
        {"closenote", Field::close_note},
        {"id", Field::derived},
        {"dueon", Field::derived},
        {"reason", Field::derived},
    };
    return columns;
}

std::string fold_header(std::string_view header) {
    std::string folded;
    for (char c : fold_case(trim(header))) {
        if (c != ' ' && c != '_' && c != '-' && c != '.' && c != '/') {
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

// Parses the whole file; a probe (the first lines, to pick a delimiter)
// keeps what it could read instead of throwing.
enum class Probe { no, yes };
Rows parse_rows(std::string_view data, unsigned char delimiter, Probe probe = Probe::no) {
    csv_parser parser{};
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0) {
        throw Error("cannot start the CSV parser");
    }
    csv_set_delim(&parser, delimiter);
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
            if (probe == Probe::yes) {
                csv_free(&parser);
                return std::move(collector.rows);
            }
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
    if (csv_fini(&parser, Collector::on_field, Collector::on_row, &collector) != 0 &&
        probe == Probe::no) {
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
    // LinkedIn's "07 Dec 2026".
    static constexpr std::array<std::string_view, 12> months = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (text.size() == 11 && text[2] == ' ' && text[6] == ' ') {
        const std::string month = fold_case(text.substr(3, 3));
        const auto found = std::find(months.begin(), months.end(), month);
        if (found != months.end()) {
            return parse_iso_date(fmt::format("{}-{:02}-{}", text.substr(7, 4),
                                              found - months.begin() + 1, text.substr(0, 2)));
        }
    }
    return parse_iso_date(text);
}

// Tags split at "," and ";" (Google Contacts: " ::: "), without the quotes
// Mailchimp puts around each ("\"VIP\",\"Berlin\""), and without Google's
// "* myContacts" that every contact has.
std::vector<std::string> split_tags(std::string_view text) {
    std::vector<std::string> tags;
    // Seen tags by view into `text`: a linear pass, however many tags a cell holds.
    std::unordered_set<std::string_view> seen;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(",;:", start);
        while (end != std::string_view::npos && text[end] == ':' && text.substr(end, 3) != ":::") {
            end = text.find_first_of(",;:", end + 1);
        }
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view tag = trim(text.substr(start, end - start));
        if (end < text.size() && text[end] == ':') {
            end += 2;
        }
        if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
            tag = trim(tag.substr(1, tag.size() - 2));
        }
        if (tag.starts_with("* ")) {
            tag = trim(tag.substr(2));
        }
        if (tag == "myContacts") {
            tag = {};
        }
        if (!tag.empty() && seen.insert(tag).second) {
            tags.emplace_back(tag);
        }
        start = end + 1;
    }
    return tags;
}

std::optional<Field> field_of(std::string_view column) {
    const auto known = known_columns().find(fold_header(column));
    if (known == known_columns().end()) {
        return std::nullopt;
    }
    return known->second;
}

// Whether a column tells who a row is: a header row has one.
bool names_someone(std::optional<Field> field) {
    return field == Field::name || field == Field::first_name || field == Field::last_name ||
           field == Field::email || field == Field::phone;
}

// Rows before the header that a file may start with (LinkedIn's "Notes:").
constexpr std::size_t max_preamble_rows = 20;

// The header: the first row with a column that names someone, in the first
// rows of the file; empty if none has.
std::optional<std::size_t> find_header(const Rows& rows) {
    std::vector<std::string_view> row;
    for (std::size_t r = 0; r < rows.size() && r <= max_preamble_rows; ++r) {
        rows.row(r, row);
        if (std::any_of(row.begin(), row.end(),
                        [](std::string_view cell) { return names_someone(field_of(cell)); })) {
            return r;
        }
    }
    return std::nullopt;
}

// ",", ";" (spreadsheets where the comma is the decimal mark) or a tab:
// the one whose header row has the most columns we know; "," on a tie.
unsigned char pick_delimiter(std::string_view data) {
    constexpr std::size_t probe_bytes = 1 << 16;
    std::string_view probe = data.substr(0, probe_bytes);
    if (probe.size() < data.size()) {
        probe = probe.substr(0, probe.rfind('\n') + 1);
    }
    unsigned char best = ',';
    std::size_t best_known = 0;
    for (const unsigned char delimiter : {',', ';', '\t'}) {
        const Rows rows = parse_rows(probe, delimiter, Probe::yes);
        const auto header = find_header(rows);
        if (!header) {
            continue;
        }
        std::vector<std::string_view> row;
        rows.row(*header, row);
        const auto known = static_cast<std::size_t>(
            std::count_if(row.begin(), row.end(),
                          [](std::string_view cell) { return field_of(cell).has_value(); }));
        if (known > best_known) {
            best = delimiter;
            best_known = known;
        }
    }
    return best;
}

// Where a report footer starts (Salesforce: "Copyright (c) ... salesforce.com",
// "Confidential Information - Do Not Distribute", "Generated By: ..."), or the
// end of the rows: the trailing rows of one cell each that hold such a line,
// from the blank row before them.
std::size_t footer_start(const Rows& rows, std::size_t header_row) {
    std::vector<std::string_view> row;
    std::size_t start = rows.size();
    bool footer = false;
    for (std::size_t r = rows.size(); r > header_row + 1; --r) {
        rows.row(r - 1, row);
        const auto filled = std::count_if(
            row.begin(), row.end(), [](std::string_view cell) { return !trim(cell).empty(); });
        // The parser skips blank lines: the one before the footer shows as a gap.
        if (filled > 1 || (footer && rows.lines[start] - rows.lines[r - 1] > 1)) {
            break;
        }
        start = r - 1;
        const std::string first = row.empty() ? std::string() : fold_case(trim(row.front()));
        if ((first.starts_with("copyright (c)") &&
             first.find("salesforce.com") != std::string::npos) ||
            first.starts_with("confidential information - do not distribute") ||
            first.starts_with("generated by:")) {
            footer = true;
        }
    }
    return footer ? start : rows.size();
}

// Two lifecycle columns (Lifecycle Stage, Lead Status) together, whatever
// their order: won beats everything, then lost; else the furthest stage.
Lifecycle combine(const Lifecycle& left, const Lifecycle& right) {
    Lifecycle both;
    both.stage = std::max(left.stage, right.stage);
    if (left.outcome == Outcome::won || right.outcome == Outcome::won) {
        both.outcome = Outcome::won;
    } else if (left.outcome || right.outcome) {
        both.outcome = Outcome::lost;
    }
    return both;
}

// Strips one currency sign or code from the start or end of an amount.
bool strip_currency(std::string_view& text) {
    static constexpr std::array<std::string_view, 14> signs = {
        "US$", "$",   "\u20AC", "\u00A3", "\u00A5", "\u20B9", "CHF",
        "USD", "EUR", "GBP",    "JPY",    "CAD",    "AUD",    "INR"};
    for (const std::string_view sign : signs) {
        if (text.size() >= sign.size() &&
            fold_case(text.substr(0, sign.size())) == fold_case(sign)) {
            text = trim(text.substr(sign.size()));
            return true;
        }
        if (text.size() >= sign.size() &&
            fold_case(text.substr(text.size() - sign.size())) == fold_case(sign)) {
            text = trim(text.substr(0, text.size() - sign.size()));
            return true;
        }
    }
    return false;
}

} // namespace

std::optional<std::int64_t> parse_amount(std::string_view text) {
    text = trim(text);
    while (strip_currency(text)) {
    }
    // Spaces (also no-break and thin ones) and apostrophes only group digits.
    std::string amount;
    bool spaced = false;
    for (std::size_t i = 0; i < text.size();) {
        bool was_space = false;
        for (const std::string_view space : {"\u00A0", "\u202F", "\u2009"}) {
            if (text.substr(i).starts_with(space)) {
                amount += ' ';
                i += space.size();
                was_space = true;
                break;
            }
        }
        if (!was_space) {
            amount += text[i++];
        }
    }
    for (char& c : amount) {
        if (c == '\'') {
            c = ' ';
        }
        if (c == ' ') {
            spaced = true;
        }
        if (!(c >= '0' && c <= '9') && c != '.' && c != ',' && c != ' ') {
            return std::nullopt; // a sign, a letter, a second currency
        }
    }
    const auto dots = std::count(amount.begin(), amount.end(), '.');
    const auto commas = std::count(amount.begin(), amount.end(), ',');
    // Which of . and , separates the decimals, if either.
    char decimal = 0;
    char group = spaced ? ' ' : 0;
    if (dots > 0 && commas > 0) {
        decimal = amount.find_last_of('.') > amount.find_last_of(',') ? '.' : ',';
        if (spaced) {
            return std::nullopt; // three kinds of separator
        }
        group = decimal == '.' ? ',' : '.';
    } else if (dots + commas > 1) {
        if (spaced) {
            return std::nullopt;
        }
        group = dots > 0 ? '.' : ',';
    } else if (dots + commas == 1) {
        const char separator = dots > 0 ? '.' : ',';
        const std::size_t at = amount.find(separator);
        const std::string_view whole = std::string_view(amount).substr(0, at);
        // "1,234" and "1.234" group thousands; "0,125", "12,50" and a
        // separator after space-grouped digits ("1 234,5") mark decimals.
        const bool thousands = !spaced && amount.size() - at - 1 == 3 &&
                               whole.find_first_not_of('0') != std::string_view::npos;
        if (thousands) {
            group = separator;
        } else {
            decimal = separator;
        }
    }
    std::string_view whole = amount;
    if (decimal != 0) {
        const std::size_t at = amount.find(decimal);
        if (amount.find(decimal, at + 1) != std::string::npos) {
            return std::nullopt;
        }
        const std::string_view cents = std::string_view(amount).substr(at + 1);
        if (cents.empty() || cents.find_first_not_of("0123456789") != std::string_view::npos) {
            return std::nullopt;
        }
        whole = std::string_view(amount).substr(0, at);
    }
    // Groups: the first of one to three digits, each later one of three.
    std::string digits;
    std::size_t start = 0;
    for (bool first = true;; first = false) {
        const std::size_t end = group == 0 ? std::string_view::npos : whole.find(group, start);
        const std::string_view part = whole.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (part.find_first_not_of("0123456789") != std::string_view::npos) {
            return std::nullopt;
        }
        const bool grouped = group != 0 && (end != std::string_view::npos || !first);
        if (grouped && (first ? part.empty() || part.size() > 3 : part.size() != 3)) {
            return std::nullopt;
        }
        digits += part;
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    if (digits.empty()) {
        return decimal != 0 ? std::optional<std::int64_t>(0) : std::nullopt;
    }
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc{} || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return value; // cents do not change the ranking: dropped
}

namespace {

// Case, "_", "-" and runs of spaces folded: "Open - Not Contacted" is
// "open not contacted".
std::string fold_status(std::string_view value) {
    std::string folded;
    for (char c : fold_case(trim(value))) {
        c = (c == '_' || c == '-') ? ' ' : c;
        if (c != ' ' || (!folded.empty() && folded.back() != ' ')) {
            folded += c;
        }
    }
    while (!folded.empty() && folded.back() == ' ') {
        folded.pop_back();
    }
    return folded;
}

} // namespace

std::optional<Lifecycle> map_lifecycle(std::string_view value) {
    const std::string folded = fold_status(value);
    // The man page's table, in the same order.
    static const std::set<std::string, std::less<>> leads = {
        "", "subscriber", "lead", "mql", "marketing qualified lead", "new", "open",
        // HubSpot, Salesforce, Zoho lead statuses
        "attempted to contact", "bad timing", "nurturing", "not contacted", "open not contacted",
        "contact in future"};
    static const std::set<std::string, std::less<>> engaged = {
        "sql", "sales qualified lead", "opportunity", "engaged", "qualified",
        // HubSpot, Salesforce, Zoho lead statuses
        "in progress", "open deal", "connected", "working", "working contacted", "contacted",
        "pre qualified"};
    static const std::set<std::string, std::less<>> proposals = {"proposal", "quote",
                                                                 "proposal sent", "quote sent"};
    static const std::set<std::string, std::less<>> won = {"customer", "evangelist", "won",
                                                           "closed won", "closed converted"};
    static const std::set<std::string, std::less<>> lost = {
        "lost",      "closed lost", "unqualified", "not qualified",
        "junk lead", "lost lead",   "junk",        "closed not converted"};
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
    if (lost.contains(folded)) {
        return Lifecycle{Stage::lead, Outcome::lost};
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
    const unsigned char delimiter = pick_delimiter(data);
    const Rows rows = parse_rows(data, delimiter);
    if (rows.size() == 0) {
        throw Error("the file is empty: expected a header row and rows of prospects");
    }

    CrmImport result;
    std::vector<std::string_view> header;
    const std::size_t header_row = find_header(rows).value_or(0);
    rows.row(header_row, header);
    std::vector<std::optional<Field>> fields;
    for (const std::string_view column : header) {
        if (!is_valid_utf8(column)) {
            throw Error(
                fmt::format("line {}: the header is not valid UTF-8", rows.lines[header_row]));
        }
        fields.push_back(field_of(column));
        // Google's "E-mail 1 - Label" and the like say "Work" or "Home" of
        // the value beside them: nothing lost by leaving them out.
        if (!fields.back() && !trim(column).empty() && !fold_header(column).ends_with("label")) {
            result.unknown_columns.emplace_back(column);
        }
    }
    // followup's own CSV export: its "state" is ours (active, closed...),
    // worked out again, not a postal state.
    const auto folded_header = [&](std::string_view name) {
        return std::any_of(header.begin(), header.end(),
                           [&](std::string_view column) { return fold_header(column) == name; });
    };
    if (folded_header("dueon") && folded_header("lasttouchon")) {
        for (std::size_t c = 0; c < header.size(); ++c) {
            if (fold_header(header[c]) == "state") {
                fields[c] = Field::derived;
            }
        }
    }
    const auto has = [&](Field field) {
        return std::find(fields.begin(), fields.end(), field) != fields.end();
    };
    if (!has(Field::name) && !has(Field::first_name) && !has(Field::last_name) &&
        !has(Field::email) && !has(Field::phone)) {
        std::string found;
        for (const std::string_view column : header) {
            if (!trim(column).empty()) {
                found += (found.empty() ? "" : ", ") + neutralise(trim(column));
            }
        }
        throw Error(fmt::format(
            "line {}: no name, email or phone column (Name, Full Name, First Name and Last "
            "Name, Email, Phone); found: {}",
            rows.lines[header_row], found.empty() ? "no column names" : found));
    }

    const std::size_t end_row = footer_start(rows, header_row);
    result.rows.reserve(end_row - header_row);
    std::vector<std::string_view> row;
    for (std::size_t r = header_row + 1; r < end_row; ++r) {
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
        std::string first_name;
        std::string last_name;
        std::string problem;
        // One field, several columns: the first non-empty cell wins; a later
        // non-empty cell that says otherwise is a clash, reported. Address
        // parts are joined, tags added up, stages combined by rule.
        std::map<Field, std::size_t> first_column;
        std::optional<Lifecycle> lifecycle;
        std::optional<Outcome> outcome;
        std::optional<Date> closed_on;
        std::optional<Date> connected_on;
        std::vector<std::string_view> unknown_stages;
        for (std::size_t c = 0; c < row.size() && problem.empty(); ++c) {
            if (!fields[c]) {
                continue;
            }
            if (!is_valid_utf8(row[c])) {
                problem = fmt::format("column '{}' is not valid UTF-8", neutralise(header[c]));
                break;
            }
            std::string_view value = trim(row[c]);
            // The guard `export -o csv` puts before a cell a spreadsheet would
            // run as a formula.
            if (value.size() > 1 && value[0] == '\'' &&
                std::string_view("=+-@").find(value[1]) != std::string_view::npos) {
                value.remove_prefix(1);
            }
            if (value.empty()) {
                continue;
            }
            const Field field = *fields[c];
            if (field == Field::derived) {
                continue;
            }
            // Google Contacts puts several values in one cell: "a ::: b".
            if ((field == Field::email || field == Field::phone) &&
                value.find(" ::: ") != std::string_view::npos) {
                value = trim(value.substr(0, value.find(" ::: ")));
            }
            if (field == Field::address) {
                p.address += p.address.empty() ? "" : ", ";
                p.address += value;
                continue;
            }
            if (field == Field::tags) {
                // Linear however many tags: split_tags() leaves each cell's
                // unique, and only a second tags column needs the set.
                std::vector<std::string> tags = split_tags(value);
                if (p.tags.empty()) {
                    p.tags = std::move(tags);
                    continue;
                }
                std::unordered_set<std::string> seen(p.tags.begin(), p.tags.end());
                for (std::string& tag : tags) {
                    if (seen.insert(tag).second) {
                        p.tags.push_back(std::move(tag));
                    }
                }
                continue;
            }
            if (field == Field::stage) {
                const std::string status = fold_status(value);
                imported.connected = imported.connected || status == "connected";
                imported.bad_timing = imported.bad_timing || status == "bad timing";
                if (auto mapped = map_lifecycle(value)) {
                    lifecycle = lifecycle ? combine(*lifecycle, *mapped) : *mapped;
                } else {
                    ++result.unmapped_stages[std::string(value)];
                    unknown_stages.emplace_back(value);
                }
                continue;
            }
            const auto [earlier, first] = first_column.try_emplace(field, c);
            if (!first) {
                const std::string_view kept = trim(row[earlier->second]);
                // A LinkedIn URL and a Twitter handle are two profiles, not a clash.
                const bool same =
                    field == Field::social ||
                    (field == Field::email ? fold_case(kept) == fold_case(value) : kept == value);
                if (!same) {
                    result.changes.push_back(
                        {line, fmt::format("'{}' and '{}' disagree ('{}', '{}'): kept the first",
                                           neutralise(trim(header[earlier->second])),
                                           neutralise(trim(header[c])), neutralise(kept),
                                           neutralise(value))});
                }
                continue;
            }
            switch (field) {
            case Field::name:
                p.name = value;
                break;
            case Field::first_name:
                first_name = value;
                break;
            case Field::last_name:
                last_name = value;
                break;
            case Field::company:
                p.company = value;
                break;
            case Field::email:
                if (value.find('@') == std::string_view::npos) {
                    problem = fmt::format("'{}' is not an email address", neutralise(value));
                }
                p.email = value;
                break;
            case Field::phone:
                p.phone = value;
                break;
            case Field::social:
                p.social = value;
                break;
            case Field::referrer:
                p.referrer = value;
                break;
            case Field::notes:
                p.notes = value;
                break;
            case Field::last_contacted:
                imported.last_contacted = parse_contact_date(value);
                if (!imported.last_contacted || *imported.last_contacted > today) {
                    problem = fmt::format("last contacted '{}' is not a past date (YYYY-MM-DD)",
                                          neutralise(value));
                }
                break;
            case Field::value:
                if (auto amount = parse_amount(value)) {
                    p.value = *amount;
                } else {
                    problem = fmt::format("value '{}' is not an amount", neutralise(value));
                }
                break;
            case Field::priority:
                p.top_priority = value;
                break;
            case Field::channel:
                p.preferred_channel = parse_channel(fold_case(value));
                break;
            case Field::outcome:
                outcome = parse_outcome(fold_case(value));
                if (!outcome) {
                    problem = fmt::format("outcome '{}' is not won or lost", neutralise(value));
                }
                break;
            case Field::closed_on:
                closed_on = parse_contact_date(value);
                if (!closed_on || *closed_on > today) {
                    problem = fmt::format("closed on '{}' is not a past date (YYYY-MM-DD)",
                                          neutralise(value));
                }
                break;
            case Field::close_note:
                p.close_note = value;
                break;
            case Field::first_contact:
                connected_on = parse_contact_date(value);
                if (!connected_on || *connected_on > today) {
                    problem = fmt::format("'{}' in '{}' is not a past date", neutralise(value),
                                          neutralise(trim(header[c])));
                }
                break;
            case Field::address:
            case Field::tags:
            case Field::stage:
            case Field::derived:
                break; // handled above
            }
        }
        if (!imported.last_contacted) {
            imported.last_contacted = connected_on;
        }
        if (outcome) {
            lifecycle = combine(lifecycle.value_or(Lifecycle{}), Lifecycle{Stage::lead, outcome});
        }
        if (lifecycle) {
            p.stage = lifecycle->stage;
            p.outcome = lifecycle->outcome;
            p.closed_on = p.outcome ? std::optional(closed_on.value_or(today)) : std::nullopt;
        }
        if (!p.outcome) {
            p.close_note.clear();
        }
        for (const std::string_view unknown : unknown_stages) {
            const std::string used = p.outcome ? fmt::format("closed {}", to_string(*p.outcome))
                                               : std::string(to_string(p.stage));
            auto& stages = result.unmapped_used_as[std::string(unknown)];
            if (std::find(stages.begin(), stages.end(), used) == stages.end()) {
                stages.push_back(used);
            }
        }
        if (p.name.empty()) {
            p.name = std::string(trim(first_name + " " + last_name));
        }
        if (problem.empty() && is_blank(p.name)) {
            // Still a person: named from what the row has, tagged to be found.
            const std::string_view local = std::string_view(p.email).substr(0, p.email.find('@'));
            p.name = !trim(local).empty() ? std::string(trim(local))
                     : !p.company.empty() ? p.company
                     : !p.phone.empty()   ? p.phone
                                          : p.email;
            if (p.email.empty() && p.phone.empty()) {
                problem = "no name, email or phone";
            } else {
                p.tags.emplace_back(needs_name_tag);
                result.changes.push_back({line, fmt::format("no name: imported as {}, tagged {}",
                                                            neutralise(p.name), needs_name_tag)});
            }
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
