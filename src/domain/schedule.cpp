#include "followup/schedule.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <limits>
#include <string_view>
#include <vector>

namespace followup {

namespace {

// Touches after the last real reply, oldest first.
std::span<const Touch> current_streak(std::span<const Touch> touches) {
    auto last_reply = std::find_if(touches.rbegin(), touches.rend(), is_answer);
    const auto start = static_cast<std::size_t>(std::distance(last_reply, touches.rend()));
    return touches.subspan(start);
}

} // namespace

bool is_overheated(std::span<const Touch> touches, const Config& config) {
    if (config.overheat_touches <= 0) {
        return false;
    }
    // A touch on a weekend or holiday counts like one on the working day
    // before it, as gaps do: Saturday, Tuesday, Friday is Friday to Friday.
    const BusinessCalendar calendar = config.calendar();
    std::vector<Date> outbound;
    for (const Touch& touch : current_streak(touches)) {
        if (touch.direction == Direction::out) {
            outbound.push_back(calendar.working_day_on_or_before(touch.on));
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

std::optional<std::string> booked_day_warning(const Touch& touch, const Config& config) {
    if (!touch.next_step_on || config.calendar().is_working_day(*touch.next_step_on)) {
        return std::nullopt;
    }
    static constexpr std::array<std::string_view, 7> weekdays = {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    const Date day = *touch.next_step_on;
    const std::string_view what = config.holidays.contains(day)
                                      ? std::string_view("holiday")
                                      : weekdays[static_cast<std::size_t>(day.weekday())];
    return fmt::format("the next step is booked on {}, a {}; it stays due that day", day.iso(),
                       what);
}

namespace {

// Whether an answer ends what was set on `since` (a snooze, a cool-down):
// one the same day came before it (the call that got through, then "try me
// next quarter"), so only a later one does.
bool answered_since(std::optional<Date> since, std::optional<Date> last_answer) {
    return since && last_answer && *last_answer > *since;
}

} // namespace

bool snooze_ended(const Prospect& prospect, std::optional<Date> last_answer) {
    return answered_since(prospect.snoozed_on, last_answer);
}

Standing standing_part(const Assessment& assessment) {
    Standing standing;
    standing.next = assessment.next;
    standing.last_touch = assessment.last_touch;
    standing.last_reply = assessment.last_reply;
    standing.breakup_ready = assessment.breakup_ready;
    standing.nurture_from = assessment.nurture_from;
    standing.next_at = assessment.next_at;
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
    // assess() makes the next action a reheat only while a cool-down is
    // pending; the prospect cools until that day.
    // A snooze can move that day past the cool-down's end: cooling ends then.
    if (standing.next && standing.next->reason == Reason::reheat && today < standing.next->due_on &&
        (!prospect.snooze_until || !prospect.cooling_until || today < *prospect.cooling_until)) {
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
    std::optional<TimeOfDay> latest_booking_time;
    for (const Touch& touch : touches) {
        result.last_touch = touch.on;
        if (touch.next_step_on) {
            latest_booking = touch.next_step_on;
            latest_booking_time = touch.next_step_time;
        }
        if (is_answer(touch)) {
            result.last_reply = touch.on;
            result.streak = 0;
            result.streak_started.reset();
            result.reversing_sent_on.reset();
            away_until = never;
        } else if (touch.direction == Direction::in) {
            // The latest auto-reply wins, even with an earlier return.
            away_until = touch.away_until.value_or(never);
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
    // A cool-down is pending until a touch on or after its end, or an answer
    // since it started.
    const bool cooling_pending =
        prospect.cooling_until &&
        (!result.last_touch || *result.last_touch < *prospect.cooling_until) &&
        !answered_since(prospect.cooling_since, result.last_reply);

    const BusinessCalendar calendar = config.calendar();
    const std::vector<int>& cadence = config.cadence_for(prospect);
    const int gaps = static_cast<int>(cadence.size());
    const bool invested = config.invested.contains(prospect.stage);
    // One rule for every gap: the Nth working day counted from the day after.
    const auto gap_after = [&](Date last, int gap) { return calendar.add_working_days(last, gap); };
    const auto nurture_after = [&](Date last) {
        return calendar.working_day_on_or_after(last.plus_days(config.nurture_every));
    };

    NextAction next;
    if (result.streak == 0) {
        if (result.last_reply) {
            next = {gap_after(*result.last_reply, config.after_reply), Reason::after_reply};
        } else {
            next = {
                prospect.first_touch_on.value_or(prospect.created_on.plus_days(config.first_touch)),
                Reason::first_touch};
        }
    } else if (result.reversing_sent_on) {
        next = {nurture_after(*result.last_outbound), Reason::nurture};
        result.nurture_from = gap_after(*result.reversing_sent_on, config.nurture_after_reversing);
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

    // A history from before the prospect came in (an import's last contact)
    // makes nothing overdue from before then; and a streak whose whole
    // cadence ran out before then goes on in nurture, not "touch 2, 100 days
    // overdue".
    if (result.last_touch && *result.last_touch < prospect.created_on) {
        if (next.reason == Reason::cadence && result.streak > 0) {
            Date streak_end = *result.last_outbound;
            for (int index = result.streak - 1; index < gaps; ++index) {
                streak_end = gap_after(streak_end, cadence[static_cast<std::size_t>(index)]);
            }
            if (streak_end < prospect.created_on) {
                next = {nurture_after(*result.last_outbound), Reason::nurture};
                result.nurture_from = earliest_day();
            }
        }
        next.due_on = std::max(next.due_on, prospect.created_on);
    }

    // A hold or a cool-down ending on a non-working day ends on the next
    // working day; a booked step (below) stays exact.
    if (away_until != never) {
        const Date back = calendar.working_day_on_or_after(away_until);
        if (next.due_on < back) {
            next = {back, Reason::ooo_over};
        }
    }
    if (cooling_pending) {
        next = {calendar.working_day_on_or_after(*prospect.cooling_until), Reason::reheat};
    }
    // A snooze only postpones, keeping the reason (and so the suggestion); an
    // answer since it was set ends it.
    if (prospect.snooze_until && next.due_on < *prospect.snooze_until &&
        !snooze_ended(prospect, result.last_reply)) {
        next.due_on = *prospect.snooze_until;
    }
    if (result.booked_on) {
        next = {*result.booked_on, Reason::booked};
        result.next_at = latest_booking_time;
    } else if (next.reason == Reason::first_touch && next.due_on == prospect.first_touch_on) {
        result.next_at = prospect.first_touch_at;
    }
    result.next = next;
    result.overheated = is_overheated(touches, config);

    result.state = state_on(prospect, standing_part(result), today);
    return result;
}

} // namespace followup
