#include "commands.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <ostream>

namespace followup {

namespace {

// Resolves PROSPECT inside one write transaction, runs `change` and stores
// the prospect's new next action.
template <typename Change>
ProspectView change_prospect(const Context& context, const std::string& query, Change change) {
    check_typed_text("PROSPECT", query);
    Store store = context.open(Access::write);
    ProspectView view;
    store.write(context.config, context.today, [&] {
        view = view_of(store, store.resolve(query), context);
        change(store, view);
        view = view_of(store, view.prospect.id, context);
    });
    return view;
}

std::string next_text(const ProspectView& view) {
    if (!view.assessment.next) {
        return "no next action";
    }
    return fmt::format("next: {} ({})", view.assessment.next->due_on.iso(),
                       to_string(view.assessment.next->reason));
}

} // namespace

int run_edit(const Context& context, const EditOptions& options) {
    Prospect edited;
    // Parse everything before touching the database: bad input changes nothing.
    if (options.name) {
        edited.name = text_option("--name", *options.name);
        if (is_blank(edited.name)) {
            throw UsageError("--name is empty; a prospect needs a name");
        }
    }
    std::optional<Channel> channel;
    if (options.channel && !options.channel->empty()) {
        channel = channel_option("--channel", *options.channel);
    }
    std::optional<Stage> stage;
    if (options.stage) {
        stage = stage_option("--stage", *options.stage);
    }
    std::optional<std::int64_t> value;
    if (options.value) {
        value = value_option("--value", *options.value);
    }
    std::vector<std::string> add_tags;
    for (const std::string& tag : options.add_tags) {
        add_tags.push_back(tag_option(tag));
    }
    std::vector<std::string> remove_tags;
    for (const std::string& tag : options.remove_tags) {
        remove_tags.push_back(tag_option(tag));
    }
    const std::optional<std::string> company =
        options.company ? std::optional(text_option("--company", *options.company)) : std::nullopt;
    const std::optional<std::string> email =
        options.email ? std::optional(email_option(*options.email)) : std::nullopt;
    const std::optional<std::string> phone =
        options.phone ? std::optional(text_option("--phone", *options.phone)) : std::nullopt;
    const auto optional_text = [](const char* option, const std::optional<std::string>& text) {
        return text ? std::optional(text_option(option, *text)) : std::nullopt;
    };
    const std::optional<std::string> address = optional_text("--address", options.address);
    const std::optional<std::string> social = optional_text("--social", options.social);
    const std::optional<std::string> referrer = optional_text("--referrer", options.referrer);
    const std::optional<std::string> priority =
        options.priority ? std::optional(text_option("--priority", *options.priority))
                         : std::nullopt;
    const std::optional<std::string> cadence =
        options.cadence ? std::optional(cadence_option(context.config, *options.cadence))
                        : std::nullopt;
    const std::optional<std::string> note =
        options.note ? std::optional(note_option(*options.note)) : std::nullopt;

    bool changed = false;
    const ProspectView view =
        change_prospect(context, options.prospect, [&](Store& store, ProspectView& current) {
            Prospect& p = current.prospect;
            const Prospect before = p;
            if (options.name) {
                p.name = edited.name;
            }
            p.company = company.value_or(p.company);
            p.email = email.value_or(p.email);
            if (email) {
                p.email_bouncing = false; // a new (or confirmed) address: try it again
            }
            p.phone = phone.value_or(p.phone);
            p.address = address.value_or(p.address);
            p.social = social.value_or(p.social);
            p.referrer = referrer.value_or(p.referrer);
            if (options.channel) {
                p.preferred_channel = channel;
            }
            p.stage = stage.value_or(p.stage);
            p.value = value.value_or(p.value);
            p.top_priority = priority.value_or(p.top_priority);
            p.cadence = cadence.value_or(p.cadence);
            p.notes = note.value_or(p.notes);
            for (const std::string& tag : remove_tags) {
                std::erase(p.tags, tag);
            }
            for (const std::string& tag : add_tags) {
                if (std::find(p.tags.begin(), p.tags.end(), tag) == p.tags.end()) {
                    p.tags.push_back(tag);
                }
            }
            changed = p != before;
            if (changed) {
                store.update_prospect(p);
            }
        });
    if (!changed) {
        context.out << fmt::format("No change: {} already has those values; {}.\n",
                                   display_name(view.prospect), next_text(view));
        return 0;
    }
    context.out << fmt::format("Updated {}; {}.\n", display_name(view.prospect), next_text(view));
    return 0;
}

int run_close(const Context& context, const CloseOptions& options) {
    if (options.won == options.lost) {
        throw UsageError("say how it ended: --won or --lost");
    }
    const Outcome outcome = options.won ? Outcome::won : Outcome::lost;
    const std::string note = options.note.empty() ? "" : note_option(options.note);
    const ProspectView view =
        change_prospect(context, options.prospect, [&](Store& store, ProspectView& current) {
            if (current.prospect.outcome) {
                throw Error(fmt::format("{} is already closed ({})", display_name(current.prospect),
                                        to_string(*current.prospect.outcome)));
            }
            store.set_outcome(current.prospect.id, outcome, context.today, note);
        });
    context.out << fmt::format("Closed {} as {}; its history is kept (`followup reopen` undoes "
                               "this).\n",
                               display_name(view.prospect), to_string(outcome));
    return 0;
}

int run_reopen(const Context& context, const ReopenOptions& options) {
    const ProspectView view =
        change_prospect(context, options.prospect, [&](Store& store, ProspectView& current) {
            if (!current.prospect.outcome) {
                throw Error(fmt::format("{} is not closed", display_name(current.prospect)));
            }
            store.set_outcome(current.prospect.id, std::nullopt, std::nullopt, "");
        });
    context.out << fmt::format("Reopened {}; {}.\n", display_name(view.prospect), next_text(view));
    return 0;
}

} // namespace followup
