#include "commands.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ostream>

namespace followup {

namespace {

std::string typed_field(std::string_view option, const std::string& text) {
    check_typed_text(option, text);
    return std::string(trim(text));
}

} // namespace

int run_add(const Context& context, const AddOptions& options) {
    Prospect prospect;
    prospect.name = typed_field("NAME", options.name);
    if (prospect.name.empty()) {
        throw UsageError("NAME is empty; give the prospect's name");
    }
    prospect.company = typed_field("--company", options.company);
    prospect.email = typed_field("--email", options.email);
    if (!prospect.email.empty() && (prospect.email.find('@') == std::string::npos ||
                                    prospect.email.find_first_of(" \t,;<>") != std::string::npos)) {
        throw UsageError(fmt::format("invalid --email '{}': expected name@domain", prospect.email));
    }
    prospect.phone = typed_field("--phone", options.phone);
    if (!options.channel.empty()) {
        prospect.preferred_channel = channel_option("--channel", options.channel);
    }
    prospect.stage = stage_option("--stage", options.stage);
    if (!options.value.empty()) {
        prospect.value = value_option("--value", options.value);
    }
    for (const std::string& tag : options.tags) {
        std::string cleaned = typed_field("--tag", tag);
        if (cleaned.empty()) {
            throw UsageError("--tag is empty");
        }
        prospect.tags.push_back(std::move(cleaned));
    }
    prospect.top_priority = typed_field("--priority", options.priority);
    prospect.cadence = typed_field("--cadence", options.cadence);
    if (!prospect.cadence.empty() && !context.config.cadences.contains(prospect.cadence)) {
        std::vector<std::string> known;
        for (const auto& [name, gaps] : context.config.cadences) {
            known.push_back(name);
        }
        throw UsageError(fmt::format("unknown --cadence '{}': the config defines {}",
                                     neutralise(prospect.cadence), fmt::join(known, ", ")));
    }
    if (!options.note.empty()) {
        prospect.notes = note_option(options.note);
    }
    prospect.created_on = context.today;
    if (!options.next.empty()) {
        prospect.first_touch_on = parse_date(options.next, context.today);
    }

    Store store = context.open(Access::write);
    NextAction next;
    store.write(context.config, context.today, [&] {
        prospect.id = store.add_prospect(prospect);
        next = store.refresh_next_action(prospect.id, context.config, context.today);
    });
    context.out << fmt::format("Added {}; first touch due {}.\n", display_name(prospect),
                               next.due_on.iso());
    return 0;
}

} // namespace followup
