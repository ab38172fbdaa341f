#pragma once

#include "followup/model.hpp"
#include "followup/schedule.hpp"

#include <map>
#include <span>
#include <string>
#include <string_view>

namespace followup {

// The placeholders a reversing-email template can use, filled from a
// prospect's history: to, name, first_name, company, email, stage, interest,
// last_reply, attempts, since, until, channels, sender, today. `to` is the
// address for a `To:` header (see mailbox()), empty without an email.
using DraftFields = std::map<std::string, std::string, std::less<>>;

// `Name <email>` for a header, the name quoted per RFC 5322 when it is not
// plain words (`"Robert \"Bob\" Smith" <bob@example.com>`); UTF-8 counts as
// plain (RFC 6532). Line breaks in the name become spaces.
std::string mailbox(std::string_view name, std::string_view email);

DraftFields draft_fields(const Prospect& prospect, std::span<const Touch> touches,
                         const Assessment& assessment, std::string_view sender, Date today);

// The template used when neither --template nor the config names one.
std::string_view builtin_reversing_template();

// Fills `{placeholder}`s; `{{` and `}}` are literal braces. An unknown
// placeholder, a format spec or a lone brace throws Error naming it and its
// line in `source` (the template's file name). When `fields` has an empty
// `email`, a line starting `To:` that uses {to} or {email} is left out.
std::string render_template(std::string_view text, const DraftFields& fields,
                            std::string_view source);

} // namespace followup
