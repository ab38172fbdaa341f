#pragma once

#include <compare>
#include <cstdint>
#include <ctime>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace followup {

// A local calendar day, stored as days since 1970-01-01.
class Date {
public:
    constexpr Date() = default;
    static constexpr Date from_days(std::int32_t days) {
        Date date;
        date.days_ = days;
        return date;
    }
    // Empty when the day does not exist (2026-02-30) or the year is outside 1900-2999.
    static std::optional<Date> from_ymd(int year, int month, int day);

    constexpr std::int32_t days() const { return days_; }
    int year() const;
    int month() const;
    int day() const;
    // 0 = Monday ... 6 = Sunday.
    int weekday() const;
    std::string iso() const;

    constexpr Date plus_days(int count) const { return from_days(days_ + count); }
    // Clamps to the end of the month: 2026-01-31 + 1 month = 2026-02-28.
    Date plus_months(int count) const;

    constexpr auto operator<=>(const Date&) const = default;

private:
    std::int32_t days_ = 0;
};

// Calendar days from `from` to `to` (negative when `to` is earlier).
constexpr int days_between(Date from, Date to) {
    return to.days() - from.days();
}

// Strict YYYY-MM-DD; empty for anything else, including impossible days.
std::optional<Date> parse_iso_date(std::string_view text);

// Every form PRODUCT.md accepts for a DATE, relative to `today`.
// Throws UsageError naming the text and the accepted forms.
Date parse_date(std::string_view text, Date today);

// A length of time typed as 10d, 2w or 3m.
struct Duration {
    enum class Unit { days, weeks, months };
    int count = 0;
    Unit unit = Unit::days;

    Date after(Date start) const;
    Date before(Date end) const;
    std::string text() const;
    bool operator==(const Duration&) const = default;
};

// Throws UsageError for anything but a positive count followed by d, w or m.
Duration parse_duration(std::string_view text);
std::optional<Duration> try_parse_duration(std::string_view text);

// A local wall-clock time of day, to the minute.
struct TimeOfDay {
    int minutes = 0; // since midnight, 0..1439
    // HH:MM
    std::string text() const;
    constexpr auto operator<=>(const TimeOfDay&) const = default;
};

// H:MM or HH:MM (24-hour clock); empty for anything else.
std::optional<TimeOfDay> parse_time_of_day(std::string_view text);

// A DATE with an optional time: every DATE form, `DATE HH:MM` (one argument,
// e.g. "wed 15:00", "tomorrow 9:30") and `YYYY-MM-DDTHH:MM`.
struct DayAndTime {
    Date day;
    std::optional<TimeOfDay> at;
};
// Throws UsageError like parse_date; also for a time that does not exist on
// that day in the local time zone (skipped by a daylight-saving change).
DayAndTime parse_day_and_time(std::string_view text, Date today);

// ISO 8601 of a local day and time with the local zone's UTC offset on that
// day, e.g. 2026-12-09T15:00:00+01:00; empty when the time does not exist there.
std::optional<std::string> local_iso_with_offset(Date day, TimeOfDay at);
// The moment that wall-clock time is in the process's zone (TZ), as mktime
// reads it (a time the zone skips is moved past the gap); `local` gets the
// broken-down time it settled on.
std::time_t local_seconds(Date day, TimeOfDay at, std::tm& local);

// A meeting's length typed as 45m, 1h or 1h30m: minutes, 1 to 1440.
// Throws UsageError for anything else.
int parse_meeting_minutes(std::string_view text);
// A booked step with a time and no --duration lasts this long.
inline constexpr int default_meeting_minutes = 30;

// Today in the process's local time zone (TZ).
Date local_today();

// Business days: Monday to Friday minus holidays, or every day when disabled.
class BusinessCalendar {
public:
    BusinessCalendar() = default;
    BusinessCalendar(bool business_days, std::set<Date> holidays)
        : business_days_(business_days), holidays_(std::move(holidays)) {}

    bool is_working_day(Date day) const;
    // The day `count` working days after `start`, counted from the day after
    // it: Saturday + 2 is Tuesday, as Friday + 2 is. Never lands on a
    // non-working day (a count of 0 is working_day_on_or_after).
    Date add_working_days(Date start, int count) const;
    // `day` itself when it is a working day, else the next one.
    Date working_day_on_or_after(Date day) const;
    // `day` itself when it is a working day, else the last one before it.
    Date working_day_on_or_before(Date day) const;

private:
    bool business_days_ = true;
    std::set<Date> holidays_;
};

} // namespace followup
