#include "builders.hpp"
#include "followup/stats.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

using namespace followup;
using namespace followup::test;

// Every expectation here is worked out by hand. "Today" is Wednesday
// 2026-11-25; its week starts on Monday 2026-11-23, so the 12 weeks counted are
// 2026-09-07 ... 2026-11-29 (index 0 is the week of 2026-09-07).

namespace {

const Config defaults{};

struct Pipeline {
    StatsBuilder builder;
    explicit Pipeline(std::optional<Date> since = std::nullopt)
        : builder(defaults, d("2026-11-25"), since) {}
    Pipeline& add(const Prospect& p, const std::vector<Touch>& touches) {
        builder.add(p, touches);
        return *this;
    }
    const PipelineStats& stats() const { return builder.result(); }
};

Touch out_as(std::string_view date, Channel channel, Purpose purpose) {
    return out(date, channel, purpose);
}

Prospect with_stage(std::string name, ProspectId id, Stage stage) {
    Prospect p = prospect(std::move(name), id);
    p.created_on = d("2026-09-01");
    p.stage = stage;
    return p;
}

ReplyCount count(const std::map<Channel, ReplyCount>& counts, Channel channel) {
    const auto found = counts.find(channel);
    return found == counts.end() ? ReplyCount{} : found->second;
}

ReplyCount count(const std::map<Purpose, ReplyCount>& counts, Purpose purpose) {
    const auto found = counts.find(purpose);
    return found == counts.end() ? ReplyCount{} : found->second;
}

// "touches/replies", so a failure shows both numbers.
std::string tally(const ReplyCount& c) {
    return std::to_string(c.touches) + "/" + std::to_string(c.replies);
}

template <typename Map>
int state_count(const Map& counts, typename Map::key_type key) {
    const auto found = counts.find(key);
    return found == counts.end() ? 0 : found->second;
}

} // namespace

TEST_CASE("stats: pipeline counts by state, and open prospects by stage", "[stats]") {
    Pipeline pipeline;

    // active: one touch on Monday, the next is due today by cadence.
    pipeline.add(with_stage("Active", 1, Stage::lead), {out("2026-11-23")});
    // booked: replied with a next step on 2026-12-01.
    pipeline.add(with_stage("Booked", 2, Stage::engaged),
                 {out("2026-11-16"), booking(reply("2026-11-18"), "2026-12-01")});
    // closed: won last month; its stage is not counted among open ones.
    Prospect won = with_stage("Won", 3, Stage::proposal);
    won.outcome = Outcome::won;
    won.closed_on = d("2026-10-30");
    pipeline.add(won, {out("2026-10-01"), reply("2026-10-02")});
    // cooling: overheated, cool-down until 2026-12-10.
    Prospect cooling = with_stage("Cooling", 4, Stage::lead);
    cooling.cooling_since = d("2026-11-20");
    cooling.cooling_until = d("2026-12-10");
    pipeline.add(cooling, {out("2026-11-18"), out("2026-11-19", Channel::call),
                           out("2026-11-20", Channel::social)});
    // breakup: an invested prospect with 5 unanswered touches.
    pipeline.add(with_stage("Ready", 5, Stage::proposal),
                 {out("2026-10-05"), out("2026-10-07", Channel::call), out("2026-10-12"),
                  out("2026-10-19", Channel::social), out("2026-10-28")});
    // nurture: a lead that used all 5 gaps of the default cadence (6 touches).
    pipeline.add(with_stage("Nurture", 6, Stage::lead),
                 {out("2026-09-01"), out("2026-09-03", Channel::call), out("2026-09-08"),
                  out("2026-09-15", Channel::social), out("2026-09-24"),
                  out("2026-10-08", Channel::call)});

    const PipelineStats& s = pipeline.stats();
    CHECK(state_count(s.by_state, State::active) == 1);
    CHECK(state_count(s.by_state, State::booked) == 1);
    CHECK(state_count(s.by_state, State::closed) == 1);
    CHECK(state_count(s.by_state, State::cooling) == 1);
    CHECK(state_count(s.by_state, State::breakup) == 1);
    CHECK(state_count(s.by_state, State::nurture) == 1);
    CHECK(s.by_state.size() == 6);
    CHECK(state_count(s.by_stage, Stage::lead) == 3);
    CHECK(state_count(s.by_stage, Stage::engaged) == 1);
    CHECK(state_count(s.by_stage, Stage::proposal) == 1);
}

TEST_CASE("stats: won and lost counts, won value and win rate, whatever --since", "[stats]") {
    // `since` is after every close: outcomes count all the same.
    Pipeline pipeline(d("2026-11-20"));
    const auto closed = [](std::string name, ProspectId id, Outcome outcome, std::int64_t value) {
        Prospect p = with_stage(std::move(name), id, Stage::proposal);
        p.outcome = outcome;
        p.closed_on = d("2026-10-30");
        p.value = value;
        return p;
    };
    pipeline.add(closed("Won big", 1, Outcome::won, 5000), {out("2026-10-01")});
    pipeline.add(closed("Won small", 2, Outcome::won, 700), {});
    pipeline.add(closed("Lost", 3, Outcome::lost, 9000), {out("2026-10-01")});
    Prospect open = with_stage("Open", 4, Stage::proposal);
    open.value = 100000;
    pipeline.add(open, {out("2026-11-23")});

    const PipelineStats& s = pipeline.stats();
    CHECK(s.won == 2);
    CHECK(s.lost == 1);
    CHECK(s.won_value == 5700);
    CHECK(s.win_rate() == Approx(2.0 / 3.0));
}

