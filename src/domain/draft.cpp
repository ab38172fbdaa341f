#include "followup/draft.hpp"

#include "followup/error.hpp"

#include <algorithm>
#include <fmt/args.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <vector>

namespace followup {

namespace {

constexpr std::string_view builtin = R"(To: {name} <{email}>
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
    fmt::dynamic_format_arg_store<fmt::format_context> arguments;
    for (const auto& [key, value] : fields) {
        arguments.push_back(fmt::arg(key.c_str(), value));
    }
    return fmt::vformat(fmt::string_view(text.data(), text.size()), arguments);
}

} // namespace followup
