#include "builders.hpp"
#include "followup/schedule.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace followup;
using namespace followup::test;

namespace {

// The default cadence 2,3,5,7,10 (business days) followed to the letter,
// starting on Monday 2026-01-05: Mon 5, Wed 7, Mon 12, Mon 19, Wed 28, Wed Feb 11.
const std::vector<std::string> cadence_days = {"2026-01-05", "2026-01-07", "2026-01-12",
                                               "2026-01-19", "2026-01-28", "2026-02-11"};

std::vector<Touch> streak_of(std::size_t count, Channel channel = Channel::email) {
    std::vector<Touch> touches;
    for (std::size_t i = 0; i < count; ++i) {
        touches.push_back(out(cadence_days.at(i), channel));
    }
    return touches;
}

NextAction next(std::string_view due, Reason reason) {
    return {d(due), reason};
}

} // namespace

TEST_CASE("a new prospect is due for a first touch", "[schedule]") {
    const Prospect p = prospect();
    const Assessment a = assess_on(p, {}, "2026-01-05");
    CHECK(a.state == State::active);
    CHECK(a.next == next("2026-01-05", Reason::first_touch));
    CHECK(a.streak == 0);
    CHECK_FALSE(a.last_touch.has_value());

    SECTION("config first_touch delays it by calendar days") {
        Config config;
        config.first_touch = 3;
        CHECK(assess_on(p, {}, "2026-01-05", config).next ==
              next("2026-01-08", Reason::first_touch));
    }
    SECTION("add --next overrides first_touch") {
        Prospect later = p;
        later.first_touch_on = d("2026-02-02");
        CHECK(assess_on(later, {}, "2026-01-05").next == next("2026-02-02", Reason::first_touch));
    }
}

TEST_CASE("the default cadence counts business days after each unanswered touch", "[schedule]") {
    const Prospect p = prospect();
    const std::vector<std::string> expected = {"2026-01-07", "2026-01-12", "2026-01-19",
                                               "2026-01-28", "2026-02-11"};
    for (std::size_t count = 1; count <= 5; ++count) {
        INFO("streak of " << count);
        const Assessment a = assess_on(p, streak_of(count), "2026-01-05");
        CHECK(a.next == next(expected[count - 1], Reason::cadence));
        CHECK(a.state == State::active);
        CHECK(a.streak == static_cast<int>(count));
        CHECK(a.streak_started == d("2026-01-05"));
        CHECK(a.last_outbound == d(cadence_days[count - 1]));
        CHECK_FALSE(a.breakup_ready);
    }
}

TEST_CASE("cadence gaps jump over weekends", "[schedule]") {
    const Prospect p = prospect();
    // Thursday + 2 business days = Monday.
    CHECK(assess_on(p, {out("2026-01-08")}, "2026-01-08").next ==
          next("2026-01-12", Reason::cadence));
    // Friday + 2 business days = Tuesday.
    CHECK(assess_on(p, {out("2026-01-09")}, "2026-01-09").next ==
          next("2026-01-13", Reason::cadence));
    // Saturday + 2 business days = Tuesday, as Friday + 2 is; Sunday too.
    CHECK(assess_on(p, {out("2026-01-10")}, "2026-01-10").next ==
          next("2026-01-13", Reason::cadence));
    CHECK(assess_on(p, {out("2026-01-11")}, "2026-01-11").next ==
          next("2026-01-13", Reason::cadence));
    // Second gap (3) from Friday = Wednesday.
    CHECK(assess_on(p, {out("2026-01-07"), out("2026-01-09")}, "2026-01-09").next ==
          next("2026-01-14", Reason::cadence));
}

TEST_CASE("every gap counts business days from the day after the touch", "[schedule]") {
    const Prospect p = prospect();
    Config config;
    config.holidays = {d("2026-01-07")}; // a Wednesday
    SECTION("cadence: a touch on a holiday counts like one on the working day before it") {
        // Tuesday + 2 = Friday (Wednesday is off); Wednesday + 2 = Friday too.
        CHECK(assess_on(p, {out("2026-01-06")}, "2026-01-06", config).next ==
              next("2026-01-09", Reason::cadence));
        CHECK(assess_on(p, {out("2026-01-07")}, "2026-01-07", config).next ==
              next("2026-01-09", Reason::cadence));
    }
    SECTION("after a reply on a Saturday, as after one on Friday") {
        CHECK(assess_on(p, {reply("2026-01-10")}, "2026-01-10").next ==
              next("2026-01-13", Reason::after_reply));
    }
    SECTION("the reversing email: a fifth touch on a Saturday") {
        std::vector<Touch> touches = streak_of(4);
        touches.push_back(out("2026-01-31")); // Saturday: + 10 = Friday 2026-02-13
        const Assessment a = assess_on(engaged(), touches, "2026-01-31");
        CHECK(a.next == next("2026-02-13", Reason::breakup));
    }
    SECTION("nurture after a reversing email sent on a Saturday") {
        std::vector<Touch> touches = streak_of(5);
        touches.push_back(out("2026-02-14", Channel::email, Purpose::reversing));
        // Saturday + 10 business days = Friday 2026-02-27, as from Friday 2026-02-13.
        CHECK(assess_on(engaged(), touches, "2026-02-26").state == State::active);
        CHECK(assess_on(engaged(), touches, "2026-02-27").state == State::nurture);
    }
}

