#include "followup/resolve.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fmt/format.h>
#include <memory>
#include <utf8proc.h>

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

namespace {

// Letters that Unicode does not decompose into a base and a mark, but that
// people type without their stroke.
utf8proc_int32_t base_letter(utf8proc_int32_t codepoint, void* /*unused*/) {
    switch (codepoint) {
    case 0x00D8: // Ø
        return 'O';
    case 0x00F8: // ø
        return 'o';
    case 0x0110: // Đ
        return 'D';
    case 0x0111: // đ
        return 'd';
    case 0x0131: // ı
        return 'i';
    case 0x0141: // Ł
        return 'L';
    case 0x0142: // ł
        return 'l';
    default:
        return codepoint;
    }
}

bool is_ascii(std::string_view text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return false;
        }
    }
    return true;
}

// `text` mapped by utf8proc; ASCII folding only where it is not UTF-8.
std::string utf8proc_folded(std::string_view text, int options, utf8proc_custom_func custom) {
    if (is_ascii(text)) {
        return fold_case(text);
    }
    utf8proc_uint8_t* mapped = nullptr;
    const utf8proc_ssize_t length =
        utf8proc_map_custom(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                            static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                            static_cast<utf8proc_option_t>(options), custom, nullptr);
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
    if (length < 0) {
        return fold_case(text);
    }
    return {reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length)};
}

// Case folded, accents kept, composed (NFC): "ZOË" and "Zoë" (either way
// it is encoded) fold alike.
std::string fold_any_case(std::string_view text) {
    return utf8proc_folded(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD, nullptr);
}

} // namespace

std::string fold_name(std::string_view text) {
    return utf8proc_folded(text,
                           UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                               UTF8PROC_IGNORE | UTF8PROC_CASEFOLD | UTF8PROC_LUMP |
                               UTF8PROC_STRIPMARK,
                           base_letter);
}

NameMatcher::NameMatcher(std::string_view query)
    : any_case_(fold_any_case(query)), typed_(fold_name(query)) {}

NameMatch NameMatcher::match(std::string_view name) const {
    // The ASCII bytes a name starts with fold to themselves in lower case, so
    // a difference there settles it without folding the rest: most names are
    // turned down here, which keeps a scan of 100,000 of them quick.
    const std::size_t common = std::min(name.size(), typed_.size());
    for (std::size_t i = 0; i < common; ++i) {
        char c = name[i];
        if (static_cast<unsigned char>(c) >= 0x80) {
            break;
        }
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        if (c != typed_[i]) {
            return NameMatch::none;
        }
    }
    if (is_ascii(name)) {
        if (name.size() != typed_.size()) {
            return name.size() < typed_.size() ? NameMatch::none : NameMatch::prefix;
        }
        // The same as the query in any case only if it had no accents to drop.
        return any_case_ == typed_ ? NameMatch::any_case : NameMatch::as_typed;
    }
    const std::string folded = fold_name(name);
    if (folded == typed_) {
        // Names the same in any case are the same without accents too.
        return fold_any_case(name) == any_case_ ? NameMatch::any_case : NameMatch::as_typed;
    }
    return folded.starts_with(typed_) ? NameMatch::prefix : NameMatch::none;
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
    const NameMatcher matcher(query);
    std::vector<Candidate> exact;
    std::vector<Candidate> any_case;
    std::vector<Candidate> as_typed;
    std::vector<Candidate> prefixed;
    for (const Candidate& candidate : candidates) {
        if (fold_case(candidate.name) == wanted) {
            exact.push_back(candidate);
            continue;
        }
        switch (matcher.match(candidate.name)) {
        case NameMatch::any_case:
            any_case.push_back(candidate);
            break;
        case NameMatch::as_typed:
            as_typed.push_back(candidate);
            break;
        case NameMatch::prefix:
            prefixed.push_back(candidate);
            break;
        case NameMatch::none:
            break;
        }
    }
    const auto& winners = !exact.empty()      ? exact
                          : !any_case.empty() ? any_case
                          : !as_typed.empty() ? as_typed
                                              : prefixed;
    if (winners.empty()) {
        return NoMatch{};
    }
    if (winners.size() == 1) {
        return winners.front().id;
    }
    return Ambiguous{winners};
}

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of neighbours ("lgo" is one edit from "log").
std::size_t edit_distance(std::string_view from, std::string_view to) {
    std::vector<std::vector<std::size_t>> d(from.size() + 1,
                                            std::vector<std::size_t>(to.size() + 1));
    for (std::size_t i = 0; i <= from.size(); ++i) {
        d[i][0] = i;
    }
    for (std::size_t j = 0; j <= to.size(); ++j) {
        d[0][j] = j;
    }
    for (std::size_t i = 1; i <= from.size(); ++i) {
        for (std::size_t j = 1; j <= to.size(); ++j) {
            const std::size_t cost = from[i - 1] == to[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && from[i - 1] == to[j - 2] && from[i - 2] == to[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[from.size()][to.size()];
}

} // namespace

std::vector<std::string> nearest_words(std::string_view typed, std::span<const std::string> words) {
    constexpr std::size_t max_distance = 2;
    // Longer than any command or option: not worth comparing (and quadratic).
    constexpr std::size_t max_length = 64;
    std::vector<std::string> nearest;
    if (typed.empty() || typed.size() > max_length) {
        return nearest;
    }
    // Two edits turn "ab" into anything of two letters: suggest nothing then.
    std::size_t best = std::min(max_distance, typed.size() - 1);
    for (const std::string& word : words) {
        if (word.size() > max_length) {
            continue;
        }
        const std::size_t distance = edit_distance(typed, word);
        if (distance < best) {
            best = distance;
            nearest.clear();
        }
        if (distance == best) {
            nearest.push_back(word);
        }
    }
    return nearest;
}

} // namespace followup
