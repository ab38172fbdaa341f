// read_crm_csv: the CSV import path (libcsv, header mapping, row checks).
//
// Input: the CSV file as `followup import` reads it.
#include "common.hpp"
#include "followup/crm_import.hpp"
#include "followup/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    const auto today = fuzz::fixed_today();
    fuzz::expect_only_followup_errors([&] {
        const followup::CrmImport result = followup::read_crm_csv(text, today);
        std::size_t previous_line = 0;
        for (const auto& row : result.rows) {
            const auto& p = row.prospect;
            fuzz::check(row.line >= 1 && row.line >= previous_line,
                        "rows come in file order with their line");
            previous_line = row.line;
            fuzz::check(!p.name.empty(), "an imported prospect has a name");
            fuzz::check(followup::trim(p.name) == p.name, "names are trimmed");
            for (const auto* field :
                 {&p.name, &p.company, &p.email, &p.phone, &p.notes, &p.top_priority}) {
                fuzz::check(followup::is_valid_utf8(*field), "imported text is valid UTF-8");
            }
            for (const auto& tag : p.tags) {
                fuzz::check(!tag.empty() && followup::is_valid_utf8(tag),
                            "tags are non-empty UTF-8");
            }
            fuzz::check(p.email.empty() || p.email.find('@') != std::string::npos,
                        "an imported email has an @");
            fuzz::check(p.value >= 0, "an imported value is not negative");
            fuzz::check(!row.last_contacted ||
                            (*row.last_contacted <= today && fuzz::in_range(*row.last_contacted)),
                        "last contacted is a past day in range");
            fuzz::check(p.outcome.has_value() == p.closed_on.has_value(),
                        "a won prospect is closed today");
        }
        for (const auto& problem : result.bad_rows) {
            fuzz::check(problem.line >= 1, "a bad row names its line");
            fuzz::check(!problem.message.empty(), "a bad row says what is wrong");
        }
        fuzz::check(result.rows.size() + result.bad_rows.size() <= text.size(),
                    "no more rows than bytes");
    });
    return 0;
}
