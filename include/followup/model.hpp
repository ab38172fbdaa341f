#pragma once

#include "followup/date.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace followup {

// both: a conversation (a call that got through, a meeting held): it is an
// attempt of ours and their answer in one touch.
enum class Direction { out, in, both };
enum class Channel { email, call, voicemail, text, social, mail, visit, video, referral };
enum class Purpose { checkin, value, intro, proposal, meeting, reversing };
enum class Stage { lead, engaged, proposal };
enum class Outcome { won, lost };
enum class State { active, booked, cooling, breakup, nurture, closed };
enum class Reason { first_touch, cadence, booked, reheat, breakup, nurture, after_reply, ooo_over };

// The exact lowercase tokens of PRODUCT.md ("Values"), in declaration order.
std::span<const std::string_view> channel_names();
std::span<const std::string_view> purpose_names();
std::span<const std::string_view> stage_names();
std::span<const std::string_view> state_names();
std::span<const std::string_view> reason_names();

std::string_view to_string(Direction value);
std::string_view to_string(Channel value);
std::string_view to_string(Purpose value);
std::string_view to_string(Stage value);
std::string_view to_string(Outcome value);
std::string_view to_string(State value);
std::string_view to_string(Reason value);

// Empty when the token is not one of the values.
std::optional<Channel> parse_channel(std::string_view token);
std::optional<Purpose> parse_purpose(std::string_view token);
std::optional<Stage> parse_stage(std::string_view token);
std::optional<Outcome> parse_outcome(std::string_view token);
std::optional<State> parse_state(std::string_view token);
std::optional<Reason> parse_reason(std::string_view token);
std::optional<Direction> parse_direction(std::string_view token);

using ProspectId = std::int64_t;

struct Prospect {
    ProspectId id = 0;
    std::string name;
    std::string company;
    std::string email;
    std::string phone;
    std::string address;  // postal: makes mail and visit reachable
    std::string social;   // a profile URL or handle
    std::string referrer; // a person we both know: makes referral reachable
    std::optional<Channel> preferred_channel;
    Stage stage = Stage::lead;
    std::int64_t value = 0;
    std::vector<std::string> tags;
    std::string top_priority;
    std::string cadence; // empty: by tag, else "default"
    std::string notes;
    Date created_on;
    std::optional<Date> first_touch_on;      // add --next: overrides the config's first_touch
    std::optional<TimeOfDay> first_touch_at; // add --next DATE TIME: its local time
    std::optional<Outcome> outcome;
    std::optional<Date> closed_on;
    std::string close_note;
    std::optional<Date> cooling_since;
    std::optional<Date> cooling_until;
    // `snooze`: the next action waits until snooze_until (set on snoozed_on).
    std::optional<Date> snoozed_on;
    std::optional<Date> snooze_until;
    // A delivery failure came back for `email` (`mail sync`): email is not
    // suggested until the address is edited.
    bool email_bouncing = false;
    // Who it belongs to: on a team database the role that added it or was
    // assigned it; in a file, the local user. Read, never written: the
    // database decides it.
    std::string owner;
    bool operator==(const Prospect&) const = default;
};

struct Touch {
    std::int64_t id = 0;
    ProspectId prospect_id = 0;
    Date on;
    Direction direction = Direction::out;
    Channel channel = Channel::email;
    std::optional<Purpose> purpose; // outbound and conversations
    std::string note;
    std::optional<Date> next_step_on;         // the booked next step agreed in this touch
    std::optional<Channel> next_step_channel; // how that step is to happen (--next-channel)
    std::optional<TimeOfDay> next_step_time;  // local; none: an all-day step
    int next_step_minutes = 0;                // its length, with a time
    std::string next_step_uid;                // its calendar event's UID (a random UUID)
    bool out_of_office = false;               // an auto-reply: not a real reply
    std::optional<Date> away_until;           // with out_of_office: hold follow-ups until then
    // `mail sync`: the message it was logged from (empty for a hand-logged
    // touch), and whether its purpose was the day's suggestion rather than a
    // matching draft's. Read with notes only (not in the covering index).
    std::string message_id;
    bool purpose_inferred = false;
    std::optional<int> draft_variant; // the built-in draft it was written from
};

// An attempt of ours: an outbound touch or a conversation.
inline bool is_attempt(const Touch& touch) {
    return touch.direction != Direction::in;
}

// A real answer: a reply (not an out-of-office one) or a conversation. It
// ends the streak and a cool-down.
inline bool is_answer(const Touch& touch) {
    return touch.direction == Direction::both ||
           (touch.direction == Direction::in && !touch.out_of_office);
}

// What is stored on a prospect so that `due` reads only the rows that are due.
struct NextAction {
    Date due_on;
    Reason reason = Reason::cadence;
    bool operator==(const NextAction&) const = default;
};

} // namespace followup
