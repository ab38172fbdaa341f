#include "commands.hpp"
#include "followup/error.hpp"

#include <fmt/format.h>
#include <ostream>

namespace followup {

namespace {

struct DemoTouch {
    int days_ago;
    Direction direction;
    Channel channel;
    std::optional<Purpose> purpose;
    const char* note;
    std::optional<int> next_step_in = std::nullopt;
};

struct DemoProspect {
    const char* name;
    const char* company;
    const char* email;
    const char* phone;
    Stage stage;
    std::int64_t value;
    const char* priority;
    std::vector<const char*> tags;
    std::vector<DemoTouch> touches;
    std::optional<int> cooling_for = std::nullopt;
};

constexpr auto out = Direction::out;
constexpr auto in = Direction::in;

// A small pipeline in every state, dated relative to today so that `due`
// always has something to show.
std::vector<DemoProspect> demo_pipeline() {
    return {
        {"Dana Whitfield",
         "Northwind Traders",
         "dana@northwind.example",
         "+1 555 0101",
         Stage::proposal,
         48000,
         "cut shipping costs before Q1",
         {"vip"},
         {{44, in, Channel::call, std::nullopt, "wants a quote for 12 sites"},
          {40, out, Channel::email, Purpose::proposal, "proposal for 12 sites"},
          {36, out, Channel::call, Purpose::value, "left the ROI numbers"},
          {31, out, Channel::email, Purpose::value, "case study: Contoso"},
          {24, out, Channel::social, Purpose::intro, "introduced their ops lead to ours"},
          {15, out, Channel::call, Purpose::value, "voicemail about pilot pricing"}}},
        {"Marcus Ohene",
         "Blue Harbor Logistics",
         "marcus@blueharbor.example",
         "+1 555 0102",
         Stage::engaged,
         12000,
         "a second warehouse by March",
         {},
         {{5, in, Channel::call, std::nullopt, "demo went well; call booked", 5}}},
        {"Priya Raman",
         "Fernwood Clinic",
         "priya@fernwood.example",
         "",
         Stage::lead,
         6000,
         "",
         {"inbound"},
         {{9, out, Channel::email, Purpose::value, "sent the onboarding checklist"},
          {6, out, Channel::social, Purpose::intro, "connected on LinkedIn"}}},
        {"Lucía Fernández",
         "Sol Bakery",
         "lucia@solbakery.example",
         "+34 600 000 103",
         Stage::engaged,
         3500,
         "a second shop in spring",
         {},
         {{12, out, Channel::email, Purpose::value, "pricing for two shops"},
          {4, in, Channel::email, std::nullopt, "asked about delivery times"}}},
        {"Tom Becker", "", "tom@becker.example", "", Stage::lead, 0, "", {}, {}},
        {"Chen Wei",
         "Orbit Labs",
         "chen@orbit.example",
         "+1 555 0106",
         Stage::lead,
         9000,
         "",
         {},
         {{8, out, Channel::email, Purpose::value, "benchmark report"},
          {6, out, Channel::email, Purpose::value, "benchmark report, part 2"},
          {3, out, Channel::call, Purpose::value, "quick call"}},
         14},
        {"Sam O'Brien",
         "O'Brien & Sons",
         "",
         "+1 555 0107",
         Stage::lead,
         2000,
         "",
         {},
         {{95, out, Channel::call, Purpose::value, "intro call"},
          {92, out, Channel::text, Purpose::value, "sent the brochure link"},
          {88, out, Channel::mail, Purpose::value, "brochure by post"},
          {81, out, Channel::call, Purpose::intro, "offered an intro to a supplier"},
          {72, out, Channel::social, Purpose::value, "shared an article"},
          {61, out, Channel::call, Purpose::value, "last try"}}},
    };
}

} // namespace

int run_demo(const Context& context, const DemoOptions&) {
    Store store = context.open(Access::write);
    int added = 0;
    store.write(context.config, context.today, [&] {
        added = 0; // a write run again counts afresh
        if (store.has_prospects()) {
            throw Error(fmt::format("{} already holds prospects; the demo only fills an empty "
                                    "database (try --db /tmp/followup-demo.db)",
                                    shown_location(context.database)));
        }
        for (const DemoProspect& demo : demo_pipeline()) {
            Prospect prospect;
            prospect.name = demo.name;
            prospect.company = demo.company;
            prospect.email = demo.email;
            prospect.phone = demo.phone;
            prospect.stage = demo.stage;
            prospect.value = demo.value;
            prospect.top_priority = demo.priority;
            prospect.tags.assign(demo.tags.begin(), demo.tags.end());
            prospect.created_on =
                context.today.plus_days(demo.touches.empty() ? 0 : -demo.touches.front().days_ago);
            const ProspectId id = store.add_prospect(prospect);
            for (const DemoTouch& demo_touch : demo.touches) {
                Touch touch;
                touch.prospect_id = id;
                touch.on = context.today.plus_days(-demo_touch.days_ago);
                touch.direction = demo_touch.direction;
                touch.channel = demo_touch.channel;
                touch.purpose = demo_touch.purpose;
                touch.note = demo_touch.note;
                if (demo_touch.next_step_in) {
                    touch.next_step_on = touch.on.plus_days(*demo_touch.next_step_in);
                }
                store.add_touch(touch);
            }
            if (demo.cooling_for) {
                store.set_cooling(id, context.today, context.today.plus_days(*demo.cooling_for));
            }
            ++added;
        }
    });
    context.out << fmt::format("Added {} demo prospects to {}.\n", added,
                               shown_location(context.database));
    return 0;
}

} // namespace followup
