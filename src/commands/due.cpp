#include "commands.hpp"
#include "followup/advice.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <functional>
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

// Every field of a due row, in the order JSON lists them.
enum class DueField {
    id,
    name,
    company,
    due_on,
    due_at,   // a booked step's local time with its UTC offset; null without one
    due_when, // the table's day and time in one cell
    days_overdue,
    state,
    reason,
    stage,
    value,
    top_priority,
    suggested_channel,
    suggested_purpose,
    next_touch, // the table's "channel purpose" in one cell
    suggestion_reason,
    streak,
    over_capacity,
    last_touch_on,
    rank, // with --explain
};

constexpr std::array<std::pair<std::string_view, DueField>, 20> due_fields = {{
    {"id", DueField::id},
    {"name", DueField::name},
    {"company", DueField::company},
    {"due_on", DueField::due_on},
    {"due_at", DueField::due_at},
    {"due_when", DueField::due_when},
    {"days_overdue", DueField::days_overdue},
    {"state", DueField::state},
    {"reason", DueField::reason},
    {"stage", DueField::stage},
    {"value", DueField::value},
    {"top_priority", DueField::top_priority},
    {"suggested_channel", DueField::suggested_channel},
    {"suggested_purpose", DueField::suggested_purpose},
    {"next_touch", DueField::next_touch},
    {"suggestion_reason", DueField::suggestion_reason},
    {"streak", DueField::streak},
    {"over_capacity", DueField::over_capacity},
    {"last_touch_on", DueField::last_touch_on},
    {"rank", DueField::rank},
}};

DueField due_field(std::string_view key) {
    for (const auto& [name, field] : due_fields) {
        if (name == key) {
            return field;
        }
    }
    throw Error(fmt::format("internal: due has no field {}", key));
}

nlohmann::json due_value(DueField field, const DueItem& item, Date today, bool over_capacity) {
    const Prospect& p = item.prospect;
    const Assessment& a = item.assessment;
    switch (field) {
    case DueField::id:
        return p.id;
    case DueField::name:
        return p.name;
    case DueField::company:
        return p.company;
    case DueField::due_on:
        return item.due_on.iso();
    case DueField::due_at: {
        const auto at = item.assessment.next_at;
        const auto text = at ? local_iso_with_offset(item.due_on, *at) : std::nullopt;
        return text ? nlohmann::json(*text) : nlohmann::json();
    }
    case DueField::due_when: {
        const auto at = item.assessment.next_at;
        return at ? fmt::format("{} {}", item.due_on.iso(), at->text()) : item.due_on.iso();
    }
    case DueField::days_overdue:
        return item.days_overdue;
    case DueField::state:
        return to_string(a.state);
    case DueField::reason:
        return to_string(a.next->reason);
    case DueField::stage:
        return to_string(p.stage);
    case DueField::value:
        return p.value;
    case DueField::top_priority:
        return p.top_priority;
    case DueField::suggested_channel:
        return to_string(item.suggestion.channel);
    case DueField::suggested_purpose:
        return to_string(item.suggestion.purpose);
    case DueField::next_touch:
        return fmt::format("{} {}", to_string(item.suggestion.channel),
                           to_string(item.suggestion.purpose));
    case DueField::suggestion_reason:
        return item.suggestion.reason;
    case DueField::streak:
        return a.streak;
    case DueField::over_capacity:
        return over_capacity;
    case DueField::last_touch_on:
        return a.last_touch ? nlohmann::json(a.last_touch->iso()) : nlohmann::json();
    case DueField::rank:
        return explain_rank(item, today);
    }
    return nullptr;
}

// The same as a cell. The string fields every table and tsv shows are made
// directly; the rest go through due_value().
Cell due_cell(DueField field, const DueItem& item, Date today, bool over_capacity) {
    switch (field) {
    case DueField::name:
        return {item.prospect.name};
    case DueField::company:
        return {item.prospect.company};
    case DueField::top_priority:
        return {item.prospect.top_priority};
    case DueField::due_on:
        return {item.due_on.iso()};
    case DueField::state:
        return {std::string(to_string(item.assessment.state))};
    case DueField::reason:
        return {std::string(to_string(item.assessment.next->reason))};
    case DueField::suggested_channel:
        return {std::string(to_string(item.suggestion.channel))};
    case DueField::suggested_purpose:
        return {std::string(to_string(item.suggestion.purpose))};
    default:
        return cell_of(due_value(field, item, today, over_capacity));
    }
}

// A due item from what storage keeps, without reading its history: all a
// table or tsv row shows, and all the ranking needs.
DueItem due_item(StoredProspect stored, Date today) {
    const Standing& standing = stored.standing;
    DueItem item;
    Assessment& a = item.assessment;
    a.state = state_on(stored.prospect, standing, today);
    a.next = standing.next;
    a.last_touch = standing.last_touch;
    a.last_reply = standing.last_reply;
    a.breakup_ready = standing.breakup_ready;
    a.nurture_from = standing.nurture_from;
    if (standing.next && standing.next->reason == Reason::booked) {
        a.booked_on = standing.next->due_on;
    }
    a.next_at = standing.next_at;
    item.suggestion.channel = standing.channel.value_or(Channel::email);
    item.suggestion.purpose = standing.purpose.value_or(Purpose::value);
    item.due_on = standing.next ? standing.next->due_on : today;
    item.days_overdue = std::max(0, days_between(item.due_on, today));
    item.prospect = std::move(stored.prospect);
    return item;
}