TEST_CASE("a reply ends the streak; the next touch is 2 business days later", "[schedule]") {
    const Prospect p = prospect();
    SECTION("reply on a Tuesday") {
        const Assessment a =
            assess_on(p, {out("2026-01-05"), out("2026-01-07"), reply("2026-01-08")}, "2026-01-08");
        CHECK(a.streak == 0);
        CHECK_FALSE(a.streak_started.has_value());
        CHECK(a.last_reply == d("2026-01-08"));
        CHECK(a.next == next("2026-01-12", Reason::after_reply));
        CHECK(a.state == State::active);
    }
    SECTION("reply on a Friday") {
        const Assessment a = assess_on(p, {out("2026-01-05"), reply("2026-01-09")}, "2026-01-09");
        CHECK(a.next == next("2026-01-13", Reason::after_reply));
    }
    SECTION("outbound after a reply starts a new streak at the first gap") {
        const Assessment a = assess_on(p,
                                       {out("2026-01-05"), out("2026-01-07"), out("2026-01-12"),
                                        reply("2026-01-13"), out("2026-01-14")},
                                       "2026-01-14");
        CHECK(a.streak == 1);
        CHECK(a.streak_started == d("2026-01-14"));
        CHECK(a.next == next("2026-01-16", Reason::cadence));
    }
    SECTION("config after_reply") {
        Config config;
        config.after_reply = 5;
        CHECK(assess_on(p, {reply("2026-01-06")}, "2026-01-06", config).next ==
              next("2026-01-13", Reason::after_reply));
    }
}

TEST_CASE("a booked next step is due exactly on its date until a touch on or after it",
          "[schedule]") {
    const Prospect p = prospect();
    const Touch booked_touch = booking(reply("2026-01-06"), "2026-01-17"); // a Saturday
    SECTION("due on the booked day, never moved to a working day") {
        const Assessment a = assess_on(p, {out("2026-01-05"), booked_touch}, "2026-01-06");
        CHECK(a.state == State::booked);
        CHECK(a.booked_on == d("2026-01-17"));
        CHECK(a.next == next("2026-01-17", Reason::booked));
    }
    SECTION("stays due (overdue) while nothing is logged") {
        const Assessment a = assess_on(p, {out("2026-01-05"), booked_touch}, "2026-02-20");
        CHECK(a.state == State::booked);
        CHECK(a.next == next("2026-01-17", Reason::booked));
    }
    SECTION("a touch before the booked day does not clear it") {
        const Assessment a =
            assess_on(p, {out("2026-01-05"), booked_touch, out("2026-01-12")}, "2026-01-20");
        CHECK(a.state == State::booked);
        CHECK(a.next == next("2026-01-17", Reason::booked));
    }
    SECTION("a touch on the booked day clears it") {
        const Assessment a =
            assess_on(p, {out("2026-01-05"), booked_touch, reply("2026-01-17")}, "2026-01-20");
        CHECK(a.state == State::active);
        CHECK_FALSE(a.booked_on.has_value());
        CHECK(a.next == next("2026-01-20", Reason::after_reply));
    }
    SECTION("an outbound touch after the booked day clears it") {
        const Assessment a = assess_on(
            p, {out("2026-01-05"), booked_touch, out("2026-01-19", Channel::call)}, "2026-01-20");
        CHECK(a.state == State::active);
        CHECK_FALSE(a.booked_on.has_value());
        CHECK(a.next == next("2026-01-21", Reason::cadence));
    }
    SECTION("booking on an outbound touch") {
        const Assessment a = assess_on(p, {booking(out("2026-01-05"), "2026-01-06")}, "2026-01-05");
        CHECK(a.next == next("2026-01-06", Reason::booked));
    }
}

TEST_CASE("a booked step inside a cool-down wins", "[schedule]") {
    Prospect p = prospect();
    p.cooling_since = d("2026-01-06");
    p.cooling_until = d("2026-02-15");
    const std::vector<Touch> touches = {out("2026-01-05"),
                                        booking(reply("2026-01-06"), "2026-01-20")};
    const Assessment a = assess_on(p, touches, "2026-01-10");
    CHECK(a.state == State::booked);
    CHECK(a.next == next("2026-01-20", Reason::booked));
}

