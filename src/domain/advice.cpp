#include "followup/advice.hpp"

#include "followup/resolve.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <numeric>
#include <tuple>

namespace followup {

namespace {

// The order in which untried channels are proposed: cheapest and most
// personal first. A visit or a video call is proposed only when the prospect
// prefers it (or for a booked step): neither is a way to chase someone.
constexpr std::array<Channel, 6> fallback_order = {Channel::email,  Channel::call,
                                                   Channel::social, Channel::text,
                                                   Channel::mail,   Channel::referral};

// A voicemail is what an unanswered call leaves: calling again is not a
// change of channel.
Channel kind_of(Channel channel) {
    return channel == Channel::voicemail ? Channel::call : channel;
}

struct ChannelChoice {
    Channel channel;
    std::string why;
};

ChannelChoice pick_channel(const Prospect& prospect, std::span<const Touch> touches,
                           std::optional<Channel> avoid) {
    const auto usable = [&](Channel channel) {
        return (!avoid || kind_of(channel) != kind_of(*avoid)) && reachable(prospect, channel);
    };
    // Where they wrote back; a conversation is no sign that a touch between
    // live ones (an email with what was promised) should be live too.
    for (auto touch = touches.rbegin(); touch != touches.rend(); ++touch) {
        if (touch->direction == Direction::in && !touch->out_of_office && usable(touch->channel)) {
            return {touch->channel,
                    fmt::format("they answered by {} before", to_string(touch->channel))};
        }
    }
    if (prospect.preferred_channel && usable(*prospect.preferred_channel)) {
        return {*prospect.preferred_channel, "their preferred channel"};
    }
    auto streak_start = std::find_if(touches.rbegin(), touches.rend(), is_answer);
    const auto tried = [&](Channel channel) {
        return std::any_of(touches.rbegin(), streak_start, [&](const Touch& touch) {
            return kind_of(touch.channel) == kind_of(channel);
        });
    };
    for (Channel channel : fallback_order) {
        if (usable(channel) && !tried(channel)) {
            return {channel, "not tried in this streak"};
        }
    }
    for (Channel channel : fallback_order) {
        if (usable(channel)) {
            return {channel, "a change of channel"};
        }
    }
    // Only the channel to avoid is left: better the same way than none.
    for (Channel channel : fallback_order) {
        if (reachable(prospect, channel)) {
            return {channel, "the only way to reach them stored: `followup edit` to add another"};
        }
    }
    return {Channel::social,
            "no email, phone, address, profile or referrer stored: find them, then `followup "
            "edit` to keep it"};
}

// How a booked step is to happen: as agreed (--next-channel), else live on
// the prospect's preferred channel, else a call, else a video call.
ChannelChoice booked_channel(const Prospect& prospect, std::span<const Touch> touches,
                             Date booked_on) {
    for (auto touch = touches.rbegin(); touch != touches.rend(); ++touch) {
        if (touch->next_step_on == booked_on && touch->next_step_channel) {
            return {*touch->next_step_channel, "as agreed"};
        }
    }
    if (prospect.preferred_channel && is_live(*prospect.preferred_channel) &&
        reachable(prospect, *prospect.preferred_channel)) {
        return {*prospect.preferred_channel, "their preferred channel"};
    }
    if (reachable(prospect, Channel::call)) {
        return {Channel::call, "a call: they have a phone"};
    }
    return {Channel::video, "a video call"};
}

// The purpose of the next touch in a streak, and why. Every streak opens
// with value (about their proposal when one was sent); from the third touch
// one introduction is worth offering, once a streak.
std::pair<Purpose, std::string> streak_purpose(const Prospect& prospect,
                                               std::span<const Touch> touches, int streak) {
    auto streak_start = std::find_if(touches.rbegin(), touches.rend(), is_answer);
    const bool introduced = std::any_of(touches.rbegin(), streak_start, [](const Touch& touch) {
        return is_attempt(touch) && touch.purpose == Purpose::intro;
    });
    if (streak >= 2 && !introduced) {
        return {Purpose::intro, "intro: two touches brought value, offer one introduction"};
    }
    if (prospect.stage == Stage::proposal) {
        for (auto touch = touches.rbegin(); touch != touches.rend(); ++touch) {
            if (is_attempt(*touch) && touch->purpose == Purpose::proposal) {
                return {Purpose::value,
                        fmt::format("value about their proposal of {}", touch->on.iso())};
            }
        }
        return {Purpose::value, "value about their proposal"};
    }
    return {Purpose::value,
            introduced ? "value: the one intro of this streak is made" : "value: something useful"};
}

// The channel of the last outbound touch, or of the last one on or before
// `through`: a cool-down usually starts the day of the touch that overheated.
std::optional<Channel> last_outbound_channel(std::span<const Touch> touches,
                                             std::optional<Date> through = std::nullopt) {
    for (auto touch = touches.rbegin(); touch != touches.rend(); ++touch) {
        if (is_attempt(*touch) && (!through || touch->on <= *through)) {
            return touch->channel;
        }
    }
    return std::nullopt;
}

int stage_rank(Stage stage) {
    switch (stage) {
    case Stage::proposal:
        return 0;
    case Stage::engaged:
        return 1;
    case Stage::lead:
        return 2;
    }
    return 3;
}

bool replied_recently(const DueItem& item, Date today) {
    const auto& reply = item.assessment.last_reply;
    return reply && days_between(*reply, today) <= recent_reply_days;
}

auto rank_key(const DueItem& item, Date today) {
    // Booked steps of a day by time, the all-day ones after the timed.
    constexpr int all_day = 24 * 60;
    const int booked_time = !item.assessment.booked_on ? 0
                            : item.assessment.next_at  ? item.assessment.next_at->minutes
                                                       : all_day;
    return std::make_tuple(item.assessment.booked_on ? 0 : 1, booked_time,
                           replied_recently(item, today) ? 0 : 1, stage_rank(item.prospect.stage),
                           -item.prospect.value, -item.days_overdue, item.prospect.id);
}

// "no answer", "left voicemail": what happened, not a message, so saying it
// twice is no repetition.
bool is_short_fact(std::string_view note) {
    int words = 0;
    bool in_word = false;
    for (const char c : note) {
        const bool space = c == ' ' || c == '\t' || c == '\n';
        if (!space && !in_word) {
            ++words;
        }
        in_word = !space;
    }
    return words <= 3;
}

} // namespace

bool is_live(Channel channel) {
    return channel == Channel::call || channel == Channel::video || channel == Channel::visit;
}

bool reachable(const Prospect& prospect, Channel channel) {
    switch (channel) {
    case Channel::email:
        return !prospect.email.empty() && !prospect.email_bouncing;
    case Channel::call:
    case Channel::text:
    case Channel::voicemail:
        return !prospect.phone.empty();
    case Channel::social:
        return !prospect.social.empty();
    case Channel::mail:
    case Channel::visit:
        return !prospect.address.empty();
    case Channel::video:
        return (!prospect.email.empty() && !prospect.email_bouncing) || !prospect.phone.empty();
    case Channel::referral:
        return !prospect.referrer.empty();
    }
    return false;
}

Channel live_channel(const Prospect& prospect, std::span<const Touch> touches, Date booked_on) {
    return booked_channel(prospect, touches, booked_on).channel;
}

namespace {

Suggestion suggestion_for(const Prospect& prospect, std::span<const Touch> touches,
                          const Assessment& assessment) {
    const Reason reason = assessment.next ? assessment.next->reason : Reason::cadence;
    const bool unanswered = assessment.streak > 0;
    const std::optional<Channel> last_channel =
        unanswered ? last_outbound_channel(touches) : std::nullopt;

    switch (reason) {
    case Reason::booked: {
        const ChannelChoice choice = booked_channel(prospect, touches, *assessment.booked_on);
        return {choice.channel, Purpose::meeting,
                fmt::format("the next step booked for {} ({})", assessment.booked_on->iso(),
                            choice.why)};
    }
    case Reason::breakup: {
        // The reversing email is an email whenever there is an address, even
        // right after an unanswered one: it is a different message.
        const Channel channel = reachable(prospect, Channel::email)
                                    ? Channel::email
                                    : pick_channel(prospect, touches, last_channel).channel;
        return {channel, Purpose::reversing,
                fmt::format("{} since {}: time to back away",
                            counted(assessment.streak, "unanswered touch", "unanswered touches"),
                            assessment.streak_started->iso())};
    }
    case Reason::reheat: {
        const auto before_cooling = last_outbound_channel(touches, prospect.cooling_since);
        const ChannelChoice choice = pick_channel(prospect, touches, before_cooling);
        return {choice.channel, Purpose::value,
                fmt::format("cool-down over: change the approach ({})", choice.why)};
    }
    case Reason::first_touch: {
        const ChannelChoice choice = pick_channel(prospect, touches, std::nullopt);
        return {choice.channel, Purpose::value,
                fmt::format("first touch: open with something useful ({})", choice.why)};
    }
    case Reason::after_reply: {
        const ChannelChoice choice = pick_channel(prospect, touches, std::nullopt);
        const auto answer = std::find_if(touches.rbegin(), touches.rend(), is_answer);
        const bool talked = answer != touches.rend() && answer->direction == Direction::both;
        return {choice.channel, Purpose::value,
                fmt::format("{} on {}: keep it going ({})", talked ? "you talked" : "they replied",
                            assessment.last_reply->iso(), choice.why)};
    }
    case Reason::nurture: {
        const ChannelChoice choice = pick_channel(prospect, touches, last_channel);
        return {choice.channel, Purpose::value,
                fmt::format("nurture: stay useful, no pressure ({})", choice.why)};
    }
    case Reason::cadence:
    case Reason::ooo_over:
        break;
    }
    const ChannelChoice choice = pick_channel(prospect, touches, last_channel);
    auto [purpose, purpose_why] = streak_purpose(prospect, touches, assessment.streak);
    std::string why =
        unanswered
            ? fmt::format("touch {} of the streak, {} went unanswered ({}); {}",
                          assessment.streak + 1, to_string(*last_channel), choice.why, purpose_why)
            : fmt::format("{}; {}", choice.why, purpose_why);
    if (reason == Reason::ooo_over) {
        why = fmt::format("back from out of office; {}", why);
    }
    return {choice.channel, purpose, why};
}

} // namespace

Suggestion suggest(const Prospect& prospect, std::span<const Touch> touches,
                   const Assessment& assessment) {
    Suggestion suggestion = suggestion_for(prospect, touches, assessment);
    if (prospect.email_bouncing) {
        suggestion.reason += fmt::format("; mail to {} bounced: no email until `followup edit "
                                         "--email`",
                                         prospect.email);
    }
    return suggestion;
}

Standing standing_of(const Prospect& prospect, std::span<const Touch> touches,
                     const Assessment& assessment) {
    Standing standing = standing_part(assessment);
    if (assessment.next) {
        const Suggestion suggestion = suggest(prospect, touches, assessment);
        standing.channel = suggestion.channel;
        standing.purpose = suggestion.purpose;
    }
    return standing;
}

bool ranks_before(const DueItem& left, const DueItem& right, Date today) {
    return rank_key(left, today) < rank_key(right, today);
}

void rank(std::vector<DueItem>& items, Date today) {
    // Sorts positions, then puts each item in place by following the
    // permutation's cycles: items are large, and so is a second list of them.
    std::vector<std::size_t> order(items.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
        return ranks_before(items[left], items[right], today);
    });
    // order[i] is the item that belongs at i.
    for (std::size_t start = 0; start < order.size(); ++start) {
        if (order[start] == start) {
            continue;
        }
        DueItem held = std::move(items[start]);
        std::size_t at = start;
        while (order[at] != start) {
            const std::size_t from = order[at];
            items[at] = std::move(items[from]);
            order[at] = at;
            at = from;
        }
        items[at] = std::move(held);
        order[at] = at;
    }
}

