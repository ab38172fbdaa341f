#include "commands.hpp"
#include "followup/advice.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ostream>

namespace followup {

namespace {

nlohmann::json touch_json(const Touch& touch) {
    const auto date_or_null = [](const std::optional<Date>& date) {
        return date ? nlohmann::json(date->iso()) : nlohmann::json();
    };
    return {
        {"id", touch.id},
        {"date", touch.on.iso()},
        {"direction", to_string(touch.direction)},
        {"channel", to_string(touch.channel)},
        {"purpose", touch.purpose ? nlohmann::json(to_string(*touch.purpose)) : nlohmann::json()},
        {"note", touch.note},
        {"next_step_on", date_or_null(touch.next_step_on)},
        {"next_step_channel", touch.next_step_channel
                                  ? nlohmann::json(to_string(*touch.next_step_channel))
                                  : nlohmann::json()},
        {"next_step_time",
         touch.next_step_time ? nlohmann::json(touch.next_step_time->text()) : nlohmann::json()},
        {"next_step_minutes",
         touch.next_step_time ? nlohmann::json(touch.next_step_minutes) : nlohmann::json()},
        {"out_of_office", touch.out_of_office},
        {"away_until", date_or_null(touch.away_until)},
        {"message_id",
         touch.message_id.empty() ? nlohmann::json() : nlohmann::json(touch.message_id)},
        {"purpose_inferred", touch.purpose_inferred},
        {"draft_variant",
         touch.draft_variant ? nlohmann::json(*touch.draft_variant) : nlohmann::json()},
    };
}

// `snoozed`: the snooze still holds (a past or ended one is only history).
void write_details(std::ostream& out, const nlohmann::json& details, bool snoozed, bool owners) {
    const auto line = [&](std::string_view label, const nlohmann::json& value) {
        const std::string text = neutralise(cell_text(value));
        if (!text.empty()) {
            out << fmt::format("  {:<15}{}\n", label, text);
        }
    };
    out << neutralise(describe({details["id"].get<ProspectId>(), details["name"].get<std::string>(),
                                details["company"].get<std::string>()}))
        << '\n';
    // A database with one owner does not say who it is on every prospect.
    if (owners) {
        line("owner", details["owner"]);
    }
    line("stage", details["stage"]);
    line("value", details["value"]);
    if (details["email_bouncing"] == true) {
        line("email", fmt::format("{} (bouncing: mail to it came back; `followup edit --email` "
                                  "when it is fixed)",
                                  details["email"].get<std::string>()));
    } else {
        line("email", details["email"]);
    }
    line("phone", details["phone"]);
    line("address", details["address"]);
    line("social", details["social"]);
    line("referrer", details["referrer"]);
    line("prefers", details["preferred_channel"]);
    line("tags", details["tags"]);
    line("priority", details["top_priority"]);
    line("cadence", details["cadence"]);
    line("notes", details["notes"]);
    line("added", details["created_on"]);
    line("state", details["state"]);
    line("outcome", details["outcome"]);
    line("closed on", details["closed_on"]);
    line("close note", details["close_note"]);
    if (details["state"] == "cooling") {
        line("cooling until", details["cooling_until"]);
    }
    if (snoozed) {
        line("snoozed until", details["snooze_until"]);
    }
    if (!details["due_on"].is_null()) {
        line("next", fmt::format("{} ({}): {} {}, {}", details["due_on"].get<std::string>(),
                                 details["reason"].get<std::string>(),
                                 details["suggested_channel"].get<std::string>(),
                                 details["suggested_purpose"].get<std::string>(),
                                 details["suggestion_reason"].get<std::string>()));
    }
}

} // namespace

int run_show(const Context& context, const ShowOptions& options) {
    const Format format = format_option(options.format);
    check_typed_text("PROSPECT", options.prospect);
    const Store store = context.open(Access::read);
    const ProspectView view = view_of(store, store.resolve(options.prospect), context);

    nlohmann::json details = prospect_json(view);
    // A snooze past its day, or ended by an answer, is history: the timeline keeps it.
    const bool snoozed = view.prospect.snooze_until &&
                         *view.prospect.snooze_until > context.today &&
                         !snooze_ended(view.prospect, view.assessment.last_reply);
    if (view.assessment.next) {
        const Suggestion suggestion = suggest(view.prospect, view.touches, view.assessment);
        details["suggested_channel"] = to_string(suggestion.channel);
        details["suggested_purpose"] = to_string(suggestion.purpose);
        details["suggestion_reason"] = suggestion.reason;
    }
    nlohmann::json touches = nlohmann::json::array();
    for (const Touch& touch : view.touches) {
        touches.push_back(touch_json(touch));
    }
    // The timeline shows the snooze where it was set (JSON has it as fields).
    nlohmann::json timeline = touches;
    // A synced email whose purpose was the day's suggestion says so.
    for (nlohmann::json& row : timeline) {
        if (row["purpose_inferred"] == true && row["purpose"].is_string()) {
            row["purpose"] = row["purpose"].get<std::string>() + " (inferred)";
        }
    }
    if (view.prospect.snoozed_on) {
        const std::string on = view.prospect.snoozed_on->iso();
        auto at = std::find_if(timeline.begin(), timeline.end(),
                               [&](const nlohmann::json& row) { return row["date"] > on; });
        const nlohmann::json snooze = {
            {"id", nullptr},
            {"date", on},
            {"direction", ""},
            {"channel", ""},
            {"purpose", ""},
            {"note", fmt::format("snoozed until {}", view.prospect.snooze_until->iso())},
            {"next_step_on", nullptr},
        };
        timeline.insert(at, snooze);
    }
    if (format == Format::json) {
        details["touches"] = touches;
        context.out << dump_json(details) << '\n';
        return 0;
    }
    const std::vector<Column> columns = {
        {"id", "TOUCH"},        {"date", "DATE"},       {"direction", "DIR"},
        {"channel", "CHANNEL"}, {"purpose", "PURPOSE"}, {"next_step_on", "NEXT STEP"},
        {"note", "NOTE"},
    };
    if (format == Format::table) {
        write_details(context.out, details, snoozed, store.can(Capability::owners));
        if (timeline.empty()) {
            return 0;
        }
        context.out << '\n';
    }
    write_list(context.out, format, columns, timeline, context.style);
    return 0;
}

} // namespace followup
