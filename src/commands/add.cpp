#include "commands.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ostream>

namespace followup {

int run_add(const Context& context, const AddOptions& options) {
    Prospect prospect;
    prospect.name = text_option("NAME", options.name);
    if (is_blank(prospect.name)) {
        throw UsageError("NAME is empty; give the prospect's name");
    }
    prospect.company = text_option("--company", options.company);
    prospect.email = email_option(options.email);
    prospect.phone = text_option("--phone", options.phone);
    prospect.address = text_option("--address", options.address);
    prospect.social = text_option("--social", options.social);
    prospect.referrer = text_option("--referrer", options.referrer);
    if (!options.channel.empty()) {
        prospect.preferred_channel = channel_option("--channel", options.channel);
    }
    prospect.stage = stage_option("--stage", options.stage);
    if (!options.value.empty()) {
        prospect.value = value_option("--value", options.value);
    }
    for (const std::string& tag : options.tags) {
        prospect.tags.push_back(tag_option(tag));
    }
    prospect.top_priority = text_option("--priority", options.priority);
    if (!options.note.empty()) {
        prospect.notes = note_option(options.note);
    }
    prospect.created_on = context.today;
    if (!options.next.empty()) {
        const DayAndTime next = parse_day_and_time(options.next, context.today);
        prospect.first_touch_on = next.day;
        prospect.first_touch_at = next.at;
    }

    // The cadences are known once the database's team settings are read.
    Store store = context.open(Access::write);
    prospect.cadence = cadence_option(context.config, options.cadence);
    // Set after the write: a write run again must add it afresh, not under
    // the id of a try that was rolled back.
    ProspectId id = 0;
    store.write(context.config, context.today, [&] { id = store.add_prospect(prospect); });
    prospect.id = id;
    const std::optional<NextAction> next = next_after_write(store, prospect);
    context.out << fmt::format("Added {}; first touch due {}{}.\n", display_name(prospect),
                               next->due_on.iso(),
                               prospect.first_touch_at && next->due_on == prospect.first_touch_on
                                   ? " " + prospect.first_touch_at->text()
                                   : "");
    return 0;
}

} // namespace followup
