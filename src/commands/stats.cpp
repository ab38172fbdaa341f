#include "followup/stats.hpp"

#include "commands.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <ostream>

namespace followup {

namespace {

constexpr int bar_width = 30;

// Unicode block bars need a UTF-8 locale; anything else gets ASCII.
bool locale_is_utf8() {
    for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
        const char* value = std::getenv(name);
        if (value && *value) {
            const std::string lower = fold_case(value);
            return lower.find("utf-8") != std::string::npos ||
                   lower.find("utf8") != std::string::npos;
        }
    }
    return false;
}

class Chart {
public:
    Chart(std::ostream& out, bool unicode) : out_(out), unicode_(unicode) {}

    // A bar of `value` out of `maximum`, with eighths of a cell in Unicode.
    std::string bar(double value, double maximum) const {
        if (maximum <= 0 || value <= 0) {
            return "";
        }
        const int eighths = std::max(1, static_cast<int>(value / maximum * bar_width * 8 + 0.5));
        if (!unicode_) {
            return std::string(static_cast<std::size_t>(std::max(1, eighths / 8)), '#');
        }
        static constexpr std::array<std::string_view, 8> partial = {
            "", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589"};
        std::string text;
        for (int i = 0; i < eighths / 8; ++i) {
            text += "\u2588";
        }
        return text + std::string(partial[static_cast<std::size_t>(eighths % 8)]);
    }

    void heading(std::string_view title) const { out_ << '\n' << title << '\n'; }

    void row(std::string_view label, const std::string& figure, double value,
             double maximum) const {
        out_ << fmt::format("  {:<12} {:>14}  {}\n", label, figure, bar(value, maximum));
    }

private:
    std::ostream& out_;
    bool unicode_;
};

std::string rate_text(const ReplyCount& count) {
    return fmt::format("{:>3.0f}% of {}", count.rate() * 100, count.touches);
}

nlohmann::json rate_json(const ReplyCount& count) {
    return {{"touches", count.touches}, {"replies", count.replies}, {"rate", count.rate()}};
}

} // namespace

int run_stats(const Context& context, const StatsOptions& options) {
    const Format format = format_option(options.format);
    if (format != Format::table && format != Format::json) {
        throw UsageError("stats prints a table or json: use -o table or -o json");
    }
    std::optional<Date> since;
    if (!options.since.empty()) {
        since = parse_date(options.since, context.today);
    }
    const Store store = context.open(Access::read);
    const OwnerScope scope = owner_scope(store, options.owners);
    StatsBuilder builder(context.config, context.today, since);
    if (store.standings_current(context.config)) {
        // What storage keeps: a row per prospect and a few per day of touches
        // (of a rep's: the touches it logged).
        store.for_each_standing(
            [&](const StoredProspect& p) { builder.add_standing(p.prospect, p.standing); }, scope);
        store.for_each_tally([&](const TouchTally& tally) { builder.add_tally(tally); }, scope);
    } else {
        store.for_each_history(
            [&](const Prospect& prospect, std::span<const Touch> touches) {
                builder.add(prospect, touches);
            },
            Notes::skip, scope);
    }
    const PipelineStats& stats = builder.result();
    const Date this_monday = context.today.plus_days(-context.today.weekday());
    const auto week_start = [&](int index) {
        return this_monday.plus_days(-7 * (stats_weeks - 1 - index));
    };
    const ReplyCount booked{stats.replies, stats.replies_with_next_step};

    if (format == Format::json) {
        nlohmann::json by_state = nlohmann::json::object();
        for (std::string_view state : state_names()) {
            by_state[std::string(state)] = 0;
        }
        for (const auto& [state, count] : stats.by_state) {
            by_state[std::string(to_string(state))] = count;
        }
        nlohmann::json by_stage = nlohmann::json::object();
        for (std::string_view stage : stage_names()) {
            by_stage[std::string(stage)] = 0;
        }
        for (const auto& [stage, count] : stats.by_stage) {
            by_stage[std::string(to_string(stage))] = count;
        }
        nlohmann::json weeks = nlohmann::json::array();
        for (int i = 0; i < stats_weeks; ++i) {
            const auto index = static_cast<std::size_t>(i);
            weeks.push_back({{"week_of", week_start(i).iso()},
                             {"out", stats.outbound_per_week[index]},
                             {"in", stats.inbound_per_week[index]}});
        }
        nlohmann::json channels = nlohmann::json::object();
        for (const auto& [channel, count] : stats.by_channel) {
            channels[std::string(to_string(channel))] = rate_json(count);
        }
        nlohmann::json purposes = nlohmann::json::object();
        for (const auto& [purpose, count] : stats.by_purpose) {
            purposes[std::string(to_string(purpose))] = rate_json(count);
        }
        nlohmann::json reversing = rate_json(stats.reversing);
        reversing["benchmark"] = reversing_benchmark;
        nlohmann::json booked_json = {{"replies", stats.replies},
                                      {"with_next_step", stats.replies_with_next_step},
                                      {"rate", booked.rate()}};
        const nlohmann::json document = {
            {"as_of", context.today.iso()},
            {"since", since ? nlohmann::json(since->iso()) : nlohmann::json()},
            {"by_state", by_state},
            {"by_stage", by_stage},
            {"touches_per_week", weeks},
            {"reply_rate_by_channel", channels},
            {"reply_rate_by_purpose", purposes},
            {"reversing", reversing},
            {"booked_next_step", booked_json},
            {"won", stats.won},
            {"lost", stats.lost},
            {"won_value", stats.won_value},
            {"win_rate", stats.win_rate()},
        };
        context.out << dump_json(document) << '\n';
        return 0;
    }

    const Chart chart(context.out, !options.ascii && locale_is_utf8());
    int open_total = 0;
    for (const auto& [stage, count] : stats.by_stage) {
        open_total += count;
    }
    context.out << fmt::format("Pipeline as of {}{}: {}\n", context.today.iso(),
                               since ? fmt::format(" (touches since {})", since->iso()) : "",
                               counted(open_total, "open prospect", "open prospects"));
    const auto largest = [](const auto& counts) {
        int most = 0;
        for (const auto& [key, count] : counts) {
            most = std::max(most, count);
        }
        return static_cast<double>(most);
    };
    chart.heading("By state");
    for (std::string_view name : state_names()) {
        const State state = *parse_state(name);
        const int count = stats.by_state.contains(state) ? stats.by_state.at(state) : 0;
        chart.row(name, std::to_string(count), count, largest(stats.by_state));
    }
    chart.heading("Hooks in the water (open, by stage)");
    for (std::string_view name : stage_names()) {
        const Stage stage = *parse_stage(name);
        const int count = stats.by_stage.contains(stage) ? stats.by_stage.at(stage) : 0;
        chart.row(name, std::to_string(count), count, largest(stats.by_stage));
    }
    chart.heading("Outbound touches per week");
    const double busiest =
        *std::max_element(stats.outbound_per_week.begin(), stats.outbound_per_week.end());
    for (int i = 0; i < stats_weeks; ++i) {
        const int count = stats.outbound_per_week[static_cast<std::size_t>(i)];
        chart.row(week_start(i).iso(), std::to_string(count), count, busiest);
    }
    chart.heading("Reply rate by channel");
    for (const auto& [channel, count] : stats.by_channel) {
        chart.row(to_string(channel), rate_text(count), count.rate(), 1.0);
    }
    chart.heading("Reply rate by purpose");
    for (const auto& [purpose, count] : stats.by_purpose) {
        chart.row(to_string(purpose), rate_text(count), count.rate(), 1.0);
    }
    chart.heading("Reversing emails");
    chart.row("yours", rate_text(stats.reversing), stats.reversing.rate(), 1.0);
    chart.row("reported", fmt::format("{:>3.0f}%", reversing_benchmark * 100), reversing_benchmark,
              1.0);
    chart.heading("Replies that booked a next step");
    chart.row("booked", rate_text(booked), booked.rate(), 1.0);
    chart.heading("Closed");
    const double closed = std::max(stats.won, stats.lost);
    chart.row("won", std::to_string(stats.won), stats.won, closed);
    chart.row("lost", std::to_string(stats.lost), stats.lost, closed);
    chart.row("won value", std::to_string(stats.won_value), 0, 0);
    chart.row("win rate",
              fmt::format("{:>3.0f}% of {}", stats.win_rate() * 100, stats.won + stats.lost),
              stats.win_rate(), 1.0);
    return 0;
}

} // namespace followup
