// The local time zone's name, for `followup calendar`: apart from the
// iCalendar writer (calendar.cpp), which is in the calendar module.

#include "followup/calendar.hpp"

#include <climits>
#include <cstdlib>
#include <unistd.h>

namespace followup {

std::string local_zone_name() {
    std::string name;
    if (const char* tz = std::getenv("TZ"); tz && *tz) {
        name = tz;
        if (name.front() == ':') {
            name.erase(0, 1);
        }
    } else {
        char target[PATH_MAX];
        const ssize_t length = ::readlink("/etc/localtime", target, sizeof target - 1);
        if (length > 0) {
            name.assign(target, static_cast<std::size_t>(length));
        }
    }
    if (const std::size_t at = name.find("zoneinfo/"); at != std::string::npos) {
        name.erase(0, at + 9);
    }
    return name.empty() ? "UTC" : name;
}

} // namespace followup
