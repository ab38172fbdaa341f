#include "commands.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <ostream>

namespace followup {

namespace {

enum class SortKey { next, last, value, name };

SortKey sort_option(std::string_view token) {
    if (token == "next") {
        return SortKey::next;
    }
    if (token == "last") {
        return SortKey::last;
    }
    if (token == "value") {
        return SortKey::value;
    }
    if (token == "name") {
        return SortKey::name;
    }
    throw UsageError(fmt::format("invalid --sort '{}': use next, last, value or name", token));
}

// Missing dates sort last, whichever way the dates run.
int compare_dates(const std::optional<Date>& left, const std::optional<Date>& right) {
    if (left == right) {
        return 0;
    }
    if (!left) {
        return 1;
    }
    if (!right) {
        return -1;
    }
    return *left < *right ? -1 : 1;
}

std::optional<Date> next_date(const ProspectView& view) {
    return view.assessment.next ? std::optional(view.assessment.next->due_on) : std::nullopt;
}

} // namespace

int run_list(const Context& context, const ListOptions& options) {
    for (const std::string& tag : options.tags) {
        check_typed_text("--tag", tag);
    }
    const Format format = format_option(options.format);
    const SortKey sort = sort_option(options.sort);
    std::optional<State> state;
    if (!options.state.empty()) {
        state = parse_state(options.state);
        if (!state) {
            throw UsageError(fmt::format("invalid --state '{}': use active, booked, cooling, "
                                         "breakup, nurture or closed",
                                         options.state));
        }
    }
    std::optional<Stage> stage;
    if (!options.stage.empty()) {
        stage = stage_option("--stage", options.stage);
    }
    std::optional<Date> stale_before;
    if (!options.stale.empty()) {
        stale_before = parse_duration(options.stale).before(context.today);
    }
    const bool include_closed = options.all || state == State::closed;

    const Store store = context.open(Access::read);
    const OwnerScope scope = owner_scope(store, options.owners);
    std::vector<ProspectView> views;
    const auto take = [&](ProspectView&& view) {
        const Prospect& p = view.prospect;
        if ((!include_closed && p.outcome) || (state && view.assessment.state != *state) ||
            (stage && p.stage != *stage)) {
            return;
        }
        if (!std::all_of(options.tags.begin(), options.tags.end(), [&](const std::string& tag) {
                return std::find(p.tags.begin(), p.tags.end(), tag) != p.tags.end();
            })) {
            return;
        }
        // Never touched counts from the day the prospect was added.
        if (stale_before && view.assessment.last_touch.value_or(p.created_on) > *stale_before) {
            return;
        }
        views.push_back(std::move(view));
    };
    if (include_closed) {
        for_each_view(store, context, Notes::skip, take, scope);
    } else {
        for_each_view(store, store.open_prospects(scope), context, Notes::skip, take);
    }
    std::stable_sort(views.begin(), views.end(), [&](const ProspectView& l, const ProspectView& r) {
        switch (sort) {
        case SortKey::next:
            return compare_dates(next_date(l), next_date(r)) < 0;
        case SortKey::last:
            // Longest untouched first: the list to work through.
            return compare_dates(l.assessment.last_touch, r.assessment.last_touch) < 0;
        case SortKey::value:
            return l.prospect.value > r.prospect.value;
        case SortKey::name:
            return fold_case(l.prospect.name) < fold_case(r.prospect.name);
        }
        return false;
    });

    nlohmann::json rows = nlohmann::json::array();
    for (const ProspectView& view : views) {
        rows.push_back(prospect_json(view));
    }
    std::vector<Column> columns = {
        {"id", "ID"},       {"name", "NAME"},     {"company", "COMPANY"},
        {"stage", "STAGE"}, {"state", "STATE"},   {"last_touch_on", "LAST TOUCH"},
        {"due_on", "NEXT"}, {"reason", "REASON"}, {"value", "VALUE"},
        {"tags", "TAGS"},
    };
    // Appended, and only when closed prospects can be listed: scripts that
    // cut the columns of the open list keep working.
    if (include_closed) {
        columns.push_back({"outcome", "OUTCOME"});
    }
    // Listing others' prospects on a team database: whose each one is.
    if (scope.kind != OwnerScope::Kind::mine && store.can(Capability::owners)) {
        columns.push_back({"owner", "OWNER"});
    }
    write_list(context.out, format, columns, rows, context.style);
    // As `due` does: a person at a terminal is told; a script sees no rows.
    if (views.empty() && format != Format::json && context.stderr_terminal) {
        const bool filtered = state || stage || !options.tags.empty() || stale_before;
        context.err << (filtered         ? "No prospects match.\n"
                        : include_closed ? "No prospects.\n"
                                         : "No open prospects.\n");
    }
    return 0;
}

} // namespace followup
