#include "followup/calendar.hpp"

#include "followup/error.hpp"

#include <cstdlib>
#include <fmt/format.h>
#include <libical/ical.h>
#include <memory>

namespace followup {

namespace {

struct ComponentFree {
    void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

icaltimetype date_of(Date day) {
    icaltimetype time = icaltime_null_date();
    time.year = day.year();
    time.month = day.month();
    time.day = day.day();
    return time;
}

icaltimetype local_time_of(Date day, TimeOfDay at) {
    icaltimetype time = icaltime_null_time();
    time.year = day.year();
    time.month = day.month();
    time.day = day.day();
    time.hour = at.minutes / 60;
    time.minute = at.minutes % 60;
    return time;
}

// The same wall-clock time in UTC, through the process's zone.
icaltimetype utc_time_of(Date day, TimeOfDay at) {
    std::tm local{};
    const std::time_t seconds = local_seconds(day, at, local);
    return icaltime_from_timet_with_zone(seconds, 0, icaltimezone_get_utc_timezone());
}

// A VTIMEZONE named by the plain Olson name, from libical's built-in zone
// (whose TZID carries a /freeassociation.sourceforge.net/ prefix that other
// parsers reject), cut to the years the events need.
Component vtimezone(icaltimezone* builtin, const std::string& zone, Date earliest) {
    Component vtz(icalcomponent_new_clone(icaltimezone_get_component(builtin)));
    icaltimetype start = icaltime_null_time();
    start.year = earliest.year() - 1;
    start.month = 1;
    start.day = 1;
    start = icaltime_convert_to_zone(start, icaltimezone_get_utc_timezone());
    icaltimezone_truncate_vtimezone(vtz.get(), start, icaltime_null_time(), 0);
    if (icalproperty* tzid = icalcomponent_get_first_property(vtz.get(), ICAL_TZID_PROPERTY)) {
        icalproperty_set_tzid(tzid, zone.c_str());
    }
    // X-LIC-LOCATION repeats the name; leave only the standard properties.
    while (icalproperty* location = icalcomponent_get_first_property(vtz.get(), ICAL_X_PROPERTY)) {
        icalcomponent_remove_property(vtz.get(), location);
        icalproperty_free(location);
    }
    return vtz;
}

// Text from the database: control characters other than a line break (which
// libical escapes) have no place in iCalendar text.
std::string printable(const std::string& text) {
    std::string result = text;
    for (char& c : result) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\n') || byte == 0x7f) {
            c = ' ';
        }
    }
    return result;
}

} // namespace

std::string icalendar_text(std::span<const CalendarEntry> entries, const std::string& zone,
                           std::time_t now) {
    Component calendar(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
    icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(calendar.get(),
                               icalproperty_new_prodid("-//followup//followup//EN"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));

    icaltimezone* builtin = nullptr;
    if (zone != "UTC" && zone != "Etc/UTC") {
        builtin = icaltimezone_get_builtin_timezone(zone.c_str());
    }
    std::optional<Date> earliest;
    for (const CalendarEntry& entry : entries) {
        if (entry.at && (!earliest || entry.day < *earliest)) {
            earliest = entry.day;
        }
    }
    if (builtin && earliest) {
        icalcomponent_add_component(calendar.get(), vtimezone(builtin, zone, *earliest).release());
    }
    const icaltimetype stamp =
        icaltime_from_timet_with_zone(now, 0, icaltimezone_get_utc_timezone());
    for (const CalendarEntry& entry : entries) {
        icalcomponent* event = icalcomponent_new(ICAL_VEVENT_COMPONENT);
        icalcomponent_add_component(calendar.get(), event);
        icalcomponent_add_property(event, icalproperty_new_uid(entry.uid.c_str()));
        icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
        icalcomponent_add_property(event, icalproperty_new_sequence(entry.sequence));
        icalcomponent_add_property(event, icalproperty_new_status(entry.cancelled
                                                                      ? ICAL_STATUS_CANCELLED
                                                                      : ICAL_STATUS_CONFIRMED));
        icalcomponent_add_property(event,
                                   icalproperty_new_summary(printable(entry.summary).c_str()));
        if (!entry.description.empty()) {
            icalcomponent_add_property(
                event, icalproperty_new_description(printable(entry.description).c_str()));
        }
        if (entry.at) {
            const TimeOfDay end_at{(entry.at->minutes + entry.minutes) % (24 * 60)};
            const Date end_day =
                entry.day.plus_days((entry.at->minutes + entry.minutes) / (24 * 60));
            if (builtin) {
                icalproperty* start = icalproperty_new_dtstart(local_time_of(entry.day, *entry.at));
                icalproperty_add_parameter(start, icalparameter_new_tzid(zone.c_str()));
                icalcomponent_add_property(event, start);
                icalproperty* end = icalproperty_new_dtend(local_time_of(end_day, end_at));
                icalproperty_add_parameter(end, icalparameter_new_tzid(zone.c_str()));
                icalcomponent_add_property(event, end);
            } else {
                icalcomponent_add_property(
                    event, icalproperty_new_dtstart(utc_time_of(entry.day, *entry.at)));
                icalcomponent_add_property(event,
                                           icalproperty_new_dtend(utc_time_of(end_day, end_at)));
            }
            if (!entry.cancelled) {
                icalcomponent* alarm = icalcomponent_new(ICAL_VALARM_COMPONENT);
                icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
                icalcomponent_add_property(
                    alarm, icalproperty_new_description(printable(entry.summary).c_str()));
                icaltriggertype trigger{};
                trigger.time = icaltime_null_time();
                trigger.duration = icaldurationtype_from_int(-10 * 60);
                icalcomponent_add_property(alarm, icalproperty_new_trigger(trigger));
                icalcomponent_add_component(event, alarm);
            }
        } else {
            icalcomponent_add_property(event, icalproperty_new_dtstart(date_of(entry.day)));
            icalcomponent_add_property(event,
                                       icalproperty_new_dtend(date_of(entry.day.plus_days(1))));
            icalcomponent_add_property(event, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
        }
    }
    char* text = icalcomponent_as_ical_string_r(calendar.get());
    if (!text) {
        throw Error("cannot write the calendar");
    }
    std::string result(text);
    std::free(text);
    return result;
}

} // namespace followup
