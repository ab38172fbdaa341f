// parse_date (and parse_iso_date) on any text.
//
// Input: the DATE text as typed. When the input has a newline and the line
// before it is a YYYY-MM-DD date, that line is "today" and the rest is the
// text; otherwise today is 2026-03-11.
#include "common.hpp"
#include "followup/date.hpp"

#include <cstdlib>

using followup::Date;

namespace {

bool starts_with_sign(std::string_view text, char sign) {
    return !text.empty() && text.front() == sign;
}

void check_properties(std::string_view text, Date today, Date result) {
    if (text.size() == 10 && text[4] == '-') {
        const auto iso = followup::parse_iso_date(text);
        fuzz::check(iso && *iso == result, "a YYYY-MM-DD date parses as itself");
        fuzz::check(fuzz::in_range(result), "an explicit date is within 1900-2999");
        fuzz::check(result.iso() == text, "Date::iso() gives back the YYYY-MM-DD text");
        return;
    }
    if (starts_with_sign(text, '+') || starts_with_sign(text, '-')) {
        fuzz::check(fuzz::in_range(result), "a relative date is within 1900-2999");
        fuzz::check(std::abs(followup::days_between(today, result)) <= 36500 + 31,
                    "a relative date is at most 100 years away");
        if (text.front() == '+') {
            fuzz::check(result >= today, "+N lands on or after today");
        } else {
            fuzz::check(result <= today, "-N lands on or before today");
        }
        return;
    }
    const int ahead = followup::days_between(today, result);
    fuzz::check(ahead >= -1 && ahead <= 7, "a named day is within a week of today");
    if (fuzz::in_range(result)) {
        // Whatever was typed, the day it means can be typed back as YYYY-MM-DD.
        fuzz::check(followup::parse_date(result.iso(), today) == result,
                    "parse_date(iso()) round-trips");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = fuzz::as_text(data, size);
    Date today = fuzz::fixed_today();
    if (const auto newline = text.find('\n'); newline != std::string_view::npos) {
        if (auto day = followup::parse_iso_date(text.substr(0, newline))) {
            today = *day;
            text.remove_prefix(newline + 1);
        }
    }
    if (const auto iso = followup::parse_iso_date(text)) {
        fuzz::check(fuzz::in_range(*iso), "parse_iso_date stays within 1900-2999");
        fuzz::check(followup::Date::from_ymd(iso->year(), iso->month(), iso->day()) == *iso,
                    "year/month/day round-trip through from_ymd");
    }
    fuzz::expect_only_followup_errors([&] {
        const Date result = followup::parse_date(text, today);
        check_properties(text, today, result);
    });
    return 0;
}
