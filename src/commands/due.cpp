#include "commands.hpp"
#include "followup/advice.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <ostream>

namespace followup {

namespace {

bool matches_filters(const Prospect& prospect, const DueOptions& options,
                     std::optional<Stage> stage) {
    if (stage && prospect.stage != *stage) {
        return false;
    }
    return std::all_of(options.tags.begin(), options.tags.end(), [&](const std::string& tag) {
        return std::find(prospect.tags.begin(), prospect.tags.end(), tag) != prospect.tags.end();
    });
}

nlohmann::json due_row(const DueItem& item, Date today, bool explain, bool over_capacity) {
    const Prospect& p = item.prospect;
    nlohmann::json row = {
        {"id", p.id},
        {"name", p.name},
        {"company", p.company},
        {"due_on", item.due_on.iso()},
        {"days_overdue", item.days_overdue},
        {"state", to_string(item.assessment.state)},
        {"reason", to_string(item.assessment.next->reason)},
        {"stage", to_string(p.stage)},
        {"value", p.value},
        {"top_priority", p.top_priority},
        {"suggested_channel", to_string(item.suggestion.channel)},
        {"suggested_purpose", to_string(item.suggestion.purpose)},
        {"suggestion_reason", item.suggestion.reason},
        {"streak", item.assessment.streak},
        {"over_capacity", over_capacity},
        {"last_touch_on", item.assessment.last_touch
                              ? nlohmann::json(item.assessment.last_touch->iso())
                              : nlohmann::json()},
    };
    if (explain) {
        row["rank"] = explain_rank(item, today);
    }
    return row;
}

} // namespace

int run_due(const Context& context, const DueOptions& options) {
    if (options.upcoming < 0) {
        throw UsageError("--upcoming must be 0 or more days");
    }
    if (options.limit < 0) {
        throw UsageError("--limit must be 0 (no limit) or more");
    }
    const Format format = format_option(options.format);
    std::optional<Stage> stage;
    if (!options.stage.empty()) {
        stage = stage_option("--stage", options.stage);
    }
    const Date today = context.today;
    const Date through = today.plus_days(options.upcoming);

    const Store store = context.open(Access::read);
    // Stored next actions come from one config; under another, work them out
    // afresh so a config change shows at once.
    const std::vector<ProspectId> ids = store.next_actions_current(context.config)
                                            ? store.due_through(through)
                                            : store.open_prospects();
    std::vector<DueItem> items;
    for (ProspectId id : ids) {
        ProspectView view = view_of(store, id, context);
        const auto& next = view.assessment.next;
        if (!next || next->due_on > through || !matches_filters(view.prospect, options, stage)) {
            continue;
        }
        DueItem item;
        item.suggestion = suggest(view.prospect, view.touches, view.assessment);
        item.due_on = next->due_on;
        item.days_overdue = std::max(0, days_between(next->due_on, today));
        item.prospect = std::move(view.prospect);
        item.assessment = std::move(view.assessment);
        items.push_back(std::move(item));
    }
    rank(items, today);
    const auto capacity = static_cast<std::size_t>(context.config.daily_capacity);
    std::size_t waiting = 0;
    if (capacity > 0 && items.size() > capacity && !options.all) {
        waiting = items.size() - capacity;
        items.resize(capacity);
    }
    if (options.limit > 0 && items.size() > static_cast<std::size_t>(options.limit)) {
        items.resize(static_cast<std::size_t>(options.limit));
    }

    if (options.quiet) {
        return items.empty() ? 1 : 0;
    }
    if (waiting > 0) {
        context.err << fmt::format("followup: {} more due past your daily capacity of {}; "
                                   "`followup due --all` shows them\n",
                                   waiting, capacity);
    }
    if (items.empty() && format != Format::json) {
        if (context.stderr_terminal) {
            context.err << "Nothing due.\n";
        }
        return 0;
    }
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < items.size(); ++i) {
        rows.push_back(due_row(items[i], today, options.explain, capacity > 0 && i >= capacity));
    }
    // The table is for a person at an 80-column terminal: the next touch in
    // one cell and lateness left to the date. tsv, csv and json carry every field.
    std::vector<Column> columns;
    if (format == Format::table) {
        for (auto& row : rows) {
            row["next_touch"] = fmt::format("{} {}", row["suggested_channel"].get<std::string>(),
                                            row["suggested_purpose"].get<std::string>());
        }
        columns = {{"id", "ID"},
                   {"name", "NAME"},
                   {"company", "COMPANY"},
                   {"due_on", "DUE"},
                   {"reason", "REASON"},
                   {"next_touch", "NEXT TOUCH"},
                   {"top_priority", "PRIORITY"}};
    } else {
        columns = {{"id", "id"},
                   {"name", "name"},
                   {"company", "company"},
                   {"due_on", "due_on"},
                   {"days_overdue", "days_overdue"},
                   {"state", "state"},
                   {"reason", "reason"},
                   {"suggested_channel", "suggested_channel"},
                   {"suggested_purpose", "suggested_purpose"},
                   {"top_priority", "top_priority"}};
    }
    if (options.explain) {
        columns.push_back({"suggestion_reason", "WHY THIS TOUCH"});
        columns.push_back({"rank", "RANK (booked > replied > stage > value > late > id)"});
    }
    write_list(context.out, format, columns, rows, context.style);
    return 0;
}

} // namespace followup
