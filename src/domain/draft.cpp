#include "followup/draft.hpp"

#include "followup/error.hpp"

#include <algorithm>
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

If it is still on your list, when would be a good time to talk?

Best,
{sender}
)";

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
    return {
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
