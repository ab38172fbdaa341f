#include "followup/stats.hpp"

namespace followup {

void StatsBuilder::add(const Prospect& prospect, std::span<const Touch> touches) {
    const Assessment assessment = assess(prospect, touches, config_, today_);
    ++stats_.by_state[assessment.state];
    if (!prospect.outcome) {
        ++stats_.by_stage[prospect.stage];
    }
    // Weeks start on Monday; index stats_weeks - 1 is this week.
    const Date this_monday = today_.plus_days(-today_.weekday());
    const Touch* latest_outbound = nullptr;
    for (const Touch& touch : touches) {
        const bool counted = !since_ || touch.on >= *since_;
        const int weeks_ago = (days_between(touch.on, this_monday) + 6) / 7;
        if (counted && touch.on <= today_ && weeks_ago >= 0 && weeks_ago < stats_weeks) {
            auto& per_week = touch.direction == Direction::out ? stats_.outbound_per_week
                                                               : stats_.inbound_per_week;
            ++per_week[static_cast<std::size_t>(stats_weeks - 1 - weeks_ago)];
        }
        if (touch.direction == Direction::out) {
            latest_outbound = &touch;
            if (counted) {
                ++stats_.by_channel[touch.channel].touches;
                if (touch.purpose) {
                    ++stats_.by_purpose[*touch.purpose].touches;
                }
                if (touch.purpose == Purpose::reversing) {
                    ++stats_.reversing.touches;
                }
            }
            continue;
        }
        if (touch.out_of_office) {
            continue;
        }
        if (counted) {
            ++stats_.replies;
            stats_.replies_with_next_step += touch.next_step_on ? 1 : 0;
        }
        // A reply is credited to the latest outbound touch before it, once.
        if (latest_outbound && (!since_ || latest_outbound->on >= *since_)) {
            ++stats_.by_channel[latest_outbound->channel].replies;
            if (latest_outbound->purpose) {
                ++stats_.by_purpose[*latest_outbound->purpose].replies;
            }
            if (latest_outbound->purpose == Purpose::reversing) {
                ++stats_.reversing.replies;
            }
        }
        latest_outbound = nullptr;
    }
}

} // namespace followup
