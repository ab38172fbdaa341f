#include "followup/config.hpp"

#include "followup/schedule.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace followup {

const std::vector<int>& Config::cadence_for(const Prospect& prospect) const {
    if (!prospect.cadence.empty()) {
        if (auto found = cadences.find(prospect.cadence); found != cadences.end()) {
            return found->second;
        }
    }
    for (const std::string& tag : prospect.tags) {
        if (auto by_tag = cadence_by_tag.find(tag); by_tag != cadence_by_tag.end()) {
            if (auto found = cadences.find(by_tag->second); found != cadences.end()) {
                return found->second;
            }
        }
    }
    static const std::vector<int> builtin = {2, 3, 5, 7, 10};
    auto found = cadences.find("default");
    return found != cadences.end() ? found->second : builtin;
}

std::string Config::fingerprint() const {
    // Other rules make other next actions from the same config.
    std::string canonical = fmt::format("rules:{};", rules_version);
    for (const auto& [name, gaps] : cadences) {
        canonical += fmt::format("c:{}={};", name, fmt::join(gaps, ","));
    }
    for (const auto& [tag, name] : cadence_by_tag) {
        canonical += fmt::format("t:{}={};", tag, name);
    }
    canonical += fmt::format("b:{};f:{};r:{};n:{};nr:{};a:{};", business_days, first_touch,
                             after_reply, nurture_every, nurture_after_reversing, breakup_after);
    for (Date holiday : holidays) {
        canonical += fmt::format("h:{};", holiday.days());
    }
    for (Stage stage : invested) {
        canonical += fmt::format("i:{};", to_string(stage));
    }
    // FNV-1a: stable across builds and platforms, unlike std::hash.
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char byte : canonical) {
        hash = (hash ^ byte) * 1099511628211ULL;
    }
    return fmt::format("{:016x}", hash);
}

} // namespace followup