TEST_CASE("stats: the win rate is 0 when nothing is closed", "[stats]") {
    Pipeline pipeline;
    pipeline.add(prospect("Open", 1), {out("2026-11-23")});
    CHECK(pipeline.stats().won == 0);
    CHECK(pipeline.stats().lost == 0);
    CHECK(pipeline.stats().win_rate() == 0.0);
}

TEST_CASE("stats: touches per week, Monday to Sunday, the last 12 weeks up to today", "[stats]") {
    Pipeline pipeline;
    pipeline.add(prospect("Weeks", 1), {
                                           out("2026-09-06"), // a Sunday, 13 weeks back: out
                                           out("2026-09-07"), // first day of week 0
                                           out("2026-11-15"), // Sunday: week 9
                                           out("2026-11-16"), // Monday: week 10
                                           reply("2026-11-17"),
                                           out("2026-11-22"), // Sunday: week 10
                                           out("2026-11-23"), // Monday: this week, 11
                                           reply("2026-11-24"),
                                           out("2026-11-25"), // today
                                           out("2026-11-26"), // tomorrow: not yet
                                       });
    const PipelineStats& s = pipeline.stats();
    std::array<int, stats_weeks> outbound{};
    outbound[0] = 1;
    outbound[9] = 1;
    outbound[10] = 2;
    outbound[11] = 2;
    std::array<int, stats_weeks> inbound{};
    inbound[10] = 1;
    inbound[11] = 1;
    CHECK(s.outbound_per_week == outbound);
    CHECK(s.inbound_per_week == inbound);
}

TEST_CASE("stats: each reply is credited once, to the latest outbound touch before it", "[stats]") {
    Pipeline pipeline;
    pipeline.add(prospect("Credit", 1),
                 {
                     out_as("2026-10-05", Channel::email, Purpose::value),
                     out_as("2026-10-07", Channel::call, Purpose::intro),
                     reply("2026-10-08"), // -> call, intro
                     out_as("2026-10-12", Channel::email, Purpose::value),
                     out_as("2026-10-14", Channel::social, Purpose::value),
                     booking(reply("2026-10-15"), "2026-10-20"), // -> social, value
                     reply("2026-10-16"), // a second reply: no new touch to credit
                     out_as("2026-10-21", Channel::text, Purpose::intro),
                     ooo("2026-10-22", "2026-10-23"), // an auto-reply is no reply
                     reply("2026-10-26"),             // -> text, intro
                 });
    const PipelineStats& s = pipeline.stats();
    CHECK(tally(count(s.by_channel, Channel::email)) == "2/0");
    CHECK(tally(count(s.by_channel, Channel::call)) == "1/1");
    CHECK(tally(count(s.by_channel, Channel::social)) == "1/1");
    CHECK(tally(count(s.by_channel, Channel::text)) == "1/1");
    CHECK(tally(count(s.by_channel, Channel::mail)) == "0/0");
    CHECK(tally(count(s.by_purpose, Purpose::value)) == "3/1");
    CHECK(tally(count(s.by_purpose, Purpose::intro)) == "2/2");
    CHECK(s.replies == 4);
    CHECK(s.replies_with_next_step == 1);
    CHECK(tally(s.reversing) == "0/0");
    CHECK(count(s.by_purpose, Purpose::value).rate() == Approx(1.0 / 3.0));
    CHECK(count(s.by_channel, Channel::call).rate() == Approx(1.0));
    CHECK(count(s.by_channel, Channel::email).rate() == Approx(0.0));
    CHECK(ReplyCount{}.rate() == Approx(0.0)); // no division by zero
}

TEST_CASE("stats: a reply is never credited to another prospect's touch", "[stats]") {
    Pipeline pipeline;
    pipeline.add(prospect("Silent", 1), {out_as("2026-11-02", Channel::email, Purpose::value)});
    // Called in on their own: no outbound touch of theirs to credit.
    pipeline.add(prospect("Caller", 2), {reply("2026-11-03", Channel::call)});
    const PipelineStats& s = pipeline.stats();
    CHECK(tally(count(s.by_channel, Channel::email)) == "1/0");
    CHECK(tally(count(s.by_purpose, Purpose::value)) == "1/0");
    CHECK(s.replies == 1);
}

