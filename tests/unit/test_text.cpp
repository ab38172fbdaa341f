// Text that must not fool the reader or drive the terminal: blank names,
// lines that can be typed, drafts and JSON shown on a terminal. (The older
// [text] cases live in test_output.cpp.)
#include "followup/output.hpp"
#include "followup/text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

using namespace followup;
using nlohmann::json;

TEST_CASE("is_blank sees Unicode spaces and invisible fillers as blank", "[text]") {
    CHECK(is_blank(""));
    CHECK(is_blank(" \t\r\n"));
    CHECK(is_blank("\u00a0"));
    CHECK(is_blank("\u2003 \u3000"));
    CHECK(is_blank("\u200b\u2060\ufeff"));
    CHECK(is_blank("\u3164"));
    CHECK_FALSE(is_blank("Ann"));
    CHECK_FALSE(is_blank("\u00a0Ann\u00a0"));
    CHECK_FALSE(is_blank("日本"));
    CHECK_FALSE(is_blank("\xFF"));
}

TEST_CASE("is_plain_text: what can be typed on one line", "[text]") {
    CHECK(is_plain_text("Mary O'Neil (D'Arcy & Sons) Zoë 日本"));
    CHECK(is_plain_text(""));
    CHECK_FALSE(is_plain_text("a\tb"));
    CHECK_FALSE(is_plain_text("a\nb"));
    CHECK_FALSE(is_plain_text("a\x1b[31mb"));
    CHECK_FALSE(is_plain_text("a\x7f"));
    CHECK_FALSE(is_plain_text("a\xC2\x9B"));
    CHECK_FALSE(is_plain_text("a\xE2\x80\xAE"));
    CHECK_FALSE(is_plain_text("a\xE2\x81\xA9"));
    CHECK_FALSE(is_plain_text("a\xFF"));
}

TEST_CASE("neutralise_lines keeps the lines, neutralises each", "[text]") {
    CHECK(neutralise_lines("") == "");
    CHECK(neutralise_lines("Hi Ann,\n\nbye\n") == "Hi Ann,\n\nbye\n");
    CHECK(neutralise_lines("Hi \x1b[2J\nx\xE2\x80\xAEy\r\n") == "Hi \\x1b[2J\nx\\u202ey \n");
}

TEST_CASE("dump_json escapes DEL, C1 controls and bidi overrides", "[output]") {
    const std::string stored = "a\x7f"
                               "b\xC2\x9B"
                               "c\xC2\x85"
                               "d\xE2\x80\xAA\xE2\x80\xAE"
                               "e\xE2\x81\xA6\xE2\x81\xA9"
                               "f\x1b";
    const json value = {{"name", stored}, {"ok", "Zoë \xE2\x80\xAF 日本 \xE2\x80\xAF\xE2\x81\xAA"}};
    const std::string text = dump_json(value, -1);
    CHECK(text == "{\"name\":\"a\\u007fb\\u009bc\\u0085d\\u202a\\u202ee\\u2066\\u2069f\\u001b\","
                  "\"ok\":\"Zoë \xE2\x80\xAF 日本 \xE2\x80\xAF\xE2\x81\xAA\"}");
    // parsed back, the values are what was stored
    CHECK(json::parse(text) == value);
    CHECK(dump_json(json::array()) == "[]");
}

TEST_CASE("counted: one is singular, every other count plural", "[text]") {
    CHECK(counted(std::size_t{1}, "touch", "touches") == "1 touch");
    CHECK(counted(std::size_t{0}, "touch", "touches") == "0 touches");
    CHECK(counted(2, "bad row", "bad rows") == "2 bad rows");
    CHECK(counted(1, "bad row", "bad rows") == "1 bad row");
}