TEST_CASE("cool-down: cooling until the day, due that day with reason reheat", "[schedule]") {
    Prospect p = prospect();
    p.cooling_since = d("2026-01-08");
    p.cooling_until = d("2026-01-20");
    const std::vector<Touch> touches = {out("2026-01-05"), out("2026-01-07")};
    const Assessment before = assess_on(p, touches, "2026-01-19");
    CHECK(before.state == State::cooling);
    CHECK(before.next == next("2026-01-20", Reason::reheat));
    CHECK(assess_on(p, touches, "2026-01-08").state == State::cooling);

    const Assessment on_the_day = assess_on(p, touches, "2026-01-20");
    CHECK(on_the_day.state == State::active);
    CHECK(on_the_day.next == next("2026-01-20", Reason::reheat));

    SECTION("a touch on or after the end lifts the cool-down") {
        std::vector<Touch> later = touches;
        later.push_back(out("2026-01-20", Channel::call));
        const Assessment a = assess_on(p, later, "2026-01-20");
        CHECK(a.state == State::active);
        CHECK(a.next == next("2026-01-27", Reason::cadence));
    }
    SECTION("a cool-down with no touches at all") {
        const Assessment a = assess_on(p, {}, "2026-01-10");
        CHECK(a.state == State::cooling);
        CHECK(a.next == next("2026-01-20", Reason::reheat));
    }
    SECTION("an outbound touch during it does not end it") {
        std::vector<Touch> more = touches;
        more.push_back(out("2026-01-12", Channel::call));
        const Assessment a = assess_on(p, more, "2026-01-13");
        CHECK(a.state == State::cooling);
        CHECK(a.next == next("2026-01-20", Reason::reheat));
    }
}

TEST_CASE("a reply ends a cool-down", "[schedule]") {
    Prospect p = prospect();
    p.cooling_since = d("2026-01-08");
    p.cooling_until = d("2026-01-20");
    std::vector<Touch> touches = {out("2026-01-05"), out("2026-01-07")};
    SECTION("a reply during it: due after the reply, not cooling") {
        touches.push_back(reply("2026-01-12"));
        const Assessment a = assess_on(p, touches, "2026-01-12");
        CHECK(a.state == State::active);
        CHECK(a.next == next("2026-01-14", Reason::after_reply));
        SECTION("and further touches follow the cadence") {
            touches.push_back(out("2026-01-14", Channel::call));
            const Assessment later = assess_on(p, touches, "2026-01-15");
            CHECK(later.state == State::active);
            CHECK(later.next == next("2026-01-16", Reason::cadence));
            CHECK(state_on(p, standing_part(later), d("2026-01-15")) == State::active);
        }
    }
    SECTION("an answer on the day it started came before it: the cool-down holds") {
        // The call got through, they said "next quarter", then the cool-down.
        Touch talked = out("2026-01-08", Channel::call);
        talked.direction = Direction::both;
        touches.push_back(talked);
        CHECK(assess_on(p, touches, "2026-01-09").state == State::cooling);
        CHECK(assess_on(p, touches, "2026-01-09").next == next("2026-01-20", Reason::reheat));
    }
    SECTION("a reply the day after it started ends it") {
        touches.push_back(reply("2026-01-09"));
        CHECK(assess_on(p, touches, "2026-01-09").state == State::active);
    }
    SECTION("a reply before it started does not") {
        touches.insert(touches.begin() + 1, reply("2026-01-06"));
        const Assessment a = assess_on(p, touches, "2026-01-09");
        CHECK(a.state == State::cooling);
        CHECK(a.next == next("2026-01-20", Reason::reheat));
    }
    SECTION("an out-of-office reply does not") {
        touches.push_back(ooo("2026-01-12", "2026-01-14"));
        const Assessment a = assess_on(p, touches, "2026-01-12");
        CHECK(a.state == State::cooling);
        CHECK(a.next == next("2026-01-20", Reason::reheat));
    }
}