// Due items worked out from each candidate's history.
std::vector<DueItem> assessed_due_items(const Store& store, const Context& context,
                                        const DueOptions& options, std::optional<Stage> stage,
                                        Date through, const OwnerScope& scope) {
    // Stored next actions come from one config; under another, work them out
    // afresh so a config change shows at once.
    const std::vector<ProspectId> ids = store.next_actions_current(context.config)
                                            ? store.due_through(through, scope)
                                            : store.open_prospects(scope);
    std::vector<DueItem> items;
    for_each_view(store, ids, context, Notes::skip, [&](ProspectView&& view) {
        const auto& next = view.assessment.next;
        if (!next || next->due_on > through || !matches_filters(view.prospect, options, stage)) {
            return;
        }
        DueItem item;
        item.suggestion = suggest(view.prospect, view.touches, view.assessment);
        item.due_on = next->due_on;
        item.days_overdue = std::max(0, days_between(next->due_on, context.today));
        item.prospect = std::move(view.prospect);
        item.assessment = std::move(view.assessment);
        items.push_back(std::move(item));
    });
    return items;
}

} // namespace

DueList due_list(const Context& context, const DueOptions& options) {
    for (const std::string& tag : options.tags) {
        check_typed_text("--tag", tag);
    }
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
    const OwnerScope scope = owner_scope(store, options.owners);
    std::vector<DueItem> items;
    // The table and tsv/csv show only what storage keeps beside each next
    // action; JSON, --explain and --tag need histories or tags.
    if (format != Format::json && !options.explain && options.tags.empty() &&
        store.standings_current(context.config)) {
        // Items are large: room for all at once, none moved as the list grows.
        items.reserve(store.count_due_through(through, scope));
        store.due_standings(
            through,
            [&](StoredProspect&& stored) {
                if (matches_filters(stored.prospect, options, stage)) {
                    items.push_back(due_item(std::move(stored), today));
                }
            },
            scope);
    } else {
        items = assessed_due_items(store, context, options, stage, through, scope);
    }
    rank(items, today);
    if (options.upcoming > 0) {
        // By day: what is due today (overdue included) first, then each later
        // day in turn, ranked within the day.
        const auto day = [&](const DueItem& item) {
            return item.due_on < today ? today : item.due_on;
        };
        std::stable_sort(
            items.begin(), items.end(),
            [&](const DueItem& left, const DueItem& right) { return day(left) < day(right); });
    }
    const auto capacity = static_cast<std::size_t>(context.config.daily_capacity);
    std::size_t waiting = 0;
    if (capacity > 0 && items.size() > capacity && !options.all) {
        waiting = items.size() - capacity;
        items.resize(capacity);
    }
    if (options.limit > 0 && items.size() > static_cast<std::size_t>(options.limit)) {
        items.resize(static_cast<std::size_t>(options.limit));
    }
    return {std::move(items), waiting};
}

int run_due(const Context& context, const DueOptions& options) {
    if (options.interactive) {
        return run_due_interactive(context, options);
    }
    const Format format = format_option(options.format);
    const Date today = context.today;
    const auto capacity = static_cast<std::size_t>(context.config.daily_capacity);
    DueList list = due_list(context, options);
    std::vector<DueItem>& items = list.items;
    const std::size_t waiting = list.waiting;

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
    // The table is for a person at an 80-column terminal: the next touch in
    // one cell and lateness left to the date. tsv, csv and json carry every field.
    std::vector<Column> columns;
    if (format == Format::table) {
        columns = {{"id", "ID"},
                   {"name", "NAME"},
                   {"company", "COMPANY"},
                   {"due_when", "DUE"},
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
    if (format != Format::table) {
        // Last, so that scripts cutting the columns before it still work.
        columns.push_back({"due_at", "due_at"});
    }
    const auto over_capacity = [&](std::size_t i) { return capacity > 0 && i >= capacity; };
    if (format == Format::json) {
        // Every field but the table's joined one, `rank` only with --explain.
        nlohmann::json rows = nlohmann::json::array();
        for (std::size_t i = 0; i < items.size(); ++i) {
            nlohmann::json row = nlohmann::json::object();
            for (const auto& [key, field] : due_fields) {
                if (field != DueField::next_touch && field != DueField::due_when &&
                    (field != DueField::rank || options.explain)) {
                    row[std::string(key)] = due_value(field, items[i], today, over_capacity(i));
                }
            }
            rows.push_back(std::move(row));
        }
        write_list(context.out, format, columns, rows, context.style);
        return 0;
    }
    // Only the columns shown, as cells: building fields nobody reads, and a
    // JSON object per row, was a third of `due`'s work.
    std::vector<DueField> fields;
    for (const Column& column : columns) {
        fields.push_back(due_field(column.key));
    }
    std::vector<CellRow> rows(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        rows[i].reserve(fields.size());
        for (const DueField field : fields) {
            rows[i].push_back(due_cell(field, items[i], today, over_capacity(i)));
        }
    }
    write_cells(context.out, format, columns, rows, context.style);
    return 0;
}

} // namespace followup
