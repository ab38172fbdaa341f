#pragma once

// The calendar module (calendar.so, with libical and the ICU libraries it
// needs): the iCalendar text of `followup calendar` (calendar.hpp). The
// followup binary loads it when `calendar` runs (src/module/module.hpp), so
// that other commands start without libical.

#include "followup/calendar.hpp"
#include "module/module.hpp"

#include <ctime>
#include <span>
#include <string>

namespace followup {

struct CalendarModule {
    ModuleHeader header;
    std::string (*icalendar_text)(std::span<const CalendarEntry> entries, const std::string& zone,
                                  std::time_t now);
};

} // namespace followup

extern "C" const followup::ModuleHeader* followup_module_calendar();