TEST_CASE("stats: reversing emails and their reply rate", "[stats]") {
    const std::vector<Touch> streak = {out("2026-10-05"), out("2026-10-07", Channel::call),
                                       out("2026-10-12"), out("2026-10-19", Channel::social),
                                       out("2026-10-28")};
    std::vector<Touch> answered = streak;
    answered.push_back(out_as("2026-11-11", Channel::email, Purpose::reversing));
    answered.push_back(reply("2026-11-12"));
    std::vector<Touch> ignored = streak;
    ignored.push_back(out_as("2026-11-11", Channel::email, Purpose::reversing));
    std::vector<Touch> ignored_too = streak;
    ignored_too.push_back(out_as("2026-11-13", Channel::email, Purpose::reversing));
    std::vector<Touch> not_yet = streak;

    Pipeline pipeline;
    pipeline.add(with_stage("Answered", 1, Stage::proposal), answered)
        .add(with_stage("Ignored", 2, Stage::proposal), ignored)
        .add(with_stage("Ignored too", 3, Stage::engaged), ignored_too)
        .add(with_stage("Not yet", 4, Stage::engaged), not_yet);
    const PipelineStats& s = pipeline.stats();
    CHECK(tally(s.reversing) == "3/1");
    CHECK(s.reversing.rate() == Approx(1.0 / 3.0));
    CHECK(tally(count(s.by_purpose, Purpose::reversing)) == "3/1");
    // 4 streaks of 3 emails, a call and a social touch, plus 3 reversing emails.
    CHECK(tally(count(s.by_channel, Channel::email)) == "15/1");
    CHECK(tally(count(s.by_channel, Channel::call)) == "4/0");
    CHECK(tally(count(s.by_channel, Channel::social)) == "4/0");
    CHECK(s.replies == 1);
    CHECK(state_count(s.by_state, State::breakup) == 1); // only "Not yet"
}

TEST_CASE("stats: --since counts touches and replies from that day on", "[stats]") {
    Pipeline pipeline(d("2026-10-12"));
    pipeline.add(prospect("Credit", 1),
                 {
                     out_as("2026-10-05", Channel::email, Purpose::value),
                     out_as("2026-10-07", Channel::call, Purpose::intro),
                     reply("2026-10-08"), // before since: nothing
                     out_as("2026-10-12", Channel::email, Purpose::value),
                     out_as("2026-10-14", Channel::social, Purpose::value),
                     booking(reply("2026-10-15"), "2026-10-20"), // -> social, value
                     reply("2026-10-16"), out_as("2026-10-21", Channel::text, Purpose::intro),
                     reply("2026-10-26"), // -> text, intro
                 });
    // A reply after `since` to a touch before it: a reply, but no channel
    // gets it (its touch is not counted, or the rate could pass 100%).
    pipeline.add(prospect("Straddle", 2), {out_as("2026-10-09", Channel::call, Purpose::value),
                                           reply("2026-10-13", Channel::call)});
    const PipelineStats& s = pipeline.stats();
    CHECK(tally(count(s.by_channel, Channel::email)) == "1/0");
    CHECK(tally(count(s.by_channel, Channel::call)) == "0/0");
    CHECK(tally(count(s.by_channel, Channel::social)) == "1/1");
    CHECK(tally(count(s.by_channel, Channel::text)) == "1/1");
    CHECK(tally(count(s.by_purpose, Purpose::value)) == "2/1");
    CHECK(tally(count(s.by_purpose, Purpose::intro)) == "1/1");
    CHECK(s.replies == 4);
    CHECK(s.replies_with_next_step == 1);
}

// stats.hpp: "Touches before `since` count for nothing but the pipeline's
// states"; the README: "--since DATE counts touches from that day on".
TEST_CASE("stats: --since leaves earlier touches out of the weekly counts", "[stats]") {
    Pipeline pipeline(d("2026-11-16"));
    pipeline.add(prospect("Weeks", 1), {out("2026-11-09"), out("2026-11-13"), reply("2026-11-13"),
                                        out("2026-11-16"), out("2026-11-24")});
    const PipelineStats& s = pipeline.stats();
    std::array<int, stats_weeks> outbound{};
    outbound[10] = 1;
    outbound[11] = 1;
    CHECK(s.outbound_per_week == outbound);
    CHECK(std::accumulate(s.inbound_per_week.begin(), s.inbound_per_week.end(), 0) == 0);
}

TEST_CASE("stats: a conversation is an answered attempt, and an answer that may book a step",
          "[stats]") {
    Pipeline pipeline;
    Touch talked = booking(out_as("2026-10-07", Channel::call, Purpose::value), "2026-10-12");
    talked.direction = Direction::both;
    Touch meeting = out_as("2026-10-12", Channel::video, Purpose::meeting);
    meeting.direction = Direction::both;
    pipeline.add(prospect("Talker", 1),
                 {out_as("2026-10-05", Channel::email, Purpose::value), talked, meeting});
    const PipelineStats& s = pipeline.stats();
    CHECK(tally(count(s.by_channel, Channel::email)) == "1/0");
    CHECK(tally(count(s.by_channel, Channel::call)) == "1/1");
    CHECK(tally(count(s.by_channel, Channel::video)) == "1/1");
    CHECK(tally(count(s.by_purpose, Purpose::meeting)) == "1/1");
    CHECK(s.replies == 2);
    CHECK(s.replies_with_next_step == 1);
}
