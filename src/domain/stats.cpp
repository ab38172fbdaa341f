#include "followup/stats.hpp"

#include <algorithm>

namespace followup {

namespace {

bool is_real_reply(const Touch& touch) {
    return touch.direction == Direction::in && !touch.out_of_office;
}

// Whether the first touch of `later` that is not an out-of-office reply is a
// real reply: what credits the outbound touch just before `later`.
bool answers(std::span<const Touch> later) {
    const auto next = std::find_if(later.begin(), later.end(), [](const Touch& touch) {
        return touch.direction == Direction::out || !touch.out_of_office;
    });
    return next != later.end() && is_real_reply(*next);
}

} // namespace

void StatsBuilder::add(const Prospect& prospect, std::span<const Touch> touches) {
    count_state(prospect, assess(prospect, touches, config_, today_).state);
    for (std::size_t i = 0; i < touches.size(); ++i) {
        const Touch& touch = touches[i];
        TouchTally tally;
        tally.on = touch.on;
        tally.direction = touch.direction;
        tally.channel = touch.channel;
        tally.purpose = touch.purpose;
        tally.out_of_office = touch.out_of_office;
        tally.touches = 1;
        tally.answered = touch.direction == Direction::both ||
                         (touch.direction == Direction::out && answers(touches.subspan(i + 1)));
        tally.with_next_step = touch.next_step_on ? 1 : 0;
        add_tally(tally);
    }
}

void StatsBuilder::add_standing(const Prospect& prospect, const Standing& standing) {
    count_state(prospect, state_on(prospect, standing, today_));
}

void StatsBuilder::count_state(const Prospect& prospect, State state) {
    ++stats_.by_state[state];
    if (!prospect.outcome) {
        ++stats_.by_stage[prospect.stage];
    } else if (*prospect.outcome == Outcome::won) {
        ++stats_.won;
        stats_.won_value += prospect.value;
    } else {
        ++stats_.lost;
    }
}

void StatsBuilder::add_tally(const TouchTally& tally) {
    const bool counted = !since_ || tally.on >= *since_;
    // Weeks start on Monday; index stats_weeks - 1 is this week.
    const Date this_monday = today_.plus_days(-today_.weekday());
    const int weeks_ago = (days_between(tally.on, this_monday) + 6) / 7;
    if (counted && tally.on <= today_ && weeks_ago >= 0 && weeks_ago < stats_weeks) {
        auto& per_week =
            tally.direction != Direction::in ? stats_.outbound_per_week : stats_.inbound_per_week;
        per_week[static_cast<std::size_t>(stats_weeks - 1 - weeks_ago)] += tally.touches;
    }
    if (!counted) {
        return;
    }
    if (tally.direction != Direction::in) {
        // A reply is credited to the outbound touch it answers, once.
        const auto credit = [&](ReplyCount& count) {
            count.touches += tally.touches;
            count.replies += tally.answered;
        };
        credit(stats_.by_channel[tally.channel]);
        if (tally.purpose) {
            credit(stats_.by_purpose[*tally.purpose]);
        }
        if (tally.purpose == Purpose::reversing) {
            credit(stats_.reversing);
        }
    }
    // Answers (replies and conversations) and how many of them booked a
    // next step: the strongest sign of interest.
    if (tally.direction == Direction::both ||
        (tally.direction == Direction::in && !tally.out_of_office)) {
        stats_.replies += tally.touches;
        stats_.replies_with_next_step += tally.with_next_step;
    }
}

} // namespace followup
