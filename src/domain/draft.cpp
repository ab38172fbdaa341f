#include "followup/draft.hpp"

#include "followup/advice.hpp"
#include "followup/error.hpp"

#include <algorithm>
#include <array>
#include <fmt/args.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <vector>

namespace followup {

namespace {

constexpr std::string_view builtin = R"(To: {to}
Subject: Should I close your file, {first_name}?

Hi {first_name},

{interest} Since then I have tried to reach you {attempts} times ({since} to {until}, by {channels}), without an answer.

I don't want to keep bothering you, so I will assume your priorities have changed and close your file, unless you tell me otherwise.

If there is still room on your list for {about}, when would be a good time to talk?

Best,
{sender}
)";

// One variant of a purpose's built-in drafts: the email's subject and body
// (also a letter's), a short message (text, social, a note left behind; it
// follows "Hi {first_name}, ") and a voicemail script of at most about 75
// words read aloud (30 seconds).
struct Variant {
    std::string_view subject;
    std::string_view body;
    std::string_view short_message;
    std::string_view script;
};

// What each purpose's talking points add for call, voicemail, visit and video.
struct PurposeText {
    std::array<Variant, draft_variants> variants;
    std::string_view points;
};

const PurposeText& purpose_text(Purpose purpose) {
    static const PurposeText value = {
        {{
            {"An idea for {about}",
             "I came across an approach that has helped teams like {org} with {about}, and "
             "thought of you. It takes ten minutes to read; I am happy to send it over or walk "
             "you through it.\n\nWould that be useful?",
             "I came across an idea that could help with {about}. Want me to send it over?",
             "Hi {first_name}, it's {sender}. I came across an idea that could help with "
             "{about}, and I think it fits {org}. I'll send you a short summary in writing. If "
             "you'd like to talk it through, call me back. Thanks!"},
            {"Something useful on {about}",
             "Here is one thing worth a look on {about}: a short checklist we put together from "
             "what worked for other clients. No strings attached: take what helps.\n\nIf you "
             "like, I can tailor it to {org} in a fifteen-minute call.",
             "we put together a short checklist on {about} from what worked for other clients. "
             "Shall I send it?",
             "Hi {first_name}, {sender} here. We put together a short checklist on {about} from "
             "what worked for other clients, and I thought of {org}. I'll send it over; no need "
             "to call back unless you want to go through it together. Have a good day."},
            {"{first_name}, a question about {about}",
             "One question while {about} is on your plate: what is the main thing in the way "
             "right now? We have seen a few patterns at companies like {org}, and one of them "
             "may save you time.\n\nA one-line answer is plenty.",
             "one quick question on {about}: what is the main thing in the way right now? We "
             "have seen a few patterns that might save you time.",
             "Hi {first_name}, it's {sender}. One quick question on {about}: what is the main "
             "thing in the way right now? We've seen a few patterns at companies like {org} "
             "that might save you time. Call me back, or just reply to my message."},
        }},
        "- Their priority: {about}\n- Offer something useful, ask for nothing big\n"
        "- Ask: is it worth fifteen minutes next week?\n"};
    static const PurposeText intro = {
        {{
            {"Introducing myself, {first_name}",
             "I work with companies like {org} on {about}, and I would like to understand "
             "where you stand and share what has worked for others, with no obligation.\n\n"
             "Would fifteen minutes next week suit you?",
             "I work with companies like {org} on {about}. Would a fifteen-minute call next "
             "week be worth it?",
             "Hi {first_name}, this is {sender}. I work with companies like {org} on {about}, "
             "and I'd like to hear where you stand and share what has worked for others. I'll "
             "follow up in writing; call me back whenever it suits you. Thanks."},
            {"{org} and {about}",
             "We have not met yet: I am reaching out because {about} is exactly what we help "
             "with. Teams similar to {org} have made real progress on it this year, and I "
             "would be glad to share how.\n\nIs it on your list for the coming months?",
             "we have not met yet, but {about} is exactly what we help with. Is it on your "
             "list for the coming months?",
             "Hi {first_name}, {sender} here. We haven't met yet, but {about} is exactly what "
             "we help with, and teams like {org} have made real progress on it this year. I'd "
             "be glad to share how. Call me back, or I'll try you again soon."},
            {"Who looks after {about} at {org}?",
             "I am trying to reach whoever looks after {about} at {org}. If that is you, I "
             "would value a short conversation; if not, could you point me to the right "
             "person?\n\nThank you either way.",
             "who looks after {about} at {org}? If it is you, I would value a short chat; if "
             "not, could you point me to the right person?",
             "Hi {first_name}, it's {sender}. I'm trying to reach whoever looks after {about} "
             "at {org}. If that's you, I'd value a short chat; if not, could you point me to "
             "the right person? Thanks for your help."},
        }},
        "- Who you are, and why {org}\n- Their priority: {about}\n"
        "- Ask: who else should be in the conversation?\n"};
    static const PurposeText proposal = {
        {{
            {"Your questions on our proposal",
             "I want to make sure {proposal} answers what matters most to you: {about}. If "
             "anything is unclear or missing, tell me and I will adjust it.\n\nWould a short "
             "call this week help to go through it?",
             "does {proposal} cover what you need on {about}? Happy to adjust anything or walk "
             "you through it.",
             "Hi {first_name}, it's {sender}, following up on {proposal}. I want to be sure it "
             "covers what matters most to you, {about}. If anything is unclear or missing, "
             "I'll adjust it. Call me back and we can go through it together."},
            {"Next steps on the proposal for {org}",
             "Following up on {proposal}: what would you need to see to move forward on "
             "{about}? If the timing or the scope is off, I would rather know now and shape it "
             "to fit.\n\nWhat would be a sensible next step on your side?",
             "what would you need to move forward on {about}? If the timing or scope of "
             "{proposal} is off, I can reshape it.",
             "Hi {first_name}, {sender} here, about {proposal}. What would you need to see to "
             "move forward on {about}? If the timing or the scope is off, I'd rather know now "
             "and shape it to fit. Call me back when you have a minute."},
            {"One change to the proposal?",
             "Teams often ask for one change after reading a proposal: a smaller first phase, "
             "a later start, another way to pay. If one of those would make {proposal} easier "
             "to say yes to for {about}, I can send a revised version within a day.",
             "if a smaller first phase or a later start would make {proposal} easier to "
             "approve for {about}, I can send a revised version within a day.",
             "Hi {first_name}, it's {sender}. If a smaller first phase or a later start would "
             "make {proposal} easier to approve for {about}, I can send a revised version "
             "within a day. Call me back and tell me what would help."},
        }},
        "- About {proposal} (note: {proposal_note})\n- Their priority: {about}\n"
        "- Ask: what would you need to move forward?\n"};
    static const PurposeText meeting = {
        {{
            {"Confirming {booked}",
             "Just confirming {booked}. I will come prepared on {about}; if there is anything "
             "you would like me to cover, or anyone to invite, let me know.\n\nLooking forward "
             "to it.",
             "confirming {booked}. Anything you would like me to cover on {about}?",
             "Hi {first_name}, it's {sender}, calling to confirm {booked}. I'll come prepared "
             "on {about}. If anything changes, or there's something you'd like me to cover, "
             "call me back. Looking forward to it."},
            {"Agenda for {booked}",
             "Here is what I suggest for {booked}:\n\n1. Where you stand on {about}\n2. What "
             "has worked for teams like {org}\n3. Next steps, if it makes sense\n\nAdd or "
             "remove anything you like.",
             "a short agenda for {booked}: where you stand on {about}, what has worked "
             "elsewhere, next steps. Anything to add?",
             "Hi {first_name}, {sender} here about {booked}. My suggested agenda: where you "
             "stand on {about}, what has worked for teams like {org}, and next steps. If you'd "
             "like to add anything, call me back or send me a note."},
            {"Still good for {booked}?",
             "Is {booked} still a good time for you? If not, suggest another and I will "
             "adapt. I will bring a few ideas on {about} that fit {org}.",
             "is {booked} still good for you? If not, suggest another time. I will bring a "
             "few ideas on {about}.",
             "Hi {first_name}, it's {sender}. Is {booked} still a good time for you? If not, "
             "call me back with another and I'll adapt. I'll bring a few ideas on {about} that "
             "fit {org}. Talk soon."},
        }},
        "- The step: {booked}\n- Their priority: {about}\n"
        "- Ask: agree the next step before you finish\n"};
    static const PurposeText reversing = {
        {{
            {"Should I close your file, {first_name}?", "", // variant 0 is builtin (above)
             "I have tried you {attempts} times about {about} without an answer, so I will "
             "close your file for now. If it is still on your list, just reply and I will pick "
             "it up.",
             "Hi {first_name}, it's {sender}. I've tried you {attempts} times about {about}, so "
             "this is my last call for now: I'll assume your priorities have changed and close "
             "your file. If it's still on your list, call me back any time."},
            {"Closing the loop, {first_name}",
             "{interest} I have not heard back since, which usually means the timing is wrong, "
             "so I will stop following up.\n\nIf there is still room on your list for {about}, "
             "a one-word reply is enough and I will pick it up from there.",
             "I have not heard back about {about}, which usually means the timing is wrong, so "
             "I will stop following up. A one-word reply is enough to pick it up again.",
             "Hi {first_name}, {sender} here. I haven't heard back about {about}, which usually "
             "means the timing is wrong, so I'll stop following up. If it's still on your list, "
             "a call back or a one-word reply is enough. All the best."},
            {"Have your priorities changed?",
             "I have tried to reach you {attempts} times since {since}, by {channels}. Rather "
             "than keep writing, one question: has {about} moved down your list?\n\nA quick "
             "yes or no is enough; either way I will stop following up.",
             "has {about} moved down your list? A quick yes or no is enough; either way I will "
             "stop following up.",
             "Hi {first_name}, it's {sender}. Rather than keep calling, one question: has "
             "{about} moved down your list? A quick yes or no is enough, and either way I'll "
             "stop following up. Thanks, and all the best."},
        }},
        "- {tried}, no answer\n- Their priority: {about}\n"
        "- Say you will close their file unless they tell you otherwise\n"};
    switch (purpose) {
    case Purpose::intro:
        return intro;
    case Purpose::proposal:
        return proposal;
    case Purpose::meeting:
        return meeting;
    case Purpose::reversing:
        return reversing;
    case Purpose::checkin:
    case Purpose::value:
        break;
    }
    return value;
}

bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The longest prefix of at most `limit` characters, ending in "…" when cut.
std::string cut_to(std::string text, std::size_t limit) {
    if (count_characters(text) <= limit) {
        return text;
    }
    std::size_t kept = 0;
    std::size_t at = 0;
    for (; at < text.size(); ++at) {
        if (!is_continuation_byte(text[at]) && kept++ == limit - 1) {
            break;
        }
    }
    text.resize(at);
    text.erase(text.find_last_not_of(" \n") + 1);
    return text + "…";
}

// Built-in drafts are tidy: no trailing blanks on a line (an empty {sender}
// or {company} leaves some), one final newline.
std::string tidy(const std::string& text) {
    std::string tidied;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        std::string_view line = std::string_view(text).substr(start, end - start);
        line = line.substr(0, line.find_last_not_of(' ') + 1);
        if (line.find_first_not_of(' ') == std::string_view::npos) {
            line = {};
        }
        tidied.append(line).append("\n");
        start = end + 1;
    }
    tidied.erase(tidied.find_last_not_of('\n') + 1);
    return tidied + "\n";
}

