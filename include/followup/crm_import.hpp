#pragma once

#include "followup/model.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace followup {

// One prospect read from a CRM-style CSV export.
struct ImportedProspect {
    std::size_t line = 0; // where its row starts in the file
    Prospect prospect;
    std::optional<Date> last_contacted;
    // A lead status that says more than a stage: "Connected" (the last
    // contact was a conversation) and "Bad Timing" (a cool-down from now).
    bool connected = false;
    bool bad_timing = false;
};

struct ImportProblem {
    std::size_t line = 0;
    std::string message;
};

// The tag of a prospect imported without a name, under one made from its
// email, company or phone.
inline constexpr std::string_view needs_name_tag = "needs-name";

struct CrmImport {
    std::vector<ImportedProspect> rows;
    std::vector<ImportProblem> bad_rows;
    std::vector<std::string> unknown_columns;
    // Rows imported with a change worth telling: two columns for one field
    // that disagree (the first was kept), a name made up (tag needs-name).
    std::vector<ImportProblem> changes;
    // Lifecycle values that mean nothing to us: value → rows.
    std::map<std::string, int> unmapped_stages;
    // What the rows with such a value came in as, in the order first seen
    // ("lead", "engaged", "closed won"...): another stage column may decide.
    std::map<std::string, std::vector<std::string>> unmapped_used_as;
};

// What a CRM lifecycle value means here: a stage, or a closed outcome
// (customer → won, unqualified → lost). Empty for values we do not know.
struct Lifecycle {
    Stage stage = Stage::lead;
    std::optional<Outcome> outcome;
};
std::optional<Lifecycle> map_lifecycle(std::string_view value);

// An amount as CRMs and spreadsheets write it (1,234.56, 1.234,56, 1 234,56,
// $12,500, EUR 1.234), in whole units (cents dropped). A single separator
// followed by exactly three digits groups thousands ("1,234" and "1.234" are
// 1234), unless the digits before it are zeros ("0,125"). Empty for anything
// that cannot be read one way only (1,23,456; 1.234.56; -5; 12 345.678,9).
std::optional<std::int64_t> parse_amount(std::string_view text);

// Reads a CSV export (RFC 4180 quoting, UTF-8 with or without a byte-order
// mark, LF or CRLF) with a header row of flexible column names. Rows that
// cannot be imported are collected in bad_rows with their line, not thrown.
// Throws Error only when the file as a whole is unusable (no header, broken
// quoting, not UTF-8, a field over 1 MiB).
CrmImport read_crm_csv(std::string_view data, Date today);

} // namespace followup
