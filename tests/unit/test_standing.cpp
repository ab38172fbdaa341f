// What storage keeps so that `due` and `stats` read no histories (each
// prospect's standing, each outbound touch's `answered`, the touch tallies)
// must always say what reading every history says. These tests build
// random pipelines through the Store's own writes, touches logged out of
// order and undone included, and compare the two on many days.

#include "builders.hpp"
#include "followup/advice.hpp"
#include "followup/stats.hpp"
#include "followup/store.hpp"
#include "store_factory.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

using namespace followup;
using namespace followup::test;

namespace {

const Date first_day = d("2026-06-01");
const Date written_on = d("2026-09-01");

class Pipeline {
public:
    explicit Pipeline(unsigned seed) : rng_(seed) {}

    int below(int bound) { return static_cast<int>(rng_() % static_cast<unsigned>(bound)); }
    bool chance(int percent) { return below(100) < percent; }
    Date day() { return first_day.plus_days(below(120)); }

    Prospect make_prospect(int index) {
        Prospect p = prospect("Prospect " + std::to_string(index), 0);
        p.stage = static_cast<Stage>(below(3));
        p.value = below(5) * 1000;
        p.created_on = first_day.plus_days(-below(30));
        if (chance(20)) {
            p.email.clear();
        }
        if (chance(20)) {
            p.phone.clear();
        }
        if (chance(15)) {
            p.preferred_channel = chance(50) ? Channel::video : Channel::call;
        }
        return p;
    }

    Touch make_touch(ProspectId id) {
        Touch touch = chance(65) ? out(day().iso()) : reply(day().iso());
        touch.prospect_id = id;
        touch.channel = static_cast<Channel>(below(9));
        if (touch.direction == Direction::out) {
            touch.purpose = static_cast<Purpose>(below(6));
        } else if (chance(25)) {
            touch.out_of_office = true;
            touch.away_until = touch.on.plus_days(below(20));
        } else if (chance(20)) {
            touch.next_step_on = touch.on.plus_days(1 + below(20));
        }
        return touch;
    }

    // Writes `count` prospects as the commands would: touches in any order,
    // some undone, cool-downs and closes, then the standing refreshed.
    void write(Store& store, const Config& config, int count) {
        store.write(config, written_on, [&] {
            for (int i = 0; i < count; ++i) {
                const ProspectId id = store.add_prospect(make_prospect(i));
                std::vector<std::int64_t> touch_ids;
                const int touches = below(14);
                for (int t = 0; t < touches; ++t) {
                    touch_ids.push_back(store.add_touch(make_touch(id)));
                }
                if (!touch_ids.empty() && chance(30)) {
                    store.delete_touch(touch_ids[static_cast<std::size_t>(
                        below(static_cast<int>(touch_ids.size())))]);
                }
                if (chance(15)) {
                    const Date since = day();
                    store.set_cooling(id, since, since.plus_days(5 + below(40)));
                }
                if (chance(10)) {
                    store.set_outcome(id, chance(50) ? Outcome::won : Outcome::lost, day(), "");
                }
                if (chance(5)) {
                    store.delete_prospect(id); // its touches leave the tallies too
                }
            }
        });
    }

private:
    std::mt19937 rng_;
};

template <typename Key>
void require_same_counts(const std::map<Key, ReplyCount>& left,
                         const std::map<Key, ReplyCount>& right) {
    REQUIRE(left.size() == right.size());
    for (const auto& [key, count] : left) {
        INFO("for " << to_string(key));
        REQUIRE(right.contains(key));
        CHECK(count.touches == right.at(key).touches);
        CHECK(count.replies == right.at(key).replies);
    }
}

void require_same(const PipelineStats& stored, const PipelineStats& read) {
    CHECK(stored.by_state == read.by_state);
    CHECK(stored.by_stage == read.by_stage);
    CHECK(stored.outbound_per_week == read.outbound_per_week);
    CHECK(stored.inbound_per_week == read.inbound_per_week);
    require_same_counts(stored.by_channel, read.by_channel);
    require_same_counts(stored.by_purpose, read.by_purpose);
    CHECK(stored.reversing.touches == read.reversing.touches);
    CHECK(stored.reversing.replies == read.reversing.replies);
    CHECK(stored.replies == read.replies);
    CHECK(stored.replies_with_next_step == read.replies_with_next_step);
    CHECK(stored.won == read.won);
    CHECK(stored.lost == read.lost);
    CHECK(stored.won_value == read.won_value);
}

} // namespace

TEST_CASE("standing: stats from standings and tallies equal stats from every history",
          "[standing][stats][store]") {
    const Config config;
    for (unsigned seed : {1U, 2U, 3U}) {
        INFO("seed " << seed);
        Store store = fresh_store();
        Pipeline pipeline(seed);
        pipeline.write(store, config, 80);
        REQUIRE(store.standings_current(config));
        for (int offset = -10; offset < 200; offset += 13) {
            const Date today = first_day.plus_days(offset);
            for (const std::optional<Date> since :
                 {std::optional<Date>(), std::optional(d("2026-07-15"))}) {
                INFO("today " << today.iso() << ", since " << (since ? since->iso() : "none"));
                StatsBuilder read(config, today, since);
                store.for_each_history([&](const Prospect& p, std::span<const Touch> touches) {
                    read.add(p, touches);
                });
                StatsBuilder stored(config, today, since);
                store.for_each_standing(
                    [&](const StoredProspect& p) { stored.add_standing(p.prospect, p.standing); });
                store.for_each_tally([&](const TouchTally& tally) { stored.add_tally(tally); });
                require_same(stored.result(), read.result());
            }
        }
    }
}