bool is_identifier(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

// RFC 5322 atext, plus UTF-8 (RFC 6532): what a display name may hold unquoted.
bool is_atext(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// Whether a template line is a `To:` header built from the address, which
// means nothing without one.
bool is_addressed_to_line(std::string_view line) {
    return line.starts_with("To:") && (line.find("{to}") != std::string_view::npos ||
                                       line.find("{email}") != std::string_view::npos);
}

int line_of(std::string_view text, std::size_t at) {
    return 1 +
           static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

// A stored note on one line: line breaks and runs of spaces become one space.
std::string one_line(std::string_view text) {
    std::string line;
    for (const char c : text) {
        const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
        if (!space) {
            line += c;
        } else if (!line.empty() && line.back() != ' ') {
            line += ' ';
        }
    }
    if (!line.empty() && line.back() == ' ') {
        line.pop_back();
    }
    return line;
}

std::string interest_sentence(const Prospect& prospect, std::span<const Touch> touches,
                              const Assessment& assessment) {
    const auto proposal = std::find_if(touches.begin(), touches.end(), [](const Touch& touch) {
        return touch.direction == Direction::out && touch.purpose == Purpose::proposal;
    });
    const std::string company = prospect.company.empty() ? "" : " for " + prospect.company;
    if (proposal != touches.end()) {
        return fmt::format("On {} I sent you our proposal{}.", proposal->on.iso(), company);
    }
    if (prospect.stage == Stage::proposal) {
        return fmt::format("You have our proposal{} in hand.", company);
    }
    if (assessment.last_reply) {
        return fmt::format("When we last spoke, on {}, you were interested in working together.",
                           assessment.last_reply->iso());
    }
    return "You showed interest in working together.";
}

} // namespace

std::string mailbox(std::string_view name, std::string_view email) {
    // A line break (an imported name may hold one) would start a new header:
    // it becomes a space. Other controls are quoted (obs-qtext) and left for
    // the terminal's neutralising to show.
    std::string display;
    for (const char c : name) {
        display += c == '\r' || c == '\n' || c == '\0' ? ' ' : c;
    }
    display.erase(0, display.find_first_not_of(' '));
    display.erase(display.find_last_not_of(' ') + 1);
    if (display.empty()) {
        return fmt::format("<{}>", email);
    }
    // A phrase is atoms separated by single spaces; anything else is quoted.
    const bool plain =
        display.find("  ") == std::string::npos &&
        std::all_of(display.begin(), display.end(), [](char c) { return c == ' ' || is_atext(c); });
    if (plain) {
        return fmt::format("{} <{}>", display, email);
    }
    std::string quoted = "\"";
    for (const char c : display) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
        }
        quoted += c;
    }
    quoted += '"';
    return fmt::format("{} <{}>", quoted, email);
}

