#include "followup/schedule.hpp"

#include <algorithm>
#include <limits>
#include <vector>

namespace followup {

namespace {

// A reply that is not an auto-reply, or a conversation: it ends a streak.
bool is_real_reply(const Touch& touch) {
    return is_answer(touch);
}

// Touches after the last real reply, oldest first.
std::span<const Touch> current_streak(std::span<const Touch> touches) {
    auto last_reply = std::find_if(touches.rbegin(), touches.rend(), is_real_reply);
    const auto start = static_cast<std::size_t>(std::distance(last_reply, touches.rend()));
    return touches.subspan(start);
}

} // namespace

bool is_overheated(std::span<const Touch> touches, const Config& config) {
    if (config.overheat_touches <= 0) {
        return false;
    }
    std::vector<Date> outbound;
    for (const Touch& touch : current_streak(touches)) {
        if (touch.direction == Direction::out) {
            outbound.push_back(touch.on);
        }
    }
    const auto needed = static_cast<std::size_t>(config.overheat_touches);
    if (outbound.size() < needed) {
        return false;
    }
    const Date first = outbound[outbound.size() - needed];
    const Date last = outbound.back();
    return last < config.overheat_within.after(first);
}

Standing standing_part(const Assessment& assessment) {
    Standing standing;
    standing.next = assessment.next;
    standing.last_touch = assessment.last_touch;
    standing.last_reply = assessment.last_reply;
    standing.breakup_ready = assessment.breakup_ready;
    standing.nurture_from = assessment.nurture_from;
    return standing;
}

Date earliest_day() {
    static const Date day = *Date::from_ymd(1900, 1, 1);
    return day;
}

State state_on(const Prospect& prospect, const Standing& standing, Date today) {
    if (prospect.outcome) {
        return State::closed;
    }
    // Only a booked step makes the reason `booked`, and it wins over all else.
    if (standing.next && standing.next->reason == Reason::booked) {
        return State::booked;
    }
    // A cool-down ends early when any touch is logged on or after its end.
    const auto& until = prospect.cooling_until;
    if (until && today < *until && (!standing.last_touch || *standing.last_touch < *until)) {
        return State::cooling;
    }
    if (standing.breakup_ready) {
        return State::breakup;
    }
    if (standing.nurture_from && today >= *standing.nurture_from) {
        return State::nurture;
    }
    return State::active;
}

Assessment assess(const Prospect& prospect, std::span<const Touch> touches, const Config& config,
                  Date today) {
    Assessment result;
    // The latest day an out-of-office reply in this streak holds us off;
    // a day before any real date when there is none.
    constexpr Date never = Date::from_days(std::numeric_limits<std::int32_t>::min());
    Date away_until = never;
    std::optional<Date> latest_booking;
    for (const Touch& touch : touches) {
        result.last_touch = touch.on;
        if (touch.next_step_on) {
            latest_booking = touch.next_step_on;
        }
        if (is_real_reply(touch)) {
            result.last_reply = touch.on;
            result.streak = 0;
            result.streak_started.reset();
            result.reversing_sent_on.reset();
            away_until = never;
        } else if (touch.direction == Direction::in) {
            away_until = std::max(away_until, touch.away_until.value_or(never));
        } else {
            ++result.streak;
            if (!result.streak_started) {
                result.streak_started = touch.on;
            }
            result.last_outbound = touch.on;
            if (touch.purpose == Purpose::reversing && !result.reversing_sent_on) {
                result.reversing_sent_on = touch.on;
            }
        }
    }

    if (prospect.outcome) {
        result.state = State::closed;
        return result;
    }

    // A booked step stays due until any touch is logged on or after its day.
    if (latest_booking && (!result.last_touch || *result.last_touch < *latest_booking)) {
        result.booked_on = latest_booking;
    }
    const bool cooling_pending =
        prospect.cooling_until &&
        (!result.last_touch || *result.last_touch < *prospect.cooling_until);

    const BusinessCalendar calendar = config.calendar();
    const std::vector<int>& cadence = config.cadence_for(prospect);
    const int gaps = static_cast<int>(cadence.size());
    const bool invested = config.invested.contains(prospect.stage);
    // A touch made on a weekend or holiday is read on the next working day:
    // gaps count from there, so a Saturday touch does not squeeze the streak.
    const auto gap_after = [&](Date last, int gap) {
        return calendar.add_working_days(calendar.add_working_days(last, 0), gap);
    };
    const auto nurture_after = [&](Date last) {
        return calendar.add_working_days(last.plus_days(config.nurture_every), 0);
    };

    NextAction next;
    if (result.streak == 0) {
        if (result.last_reply) {
            next = {calendar.add_working_days(*result.last_reply, config.after_reply),
                    Reason::after_reply};
        } else {
            next = {
                prospect.first_touch_on.value_or(prospect.created_on.plus_days(config.first_touch)),
                Reason::first_touch};
        }
    } else if (result.reversing_sent_on) {
        next = {nurture_after(*result.last_outbound), Reason::nurture};
        result.nurture_from =
            calendar.add_working_days(*result.reversing_sent_on, config.nurture_after_reversing);
    } else {
        result.breakup_ready =
            invested && (result.streak >= config.breakup_after || result.streak > gaps);
        if (result.streak <= gaps) {
            const int gap = cadence[static_cast<std::size_t>(result.streak - 1)];
            next = {gap_after(*result.last_outbound, gap),
                    result.breakup_ready ? Reason::breakup : Reason::cadence};
        } else if (result.breakup_ready) {
            next = {gap_after(*result.last_outbound, cadence.back()), Reason::breakup};
        } else {
            next = {nurture_after(*result.last_outbound), Reason::nurture};
            result.nurture_from = earliest_day();
        }
    }

    if (next.due_on < away_until) {
        next = {away_until, Reason::ooo_over};
    }
    if (cooling_pending) {
        next = {*prospect.cooling_until, Reason::reheat};
    }
    // A snooze only postpones, keeping the reason (and so the suggestion); an
    // answer since it was set ends it.
    if (prospect.snooze_until && next.due_on < *prospect.snooze_until &&
        !(result.last_reply && prospect.snoozed_on && *result.last_reply >= *prospect.snoozed_on)) {
        next.due_on = *prospect.snooze_until;
    }
    if (result.booked_on) {
        next = {*result.booked_on, Reason::booked};
    }
    result.next = next;
    result.overheated = is_overheated(touches, config);

    result.state = state_on(prospect, standing_part(result), today);
    return result;
}

} // namespace followup
