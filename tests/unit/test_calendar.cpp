#include "builders.hpp"
#include "followup/calendar.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>
#include <vector>

using namespace followup;
using followup::test::d;

namespace {

std::vector<CalendarEntry> meeting_and_all_day() {
    CalendarEntry meeting;
    meeting.uid = "0b6c1c1e-5d0f-4a57-9d0e-3f9a3c1b2a10";
    meeting.sequence = 2;
    meeting.summary = "call with Ada; Lovelace, (Analytical)";
    meeting.day = d("2026-12-09");
    meeting.at = TimeOfDay{15 * 60};
    meeting.minutes = 45;
    CalendarEntry all_day;
    all_day.uid = "5a1f9c2e-0000-4000-8000-000000000001";
    all_day.summary = "Follow up with Bob";
    all_day.day = d("2026-12-10");
    all_day.cancelled = true;
    return {meeting, all_day};
}

} // namespace

TEST_CASE("icalendar_text: plain Olson TZID with its VTIMEZONE, alarm, all-day events",
          "[calendar]") {
    const std::string text = icalendar_text(meeting_and_all_day(), "Europe/Madrid", 0);
    CHECK(text.find("freeassociation") == std::string::npos);
    CHECK(text.find("BEGIN:VTIMEZONE\r\nTZID:Europe/Madrid\r\n") != std::string::npos);
    CHECK(text.find("DTSTART;TZID=Europe/Madrid:20261209T150000\r\n") != std::string::npos);
    CHECK(text.find("DTEND;TZID=Europe/Madrid:20261209T154500\r\n") != std::string::npos);
    CHECK(text.find("TRIGGER:-PT10M\r\n") != std::string::npos);
    CHECK(text.find("SEQUENCE:2\r\n") != std::string::npos);
    CHECK(text.find("SUMMARY:call with Ada\\; Lovelace\\, (Analytical)\r\n") != std::string::npos);
    CHECK(text.find("DTSTART;VALUE=DATE:20261210\r\n") != std::string::npos);
    CHECK(text.find("STATUS:CANCELLED\r\n") != std::string::npos);
    CHECK(text.find("DTSTAMP:19700101T000000Z\r\n") != std::string::npos);
}

TEST_CASE("icalendar_text: a zone libical does not know is written in UTC", "[calendar]") {
    const char* old = std::getenv("TZ");
    const std::string saved = old ? old : "";
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    const std::string text = icalendar_text(meeting_and_all_day(), "UTC", 0);
    if (old) {
        ::setenv("TZ", saved.c_str(), 1);
    } else {
        ::unsetenv("TZ");
    }
    ::tzset();
    CHECK(text.find("VTIMEZONE") == std::string::npos);
    CHECK(text.find("DTSTART:20261209T150000Z\r\n") != std::string::npos);
}