DraftFields draft_fields(const Prospect& prospect, std::span<const Touch> touches,
                         const Assessment& assessment, std::string_view sender, Date today) {
    // The attempts since interest was shown: this streak's outbound touches,
    // less the proposal itself (the interest sentence names it).
    std::vector<std::string> channels;
    int attempts = 0;
    std::optional<Date> first_attempt;
    std::optional<Date> last_attempt;
    for (const Touch& touch : touches) {
        if (touch.direction != Direction::out || !assessment.streak_started ||
            touch.on < *assessment.streak_started || touch.purpose == Purpose::proposal) {
            continue;
        }
        ++attempts;
        first_attempt = first_attempt.value_or(touch.on);
        last_attempt = touch.on;
        const std::string channel(to_string(touch.channel));
        if (std::find(channels.begin(), channels.end(), channel) == channels.end()) {
            channels.push_back(channel);
        }
    }
    const auto space = prospect.name.find(' ');
    const std::string org = prospect.company.empty() ? "your company" : prospect.company;
    std::string about = prospect.top_priority;
    if (about.empty()) {
        about = prospect.company.empty() ? "your plans" : "your plans at " + prospect.company;
    }
    const auto proposal = std::find_if(touches.rbegin(), touches.rend(), [](const Touch& touch) {
        return is_attempt(touch) && touch.purpose == Purpose::proposal;
    });
    const bool has_proposal = proposal != touches.rend();
    const auto noted = std::find_if(touches.rbegin(), touches.rend(), [](const Touch& touch) {
        return !one_line(touch.note).empty();
    });
    std::string booked = "our next meeting";
    if (assessment.booked_on) {
        const Channel live = live_channel(prospect, touches, *assessment.booked_on);
        booked = fmt::format("our {} on {}",
                             live == Channel::call    ? "call"
                             : live == Channel::video ? "video call"
                                                      : "meeting",
                             assessment.booked_on->iso());
    }
    const auto referrer_space = prospect.referrer.find(' ');
    std::string tried = attempts == 0
                            ? "no attempts yet in this streak"
                            : fmt::format("{} in this streak (by {})",
                                          attempts == 1 ? std::string("1 attempt")
                                                        : fmt::format("{} attempts", attempts),
                                          fmt::join(channels, ", "));
    return {
        {"org", org},
        {"phone", prospect.phone},
        {"address", prospect.address},
        {"social", prospect.social},
        {"referrer", prospect.referrer},
        {"referrer_first", prospect.referrer.substr(0, referrer_space)},
        {"priority", prospect.top_priority},
        {"about", about},
        {"proposal", has_proposal ? fmt::format("the proposal I sent on {}", proposal->on.iso())
                                  : std::string("our proposal")},
        {"proposal_on", has_proposal ? proposal->on.iso() : "none"},
        {"proposal_note",
         has_proposal && !one_line(proposal->note).empty() ? one_line(proposal->note) : "none"},
        {"last_note", noted != touches.rend() ? one_line(noted->note) : "none"},
        {"booked", booked},
        {"booked_on", assessment.booked_on ? assessment.booked_on->iso() : "none"},
        {"tried", tried},
        {"to", prospect.email.empty() ? "" : mailbox(prospect.name, prospect.email)},
        {"name", prospect.name},
        {"first_name", prospect.name.substr(0, space)},
        {"company", prospect.company},
        {"email", prospect.email},
        {"stage", std::string(to_string(prospect.stage))},
        {"interest", interest_sentence(prospect, touches, assessment)},
        {"last_reply", assessment.last_reply ? assessment.last_reply->iso() : "never"},
        {"attempts", std::to_string(attempts)},
        {"since", first_attempt.value_or(today).iso()},
        {"until", last_attempt.value_or(today).iso()},
        {"channels", fmt::format("{}", fmt::join(channels, ", "))},
        {"sender", std::string(sender)},
        {"today", today.iso()},
    };
}

