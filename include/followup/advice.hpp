#pragma once

#include "followup/model.hpp"
#include "followup/schedule.hpp"

#include <span>
#include <string>
#include <vector>

namespace followup {

// The next touch worth making: never a bare check-in, never the channel that
// just went unanswered, only channels the prospect can be reached on.
struct Suggestion {
    Channel channel = Channel::email;
    Purpose purpose = Purpose::value;
    std::string reason;
};

// Whether the prospect can be reached on `channel` with what is stored:
// email needs an address not marked bouncing, call, voicemail and text a phone, mail and visit a
// postal address, social a profile, video an email or a phone, referral a
// referrer.
bool reachable(const Prospect& prospect, Channel channel);

// Whether a conversation happens on it as it goes: call, video, visit.
bool is_live(Channel channel);

// The channel for a live conversation booked on `booked_on`: the one agreed
// (--next-channel), else the preferred one when live (call, video, visit),
// else a call when there is a phone, else video.
Channel live_channel(const Prospect& prospect, std::span<const Touch> touches, Date booked_on);

Suggestion suggest(const Prospect& prospect, std::span<const Touch> touches,
                   const Assessment& assessment);

// What storage keeps on the prospect: the day-independent part of
// `assessment`, with the suggested channel and purpose when something is next.
Standing standing_of(const Prospect& prospect, std::span<const Touch> touches,
                     const Assessment& assessment);

// A prospect that is due, with everything its place in the ranking depends on.
struct DueItem {
    Prospect prospect;
    Assessment assessment;
    Suggestion suggestion;
    Date due_on;
    int days_overdue = 0; // calendar days; 0 when due today or later
};

// Replies this recent (calendar days) lift a prospect in the ranking.
inline constexpr int recent_reply_days = 14;

// PRODUCT.md's order: booked next steps; replied in the last 14 days; stage
// (proposal, engaged, lead); deal value; days overdue; id.
bool ranks_before(const DueItem& left, const DueItem& right, Date today);

// Sorts best first.
void rank(std::vector<DueItem>& items, Date today);

// One line saying why an item sits where it does, in ranking order.
std::string explain_rank(const DueItem& item, Date today);

// What to tell the user about a touch being logged (without the
// "followup: warning: " prefix): the same channel for the third unanswered
// time in a row, a note repeated from an unanswered touch, overheating.
// `history` is the prospect's touches before this one, oldest first.
std::vector<std::string> touch_warnings(const Prospect& prospect, std::span<const Touch> history,
                                        const Touch& touch, const Config& config);

} // namespace followup
