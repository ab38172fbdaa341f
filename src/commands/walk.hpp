#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The parts of `due --interactive` that need no terminal and no database:
// its keys and the tally of a walk.
namespace followup {

enum class WalkAction {
    done,        // y: the suggested touch
    talked,      // t: a conversation
    replied,     // r: their reply
    no_answer,   // n: the attempt, unanswered (a booked meeting: a no-show)
    book,        // b: a conversation with the next step booked
    snooze,      // s
    cool_down,   // c
    reversing,   // k: the reversing email's draft, then perhaps recorded sent
    edit,        // e: the suggested touch with another channel, purpose or note
    open_editor, // o: the draft in $VISUAL/$EDITOR, kept as the touch's note
    skip,        // j
    undo,        // u
    quit,        // q
    help,        // ?
};

struct WalkKey {
    char key;
    WalkAction action;
    std::string_view help;
};

// Every key, in the order the prompt lists them.
std::span<const WalkKey> walk_keys();
// The action of a key as typed (either case); none for any other.
std::optional<WalkAction> walk_action(std::string_view key);
// "y,t,r,n,b,s,c,k,e,o,j,u,q,?"
std::string walk_key_list();

// One thing done in a walk, as undo and the summary need it.
struct WalkStep {
    enum class Kind { touch, snooze, cooling, skip };
    Kind kind = Kind::skip;
    std::size_t position = 0;  // of the prospect in the walk
    bool conversation = false; // a touch that was one (direction both)
    bool booked = false;       // a touch that booked the next step
};

struct WalkTally {
    std::size_t walked = 0; // prospects acted on or skipped
    std::size_t touches = 0;
    std::size_t conversations = 0;
    std::size_t booked = 0;
    std::size_t snoozed = 0;
    std::size_t cooled = 0;
    std::size_t skipped = 0;
};
WalkTally walk_tally(std::span<const WalkStep> steps);

// "Walked 5 of 6: 4 touches logged (2 conversations, 1 booked), 0 snoozed,
// 1 cooled down, 0 skipped."
std::string walk_summary(const WalkTally& tally, std::size_t total);

} // namespace followup