std::string_view builtin_reversing_template() {
    return builtin;
}

std::size_t draft_limit(Channel channel) {
    switch (channel) {
    case Channel::text:
        return 320;
    case Channel::social:
        return 300;
    default:
        return 0;
    }
}

std::string builtin_template(Purpose purpose, Channel channel, int variant) {
    const PurposeText& text = purpose_text(purpose);
    const std::size_t index = static_cast<std::size_t>(variant % draft_variants);
    const Variant& chosen = text.variants.at(index);
    if (purpose == Purpose::reversing && index == 0 && channel == Channel::email) {
        return std::string(builtin);
    }
    const std::string body(chosen.body.empty() ? "{interest} Since then I have tried to reach "
                                                 "you {attempts} times ({since} to {until}, by "
                                                 "{channels}), without an answer.\n\nIf there "
                                                 "is still room on your list for {about}, when "
                                                 "would be a good time to talk?"
                                               : chosen.body);
    const std::string points =
        fmt::format("- Open with: {}\n{}- Last note: {{last_note}}\n- So far: {{tried}}\n",
                    chosen.short_message, text.points);
    switch (channel) {
    case Channel::email:
        return fmt::format(
            "To: {{to}}\nSubject: {}\n\nHi {{first_name}},\n\n{}\n\nBest,\n{{sender}}\n",
            chosen.subject, body);
    case Channel::call:
        return fmt::format("Call {{name}} ({{org}}), {{phone}}\nTalking points:\n{}\nVoicemail if "
                           "no one answers (under 30 seconds):\n{}\n",
                           points, chosen.script);
    case Channel::voicemail:
        return fmt::format("Voicemail for {{name}} ({{org}}), {{phone}}, under 30 seconds:\n{}\n\n"
                           "If they pick up:\n{}",
                           chosen.script, points);
    case Channel::text:
        return fmt::format("Hi {{first_name}}, {}\n{{sender}}\n", chosen.short_message);
    case Channel::social:
        return fmt::format("Hi {{first_name}}, {}\n", chosen.short_message);
    case Channel::mail:
        return fmt::format(
            "{{name}}\n{{company}}\n{{address}}\n\n{{today}}\n\nDear {{first_name}},\n\n{}"
            "\n\nKind regards,\n{{sender}}\n",
            body);
    case Channel::visit:
        return fmt::format("Visit {{name}} ({{org}})\n{{address}}\nTalking points:\n{}\nA note to "
                           "leave if they are out:\nHi {{first_name}}, {}\n{{sender}}\n",
                           points, chosen.short_message);
    case Channel::video:
        return fmt::format("Video call with {{name}} ({{org}})\nTalking points:\n{}", points);
    case Channel::referral:
        return fmt::format("To {{referrer}}: an introduction to {{name}} ({{org}})\n\nHi "
                           "{{referrer_first}},\n\nCould you introduce me to {{name}} at {{org}}? "
                           "A line you could pass on:\n\n\"Hi {{first_name}}, {}\"\n\n"
                           "Thanks,\n{{sender}}\n",
                           chosen.short_message);
    }
    return {};
}

