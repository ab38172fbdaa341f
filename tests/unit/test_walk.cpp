// The keys of `due --interactive` and the tally its summary line gives.
#include "commands/walk.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

using namespace followup;

TEST_CASE("every key of the walk is one action, listed once, in the prompt's order", "[walk]") {
    CHECK(walk_key_list() == "y,t,r,n,b,s,c,k,e,o,j,u,q,?");
    std::set<char> keys;
    std::set<WalkAction> actions;
    for (const WalkKey& entry : walk_keys()) {
        keys.insert(entry.key);
        actions.insert(entry.action);
        CHECK_FALSE(entry.help.empty());
        CHECK(walk_action(std::string(1, entry.key)) == entry.action);
    }
    CHECK(keys.size() == walk_keys().size());
    CHECK(actions.size() == walk_keys().size());
}

TEST_CASE("a key is read in either case; anything else is no action", "[walk]") {
    CHECK(walk_action("Y") == WalkAction::done);
    CHECK(walk_action("Q") == WalkAction::quit);
    CHECK(walk_action("k") == WalkAction::reversing);
    CHECK(walk_action("o") == WalkAction::open_editor);
    CHECK_FALSE(walk_action("z").has_value());
    CHECK_FALSE(walk_action("").has_value());
    CHECK_FALSE(walk_action("yy").has_value());
    CHECK_FALSE(walk_action("\x1b").has_value());
    CHECK_FALSE(walk_action("\n").has_value());
    CHECK_FALSE(walk_action("\xc3\xbf").has_value()); // ÿ
}

TEST_CASE("the tally counts touches, conversations, booked steps, snoozes, cool-downs and skips",
          "[walk]") {
    using Kind = WalkStep::Kind;
    const std::vector<WalkStep> steps = {
        {Kind::touch, 0, true, true},   // a conversation that booked the next step
        {Kind::touch, 1, true, false},  // a conversation
        {Kind::touch, 2, false, false}, // an email
        {Kind::snooze, 3, false, false},
        {Kind::cooling, 4, false, false},
        {Kind::skip, 5, false, false},
        {Kind::touch, 5, false, false}, // the skip undone... and then a touch there too
    };
    const WalkTally tally = walk_tally(steps);
    CHECK(tally.walked == 6);
    CHECK(tally.touches == 4);
    CHECK(tally.conversations == 2);
    CHECK(tally.booked == 1);
    CHECK(tally.snoozed == 1);
    CHECK(tally.cooled == 1);
    CHECK(tally.skipped == 1);
    CHECK(walk_summary(tally, 7) == "Walked 6 of 7: 4 touches logged (2 conversations, 1 booked), "
                                    "1 snoozed, 1 cooled down, 1 skipped.");
}

TEST_CASE("an empty walk and a single touch read right", "[walk]") {
    CHECK(walk_summary(walk_tally({}), 3) ==
          "Walked 0 of 3: 0 touches logged (0 conversations, 0 booked), 0 snoozed, 0 cooled "
          "down, 0 skipped.");
    const std::vector<WalkStep> one = {{WalkStep::Kind::touch, 0, true, false}};
    CHECK(walk_summary(walk_tally(one), 1) ==
          "Walked 1 of 1: 1 touch logged (1 conversation, 0 booked), 0 snoozed, 0 cooled down, "
          "0 skipped.");
}
