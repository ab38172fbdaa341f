#pragma once

#include "followup/config.hpp"
#include "followup/model.hpp"
#include "followup/schedule.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>

namespace followup {

// Outbound touches and the replies credited to them.
struct ReplyCount {
    int touches = 0;
    int replies = 0;
    double rate() const { return touches == 0 ? 0.0 : static_cast<double>(replies) / touches; }
};

// Touches of one kind logged on one day, summed: storage keeps these so that
// `stats` need not read every touch. `answered`: outbound touches whose next
// touch (out-of-office replies aside) is a reply.
struct TouchTally {
    Date on;
    Direction direction = Direction::out;
    Channel channel = Channel::email;
    std::optional<Purpose> purpose;
    bool out_of_office = false;
    int touches = 0;
    int answered = 0;
    int with_next_step = 0;
};

inline constexpr int stats_weeks = 12;
// What practitioners report for reversing emails.
inline constexpr double reversing_benchmark = 0.25;

struct PipelineStats {
    std::map<State, int> by_state;
    std::map<Stage, int> by_stage; // open prospects only
    // Outbound and inbound touches in each of the last 12 weeks (Monday to
    // Sunday), oldest first; the last is the week of `today`.
    std::array<int, stats_weeks> outbound_per_week{};
    std::array<int, stats_weeks> inbound_per_week{};
    std::map<Channel, ReplyCount> by_channel;
    std::map<Purpose, ReplyCount> by_purpose;
    ReplyCount reversing;
    int replies = 0;
    int replies_with_next_step = 0;
    // Closed prospects, whatever `since`: how many were won and lost, and
    // the value of those won.
    int won = 0;
    int lost = 0;
    std::int64_t won_value = 0;
    // Won out of all closed; 0 when none is.
    double win_rate() const {
        return won + lost == 0 ? 0.0 : static_cast<double>(won) / (won + lost);
    }
};

// Accumulates one prospect at a time, so a pipeline of any size streams
// through in one pass. Touches before `since` count for nothing but the
// pipeline's states.
class StatsBuilder {
public:
    StatsBuilder(const Config& config, Date today, std::optional<Date> since)
        : config_(config), today_(today), since_(since) {}

    void add(const Prospect& prospect, std::span<const Touch> touches);
    // The same figures from what storage keeps: a prospect's standing (for
    // its state and stage) and the tallies of touches. Add every prospect
    // with add_standing() and every tally with add_tally(), or use add().
    void add_standing(const Prospect& prospect, const Standing& standing);
    void add_tally(const TouchTally& tally);
    const PipelineStats& result() const { return stats_; }

private:
    void count_state(const Prospect& prospect, State state);

    const Config& config_;
    Date today_;
    std::optional<Date> since_;
    PipelineStats stats_;
};

} // namespace followup