TEST_CASE("a cool-down or a hold ending on a non-working day ends on the next working day",
          "[schedule]") {
    Config config;
    config.holidays = {d("2026-01-19")}; // a Monday
    Prospect p = prospect();
    const std::vector<Touch> touches = {out("2026-01-05"), out("2026-01-07")};
    SECTION("cool-down until a Saturday before a holiday") {
        p.cooling_since = d("2026-01-08");
        p.cooling_until = d("2026-01-17");
        CHECK(assess_on(p, touches, "2026-01-17", config).state == State::cooling);
        CHECK(assess_on(p, touches, "2026-01-19", config).state == State::cooling);
        const Assessment a = assess_on(p, touches, "2026-01-20", config);
        CHECK(a.state == State::active);
        CHECK(a.next == next("2026-01-20", Reason::reheat));
        SECTION("a touch on its nominal end still lifts it") {
            std::vector<Touch> more = touches;
            more.push_back(out("2026-01-17", Channel::call));
            const Assessment lifted = assess_on(p, more, "2026-01-17", config);
            CHECK(lifted.state == State::active);
            CHECK(lifted.next->reason == Reason::cadence);
        }
    }
    SECTION("out-of-office until a Sunday") {
        const Assessment a =
            assess_on(p, {out("2026-01-05"), ooo("2026-01-05", "2026-01-11")}, "2026-01-06");
        CHECK(a.next == next("2026-01-12", Reason::ooo_over));
    }
    SECTION("out-of-office until a holiday") {
        const Assessment a = assess_on(p, {out("2026-01-05"), ooo("2026-01-05", "2026-01-19")},
                                       "2026-01-06", config);
        CHECK(a.next == next("2026-01-20", Reason::ooo_over));
    }
}

TEST_CASE("booked_day_warning: a booked step on a weekend or holiday", "[schedule]") {
    Config config;
    config.holidays = {d("2026-01-14")};
    CHECK_FALSE(booked_day_warning(out("2026-01-05"), config).has_value());
    CHECK_FALSE(booked_day_warning(booking(out("2026-01-05"), "2026-01-13"), config).has_value());
    const auto saturday = booked_day_warning(booking(out("2026-01-05"), "2026-01-17"), config);
    REQUIRE(saturday.has_value());
    CHECK(*saturday == "the next step is booked on 2026-01-17, a Saturday; it stays due that day");
    const auto holiday = booked_day_warning(booking(out("2026-01-05"), "2026-01-14"), config);
    REQUIRE(holiday.has_value());
    CHECK(*holiday == "the next step is booked on 2026-01-14, a holiday; it stays due that day");
    config.business_days = false;
    CHECK_FALSE(booked_day_warning(booking(out("2026-01-05"), "2026-01-17"), config).has_value());
}

TEST_CASE("an invested prospect with breakup.after unanswered touches is ready to break up",
          "[schedule]") {
    const Prospect p = engaged();
    const Assessment a = assess_on(p, streak_of(5), "2026-01-28");
    CHECK(a.state == State::breakup);
    CHECK(a.breakup_ready);
    CHECK(a.streak == 5);
    // One cadence gap (the fifth, 10 business days) after the last touch.
    CHECK(a.next == next("2026-02-11", Reason::breakup));

    SECTION("proposal stage is invested too") {
        Prospect proposal = p;
        proposal.stage = Stage::proposal;
        CHECK(assess_on(proposal, streak_of(5), "2026-01-28").state == State::breakup);
    }
    SECTION("four touches are not enough") {
        const Assessment four = assess_on(p, streak_of(4), "2026-01-19");
        CHECK(four.state == State::active);
        CHECK_FALSE(four.breakup_ready);
        CHECK(four.next == next("2026-01-28", Reason::cadence));
    }
    SECTION("a lead never qualifies") {
        const Assessment lead = assess_on(prospect(), streak_of(5), "2026-01-28");
        CHECK(lead.state == State::active);
        CHECK_FALSE(lead.breakup_ready);
        CHECK(lead.next == next("2026-02-11", Reason::cadence));
    }
    SECTION("still breakup when ignored past the cadence") {
        const Assessment six = assess_on(p, streak_of(6), "2026-02-11");
        CHECK(six.state == State::breakup);
        CHECK(six.next == next("2026-02-25", Reason::breakup));
    }
}

TEST_CASE("breakup.after = 3 makes the reversing email due earlier", "[schedule]") {
    Config config;
    config.breakup_after = 3;
    const Assessment a = assess_on(engaged(), streak_of(3), "2026-01-12", config);
    CHECK(a.state == State::breakup);
    CHECK(a.next == next("2026-01-19", Reason::breakup));
    CHECK(assess_on(engaged(), streak_of(3), "2026-01-12").state == State::active);
}

TEST_CASE("invested stages come from the config", "[schedule]") {
    Config config;
    config.invested = {Stage::proposal};
    CHECK(assess_on(engaged(), streak_of(5), "2026-01-28", config).state == State::active);
    config.invested = {Stage::lead};
    CHECK(assess_on(prospect(), streak_of(5), "2026-01-28", config).state == State::breakup);
}

