#pragma once

#include "followup/model.hpp"
#include "followup/schedule.hpp"

#include <map>
#include <span>
#include <string>
#include <string_view>

namespace followup {

// The placeholders a template can use, filled from a prospect's history:
// to, name, first_name, company, org, email, phone, address, social,
// referrer, referrer_first, stage, priority, about, interest, proposal,
// proposal_on, proposal_note, last_note, booked, booked_on, last_reply,
// attempts, tried, since, until, channels, sender, today (draft_touch()
// adds channel and purpose). `to` is the address for a `To:` header (see
// mailbox()), empty without an email; `about` is the top priority, else
// "your plans at COMPANY".
using DraftFields = std::map<std::string, std::string, std::less<>>;

// `Name <email>` for a header, the name quoted per RFC 5322 when it is not
// plain words (`"Robert \"Bob\" Smith" <bob@example.com>`); UTF-8 counts as
// plain (RFC 6532). Line breaks in the name become spaces.
std::string mailbox(std::string_view name, std::string_view email);

DraftFields draft_fields(const Prospect& prospect, std::span<const Touch> touches,
                         const Assessment& assessment, std::string_view sender, Date today);

// The template used when neither --template nor the config names one: the
// reversing email's first variant.
std::string_view builtin_reversing_template();

// How many built-in variants each purpose has.
inline constexpr int draft_variants = 3;

// The most characters (code points) a draft on `channel` may hold: 320 for
// a text, 300 for a social message; 0 for no limit.
std::size_t draft_limit(Channel channel);

// The built-in template of `purpose` (checkin: value) on `channel`, variant
// `variant` (taken modulo draft_variants).
std::string builtin_template(Purpose purpose, Channel channel, int variant);

// The built-in variant the next touch of `purpose` gets: the one after the
// variant recorded with the latest attempt of that purpose in the current
// streak (a check-in counts as value), else the number of such attempts,
// modulo draft_variants. Consecutive touches of one purpose thus differ.
int draft_variant(std::span<const Touch> touches, const Assessment& assessment, Purpose purpose);

// A user's template and its file name (for errors).
struct UserTemplate {
    std::string text;
    std::string source;
};

struct Draft {
    Channel channel = Channel::email;
    Purpose purpose = Purpose::value; // never checkin: a check-in is drafted as value
    int variant = 0;                  // the built-in variant; 0 with a user template
    std::string text;
};

// The draft of the next touch of `purpose` on `channel`, from `user` when
// given, else from the built-in variant draft_variant() picks (the next one
// when that text equals the previous attempt's note, as when a draft was
// logged as the note). A built-in draft longer than draft_limit() is cut,
// ending in "…"; a user's is left as written. Throws Error as
// render_template() does.
Draft draft_touch(const Prospect& prospect, std::span<const Touch> touches,
                  const Assessment& assessment, Channel channel, Purpose purpose,
                  std::string_view sender, Date today, const UserTemplate* user = nullptr);

// Characters (code points) in UTF-8 text.
std::size_t count_characters(std::string_view text);

// Words in text: runs of characters between spaces and line breaks.
std::size_t count_words(std::string_view text);

// Fills `{placeholder}`s; `{{` and `}}` are literal braces. An unknown
// placeholder, a format spec or a lone brace throws Error naming it and its
// line in `source` (the template's file name). When `fields` has an empty
// `email`, a line starting `To:` that uses {to} or {email} is left out.
std::string render_template(std::string_view text, const DraftFields& fields,
                            std::string_view source);

} // namespace followup
