#include "followup/model.hpp"

#include <array>

namespace followup {

namespace {

constexpr std::array<std::string_view, 9> channels = {
    "email", "call", "voicemail", "text", "social", "mail", "visit", "video", "referral"};
constexpr std::array<std::string_view, 6> purposes = {"checkin",  "value",   "intro",
                                                      "proposal", "meeting", "reversing"};
constexpr std::array<std::string_view, 3> stages = {"lead", "engaged", "proposal"};
constexpr std::array<std::string_view, 2> outcomes = {"won", "lost"};
constexpr std::array<std::string_view, 6> states = {"active",  "booked",  "cooling",
                                                    "breakup", "nurture", "closed"};
constexpr std::array<std::string_view, 8> reasons = {
    "first-touch", "cadence", "booked", "reheat", "breakup", "nurture", "after-reply", "ooo-over"};
constexpr std::array<std::string_view, 3> directions = {"out", "in", "both"};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum value) {
    return names.at(static_cast<std::size_t>(value));
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse_token(const std::array<std::string_view, N>& names,
                                std::string_view token) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == token) {
            return static_cast<Enum>(i);
        }
    }
    return std::nullopt;
}

} // namespace

std::span<const std::string_view> channel_names() {
    return channels;
}
std::span<const std::string_view> purpose_names() {
    return purposes;
}
std::span<const std::string_view> stage_names() {
    return stages;
}
std::span<const std::string_view> state_names() {
    return states;
}
std::span<const std::string_view> reason_names() {
    return reasons;
}

std::string_view to_string(Direction value) {
    return name_of(directions, value);
}
std::string_view to_string(Channel value) {
    return name_of(channels, value);
}
std::string_view to_string(Purpose value) {
    return name_of(purposes, value);
}
std::string_view to_string(Stage value) {
    return name_of(stages, value);
}
std::string_view to_string(Outcome value) {
    return name_of(outcomes, value);
}
std::string_view to_string(State value) {
    return name_of(states, value);
}
std::string_view to_string(Reason value) {
    return name_of(reasons, value);
}

std::optional<Channel> parse_channel(std::string_view token) {
    return parse_token<Channel>(channels, token);
}
std::optional<Purpose> parse_purpose(std::string_view token) {
    return parse_token<Purpose>(purposes, token);
}
std::optional<Stage> parse_stage(std::string_view token) {
    return parse_token<Stage>(stages, token);
}
std::optional<Outcome> parse_outcome(std::string_view token) {
    return parse_token<Outcome>(outcomes, token);
}
std::optional<State> parse_state(std::string_view token) {
    return parse_token<State>(states, token);
}
std::optional<Reason> parse_reason(std::string_view token) {
    return parse_token<Reason>(reasons, token);
}
std::optional<Direction> parse_direction(std::string_view token) {
    return parse_token<Direction>(directions, token);
}

} // namespace followup