TEST_CASE("a lead past the end of its cadence goes to nurture", "[schedule]") {
    const Assessment a = assess_on(prospect(), streak_of(6), "2026-02-11");
    CHECK(a.state == State::nurture);
    CHECK(a.streak == 6);
    // 2026-02-11 + 60 calendar days = Sunday 2026-04-12, moved to Monday.
    CHECK(a.next == next("2026-04-13", Reason::nurture));

    SECTION("nurture_every from the config") {
        Config config;
        config.nurture_every = 30;
        // 2026-02-11 + 30 = Friday 2026-03-13.
        CHECK(assess_on(prospect(), streak_of(6), "2026-02-11", config).next ==
              next("2026-03-13", Reason::nurture));
    }
    SECTION("a nurture touch keeps it in nurture") {
        std::vector<Touch> touches = streak_of(6);
        touches.push_back(out("2026-04-13", Channel::social));
        const Assessment later = assess_on(prospect(), touches, "2026-04-13");
        CHECK(later.state == State::nurture);
        CHECK(later.next == next("2026-06-12", Reason::nurture));
    }
}

TEST_CASE("after a reversing email the prospect moves to nurture", "[schedule]") {
    std::vector<Touch> touches = streak_of(5);
    touches.push_back(out("2026-02-11", Channel::email, Purpose::reversing));
    const Prospect p = engaged();

    const Assessment sent = assess_on(p, touches, "2026-02-11");
    CHECK(sent.reversing_sent_on == d("2026-02-11"));
    CHECK_FALSE(sent.breakup_ready);
    CHECK(sent.state != State::breakup);
    CHECK(sent.next == next("2026-04-13", Reason::nurture));

    // 10 business days after Wednesday 2026-02-11 is Wednesday 2026-02-25.
    CHECK(assess_on(p, touches, "2026-02-24").state == State::active);
    const Assessment nurture = assess_on(p, touches, "2026-02-25");
    CHECK(nurture.state == State::nurture);
    CHECK(nurture.next == next("2026-04-13", Reason::nurture));

    SECTION("a reply after the reversing email brings it back") {
        touches.push_back(reply("2026-02-16"));
        const Assessment answered = assess_on(p, touches, "2026-02-25");
        CHECK(answered.state == State::active);
        CHECK_FALSE(answered.reversing_sent_on.has_value());
        CHECK(answered.next == next("2026-02-18", Reason::after_reply));
    }
}

TEST_CASE("an out-of-office reply keeps the streak and holds until away_until", "[schedule]") {
    const Prospect p = prospect();
    const std::vector<Touch> touches = {out("2026-01-05"), ooo("2026-01-05", "2026-01-21")};
    const Assessment a = assess_on(p, touches, "2026-01-06");
    CHECK(a.streak == 1);
    CHECK_FALSE(a.last_reply.has_value());
    CHECK(a.next == next("2026-01-21", Reason::ooo_over));
    CHECK(a.state == State::active);

    SECTION("the streak goes on after the auto-reply") {
        std::vector<Touch> more = touches;
        more.push_back(out("2026-01-21", Channel::call));
        const Assessment later = assess_on(p, more, "2026-01-21");
        CHECK(later.streak == 2);
        CHECK(later.next == next("2026-01-26", Reason::cadence));
    }
    SECTION("an absence ending before the cadence changes nothing") {
        const Assessment short_absence =
            assess_on(p, {out("2026-01-05"), ooo("2026-01-05", "2026-01-06")}, "2026-01-05");
        CHECK(short_absence.next == next("2026-01-07", Reason::cadence));
    }
    SECTION("the latest auto-reply wins, even with an earlier return") {
        std::vector<Touch> more = touches;
        more.push_back(ooo("2026-01-06", "2026-01-13"));
        CHECK(assess_on(p, more, "2026-01-06").next == next("2026-01-13", Reason::ooo_over));
        more.push_back(ooo("2026-01-07", "2026-01-28"));
        CHECK(assess_on(p, more, "2026-01-07").next == next("2026-01-28", Reason::ooo_over));
    }
    SECTION("a real reply clears the hold") {
        std::vector<Touch> more = touches;
        more.push_back(reply("2026-01-07"));
        const Assessment replied = assess_on(p, more, "2026-01-07");
        CHECK(replied.streak == 0);
        CHECK(replied.next == next("2026-01-09", Reason::after_reply));
    }
    SECTION("an out-of-office reply does not count toward overheating as a reply") {
        const std::vector<Touch> hot = {out("2026-01-05"), ooo("2026-01-05", "2026-01-06"),
                                        out("2026-01-06", Channel::call),
                                        out("2026-01-07", Channel::social)};
        CHECK(is_overheated(hot, Config{}));
    }
}

