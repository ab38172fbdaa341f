#include "commands.hpp"
#include "followup/advice.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <array>
#include <fmt/format.h>
#include <ostream>

namespace followup {

namespace {

// Separates drafts when several are printed: a form feed alone on a line.
constexpr std::string_view draft_separator = "\f\n";

std::string why_not_ready(const ProspectView& view, const Config& config) {
    const Assessment& a = view.assessment;
    if (view.prospect.outcome) {
        return fmt::format("it is closed ({})", to_string(*view.prospect.outcome));
    }
    if (a.reversing_sent_on) {
        return fmt::format("a reversing email went out on {}", a.reversing_sent_on->iso());
    }
    if (!config.invested.contains(view.prospect.stage)) {
        return fmt::format("stage {} is not invested (engaged or proposal)",
                           to_string(view.prospect.stage));
    }
    return fmt::format(
        "{} in this streak; {} needed", counted(a.streak, "unanswered touch", "unanswered touches"),
        config.breakup_after == 1 ? "1 is" : fmt::format("{} are", config.breakup_after));
}

// The reversing email `draft` would print: breakup --draft is its reversing case.
std::string draft_for(const ProspectView& view, const Context& context,
                      const BreakupOptions& options) {
    return draft_text(view, context, Channel::email, Purpose::reversing, options.template_path);
}

std::vector<ProspectView> ready_prospects(const Store& store, const Context& context,
                                          const OwnerScope& scope) {
    // A ready prospect's next action says breakup, unless an out-of-office
    // hold or the end of a cool-down comes first.
    static constexpr std::array<Reason, 3> ready_reasons = {Reason::breakup, Reason::ooo_over,
                                                            Reason::reheat};
    const auto candidates = store.next_actions_current(context.config)
                                ? store.with_next_reason(ready_reasons, scope)
                                : store.open_prospects(scope);
    return views_in_order(store, candidates, context, Notes::read, [](const ProspectView& view) {
        return view.assessment.state == State::breakup;
    });
}

int list_ready(const Context& context, const BreakupOptions& options) {
    const Format format = format_option(options.format);
    const Store store = context.open(Access::read);
    const std::vector<ProspectView> ready =
        ready_prospects(store, context, owner_scope(store, options.owners));
    if (ready.empty() && format != Format::json && context.stderr_terminal) {
        context.err << "No prospects are ready for a reversing email.\n";
    }
    if (options.draft) {
        bool first = true;
        for (const ProspectView& view : ready) {
            context.out << (first ? "" : draft_separator) << draft_for(view, context, options);
            first = false;
        }
        return 0;
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const ProspectView& view : ready) {
        const Assessment& a = view.assessment;
        rows.push_back(
            {{"id", view.prospect.id},
             {"name", view.prospect.name},
             {"company", view.prospect.company},
             {"stage", to_string(view.prospect.stage)},
             {"streak", a.streak},
             {"streak_started", a.streak_started->iso()},
             {"last_reply", a.last_reply ? nlohmann::json(a.last_reply->iso()) : nlohmann::json()},
             {"due_on", a.next->due_on.iso()}});
    }
    const std::vector<Column> columns = {
        {"id", "ID"},
        {"name", "NAME"},
        {"company", "COMPANY"},
        {"stage", "STAGE"},
        {"streak", "UNANSWERED"},
        {"streak_started", "SINCE"},
        {"last_reply", "LAST REPLY"},
        {"due_on", "DUE"},
    };
    write_list(context.out, format, columns, rows, context.style);
    return 0;
}

} // namespace

int run_breakup(const Context& context, const BreakupOptions& original) {
    BreakupOptions options = original;
    options.draft = options.draft || !options.template_path.empty();
    if (options.sent && options.draft) {
        throw UsageError("--sent records the email; --draft and --template print one: pick one");
    }
    if (options.prospect.empty()) {
        if (options.sent) {
            throw UsageError("--sent needs a PROSPECT");
        }
        return list_ready(context, options);
    }
    if (options.owners.everyone || !options.owners.owner.empty()) {
        throw UsageError("--owner and --everyone choose whose prospects are listed: give no "
                         "PROSPECT with them");
    }
    check_typed_text("PROSPECT", options.prospect);
    if (!options.sent) {
        const Store store = context.open(Access::read);
        const ProspectView view = view_of(store, store.resolve(options.prospect), context);
        if (options.draft) {
            context.out << draft_for(view, context, options);
            return 0;
        }
        if (view.assessment.state == State::breakup) {
            context.out << fmt::format(
                "{} is ready for a reversing email: {} since {}, stage {}.\n",
                display_name(view.prospect),
                counted(view.assessment.streak, "unanswered touch", "unanswered touches"),
                view.assessment.streak_started->iso(), to_string(view.prospect.stage));
        } else {
            context.out << fmt::format("{} is not ready for a reversing email: {}.\n",
                                       display_name(view.prospect),
                                       why_not_ready(view, context.config));
        }
        return 0;
    }

    const Date on = options.date.empty() ? context.today : parse_date(options.date, context.today);
    if (on > context.today) {
        throw UsageError(fmt::format("--date {} is in the future", on.iso()));
    }
    Store store = context.open(Access::write);
    ProspectView view;
    std::optional<NextAction> next;
    // Said after the write: a write run again must not say it twice.
    std::optional<std::string> not_ready;
    std::int64_t touch_id = 0;
    store.write(context.config, context.today, [&] {
        not_ready.reset();
        view = view_of(store, store.resolve(options.prospect), context);
        if (view.prospect.outcome) {
            throw Error(fmt::format("{} is closed; nothing to send", display_name(view.prospect)));
        }
        // One reversing email a streak: a second would only repeat the first.
        if (const auto& sent_on = view.assessment.reversing_sent_on) {
            throw Error(fmt::format("a reversing email to {} was already recorded on {} in this "
                                    "streak; nothing recorded (a reply starts a new streak)",
                                    display_name(view.prospect), sent_on->iso()));
        }
        if (view.assessment.state != State::breakup) {
            not_ready =
                fmt::format("{} was not ready for a reversing email ({}); recorded anyway",
                            display_name(view.prospect), why_not_ready(view, context.config));
        }
        Touch touch;
        touch.prospect_id = view.prospect.id;
        touch.on = on;
        touch.direction = Direction::out;
        // By email whenever there is an address (whatever else is next), else
        // on the channel `due` suggests, so the record matches what was done.
        touch.channel = reachable(view.prospect, Channel::email)
                            ? Channel::email
                            : suggest(view.prospect, view.touches, view.assessment).channel;
        touch.purpose = Purpose::reversing;
        touch.note = "reversing email";
        touch.draft_variant = drafted_variant(view, context, touch.channel, Purpose::reversing);
        touch_id = store.add_touch(touch);
    });
    if (options.recorded != nullptr) {
        *options.recorded = touch_id;
    }
    if (not_ready) {
        context.warn(*not_ready);
    }
    next = next_after_write(store, view.prospect);
    context.out << fmt::format("Recorded the reversing email to {} on {}. Next: {} ({}).\n",
                               display_name(view.prospect), on.iso(), next->due_on.iso(),
                               to_string(next->reason));
    return 0;
}

} // namespace followup