std::string explain_rank(const DueItem& item, Date today) {
    std::string booked =
        item.assessment.booked_on
            ? fmt::format("booked {}{}", item.assessment.booked_on->iso(),
                          item.assessment.next_at ? " " + item.assessment.next_at->text() : "")
            : "not booked";
    std::string reply =
        replied_recently(item, today)
            ? fmt::format("replied {}d ago", days_between(*item.assessment.last_reply, today))
            : "no recent reply";
    return fmt::format("{} > {} > {} > value {} > {}d overdue > #{}", booked, reply,
                       to_string(item.prospect.stage), item.prospect.value, item.days_overdue,
                       item.prospect.id);
}

std::vector<std::string> touch_warnings(const Prospect& prospect, std::span<const Touch> history,
                                        const Touch& touch, const Config& config) {
    std::vector<std::string> warnings;
    if (touch.direction != Direction::out) {
        return warnings;
    }
    std::vector<Touch> after(history.begin(), history.end());
    after.push_back(touch);
    std::stable_sort(after.begin(), after.end(),
                     [](const Touch& left, const Touch& right) { return left.on < right.on; });
    std::vector<const Touch*> streak;
    for (const Touch& each : after) {
        if (is_answer(each)) {
            streak.clear();
        } else if (each.direction == Direction::out) {
            streak.push_back(&each);
        }
    }
    const auto same_channel = std::distance(
        streak.rbegin(), std::find_if(streak.rbegin(), streak.rend(), [&](const Touch* each) {
            return each->channel != touch.channel;
        }));
    // Only when there is another way: the one channel stored, again, is what
    // the suggestion itself says to do (and its reason says how to add one).
    const bool other_way =
        std::any_of(fallback_order.begin(), fallback_order.end(), [&](Channel channel) {
            return kind_of(channel) != kind_of(touch.channel) && reachable(prospect, channel);
        });
    if (same_channel >= 3 && other_way) {
        warnings.push_back(fmt::format("{} unanswered {} touches in a row to {}; vary the channel",
                                       same_channel, to_string(touch.channel),
                                       neutralise(prospect.name)));
    }
    const std::string note = fold_case(trim(touch.note));
    if (!note.empty() && !is_short_fact(note)) {
        for (const Touch* each : streak) {
            if (each->id != touch.id && fold_case(trim(each->note)) == note) {
                warnings.push_back(fmt::format(
                    "same note as the unanswered touch of {}; vary the message", each->on.iso()));
                break;
            }
        }
    }
    if (is_overheated(after, config)) {
        warnings.push_back(fmt::format(
            "{} is overheated: {} within {}; consider `followup cooldown {} --for {}`",
            neutralise(prospect.name),
            counted(config.overheat_touches, "unanswered touch", "unanswered touches"),
            config.overheat_within.text(), prospect.id, config.cooldown_default.text()));
    }
    return warnings;
}

} // namespace followup