TEST_CASE("a closed prospect has no next action", "[schedule]") {
    Prospect p = prospect();
    p.outcome = Outcome::won;
    p.closed_on = d("2026-01-09");
    const Assessment a =
        assess_on(p, {out("2026-01-05"), booking(out("2026-01-07"), "2026-02-01")}, "2026-01-10");
    CHECK(a.state == State::closed);
    CHECK_FALSE(a.next.has_value());
    CHECK(a.streak == 2);

    p.outcome = Outcome::lost;
    CHECK(assess_on(p, {}, "2026-01-10").state == State::closed);
}

TEST_CASE("assessment.next never depends on today", "[schedule]") {
    Prospect cooling = prospect("Cool");
    cooling.cooling_since = d("2026-01-08");
    cooling.cooling_until = d("2026-01-20");
    std::vector<Touch> reversing = streak_of(5);
    reversing.push_back(out("2026-02-11", Channel::email, Purpose::reversing));

    struct Case {
        const char* name;
        Prospect prospect;
        std::vector<Touch> touches;
    };
    const std::vector<Case> cases = {
        {"new", prospect(), {}},
        {"cadence", prospect(), streak_of(2)},
        {"replied", prospect(), {out("2026-01-05"), reply("2026-01-06")}},
        {"booked", prospect(), {booking(reply("2026-01-06"), "2026-01-20")}},
        {"cooling", cooling, streak_of(2)},
        {"breakup", engaged(), streak_of(5)},
        {"nurture", prospect(), streak_of(6)},
        {"reversing", engaged(), reversing},
        {"ooo", prospect(), {out("2026-01-05"), ooo("2026-01-06", "2026-01-30")}},
    };
    const std::vector<std::string> todays = {"2025-06-01", "2026-01-05", "2026-01-19",
                                             "2026-01-20", "2026-02-24", "2026-02-25",
                                             "2026-04-13", "2030-01-01"};
    for (const Case& c : cases) {
        INFO(c.name);
        const auto reference = assess_on(c.prospect, c.touches, "2026-01-05").next;
        REQUIRE(reference.has_value());
        for (const std::string& today : todays) {
            INFO("today " << today);
            CHECK(assess_on(c.prospect, c.touches, today).next == reference);
        }
    }
}

TEST_CASE("is_overheated", "[schedule]") {
    const Config config;
    SECTION("3 outbound within 7 days") {
        CHECK(is_overheated(
            std::vector<Touch>{out("2026-01-05"), out("2026-01-07"), out("2026-01-09")}, config));
        CHECK(is_overheated(
            std::vector<Touch>{out("2026-01-05"), out("2026-01-05"), out("2026-01-05")}, config));
        CHECK(is_overheated(
            std::vector<Touch>{out("2026-01-05"), out("2026-01-08"), out("2026-01-11")}, config));
    }
    SECTION("spread over 7 or 8 days is not") {
        CHECK_FALSE(is_overheated(
            std::vector<Touch>{out("2026-01-05"), out("2026-01-08"), out("2026-01-13")}, config));
        CHECK_FALSE(is_overheated(
            std::vector<Touch>{out("2026-01-05"), out("2026-01-08"), out("2026-01-12")}, config));
    }
    SECTION("two touches are not") {
        CHECK_FALSE(
            is_overheated(std::vector<Touch>{out("2026-01-05"), out("2026-01-05")}, config));
    }
    SECTION("a reply in between resets") {
        CHECK_FALSE(is_overheated(std::vector<Touch>{out("2026-01-05"), out("2026-01-06"),
                                                     reply("2026-01-07"), out("2026-01-08")},
                                  config));
    }
    SECTION("only the last touches of the streak count") {
        CHECK(is_overheated(std::vector<Touch>{out("2025-12-01"), out("2026-01-05"),
                                               out("2026-01-06"), out("2026-01-07")},
                            config));
        CHECK_FALSE(is_overheated(std::vector<Touch>{out("2026-01-01"), out("2026-01-02"),
                                                     out("2026-01-05"), out("2026-01-20")},
                                  config));
    }
    SECTION("the config sets the threshold") {
        Config loose;
        loose.overheat_touches = 4;
        CHECK_FALSE(is_overheated(
            std::vector<Touch>{out("2026-01-05"), out("2026-01-07"), out("2026-01-09")}, loose));
        Config wide;
        wide.overheat_within = Duration{10, Duration::Unit::days};
        CHECK(is_overheated(
            std::vector<Touch>{out("2026-01-05"), out("2026-01-08"), out("2026-01-13")}, wide));
        Config off;
        off.overheat_touches = 0;
        CHECK_FALSE(is_overheated(
            std::vector<Touch>{out("2026-01-05"), out("2026-01-05"), out("2026-01-05")}, off));
    }
    SECTION("assess reports it") {
        CHECK(assess_on(prospect(), {out("2026-01-05"), out("2026-01-06"), out("2026-01-07")},
                        "2026-01-07")
                  .overheated);
        CHECK_FALSE(assess_on(prospect(), streak_of(3), "2026-01-12").overheated);
    }
}

