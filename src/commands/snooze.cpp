#include "commands.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <fmt/format.h>
#include <ostream>

namespace followup {

namespace {

// WHEN as a DATE, else as a DURATION from today.
Date snooze_day(const std::string& when, Date today) {
    if (const auto length = try_parse_duration(when)) {
        return length->after(today);
    }
    return parse_date(when, today);
}

} // namespace

int run_snooze(const Context& context, const SnoozeOptions& options) {
    if (options.end && !options.until.empty()) {
        throw UsageError("--end takes only the PROSPECT");
    }
    if (!options.end && options.until.empty()) {
        throw UsageError("snooze needs WHEN: a DATE (fri, 2026-12-14) or a DURATION (3d, 2w); "
                         "or --end");
    }
    check_typed_text("PROSPECT", options.prospect);
    std::optional<Date> until;
    if (!options.end) {
        until = snooze_day(options.until, context.today);
        if (*until <= context.today) {
            throw UsageError(fmt::format("{} is not after today ({}): a snooze moves the next "
                                         "action later",
                                         until->iso(), context.today.iso()));
        }
    }

    Store store = context.open(Access::write);
    ProspectView view;
    std::optional<NextAction> next;
    store.write(context.config, context.today, [&] {
        const ProspectId id = store.resolve(options.prospect);
        view = view_of(store, id, context);
        if (view.prospect.outcome) {
            throw Error(
                fmt::format("{} is closed; nothing to snooze", display_name(view.prospect)));
        }
        if (options.end) {
            if (!view.prospect.snooze_until) {
                throw Error(fmt::format("{} is not snoozed", display_name(view.prospect)));
            }
            store.set_snooze(id, std::nullopt, std::nullopt);
        } else {
            store.set_snooze(id, context.today, until);
        }
    });
    next = next_after_write(store, view.prospect);
    if (options.end) {
        context.out << fmt::format("Ended the snooze of {}; next: {} ({}).\n",
                                   display_name(view.prospect), next->due_on.iso(),
                                   to_string(next->reason));
    } else if (next->reason == Reason::booked) {
        context.out << fmt::format("Snoozed {} until {}, but the step booked for {} still "
                                   "stands; `followup log` a new --next to move it.\n",
                                   display_name(view.prospect), until->iso(), next->due_on.iso());
    } else {
        context.out << fmt::format("Snoozed {} until {}; next: {} ({}).\n",
                                   display_name(view.prospect), until->iso(), next->due_on.iso(),
                                   to_string(next->reason));
    }
    return 0;
}

} // namespace followup
