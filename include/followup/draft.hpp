#pragma once

#include "followup/model.hpp"
#include "followup/schedule.hpp"

#include <map>
#include <span>
#include <string>
#include <string_view>

namespace followup {

// The placeholders a reversing-email template can use, filled from a
// prospect's history: name, first_name, company, email, stage, interest,
// last_reply, attempts, since, until, channels, sender, today.
using DraftFields = std::map<std::string, std::string, std::less<>>;

DraftFields draft_fields(const Prospect& prospect, std::span<const Touch> touches,
                         const Assessment& assessment, std::string_view sender, Date today);

// The template used when neither --template nor the config names one.
std::string_view builtin_reversing_template();

// Fills `{placeholder}`s; `{{` and `}}` are literal braces. An unknown
// placeholder, a format spec or a lone brace throws Error naming it and its
// line in `source` (the template's file name).
std::string render_template(std::string_view text, const DraftFields& fields,
                            std::string_view source);

} // namespace followup