namespace {

// Follows the default cadence (each touch on the day assess() says it is
// due) from Monday 2026-01-05 + `start` days and checks that no prefix of
// the streak is overheated.
void check_default_cadence_cool(int start) {
    const Config config;
    const Prospect p = prospect();
    const std::vector<int>& gaps = config.cadences.at("default");
    {
        std::vector<Touch> touches = {out("2026-01-05")};
        touches.front().on = d("2026-01-05").plus_days(start);
        for (std::size_t i = 0; i < gaps.size(); ++i) {
            const Date due = assess(p, touches, config, touches.back().on).next->due_on;
            touches.push_back(out("2026-01-05"));
            touches.back().on = due;
            INFO("start +" << start << ", touch " << touches.size() << " on "
                           << touches.back().on.iso());
            CHECK_FALSE(is_overheated(touches, config));
        }
    }
}

} // namespace

TEST_CASE("the default cadence never overheats by itself", "[schedule]") {
    for (int start = 0; start < 5; ++start) { // Monday to Friday
        check_default_cadence_cool(start);
    }
}

TEST_CASE("the default cadence never overheats, even from a weekend touch", "[schedule]") {
    // A first touch logged on a Saturday or Sunday, then the suggested dates
    // (Tue, Fri): the weekend touch counts like Friday's, a week before.
    check_default_cadence_cool(5);
    check_default_cadence_cool(6);
}

TEST_CASE("the config changes the schedule", "[schedule]") {
    SECTION("a prospect's own cadence") {
        Config config;
        config.cadences["gentle"] = {5, 10};
        Prospect p = prospect();
        p.cadence = "gentle";
        CHECK(assess_on(p, streak_of(1), "2026-01-05", config).next ==
              next("2026-01-12", Reason::cadence));
        // Two gaps allow three touches; the fourth sends a lead to nurture.
        CHECK(assess_on(p, streak_of(2), "2026-01-07", config).next ==
              next("2026-01-21", Reason::cadence));
        const Assessment past = assess_on(p, streak_of(3), "2026-01-12", config);
        CHECK(past.state == State::nurture);
        CHECK(past.next == next("2026-03-13", Reason::nurture));
    }
    SECTION("a cadence by tag") {
        Config config;
        config.cadences["gentle"] = {5, 10};
        config.cadence_by_tag["vip"] = "gentle";
        Prospect p = prospect();
        p.tags = {"other", "vip"};
        CHECK(assess_on(p, streak_of(1), "2026-01-05", config).next ==
              next("2026-01-12", Reason::cadence));
        p.tags = {"other"};
        CHECK(assess_on(p, streak_of(1), "2026-01-05", config).next ==
              next("2026-01-07", Reason::cadence));
    }
    SECTION("the prospect's own cadence beats its tag") {
        Config config;
        config.cadences["gentle"] = {5};
        config.cadences["pushy"] = {1};
        config.cadence_by_tag["vip"] = "gentle";
        Prospect p = prospect();
        p.tags = {"vip"};
        p.cadence = "pushy";
        CHECK(assess_on(p, streak_of(1), "2026-01-05", config).next ==
              next("2026-01-06", Reason::cadence));
    }
    SECTION("the default cadence itself") {
        Config config;
        config.cadences["default"] = {4};
        CHECK(assess_on(prospect(), streak_of(1), "2026-01-05", config).next ==
              next("2026-01-09", Reason::cadence));
    }
    SECTION("holidays") {
        Config config;
        config.holidays = {d("2026-01-06")};
        CHECK(assess_on(prospect(), streak_of(1), "2026-01-05", config).next ==
              next("2026-01-08", Reason::cadence));
    }
    SECTION("calendar days") {
        Config config;
        config.business_days = false;
        CHECK(assess_on(prospect(), {out("2026-01-09")}, "2026-01-09", config).next ==
              next("2026-01-11", Reason::cadence));
    }
}

TEST_CASE("a conversation ends the streak as a reply does", "[schedule]") {
    const Prospect p = engaged();
    std::vector<Touch> touches = {out("2026-01-05"), out("2026-01-07")};
    Touch talked = out("2026-01-12", Channel::call, Purpose::value);
    talked.direction = Direction::both;
    touches.push_back(talked);
    const Assessment a = assess_on(p, touches, "2026-01-12");
    CHECK(a.streak == 0);
    CHECK(a.last_reply == d("2026-01-12"));
    CHECK(a.next->reason == Reason::after_reply);
    CHECK_FALSE(a.overheated);
    SECTION("and fulfils a booked step dated on or before it") {
        std::vector<Touch> booked = {booking(reply("2026-01-06"), "2026-01-09")};
        Touch meeting = out("2026-01-09", Channel::video, Purpose::meeting);
        meeting.direction = Direction::both;
        booked.push_back(meeting);
        const Assessment after = assess_on(p, booked, "2026-01-09");
        CHECK_FALSE(after.booked_on);
        CHECK(after.next->reason == Reason::after_reply);
    }
}

