#include "followup/resolve.hpp"

#include <charconv>
#include <fmt/format.h>

namespace followup {

std::string describe(const Candidate& candidate) {
    if (candidate.company.empty()) {
        return fmt::format("{} #{}", candidate.name, candidate.id);
    }
    return fmt::format("{} ({}) #{}", candidate.name, candidate.company, candidate.id);
}

std::string fold_case(std::string_view text) {
    std::string folded(text);
    for (char& c : folded) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return folded;
}

std::optional<ProspectId> parse_prospect_id(std::string_view query) {
    if (!query.empty() && query.front() == '#') {
        query.remove_prefix(1);
    }
    if (query.empty() || query.size() > 18) {
        return std::nullopt;
    }
    ProspectId id = 0;
    auto [end, error] = std::from_chars(query.data(), query.data() + query.size(), id);
    if (error != std::errc{} || end != query.data() + query.size() || id <= 0) {
        return std::nullopt;
    }
    return id;
}

Resolution choose_prospect(std::string_view query, std::span<const Candidate> candidates) {
    const std::string wanted = fold_case(query);
    std::vector<Candidate> exact;
    std::vector<Candidate> prefixed;
    for (const Candidate& candidate : candidates) {
        const std::string name = fold_case(candidate.name);
        if (name == wanted) {
            exact.push_back(candidate);
        } else if (name.starts_with(wanted)) {
            prefixed.push_back(candidate);
        }
    }
    const auto& winners = exact.empty() ? prefixed : exact;
    if (winners.empty()) {
        return NoMatch{};
    }
    if (winners.size() == 1) {
        return winners.front().id;
    }
    return Ambiguous{winners};
}

} // namespace followup
