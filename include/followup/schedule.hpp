#pragma once

#include "followup/config.hpp"
#include "followup/model.hpp"

#include <optional>
#include <span>
#include <string>

namespace followup {

// Bumped whenever assess() makes another next action or standing from the
// same history and config: stored standings of another version are stale
// (it is part of Config::fingerprint).
inline constexpr int rules_version = 2;

// Where a prospect stands as of one day, derived from its history alone.
struct Assessment {
    State state = State::active;
    // Empty only for closed prospects. Never depends on `today`: it is what
    // storage keeps on the prospect and indexes for `due`.
    std::optional<NextAction> next;
    int streak = 0;                     // outbound touches since the last real reply
    std::optional<Date> streak_started; // the first of those
    std::optional<Date> last_reply;     // last real inbound touch (not out-of-office)
    std::optional<Date> last_outbound;
    std::optional<Date> last_touch;
    std::optional<Date> reversing_sent_on; // in this streak
    std::optional<Date> booked_on;         // a booked next step not yet followed by a touch
    // The next action's local time, when it has one: the booked step's, or
    // the first touch's from `add --next DATE TIME`.
    std::optional<TimeOfDay> next_at;
    bool breakup_ready = false;       // invested, streak long enough, no reversing yet
    std::optional<Date> nurture_from; // in nurture from this day on
    bool overheated = false;
};

// The part of an assessment (and of the suggestion) that does not depend on
// the day: what storage keeps on each open prospect, so that `due` and
// `stats` read no touches. state_on() finishes it for a given day.
struct Standing {
    std::optional<NextAction> next;
    std::optional<Date> last_touch;
    std::optional<Date> last_reply;
    bool breakup_ready = false;
    std::optional<Date> nurture_from;
    std::optional<TimeOfDay> next_at; // the next action's local time (Assessment::next_at)
    // The suggested next touch (advice.hpp's standing_of fills them).
    std::optional<Channel> channel;
    std::optional<Purpose> purpose;
    bool operator==(const Standing&) const = default;
};

// The day-independent part of an assessment, without the suggestion
// (advice.hpp's standing_of() adds it).
Standing standing_part(const Assessment& assessment);

// Whether an answer (a real reply or a conversation, the latest on
// `last_answer`) came after the prospect's snooze was set, ending it.
bool snooze_ended(const Prospect& prospect, std::optional<Date> last_answer);

// The first day followup knows: nurture "from" it means nurture on any day.
Date earliest_day();

// A prospect's state on `today`: assess() decides it this way too.
State state_on(const Prospect& prospect, const Standing& standing, Date today);

// The state model of PRODUCT.md ("Timing rules"). `touches` is the prospect's
// whole history, oldest first (by date, then by the order it was logged).
Assessment assess(const Prospect& prospect, std::span<const Touch> touches, const Config& config,
                  Date today);

// Overheated: the last `overheat_touches` outbound touches of the streak span
// less than `overheat_within`.
bool is_overheated(std::span<const Touch> touches, const Config& config);

// What `log` warns when the touch books its next step on a weekend or a
// holiday (the step stays due that very day); empty otherwise.
std::optional<std::string> booked_day_warning(const Touch& touch, const Config& config);

} // namespace followup
