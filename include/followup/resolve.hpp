#pragma once

#include "followup/model.hpp"

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace followup {

// A prospect as PROSPECT arguments and error messages name it.
struct Candidate {
    ProspectId id = 0;
    std::string name;
    std::string company;
};

// "Name (Company) #id", the form errors list candidates in.
std::string describe(const Candidate& candidate);

struct NoMatch {};
struct Ambiguous {
    std::vector<Candidate> candidates;
};
using Resolution = std::variant<ProspectId, NoMatch, Ambiguous>;

// Picks the prospect a typed name means among `candidates`. Four kinds of
// match, the first kind found wins: the exact name, case-insensitively (as
// SQLite's NOCASE, ASCII only); the same in any case ("ZOË" for Zoë); the
// name as people type it (fold_name: "zoe" for Zoë); a prefix of the name as
// people type it. More than one of the winning kind is ambiguous.
Resolution choose_prospect(std::string_view query, std::span<const Candidate> candidates);

// A name as people type it, for matching: compatibility forms and look-alike
// punctuation lumped (’ as '), accents and other marks dropped, a few letters
// without a decomposition taken to their base (ø, ł, đ, ı), case folded
// (ß as ss). ASCII folds as fold_case does; text that is not valid UTF-8
// folds as fold_case.
std::string fold_name(std::string_view text);

// How a name compares with what was typed: the same in any case; the same
// folded by fold_name; or the typed text, folded, begins the folded name.
enum class NameMatch { none, any_case, as_typed, prefix };

// One typed query matched against many names (folded once; an ASCII name is
// compared without allocating, so scanning 100,000 names stays quick).
class NameMatcher {
public:
    explicit NameMatcher(std::string_view query);
    NameMatch match(std::string_view name) const;

private:
    std::string any_case_; // the query case-folded, accents kept
    std::string typed_;    // the query folded by fold_name
};

// The words closest to a mistyped one, for "did you mean": those at the
// smallest edit distance (a transposed pair counts as one edit) if it is at
// most 2 and less than the typed word's length; none otherwise. In the
// order given.
std::vector<std::string> nearest_words(std::string_view typed, std::span<const std::string> words);

// A PROSPECT written as an id: "42" or "#42", at most max_prospect_id.
std::optional<ProspectId> parse_prospect_id(std::string_view query);

// The largest id parse_prospect_id reads (18 digits): an import refuses larger
// ids, and an add fails rather than go past it (past 2^63 - 1 SQLite would
// pick ids at random).
inline constexpr ProspectId max_prospect_id = 999'999'999'999'999'999;

// ASCII case folding, the same as SQLite's NOCASE.
std::string fold_case(std::string_view text);

} // namespace followup
