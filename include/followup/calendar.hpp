#pragma once

#include "followup/date.hpp"

#include <ctime>
#include <optional>
#include <span>
#include <string>

namespace followup {

// One VEVENT of `followup calendar`.
struct CalendarEntry {
    std::string uid;
    int sequence = 0;
    bool cancelled = false;
    std::string summary;
    std::string description;
    Date day;
    std::optional<TimeOfDay> at; // none: an all-day event
    int minutes = 30;            // with `at`
};

// The Olson name of the local time zone: TZ (":Europe/Madrid" and paths
// under zoneinfo/ too), else the link /etc/localtime, else "UTC".
std::string local_zone_name();

// An RFC 5545 VCALENDAR (CRLF lines), written with libical: timed events in
// `zone` with a VTIMEZONE whose TZID is the plain Olson name (UTC times when
// libical does not know the zone), a display alarm 10 minutes before each
// timed event that is not cancelled. `now` is the DTSTAMP.
std::string icalendar_text(std::span<const CalendarEntry> entries, const std::string& zone,
                           std::time_t now);

} // namespace followup
