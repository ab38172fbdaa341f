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

// Picks the prospect a typed name means among `candidates` (those whose name
// starts with it, case-insensitively): exact names win over prefixes, and
// more than one of the winning kind is ambiguous.
Resolution choose_prospect(std::string_view query, std::span<const Candidate> candidates);

// A PROSPECT written as an id: "42" or "#42".
std::optional<ProspectId> parse_prospect_id(std::string_view query);

// ASCII case folding, the same as SQLite's NOCASE.
std::string fold_case(std::string_view text);

} // namespace followup
