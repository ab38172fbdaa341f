#include "walk.hpp"

#include "followup/text.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <set>

namespace followup {

namespace {

constexpr std::array<WalkKey, 14> keys = {{
    {'y', WalkAction::done, "done as suggested: log the suggested touch"},
    {'t', WalkAction::talked, "we talked: log a conversation"},
    {'r', WalkAction::replied, "they replied: log their reply"},
    {'n', WalkAction::no_answer,
     "no answer: log the attempt (on a booked meeting's day: they did not come)"},
    {'b', WalkAction::book, "book the next step: a conversation, with the day and time agreed"},
    {'s', WalkAction::snooze, "snooze until a day, or for a while"},
    {'c', WalkAction::cool_down, "cool down (for the config's default, or as long as you say)"},
    {'k', WalkAction::reversing,
     "ready for the reversing email: show its draft, and record it sent if you say so"},
    {'e', WalkAction::edit, "change the channel, purpose or note, then log"},
    {'o', WalkAction::open_editor,
     "open the draft in $VISUAL or $EDITOR, then log the touch with what you wrote as its note"},
    {'j', WalkAction::skip, "skip to the next prospect"},
    {'u', WalkAction::undo, "undo the last action of this walk, and go back to its prospect"},
    {'q', WalkAction::quit, "quit; everything done so far is kept"},
    {'?', WalkAction::help, "this help"},
}};

} // namespace

std::span<const WalkKey> walk_keys() {
    return keys;
}

std::optional<WalkAction> walk_action(std::string_view key) {
    if (key.size() != 1) {
        return std::nullopt;
    }
    char typed = key[0];
    if (typed >= 'A' && typed <= 'Z') {
        typed = static_cast<char>(typed - 'A' + 'a');
    }
    for (const WalkKey& entry : keys) {
        if (entry.key == typed) {
            return entry.action;
        }
    }
    return std::nullopt;
}

std::string walk_key_list() {
    std::string list;
    for (const WalkKey& entry : keys) {
        list += list.empty() ? "" : ",";
        list += entry.key;
    }
    return list;
}

WalkTally walk_tally(std::span<const WalkStep> steps) {
    WalkTally tally;
    std::set<std::size_t> positions;
    for (const WalkStep& step : steps) {
        positions.insert(step.position);
        switch (step.kind) {
        case WalkStep::Kind::touch:
            ++tally.touches;
            tally.conversations += step.conversation ? 1 : 0;
            tally.booked += step.booked ? 1 : 0;
            break;
        case WalkStep::Kind::snooze:
            ++tally.snoozed;
            break;
        case WalkStep::Kind::cooling:
            ++tally.cooled;
            break;
        case WalkStep::Kind::skip:
            ++tally.skipped;
            break;
        }
    }
    tally.walked = positions.size();
    return tally;
}

std::string walk_summary(const WalkTally& tally, std::size_t total) {
    return fmt::format("Walked {} of {}: {} logged ({}, {} booked), {} snoozed, {} cooled down, "
                       "{} skipped.",
                       tally.walked, total, counted(tally.touches, "touch", "touches"),
                       counted(tally.conversations, "conversation", "conversations"), tally.booked,
                       tally.snoozed, tally.cooled, tally.skipped);
}

} // namespace followup
