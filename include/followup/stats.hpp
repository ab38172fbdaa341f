#pragma once

#include "followup/config.hpp"
#include "followup/model.hpp"
#include "followup/schedule.hpp"

#include <array>
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
};

// Accumulates one prospect at a time, so a pipeline of any size streams
// through in one pass. Touches before `since` count for nothing but the
// pipeline's states.
class StatsBuilder {
public:
    StatsBuilder(const Config& config, Date today, std::optional<Date> since)
        : config_(config), today_(today), since_(since) {}

    void add(const Prospect& prospect, std::span<const Touch> touches);
    const PipelineStats& result() const { return stats_; }

private:
    const Config& config_;
    Date today_;
    std::optional<Date> since_;
    PipelineStats stats_;
};

} // namespace followup
