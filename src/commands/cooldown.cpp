#include "commands.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <fmt/format.h>
#include <ostream>

namespace followup {

namespace {

int list_cooling(const Context& context, const CooldownOptions& options) {
    const Format format = format_option(options.format);
    const Store store = context.open(Access::read);
    const OwnerScope scope = owner_scope(store, options.owners);
    nlohmann::json rows = nlohmann::json::array();
    // In the order cooling_prospects() gives: the soonest end first.
    const std::vector<ProspectId> cooling = store.cooling_prospects(scope);
    for (const ProspectView& view :
         views_in_order(store, cooling, context, Notes::skip, [](const ProspectView& candidate) {
             return candidate.assessment.state == State::cooling;
         })) {
        const ProspectId id = view.prospect.id;
        // Days left until it is due again: its end, moved off a weekend or holiday.
        const Date ends = view.assessment.next->due_on;
        rows.push_back({{"id", id},
                        {"name", view.prospect.name},
                        {"company", view.prospect.company},
                        {"status", "cooling"},
                        {"cooling_since", view.prospect.cooling_since
                                              ? nlohmann::json(view.prospect.cooling_since->iso())
                                              : nlohmann::json()},
                        {"cooling_until", view.prospect.cooling_until->iso()},
                        {"days_left", days_between(context.today, ends)},
                        {"suggestion", ""}});
    }
    for_each_view(
        store, store.open_prospects(scope), context, Notes::skip, [&](ProspectView&& view) {
            const ProspectId id = view.prospect.id;
            if (!view.assessment.overheated || view.assessment.state == State::cooling) {
                return;
            }
            rows.push_back({{"id", id},
                            {"name", view.prospect.name},
                            {"company", view.prospect.company},
                            {"status", "overheated"},
                            {"cooling_since", nullptr},
                            {"cooling_until", nullptr},
                            {"days_left", nullptr},
                            {"suggestion", fmt::format("followup cooldown {} --for {}", id,
                                                       context.config.cooldown_default.text())}});
        });
    const std::vector<Column> columns = {
        {"id", "ID"},
        {"name", "NAME"},
        {"company", "COMPANY"},
        {"status", "STATUS"},
        {"cooling_until", "UNTIL"},
        {"days_left", "DAYS LEFT"},
        {"suggestion", "SUGGESTION"},
    };
    write_list(context.out, format, columns, rows, context.style);
    if (rows.empty() && format != Format::json && context.stderr_terminal) {
        context.err << "No prospects are cooling down or overheated.\n";
    }
    return 0;
}

} // namespace

int run_cooldown(const Context& context, const CooldownOptions& options) {
    const int chosen = (options.for_duration.empty() ? 0 : 1) + (options.until.empty() ? 0 : 1) +
                       (options.end ? 1 : 0);
    if (options.prospect.empty()) {
        if (chosen > 0) {
            throw UsageError("--for, --until and --end need a PROSPECT");
        }
        return list_cooling(context, options);
    }
    if (chosen > 1) {
        throw UsageError("use one of --for, --until and --end");
    }
    if (options.owners.everyone || !options.owners.owner.empty()) {
        throw UsageError("--owner and --everyone choose whose cool-downs are listed: give no "
                         "PROSPECT with them");
    }
    check_typed_text("PROSPECT", options.prospect);
    std::optional<Date> until;
    if (!options.until.empty()) {
        until = parse_date(options.until, context.today);
    } else if (!options.end) {
        const Duration length = options.for_duration.empty() ? context.config.cooldown_default
                                                             : parse_duration(options.for_duration);
        until = length.after(context.today);
    }
    if (until && *until <= context.today) {
        throw UsageError(fmt::format("--until {} is not in the future", until->iso()));
    }

    Store store = context.open(Access::write);
    ProspectView view;
    std::optional<NextAction> next;
    store.write(context.config, context.today, [&] {
        const ProspectId id = store.resolve(options.prospect);
        view = view_of(store, id, context);
        if (view.prospect.outcome) {
            throw Error(
                fmt::format("{} is closed; nothing to cool down", display_name(view.prospect)));
        }
        if (options.end) {
            // Pending: cooling now, or due for the reheat, or behind a booked step.
            const bool pending =
                view.prospect.cooling_until &&
                (view.assessment.state == State::cooling ||
                 (view.assessment.next && view.assessment.next->reason == Reason::reheat) ||
                 (view.assessment.booked_on && *view.prospect.cooling_until > context.today));
            if (!pending) {
                throw Error(fmt::format("{} is not cooling down", display_name(view.prospect)));
            }
            // Undoes it: the schedule is what it was before the cool-down.
            store.set_cooling(id, std::nullopt, std::nullopt);
        } else {
            store.set_cooling(id, context.today, until);
        }
    });
    next = next_after_write(store, view.prospect);
    if (options.end) {
        context.out << fmt::format("Ended the cool-down of {}; due {} ({}).\n",
                                   display_name(view.prospect), next->due_on.iso(),
                                   to_string(next->reason));
    } else {
        context.out << fmt::format("Cooling {} until {}; next: {} ({}).\n",
                                   display_name(view.prospect), until->iso(), next->due_on.iso(),
                                   to_string(next->reason));
    }
    return 0;
}

} // namespace followup
