#include "followup/calendar.hpp"

#include "commands.hpp"
#include "followup/advice.hpp"
#include "followup/error.hpp"
#include "io/calendar_module.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

namespace followup {

namespace {

std::string start_text(Date day, std::optional<TimeOfDay> at) {
    return at ? fmt::format("{}T{}", day.iso(), at->text()) : day.iso();
}

// The day and time back from start_text().
CalendarEntry entry_of(const CalendarEventRecord& record) {
    CalendarEntry entry;
    entry.uid = record.uid;
    entry.sequence = record.sequence;
    entry.cancelled = record.status == "cancelled";
    entry.summary = record.summary;
    entry.description = record.description;
    const auto day = parse_iso_date(std::string_view(record.start).substr(0, 10));
    if (!day) {
        throw Error(
            fmt::format("the database holds an invalid calendar event start: '{}'", record.start));
    }
    entry.day = *day;
    if (record.start.size() > 11) {
        entry.at = parse_time_of_day(std::string_view(record.start).substr(11));
    }
    entry.minutes = record.minutes;
    return entry;
}

std::string who(const Prospect& prospect) {
    return prospect.company.empty() ? prospect.name
                                    : fmt::format("{} ({})", prospect.name, prospect.company);
}

// The file, written whole under a temporary name and renamed over the old one.
void write_file(const std::string& path, const std::string& text) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            std::remove(temporary.c_str());
            throw Error(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        std::remove(temporary.c_str());
        throw Error(fmt::format("cannot write {}: {}", path, std::strerror(error)));
    }
}

} // namespace

int run_calendar(const Context& context, const CalendarOptions& options) {
    // libical, through the calendar module: loaded before anything is written.
    const auto& module =
        reinterpret_cast<const CalendarModule&>(load_module("calendar", "Calendar"));
    Store store = context.open(Access::write);
    std::vector<CalendarEntry> entries;
    store.write(context.config, context.today, [&] {
        entries.clear(); // a write run again starts afresh
        std::map<std::string, CalendarEventRecord> known;
        std::map<ProspectId, std::string> due_uid; // the open due event of each prospect
        for (CalendarEventRecord& record : store.calendar_events()) {
            if (record.kind == "due" && record.status == "confirmed") {
                due_uid[record.prospect_id] = record.uid;
            }
            known.emplace(record.uid, std::move(record));
        }
        std::set<std::string> current;
        const auto export_event = [&](CalendarEventRecord wanted) {
            const auto found = known.find(wanted.uid);
            if (found != known.end()) {
                const CalendarEventRecord& last = found->second;
                const bool same = last.start == wanted.start && last.minutes == wanted.minutes &&
                                  last.summary == wanted.summary &&
                                  last.description == wanted.description &&
                                  last.status == wanted.status;
                wanted.sequence = same ? last.sequence : last.sequence + 1;
            }
            store.save_calendar_event(wanted);
            current.insert(wanted.uid);
            entries.push_back(entry_of(wanted));
        };
        // Writes as it goes: the backend has read each history before it is visited.
        for_each_view(
            store, store.open_prospects(), context, Notes::read, [&](ProspectView&& view) {
                const ProspectId id = view.prospect.id;
                const Assessment& a = view.assessment;
                if (a.booked_on) {
                    // The touch that booked the step: the latest with that day.
                    const auto booking =
                        std::find_if(view.touches.rbegin(), view.touches.rend(),
                                     [&](const Touch& t) { return t.next_step_on == a.booked_on; });
                    if (booking == view.touches.rend()) {
                        return;
                    }
                    std::string uid = booking->next_step_uid;
                    if (uid.empty()) {
                        uid = random_uuid();
                        store.set_next_step_uid(booking->id, uid);
                    }
                    const Suggestion suggestion = suggest(view.prospect, view.touches, a);
                    CalendarEventRecord event;
                    event.uid = uid;
                    event.prospect_id = id;
                    event.kind = "booked";
                    event.start = start_text(*a.booked_on, booking->next_step_time);
                    event.minutes = booking->next_step_time ? booking->next_step_minutes : 0;
                    event.summary = fmt::format("{} with {}", to_string(suggestion.channel),
                                                who(view.prospect));
                    event.description =
                        view.prospect.top_priority.empty()
                            ? fmt::format("Booked on {} (followup).", booking->on.iso())
                            : fmt::format("Top priority: {}\nBooked on {} (followup).",
                                          view.prospect.top_priority, booking->on.iso());
                    event.status = "confirmed";
                    export_event(std::move(event));
                } else if (options.due && a.next && a.next->due_on <= context.today) {
                    const Suggestion suggestion = suggest(view.prospect, view.touches, a);
                    CalendarEventRecord event;
                    const auto open = due_uid.find(id);
                    event.uid = open != due_uid.end() ? open->second : random_uuid();
                    event.prospect_id = id;
                    event.kind = "due";
                    event.start = context.today.iso(); // overdue ones today
                    event.summary =
                        fmt::format("Follow up with {}: {} {}", who(view.prospect),
                                    to_string(suggestion.channel), to_string(suggestion.purpose));
                    event.description =
                        view.prospect.top_priority.empty()
                            ? suggestion.reason
                            : fmt::format("Top priority: {}\n{}", view.prospect.top_priority,
                                          suggestion.reason);
                    event.status = "confirmed";
                    export_event(std::move(event));
                }
            });
        // Gone since the last export (held, cancelled, closed, deleted):
        // written once as cancelled so calendars drop it, then forgotten.
        for (auto& [uid, record] : known) {
            if (current.contains(uid) || record.status == "cancelled") {
                continue;
            }
            record.status = "cancelled";
            record.sequence += 1;
            store.save_calendar_event(record);
            entries.push_back(entry_of(record));
        }
    });
    const std::string text = module.icalendar_text(entries, local_zone_name(), std::time(nullptr));
    if (options.output.empty() || options.output == "-") {
        context.out << text;
    } else {
        write_file(options.output, text);
    }
    return 0;
}

} // namespace followup