int draft_variant(std::span<const Touch> touches, const Assessment& assessment, Purpose purpose) {
    if (!assessment.streak_started) {
        return 0;
    }
    // A check-in is drafted as a value touch, so it counts as one.
    const auto drafted_as = [](std::optional<Purpose> logged) {
        return logged == Purpose::checkin ? std::optional(Purpose::value) : logged;
    };
    int earlier = 0;
    std::optional<int> latest_recorded;
    for (const Touch& touch : touches) {
        if (is_attempt(touch) && touch.on >= *assessment.streak_started &&
            drafted_as(touch.purpose) == drafted_as(purpose)) {
            ++earlier;
            latest_recorded = touch.draft_variant;
        }
    }
    // The one after the variant the latest such touch was written from; a
    // touch logged without one (typed by hand, imported) counts by position.
    if (latest_recorded) {
        return (*latest_recorded + 1) % draft_variants;
    }
    return earlier % draft_variants;
}

Draft draft_touch(const Prospect& prospect, std::span<const Touch> touches,
                  const Assessment& assessment, Channel channel, Purpose purpose,
                  std::string_view sender, Date today, const UserTemplate* user) {
    Draft draft;
    draft.channel = channel;
    draft.purpose = purpose == Purpose::checkin ? Purpose::value : purpose;
    DraftFields fields = draft_fields(prospect, touches, assessment, sender, today);
    fields["channel"] = std::string(to_string(channel));
    fields["purpose"] = std::string(to_string(draft.purpose));
    if (user) {
        draft.text = render_template(user->text, fields, user->source);
        return draft;
    }
    // The previous attempt's note, when it holds the text of a draft.
    const auto previous = std::find_if(touches.rbegin(), touches.rend(), is_attempt);
    const std::string previous_text =
        previous == touches.rend() ? std::string() : tidy(previous->note);
    draft.variant = draft_variant(touches, assessment, draft.purpose);
    for (int tries = 0; tries < draft_variants; ++tries) {
        draft.text = tidy(render_template(builtin_template(draft.purpose, channel, draft.variant),
                                          fields, "built-in template"));
        if (draft.text != previous_text) {
            break;
        }
        draft.variant = (draft.variant + 1) % draft_variants;
    }
    if (const std::size_t limit = draft_limit(channel)) {
        draft.text = cut_to(draft.text.substr(0, draft.text.size() - 1), limit) + "\n";
    }
    return draft;
}