TEST_CASE("a snooze moves the next action later, keeping its reason", "[schedule]") {
    Prospect p = prospect();
    const std::vector<Touch> touches = {out("2026-01-05")};
    REQUIRE(assess_on(p, touches, "2026-01-05").next->due_on == d("2026-01-07"));
    p.snoozed_on = d("2026-01-05");
    p.snooze_until = d("2026-01-14");
    const Assessment a = assess_on(p, touches, "2026-01-05");
    CHECK(a.next->due_on == d("2026-01-14"));
    CHECK(a.next->reason == Reason::cadence);
    SECTION("never earlier") {
        p.snooze_until = d("2026-01-06");
        CHECK(assess_on(p, touches, "2026-01-05").next->due_on == d("2026-01-07"));
    }
    SECTION("a reply since ends it") {
        std::vector<Touch> replied = touches;
        replied.push_back(reply("2026-01-06"));
        CHECK(assess_on(p, replied, "2026-01-06").next->due_on == d("2026-01-08"));
    }
    SECTION("a booked step wins") {
        const std::vector<Touch> booked = {booking(reply("2026-01-05"), "2026-01-09")};
        CHECK(assess_on(p, booked, "2026-01-05").next->due_on == d("2026-01-09"));
    }
}

TEST_CASE("a booked step keeps its time until a touch on or after its day", "[schedule]") {
    const Prospect p = prospect();
    Touch call = booking(out("2026-01-05", Channel::call), "2026-01-08");
    call.next_step_time = TimeOfDay{15 * 60};
    call.next_step_minutes = 45;
    std::vector<Touch> history = {call};
    Assessment a = assess(p, history, Config{}, d("2026-01-06"));
    REQUIRE(a.next);
    CHECK(a.next->reason == Reason::booked);
    CHECK(a.next_at == TimeOfDay{15 * 60});
    CHECK(standing_part(a).next_at == TimeOfDay{15 * 60});
    // Rebooked without a time: an all-day step.
    history.push_back(booking(reply("2026-01-06"), "2026-01-09"));
    a = assess(p, history, Config{}, d("2026-01-06"));
    CHECK(a.booked_on == d("2026-01-09"));
    CHECK_FALSE(a.next_at.has_value());
    // Held: no booked step, no time.
    history.push_back(out("2026-01-09", Channel::video));
    a = assess(p, history, Config{}, d("2026-01-09"));
    CHECK_FALSE(a.booked_on.has_value());
    CHECK_FALSE(a.next_at.has_value());
}

TEST_CASE("an imported history makes nothing overdue from before the import", "[schedule]") {
    Prospect p = prospect();
    p.created_on = d("2026-11-23");
    SECTION("a recent last contact: due on the import day at the earliest") {
        const Assessment a = assess_on(p, {out("2026-11-16")}, "2026-11-23");
        CHECK(a.next->due_on == d("2026-11-23"));
        CHECK(a.next->reason == Reason::cadence);
    }
    SECTION("a last contact older than the whole cadence: nurture") {
        const Assessment a = assess_on(p, {out("2026-08-03")}, "2026-11-23");
        CHECK(a.next->reason == Reason::nurture);
        CHECK(a.next->due_on == d("2026-11-23"));
        CHECK(a.state == State::nurture);
    }
    SECTION("touches after the import day count as always") {
        const Assessment a = assess_on(p, {out("2026-08-03"), out("2026-11-23")}, "2026-11-23");
        CHECK(a.next->reason == Reason::cadence);
        CHECK(a.next->due_on == d("2026-11-26"));
    }
}

TEST_CASE("a snooze past a cool-down's end leaves the prospect cooling no longer", "[schedule]") {
    Prospect p = prospect();
    p.cooling_since = d("2026-12-07");
    p.cooling_until = d("2026-12-08");
    p.snoozed_on = d("2026-12-09");
    p.snooze_until = d("2026-12-11");
    const Assessment a = assess_on(p, {out("2026-12-07")}, "2026-12-09");
    CHECK(a.next == next("2026-12-11", Reason::reheat));
    CHECK(a.state == State::active);
    CHECK(assess_on(p, {out("2026-12-07")}, "2026-12-07").state == State::cooling);
}
