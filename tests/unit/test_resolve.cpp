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

TEST_CASE("fold_name drops accents and case, as people type names", "[resolve]") {
    CHECK(fold_name("Zo\xC3\xAB") == "zoe");     // Zoë, composed
    CHECK(fold_name("Zoe\xCC\x88") == "zoe");    // Zoë, decomposed
    CHECK(fold_name("\xC3\x89MILE") == "emile"); // ÉMILE
    CHECK(fold_name("Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
                    "ez") == "jose nunez");        // José Núñez
    CHECK(fold_name("S\xC3\xB8ren") == "soren");   // Søren
    CHECK(fold_name("\xC5\x81ukasz") == "lukasz"); // Łukasz
    CHECK(fold_name("Stra\xC3\x9F"
                    "e") == "strasse"); // Straße
    CHECK(fold_name("O\xE2\x80\x99"
                    "Brien") == "o'brien"); // O’Brien
    CHECK(fold_name("Ann LEE 42") == "ann lee 42");
    CHECK(fold_name("\xE6\x9D\x8E") == "\xE6\x9D\x8E");   // 李 stays
    CHECK(fold_name("bad \xFF byte") == "bad \xFF byte"); // not UTF-8: ASCII folding only
}

TEST_CASE("choose_prospect: a name typed without its accents", "[resolve]") {
    const std::vector<Candidate> candidates = {
        {1, "Zo\xC3\xAB", ""}, {2, "Bob", ""}, {3, "\xC3\x89mile Z\xC3\xB6lle", "Acme"}};
    const Resolution zoe = choose_prospect("zoe", candidates);
    REQUIRE(std::holds_alternative<ProspectId>(zoe));
    CHECK(std::get<ProspectId>(zoe) == 1);
    const Resolution upper = choose_prospect("ZO\xC3\x8B", candidates); // ZOË
    REQUIRE(std::holds_alternative<ProspectId>(upper));
    CHECK(std::get<ProspectId>(upper) == 1);
    const Resolution prefix = choose_prospect("emile zo", candidates);
    REQUIRE(std::holds_alternative<ProspectId>(prefix));
    CHECK(std::get<ProspectId>(prefix) == 3);
    CHECK(std::holds_alternative<NoMatch>(choose_prospect("zoey", candidates)));
}

TEST_CASE("choose_prospect: the exact spelling wins over one without accents", "[resolve]") {
    const std::vector<Candidate> candidates = {
        {1, "Zo\xC3\xAB", ""}, {2, "Zoe", ""}, {3, "Zoey", ""}};
    const Resolution plain = choose_prospect("zoe", candidates);
    REQUIRE(std::holds_alternative<ProspectId>(plain));
    CHECK(std::get<ProspectId>(plain) == 2);
    const Resolution accented = choose_prospect("zo\xC3\xAB", candidates);
    REQUIRE(std::holds_alternative<ProspectId>(accented));
    CHECK(std::get<ProspectId>(accented) == 1);
}

TEST_CASE("choose_prospect: a name as typed wins over prefixes; two are ambiguous", "[resolve]") {
    const std::vector<Candidate> one = {{1, "Zo\xC3\xAB", ""}, {2, "Zoey", ""}};
    const Resolution zoe = choose_prospect("ZOE", one);
    REQUIRE(std::holds_alternative<ProspectId>(zoe));
    CHECK(std::get<ProspectId>(zoe) == 1);
    const std::vector<Candidate> two = {
        {1, "Zo\xC3\xAB", "Acme"}, {2, "Zo\xC3\xA9", "Globex"}, {3, "Zoey", ""}};
    const Resolution both = choose_prospect("zoe", two);
    REQUIRE(std::holds_alternative<Ambiguous>(both));
    CHECK(ids_of(std::get<Ambiguous>(both)) == std::vector<ProspectId>{1, 2});
}

TEST_CASE("NameMatcher: as typed, prefix or none", "[resolve]") {
    const NameMatcher matcher("zoe");
    CHECK(matcher.match("Zoe") == NameMatch::any_case);
    CHECK(matcher.match("Zo\xC3\xAB") == NameMatch::as_typed);
    CHECK(matcher.match("Zoey") == NameMatch::prefix);
    CHECK(matcher.match("Zo\xC3\xAB Martin") == NameMatch::prefix);
    CHECK(matcher.match("Zo") == NameMatch::none);
    CHECK(matcher.match("Chloe") == NameMatch::none);
    CHECK(NameMatcher("\xC3\xA9").match("Emile") == NameMatch::prefix); // é finds Emile
}

TEST_CASE("nearest_words: the closest command, when it is close", "[resolve]") {
    const std::vector<std::string> commands = {"add",  "log",  "due",  "cooldown", "breakup",
                                               "list", "show", "edit", "rm",       "stats"};
    using Words = std::vector<std::string>;
    CHECK(nearest_words("lgo", commands) == Words{"log"}); // a swap is one edit
    CHECK(nearest_words("lsit", commands) == Words{"list"});
    CHECK(nearest_words("stat", commands) == Words{"stats"});
    CHECK(nearest_words("breakp", commands) == Words{"breakup"});
    CHECK(nearest_words("dua", commands) == Words{"due"});
    CHECK(nearest_words("lig", commands) == Words{"log"});
    CHECK(nearest_words("xyzzy", commands).empty());
    CHECK(nearest_words("ls", commands).empty()); // two edits from "rm": not a suggestion
    CHECK(nearest_words("", commands).empty());
    CHECK(nearest_words(std::string(200, 'a'), commands).empty());
    CHECK(nearest_words("--nxt", std::vector<std::string>{"--next", "--note", "--date"}) ==
          Words{"--next"});
    CHECK(nearest_words("ad", std::vector<std::string>{"add", "and"}) == Words{"add", "and"});
}

TEST_CASE("choose_prospect: the same name in another case wins over one without accents",
          "[resolve]") {
    const std::vector<Candidate> candidates = {{4, "Zo\xC3\xAB", ""}, {5, "Zoe", ""}};
    const Resolution upper = choose_prospect("ZO\xC3\x8B", candidates); // ZOË: SQLite's NOCASE
    REQUIRE(std::holds_alternative<ProspectId>(upper));                 // does not fold Ë
    CHECK(std::get<ProspectId>(upper) == 4);
    CHECK(NameMatcher("ZO\xC3\x8B").match("Zoe\xCC\x88") == NameMatch::any_case); // decomposed
    CHECK(NameMatcher("ZOE").match("zoe") == NameMatch::any_case);
    CHECK(NameMatcher("Zo\xC3\xAB").match("Zoe") == NameMatch::as_typed);
}
