#include "followup/date.hpp"

#include "followup/error.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <ctime>
#include <fmt/format.h>

namespace followup {

namespace {

using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int min_year = 1900;
constexpr int max_year = 2999;
// Relative dates further out than this are almost certainly typos.
constexpr int max_relative_days = 36500;

year_month_day civil(Date date) {
    return year_month_day{sys_days{std::chrono::days{date.days()}}};
}

std::optional<int> parse_count(std::string_view digits) {
    // Digits only: from_chars would take a sign.
    if (digits.empty() || digits.size() > 6 || digits.front() < '0' || digits.front() > '9') {
        return std::nullopt;
    }
    int value = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc{} || end != digits.data() + digits.size()) {
        return std::nullopt;
    }
    return value;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::optional<int> weekday_index(std::string_view text) {
    static constexpr std::array<std::string_view, 7> names = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    const std::string lower = lowercase(text);
    for (int i = 0; i < 7; ++i) {
        const auto& name = names[static_cast<std::size_t>(i)];
        if (lower == name || (lower.size() == 3 && name.substr(0, 3) == lower)) {
            return i;
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<Date> Date::from_ymd(int year_value, int month_value, int day_value) {
    if (year_value < min_year || year_value > max_year || month_value < 1 || month_value > 12 ||
        day_value < 1 || day_value > 31) {
        return std::nullopt;
    }
    const year_month_day ymd{std::chrono::year{year_value},
                             std::chrono::month{static_cast<unsigned>(month_value)},
                             std::chrono::day{static_cast<unsigned>(day_value)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    return from_days(static_cast<std::int32_t>(sys_days{ymd}.time_since_epoch().count()));
}

int Date::year() const {
    return static_cast<int>(civil(*this).year());
}
int Date::month() const {
    return static_cast<int>(static_cast<unsigned>(civil(*this).month()));
}
int Date::day() const {
    return static_cast<int>(static_cast<unsigned>(civil(*this).day()));
}

int Date::weekday() const {
    // 1970-01-01 was a Thursday (index 3).
    const int index = (days_ + 3) % 7;
    return index < 0 ? index + 7 : index;
}

std::string Date::iso() const {
    // Every date printed or stored comes through here: one calendar
    // conversion and the digits by hand, not three conversions and a format.
    const year_month_day ymd = civil(*this);
    const int year_value = static_cast<int>(ymd.year());
    if (year_value < 0 || year_value > 9999) {
        return fmt::format("{:04}-{:02}-{:02}", year_value, static_cast<unsigned>(ymd.month()),
                           static_cast<unsigned>(ymd.day()));
    }
    std::string text = "0000-00-00";
    const auto put = [&](std::size_t end, unsigned value) {
        for (std::size_t at = end; value > 0; value /= 10) {
            text[--at] = static_cast<char>('0' + value % 10);
        }
    };
    put(4, static_cast<unsigned>(year_value));
    put(7, static_cast<unsigned>(ymd.month()));
    put(10, static_cast<unsigned>(ymd.day()));
    return text;
}

Date Date::plus_months(int count) const {
    const year_month_day ymd = civil(*this);
    const int total = static_cast<int>(ymd.year()) * 12 +
                      static_cast<int>(static_cast<unsigned>(ymd.month())) - 1 + count;
    const std::chrono::year target_year{total / 12};
    const std::chrono::month target_month{static_cast<unsigned>(total % 12 + 1)};
    const std::chrono::year_month_day_last last{target_year / target_month / std::chrono::last};
    const std::chrono::day target_day = std::min(ymd.day(), last.day());
    return from_days(
        static_cast<std::int32_t>(sys_days{year_month_day{target_year, target_month, target_day}}
                                      .time_since_epoch()
                                      .count()));
}

std::optional<Date> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    // Every stored date comes through here: digits by hand, no from_chars.
    const auto number = [&](std::size_t from, std::size_t count) {
        int value = 0;
        for (std::size_t i = from; i < from + count; ++i) {
            if (text[i] < '0' || text[i] > '9') {
                return -1;
            }
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    const int y = number(0, 4);
    const int m = number(5, 2);
    const int d = number(8, 2);
    if (y < 0 || m < 0 || d < 0) {
        return std::nullopt;
    }
    return Date::from_ymd(y, m, d);
}

Date parse_date(std::string_view text, Date today) {
    const auto invalid = [&](std::string_view why) {
        return UsageError(fmt::format("invalid date '{}': {}", text, why));
    };
    if (text.empty()) {
        throw invalid("empty (use YYYY-MM-DD, today, tomorrow, +3d, -2w, +1m or a weekday)");
    }
    if (text.size() == 10 && text[4] == '-') {
        if (auto date = parse_iso_date(text)) {
            return *date;
        }
        throw invalid("no such day, or a year outside 1900-2999");
    }
    const std::string lower = lowercase(text);
    if (lower == "today") {
        return today;
    }
    if (lower == "yesterday") {
        return today.plus_days(-1);
    }
    if (lower == "tomorrow") {
        return today.plus_days(1);
    }
    if (lower[0] == '+' || lower[0] == '-') {
        const int sign = lower[0] == '+' ? 1 : -1;
        auto duration = try_parse_duration(std::string_view(lower).substr(1));
        if (!duration) {
            throw invalid("expected a count and a unit, like +3d, -2w or +1m");
        }
        const Date result = sign > 0 ? duration->after(today) : duration->before(today);
        if (!Date::from_ymd(result.year(), result.month(), result.day())) {
            throw invalid("too far from today");
        }
        return result;
    }
    if (auto weekday = weekday_index(lower)) {
        int ahead = (*weekday - today.weekday() + 7) % 7;
        return today.plus_days(ahead == 0 ? 7 : ahead);
    }
    throw invalid("use YYYY-MM-DD, today, yesterday, tomorrow, +3d, -2w, +1m or a weekday name");
}

std::optional<Duration> try_parse_duration(std::string_view text) {
    if (text.size() < 2) {
        return std::nullopt;
    }
    Duration duration;
    switch (text.back()) {
    case 'd':
    case 'D':
        duration.unit = Duration::Unit::days;
        break;
    case 'w':
    case 'W':
        duration.unit = Duration::Unit::weeks;
        break;
    case 'm':
    case 'M':
        duration.unit = Duration::Unit::months;
        break;
    default:
        return std::nullopt;
    }
    const auto count = parse_count(text.substr(0, text.size() - 1));
    if (!count) {
        return std::nullopt;
    }
    const int days_per_unit = duration.unit == Duration::Unit::days    ? 1
                              : duration.unit == Duration::Unit::weeks ? 7
                                                                       : 31;
    if (*count > max_relative_days / days_per_unit) {
        return std::nullopt;
    }
    duration.count = *count;
    return duration;
}

Duration parse_duration(std::string_view text) {
    auto duration = try_parse_duration(text);
    if (!duration || duration->count == 0) {
        throw UsageError(fmt::format(
            "invalid duration '{}': use a positive count and a unit, like 10d, 2w or 3m", text));
    }
    return *duration;
}

Date Duration::after(Date start) const {
    switch (unit) {
    case Unit::days:
        return start.plus_days(count);
    case Unit::weeks:
        return start.plus_days(count * 7);
    case Unit::months:
        return start.plus_months(count);
    }
    return start;
}

Date Duration::before(Date end) const {
    switch (unit) {
    case Unit::days:
        return end.plus_days(-count);
    case Unit::weeks:
        return end.plus_days(-count * 7);
    case Unit::months:
        return end.plus_months(-count);
    }
    return end;
}

std::string Duration::text() const {
    const char suffix = unit == Unit::days ? 'd' : unit == Unit::weeks ? 'w' : 'm';
    return fmt::format("{}{}", count, suffix);
}

std::string TimeOfDay::text() const {
    return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

std::optional<TimeOfDay> parse_time_of_day(std::string_view text) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) {
        return std::nullopt;
    }
    const auto hours = parse_count(text.substr(0, colon));
    const auto minutes = parse_count(text.substr(colon + 1));
    if (!hours || !minutes || *hours > 23 || *minutes > 59) {
        return std::nullopt;
    }
    return TimeOfDay{*hours * 60 + *minutes};
}

namespace {

// The local broken-down time of a day and time (tm_isdst left to mktime):
// empty when the zone skips that time.
std::optional<std::tm> local_moment(Date day, TimeOfDay at, std::time_t& seconds) {
    std::tm local{};
    seconds = local_seconds(day, at, local);
    if (local.tm_hour != at.minutes / 60 || local.tm_min != at.minutes % 60 ||
        local.tm_mday != day.day()) {
        return std::nullopt;
    }
    return local;
}

} // namespace

std::time_t local_seconds(Date day, TimeOfDay at, std::tm& local) {
    local = std::tm{};
    local.tm_year = day.year() - 1900;
    local.tm_mon = day.month() - 1;
    local.tm_mday = day.day();
    local.tm_hour = at.minutes / 60;
    local.tm_min = at.minutes % 60;
    local.tm_isdst = -1;
    return std::mktime(&local);
}

std::optional<std::string> local_iso_with_offset(Date day, TimeOfDay at) {
    std::time_t seconds = 0;
    const auto local = local_moment(day, at, seconds);
    if (!local) {
        return std::nullopt;
    }
    const long offset = local->tm_gmtoff;
    const long magnitude = offset < 0 ? -offset : offset;
    return fmt::format("{}T{}:00{}{:02}:{:02}", day.iso(), at.text(), offset < 0 ? '-' : '+',
                       magnitude / 3600, (magnitude % 3600) / 60);
}

DayAndTime parse_day_and_time(std::string_view text, Date today) {
    DayAndTime result;
    std::string_view day_text = text;
    std::string_view time_text;
    if (text.size() > 11 && text[4] == '-' && (text[10] == 'T' || text[10] == 't')) {
        day_text = text.substr(0, 10);
        time_text = text.substr(11);
    } else if (const std::size_t space = text.find_last_of(' ');
               space != std::string_view::npos && text.find(':') != std::string_view::npos) {
        day_text = text.substr(0, space);
        while (!day_text.empty() && day_text.back() == ' ') {
            day_text.remove_suffix(1);
        }
        time_text = text.substr(space + 1);
    }
    if (time_text.empty() && text.find(':') != std::string_view::npos) {
        throw UsageError(fmt::format("invalid time in '{}': give the day, then the time, as in "
                                     "'wed 15:00' or 2026-12-09T15:00",
                                     text));
    }
    result.day = parse_date(day_text, today);
    if (!time_text.empty()) {
        result.at = parse_time_of_day(time_text);
        if (!result.at) {
            throw UsageError(fmt::format("invalid time '{}': use HH:MM on a 24-hour clock, "
                                         "like 9:30 or 15:00",
                                         time_text));
        }
        if (!local_iso_with_offset(result.day, *result.at)) {
            throw UsageError(fmt::format("{} {} does not exist in the local time zone (a "
                                         "daylight-saving change skips it); pick another time",
                                         result.day.iso(), result.at->text()));
        }
    }
    return result;
}

int parse_meeting_minutes(std::string_view text) {
    const auto invalid = [&] {
        return UsageError(fmt::format(
            "invalid duration '{}': use minutes or hours, like 45m, 1h or 1h30m", text));
    };
    int total = 0;
    std::string_view rest = text;
    if (const std::size_t h = rest.find_first_of("hH"); h != std::string_view::npos) {
        const auto hours = parse_count(rest.substr(0, h));
        if (!hours || *hours > 24) {
            throw invalid();
        }
        total = *hours * 60;
        rest = rest.substr(h + 1);
    }
    if (!rest.empty()) {
        if (rest.back() != 'm' && rest.back() != 'M') {
            throw invalid();
        }
        const auto minutes = parse_count(rest.substr(0, rest.size() - 1));
        if (!minutes || *minutes > 1440) {
            throw invalid();
        }
        total += *minutes;
    }
    if (total < 1 || total > 1440) {
        throw invalid();
    }
    return total;
}

Date local_today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return *Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

bool BusinessCalendar::is_working_day(Date day) const {
    if (business_days_ && day.weekday() >= 5) {
        return false;
    }
    return !holidays_.contains(day);
}

Date BusinessCalendar::working_day_on_or_after(Date day) const {
    // Bounded so that a calendar with every day a holiday cannot loop forever.
    for (int guard = 0; guard < 3660 && !is_working_day(day); ++guard) {
        day = day.plus_days(1);
    }
    return day;
}

Date BusinessCalendar::working_day_on_or_before(Date day) const {
    for (int guard = 0; guard < 3660 && !is_working_day(day); ++guard) {
        day = day.plus_days(-1);
    }
    return day;
}

Date BusinessCalendar::add_working_days(Date start, int count) const {
    if (count == 0) {
        return working_day_on_or_after(start);
    }
    Date day = start;
    int remaining = count;
    for (int guard = 0; remaining > 0 && guard < 36600; ++guard) {
        day = day.plus_days(1);
        if (is_working_day(day)) {
            --remaining;
        }
    }
    return day;
}

} // namespace followup