TEST_CASE("standing: the due list from standings equals the one from histories",
          "[standing][store]") {
    const Config config;
    for (unsigned seed : {4U, 5U, 6U}) {
        INFO("seed " << seed);
        Store store = fresh_store();
        Pipeline pipeline(seed);
        pipeline.write(store, config, 80);
        for (int offset = 0; offset < 200; offset += 11) {
            const Date today = first_day.plus_days(offset);
            INFO("today " << today.iso());
            std::vector<ProspectId> expected;
            for (ProspectId id : store.open_prospects()) {
                const Assessment a = assess(store.prospect(id), store.touches(id), config, today);
                if (a.next && a.next->due_on <= today) {
                    expected.push_back(id);
                }
            }
            std::vector<StoredProspect> due;
            const std::size_t count = store.due_standings(
                today, [&](StoredProspect&& stored) { due.push_back(std::move(stored)); });
            CHECK(count == due.size());
            CHECK(store.count_due_through(today) >= count);
            std::vector<ProspectId> listed;
            for (const StoredProspect& stored : due) {
                const ProspectId id = stored.prospect.id;
                INFO("prospect " << id);
                listed.push_back(id);
                const Prospect p = store.prospect(id);
                const std::vector<Touch> touches = store.touches(id);
                const Assessment a = assess(p, touches, config, today);
                const Suggestion suggestion = suggest(p, touches, a);
                CHECK(state_on(stored.prospect, stored.standing, today) == a.state);
                CHECK(stored.standing.next == a.next);
                CHECK(stored.standing.last_reply == a.last_reply);
                CHECK(stored.standing.channel == suggestion.channel);
                CHECK(stored.standing.purpose == suggestion.purpose);
                CHECK(stored.prospect.name == p.name);
                CHECK(stored.prospect.stage == p.stage);
                CHECK(stored.prospect.value == p.value);
            }
            std::sort(listed.begin(), listed.end());
            CHECK(listed == expected);
        }
    }
}

TEST_CASE("standing: state_on tells every state assess() does", "[standing][schedule]") {
    // One case per state, so that a state state_on() never returns shows.
    const Config config;
    Prospect p = engaged();
    std::vector<Touch> touches = {out("2026-01-05"), booking(reply("2026-01-06"), "2026-01-20")};
    CHECK(assess(p, touches, config, d("2026-01-07")).state == State::booked);
    touches = {out("2026-01-05")};
    p.cooling_since = d("2026-01-06");
    p.cooling_until = d("2026-02-05");
    CHECK(assess(p, touches, config, d("2026-01-07")).state == State::cooling);
    CHECK(assess(p, touches, config, d("2026-02-05")).state == State::active);
    p = engaged();
    touches.clear();
    for (const char* day : {"2026-01-05", "2026-01-07", "2026-01-12", "2026-01-19", "2026-01-28"}) {
        touches.push_back(out(day));
    }
    CHECK(assess(p, touches, config, d("2026-02-11")).state == State::breakup);
    touches.push_back(out("2026-02-11", Channel::email, Purpose::reversing));
    const Assessment reversed = assess(p, touches, config, d("2026-02-12"));
    CHECK(reversed.state == State::active);
    REQUIRE(reversed.nurture_from.has_value());
    CHECK(assess(p, touches, config, *reversed.nurture_from).state == State::nurture);
    CHECK(assess(p, touches, config, reversed.nurture_from->plus_days(-1)).state == State::active);
    p.outcome = Outcome::lost;
    CHECK(assess(p, touches, config, d("2026-02-12")).state == State::closed);
}

TEST_CASE("standing: a write after a config change stores what the new config says",
          "[standing][store]") {
    const Config before;
    Config after;
    after.cadences["default"] = {1, 4, 9};
    after.breakup_after = 3;
    after.after_reply = 5;
    for (unsigned seed : {7U, 8U}) {
        INFO("seed " << seed);
        Store store = fresh_store();
        Pipeline pipeline(seed);
        pipeline.write(store, before, 80);
        // Back and forth: some standings change each time, some do not.
        for (const Config* config : std::vector<const Config*>{&after, &before, &after}) {
            store.write(*config, written_on, [] {});
            REQUIRE(store.standings_current(*config));
            std::size_t visited = 0;
            store.for_each_standing([&](const StoredProspect& stored) {
                const ProspectId id = stored.prospect.id;
                INFO("prospect " << id);
                const Prospect p = store.prospect(id);
                if (p.outcome) {
                    return;
                }
                ++visited;
                const std::vector<Touch> touches = store.touches(id);
                CHECK(stored.standing ==
                      standing_of(p, touches, assess(p, touches, *config, written_on)));
            });
            CHECK(visited == store.open_prospects().size());
        }
    }
}
