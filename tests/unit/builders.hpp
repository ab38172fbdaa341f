#pragma once

// Small helpers to build prospects and touch histories concisely in unit tests.
// Dates are always fixed ISO days: never the clock.

#include "followup/config.hpp"
#include "followup/date.hpp"
#include "followup/model.hpp"
#include "followup/schedule.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace followup::test {

// A fixed ISO day; a typo in a test is a test bug, so it throws.
inline Date d(std::string_view iso) {
    const auto date = parse_iso_date(iso);
    if (!date) {
        throw std::invalid_argument("bad test date: " + std::string(iso));
    }
    return *date;
}

// Every built touch gets its own id, as touches read from the store do.
inline std::int64_t next_touch_id() {
    static std::int64_t id = 1000;
    return ++id;
}

// An outbound touch.
inline Touch out(std::string_view date, Channel channel = Channel::email,
                 Purpose purpose = Purpose::value, std::string note = {}) {
    Touch touch;
    touch.id = next_touch_id();
    touch.prospect_id = 1;
    touch.on = d(date);
    touch.direction = Direction::out;
    touch.channel = channel;
    touch.purpose = purpose;
    touch.note = std::move(note);
    return touch;
}

// A real reply.
inline Touch reply(std::string_view date, Channel channel = Channel::email) {
    Touch touch;
    touch.id = next_touch_id();
    touch.prospect_id = 1;
    touch.on = d(date);
    touch.direction = Direction::in;
    touch.channel = channel;
    return touch;
}

// An out-of-office auto-reply holding follow-ups until `until`.
inline Touch ooo(std::string_view date, std::string_view until) {
    Touch touch = reply(date);
    touch.out_of_office = true;
    touch.away_until = d(until);
    return touch;
}

// The same touch with a booked next step.
inline Touch booking(Touch touch, std::string_view next_step) {
    touch.next_step_on = d(next_step);
    return touch;
}

// A lead reachable by email and phone, added on Monday 2026-01-05.
inline Prospect prospect(std::string name = "Ann Lee", ProspectId id = 1) {
    Prospect p;
    p.id = id;
    p.name = std::move(name);
    p.company = "Acme";
    p.email = "ann@example.com";
    p.phone = "+1 555 0100";
    p.created_on = d("2026-01-05");
    return p;
}

inline Prospect engaged(std::string name = "Ann Lee", ProspectId id = 1) {
    Prospect p = prospect(std::move(name), id);
    p.stage = Stage::engaged;
    return p;
}

inline Assessment assess_on(const Prospect& p, const std::vector<Touch>& touches,
                            std::string_view today, const Config& config = Config{}) {
    return assess(p, touches, config, d(today));
}

} // namespace followup::test

// Readable failure messages for the domain types.
namespace Catch {

template <>
struct StringMaker<followup::Date> {
    static std::string convert(const followup::Date& date) { return date.iso(); }
};

template <>
struct StringMaker<followup::NextAction> {
    static std::string convert(const followup::NextAction& next) {
        return next.due_on.iso() + " (" + std::string(followup::to_string(next.reason)) + ")";
    }
};

#define FOLLOWUP_ENUM_STRINGMAKER(Type)                                                            \
    template <>                                                                                    \
    struct StringMaker<followup::Type> {                                                           \
        static std::string convert(followup::Type value) {                                         \
            return std::string(followup::to_string(value));                                        \
        }                                                                                          \
    };
FOLLOWUP_ENUM_STRINGMAKER(Channel)
FOLLOWUP_ENUM_STRINGMAKER(Purpose)
FOLLOWUP_ENUM_STRINGMAKER(Stage)
FOLLOWUP_ENUM_STRINGMAKER(State)
FOLLOWUP_ENUM_STRINGMAKER(Reason)
FOLLOWUP_ENUM_STRINGMAKER(Direction)
#undef FOLLOWUP_ENUM_STRINGMAKER

template <typename T>
struct StringMaker<std::optional<T>> {
    static std::string convert(const std::optional<T>& value) {
        return value ? StringMaker<T>::convert(*value) : std::string("(empty)");
    }
};

} // namespace Catch