std::size_t count_characters(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation_byte(c); }));
}

std::size_t count_words(std::string_view text) {
    std::size_t words = 0;
    bool in_word = false;
    for (const char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        words += !space && !in_word ? 1 : 0;
        in_word = !space;
    }
    return words;
}

std::string render_template(std::string_view text, const DraftFields& fields,
                            std::string_view source) {
    const auto fail = [&](std::size_t at, const std::string& what) {
        return Error(fmt::format("{}:{}: {}", source, line_of(text, at), what));
    };
    // Checked here first: fmt would throw "argument not found" without the
    // name, and honour width specs that allocate gigabytes.
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (text[at] == '{') {
            if (at + 1 < text.size() && text[at + 1] == '{') {
                ++at;
                continue;
            }
            const auto close = text.find('}', at);
            const auto next_open = text.find('{', at + 1);
            if (close == std::string_view::npos || next_open < close) {
                throw fail(at, "a '{' is not closed; write {{ for a literal brace");
            }
            const std::string_view name = text.substr(at + 1, close - at - 1);
            if (!is_identifier(name)) {
                throw fail(
                    at,
                    fmt::format("bad placeholder '{{{}}}': use {{name}}, {{company}}, ...", name));
            }
            if (!fields.contains(name)) {
                std::vector<std::string> known;
                for (const auto& [key, value] : fields) {
                    known.push_back(key);
                }
                throw fail(at, fmt::format("unknown placeholder '{{{}}}'; known: {}", name,
                                           fmt::join(known, ", ")));
            }
            at = close;
        } else if (text[at] == '}') {
            if (at + 1 < text.size() && text[at + 1] == '}') {
                ++at;
                continue;
            }
            throw fail(at, "a lone '}'; write }} for a literal brace");
        }
    }
    // Without an address, a `To:` line made from it is left out altogether.
    std::string kept;
    const auto email = fields.find("email");
    if (email != fields.end() && email->second.empty()) {
        for (std::size_t start = 0; start < text.size();) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            const std::string_view line = text.substr(start, end - start);
            if (!is_addressed_to_line(line)) {
                kept.append(text.substr(start, std::min(end + 1, text.size()) - start));
            }
            start = end + 1;
        }
        text = kept;
    }
    fmt::dynamic_format_arg_store<fmt::format_context> arguments;
    for (const auto& [key, value] : fields) {
        arguments.push_back(fmt::arg(key.c_str(), value));
    }
    return fmt::vformat(fmt::string_view(text.data(), text.size()), arguments);
}

} // namespace followup
