#include "followup/resolve.hpp"

#include <catch2/catch.hpp>
#include <variant>
#include <vector>

using namespace followup;

namespace {

std::vector<ProspectId> ids_of(const Ambiguous& ambiguous) {
    std::vector<ProspectId> ids;
    for (const Candidate& candidate : ambiguous.candidates) {
        ids.push_back(candidate.id);
    }
    return ids;
}

} // namespace

TEST_CASE("choose_prospect: an exact name wins over prefixes", "[resolve]") {
    const std::vector<Candidate> candidates = {
        {1, "Anna", "Acme"}, {2, "Ann", "Globex"}, {3, "Annabel", ""}};
    const Resolution exact = choose_prospect("ann", candidates);
    REQUIRE(std::holds_alternative<ProspectId>(exact));
    CHECK(std::get<ProspectId>(exact) == 2);
    const Resolution upper = choose_prospect("ANN", candidates);
    REQUIRE(std::holds_alternative<ProspectId>(upper));
    CHECK(std::get<ProspectId>(upper) == 2);
    const Resolution anna = choose_prospect("aNNa", candidates);
    REQUIRE(std::holds_alternative<ProspectId>(anna));
    CHECK(std::get<ProspectId>(anna) == 1);
}

TEST_CASE("choose_prospect: a unique prefix", "[resolve]") {
    const std::vector<Candidate> candidates = {
        {1, "Anna Smith", "Acme"}, {2, "Annabel Lee", ""}, {3, "Bob", ""}};
    const Resolution resolution = choose_prospect("annab", candidates);
    REQUIRE(std::holds_alternative<ProspectId>(resolution));
    CHECK(std::get<ProspectId>(resolution) == 2);
    const Resolution bob = choose_prospect("B", candidates);
    REQUIRE(std::holds_alternative<ProspectId>(bob));
    CHECK(std::get<ProspectId>(bob) == 3);
}

TEST_CASE("choose_prospect: an ambiguous prefix lists the candidates", "[resolve]") {
    const std::vector<Candidate> candidates = {
        {1, "Anna Smith", "Acme"}, {2, "Annabel Lee", ""}, {3, "Bob", ""}};
    const Resolution resolution = choose_prospect("ann", candidates);
    REQUIRE(std::holds_alternative<Ambiguous>(resolution));
    const auto& ambiguous = std::get<Ambiguous>(resolution);
    CHECK(ids_of(ambiguous) == std::vector<ProspectId>{1, 2});
    CHECK(describe(ambiguous.candidates[0]) == "Anna Smith (Acme) #1");
    CHECK(describe(ambiguous.candidates[1]) == "Annabel Lee #2");
}

TEST_CASE("choose_prospect: two exact namesakes are ambiguous, prefixes left out", "[resolve]") {
    const std::vector<Candidate> candidates = {
        {4, "Ann Lee", "Acme"}, {5, "Ann Lee", "Globex"}, {6, "Ann Leeds", ""}};
    const Resolution resolution = choose_prospect("ann lee", candidates);
    REQUIRE(std::holds_alternative<Ambiguous>(resolution));
    CHECK(ids_of(std::get<Ambiguous>(resolution)) == std::vector<ProspectId>{4, 5});
}

TEST_CASE("choose_prospect: no match", "[resolve]") {
    const std::vector<Candidate> candidates = {{1, "Anna", ""}, {2, "Bob", ""}};
    CHECK(std::holds_alternative<NoMatch>(choose_prospect("carl", candidates)));
    CHECK(std::holds_alternative<NoMatch>(choose_prospect("annas", candidates)));
    CHECK(std::holds_alternative<NoMatch>(choose_prospect("x", std::vector<Candidate>{})));
}

TEST_CASE("parse_prospect_id", "[resolve]") {
    CHECK(parse_prospect_id("42") == ProspectId{42});
    CHECK(parse_prospect_id("#42") == ProspectId{42});
    CHECK(parse_prospect_id("1") == ProspectId{1});
    CHECK(parse_prospect_id("9000000000") == ProspectId{9000000000});
    CHECK_FALSE(parse_prospect_id("0").has_value());
    CHECK_FALSE(parse_prospect_id("#0").has_value());
    CHECK_FALSE(parse_prospect_id("-1").has_value());
    CHECK_FALSE(parse_prospect_id("4a").has_value());
    CHECK_FALSE(parse_prospect_id("a4").has_value());
    CHECK_FALSE(parse_prospect_id("").has_value());
    CHECK_FALSE(parse_prospect_id("#").has_value());
    CHECK_FALSE(parse_prospect_id("##4").has_value());
    CHECK_FALSE(parse_prospect_id("+4").has_value());
    CHECK_FALSE(parse_prospect_id(" 4").has_value());
    CHECK_FALSE(parse_prospect_id("4 ").has_value());
    CHECK_FALSE(parse_prospect_id("99999999999999999999").has_value());
}

TEST_CASE("describe", "[resolve]") {
    CHECK(describe({7, "Ann Lee", "Acme"}) == "Ann Lee (Acme) #7");
    CHECK(describe({12, "Ann Lee", ""}) == "Ann Lee #12");
}

TEST_CASE("fold_case folds ASCII only", "[resolve]") {
    CHECK(fold_case("Ann LEE 42") == "ann lee 42");
    CHECK(fold_case("\xC3\x89mile") == "\xC3\x89mile"); // É unchanged, as SQLite NOCASE
}
