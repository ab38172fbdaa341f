// The entry point of calendar.so (see calendar_module.hpp).

#include "io/calendar_module.hpp"

namespace {

const followup::CalendarModule table = {
    {followup::module_abi, FOLLOWUP_MODULE_VERSION},
    [](std::span<const followup::CalendarEntry> entries, const std::string& zone, std::time_t now) {
        return followup::icalendar_text(entries, zone, now);
    },
};

} // namespace

extern "C" __attribute__((visibility("default"))) const followup::ModuleHeader*
followup_module_calendar() {
    return &table.header;
}
