#include "followup/error.hpp"
#include "followup/output.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

using namespace followup;
using nlohmann::json;

namespace {

const std::vector<Column> columns = {{"id", "ID"}, {"name", "Name"}, {"note", "Note"}};

std::string render(Format format, const json& rows, const Style& style = Style{}) {
    std::ostringstream out;
    write_list(out, format, columns, rows, style);
    return out.str();
}

json sample_rows() {
    return json::array({
        {{"id", 1}, {"name", "Ann Lee"}, {"note", "plain"}},
        {{"id", 22}, {"name", "Bob"}, {"note", nullptr}},
    });
}

} // namespace

TEST_CASE("write_list json parses back to the rows", "[output]") {
    json rows = sample_rows();
    rows.push_back({{"id", 3},
                    {"name", "Zoë \"Z\" 日本"},
                    {"note", "tab\there\nnewline"},
                    {"tags", json::array({"a", "b"})},
                    {"due_on", "2026-01-05"},
                    {"over_capacity", true}});
    const std::string text = render(Format::json, rows);
    CHECK(json::parse(text) == rows);
    CHECK(text.back() == '\n');
}

TEST_CASE("write_list on an empty list", "[output]") {
    const json empty = json::array();
    CHECK(render(Format::table, empty).empty());
    CHECK(render(Format::tsv, empty) == "id\tname\tnote\n");
    CHECK(render(Format::csv, empty) == "id,name,note\r\n");
    CHECK(render(Format::json, empty) == "[]\n");
    CHECK(json::parse(render(Format::json, empty)) == json::array());
}

TEST_CASE("write_list tsv", "[output]") {
    CHECK(render(Format::tsv, sample_rows()) == "id\tname\tnote\n"
                                                "1\tAnn Lee\tplain\n"
                                                "22\tBob\t\n");
    const json messy = json::array({{{"id", 5}, {"name", "a\tb"}, {"note", "line1\nline2\r\n"}}});
    CHECK(render(Format::tsv, messy) == "id\tname\tnote\n5\ta b\tline1 line2  \n");
    SECTION("each row has exactly one tab per separator") {
        const std::string text = render(Format::tsv, messy);
        const auto second_line = text.substr(text.find('\n') + 1);
        CHECK(std::count(second_line.begin(), second_line.end(), '\t') == 2);
        CHECK(std::count(second_line.begin(), second_line.end(), '\n') == 1);
    }
    SECTION("to a terminal, escapes are neutralised") {
        Style terminal;
        terminal.terminal = true;
        const json evil = json::array({{{"id", 1}, {"name", "\x1b[31mred"}, {"note", ""}}});
        CHECK(render(Format::tsv, evil, terminal) == "id\tname\tnote\n1\t\\x1b[31mred\t\n");
    }
}

TEST_CASE("write_list csv follows RFC 4180", "[output]") {
    CHECK(render(Format::csv, sample_rows()) == "id,name,note\r\n"
                                                "1,Ann Lee,plain\r\n"
                                                "22,Bob,\r\n");
    const json rows = json::array({
        {{"id", 1}, {"name", "Lee, Ann"}, {"note", "say \"hi\""}},
        {{"id", 2}, {"name", "two\nlines"}, {"note", "cr\rhere"}},
    });
    CHECK(render(Format::csv, rows) == "id,name,note\r\n"
                                       "1,\"Lee, Ann\",\"say \"\"hi\"\"\"\r\n"
                                       "2,\"two\nlines\",\"cr\rhere\"\r\n");
}

TEST_CASE("write_list csv defuses formulas", "[output]") {
    const json rows = json::array({
        {{"id", 1}, {"name", "=SUM(A1:A9)"}, {"note", "+1 555"}},
        {{"id", 2}, {"name", "-2"}, {"note", "@cmd"}},
        {{"id", 3}, {"name", "=1,2"}, {"note", "a=b"}},
        {{"id", -4}, {"name", " =x"}, {"note", ""}},
    });
    CHECK(render(Format::csv, rows) == "id,name,note\r\n"
                                       "1,'=SUM(A1:A9),'+1 555\r\n"
                                       "2,'-2,'@cmd\r\n"
                                       "3,\"'=1,2\",a=b\r\n"
                                       "-4, =x,\r\n");
}

TEST_CASE("write_list table", "[output]") {
    CHECK(render(Format::table, sample_rows()) == "ID  Name     Note\n"
                                                  "1   Ann Lee  plain\n"
                                                  "22  Bob      \n");
    SECTION("wide characters are aligned by display width") {
        const json rows = json::array({{{"id", 1}, {"name", "日本"}, {"note", "x"}},
                                       {{"id", 2}, {"name", "abcde"}, {"note", "y"}}});
        CHECK(render(Format::table, rows) == "ID  Name   Note\n"
                                             "1   日本   x\n"
                                             "2   abcde  y\n");
    }
    SECTION("escapes are always neutralised") {
        const json rows = json::array({{{"id", 1},
                                        {"name", "\x1b]0;pwned\x07"},
                                        {"note", "a\xE2\x80\xAE"
                                                 "b"}}});
        const std::string shown = "\\x1b]0;pwned\\x07"; // 16 columns
        CHECK(render(Format::table, rows) == "ID  Name" + std::string(shown.size() - 4 + 2, ' ') +
                                                 "Note\n" + "1   " + shown + "  a\\u202eb\n");
    }
    SECTION("a coloured header") {
        Style color;
        color.color = true;
        const std::string text = render(Format::table, sample_rows(), color);
        CHECK(text.rfind("\x1b[1mID  Name     Note\x1b[0m\n", 0) == 0);
    }
}

namespace {

// The due table's columns, with a CJK name and names written with combining
// marks (e + U+0301, u + U+0308): one column each on a terminal.
const std::vector<Column> due_columns = {{"id", "ID"},
                                         {"name", "NAME"},
                                         {"company", "COMPANY"},
                                         {"due_on", "DUE"},
                                         {"reason", "REASON"},
                                         {"next_touch", "NEXT TOUCH"},
                                         {"top_priority", "PRIORITY"}};
const std::string renee = "Rene\xcc\x81"
                          "e";
const std::string mueller = "Mu\xcc\x88"
                            "ller";
const std::string luedenscheid = "Lu\xcc\x88"
                                 "denscheid";
const std::string soehne = "So\xcc\x88"
                           "hne";
const std::string cafe = "cafe\xcc\x81";

json due_rows() {
    return json::array({
        {{"id", 1},
         {"name", "Ann Lee"},
         {"company", "Acme"},
         {"due_on", "2026-11-02"},
         {"reason", "booked"},
         {"next_touch", "call meeting"},
         {"top_priority", "a second warehouse by March"}},
        {{"id", 2},
         {"name", "王小明王小明王小明"},
         {"company", "北京第一科技有限公司"},
         {"due_on", "2026-11-02"},
         {"reason", "first-touch"},
         {"next_touch", "email value"},
         {"top_priority", "日本語のテキスト"}},
        {{"id", 13},
         {"name", renee + " " + mueller + "-" + luedenscheid},
         {"company", mueller + " & " + soehne},
         {"due_on", "2026-10-30"},
         {"reason", "cadence"},
         {"next_touch", "email reversing"},
         {"top_priority", cafe + " au lait for the whole team"}},
    });
}

std::string render_due(std::size_t width) {
    Style style;
    style.terminal = width > 0;
    style.width = width;
    std::ostringstream out;
    write_list(out, Format::table, due_columns, due_rows(), style);
    return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

} // namespace

TEST_CASE("write_list table fits the terminal width", "[output]") {
    SECTION("not a terminal: nothing is cut") {
        CHECK(render_due(0) ==
              "ID  NAME                      COMPANY               DUE         REASON       "
              "NEXT TOUCH       PRIORITY\n"
              "1   Ann Lee                   Acme                  2026-11-02  booked       "
              "call meeting     a second warehouse by March\n"
              "2   王小明王小明王小明        北京第一科技有限公司  2026-11-02  first-touch  "
              "email value      日本語のテキスト\n"
              "13  " +
                  renee + " " + mueller + "-" + luedenscheid + "  " + mueller + " & " + soehne +
                  "        2026-10-30  cadence      email reversing  " + cafe +
                  " au lait for the whole team\n");
    }
    SECTION("80 columns: free text is cut, the widest first, names keep the most") {
        CHECK(
            lines_of(render_due(80)) ==
            std::vector<std::string>{
                "ID  NAME           COMPANY    DUE         REASON       NEXT TOUCH       PRIORITY",
                "1   Ann Lee        Acme       2026-11-02  booked       call meeting     a secon…",
                "2   王小明王小明…  北京第一…  2026-11-02  first-touch  email value      日本語…",
                "13  " + renee + " " + mueller + "…  " + mueller +
                    " &…  2026-10-30  cadence      email reversing  " + cafe + " au…",
            });
    }
    SECTION("60 columns: the reason is left out, the rest cut") {
        CHECK(lines_of(render_due(60)) ==
              std::vector<std::string>{
                  "ID  NAME      COMPANY  DUE         NEXT TOUCH       PRIORITY",
                  "1   Ann Lee   Acme     2026-11-02  call meeting     a secon…",
                  "2   王小明…   北京第…  2026-11-02  email value      日本語…",
                  "13  " + renee + " M…  " + mueller + "…  2026-10-30  email reversing  " + cafe +
                      " au…",
              });
    }
    SECTION("40 columns: company and priority are left out too") {
        CHECK(lines_of(render_due(40)) == std::vector<std::string>{
                                              "ID  NAME     DUE         NEXT TOUCH",
                                              "1   Ann Lee  2026-11-02  call meeting",
                                              "2   王小明…  2026-11-02  email value",
                                              "13  " + renee + " …  2026-10-30  email reversing",
                                          });
    }
    SECTION("never wider than the terminal, down to a few columns") {
        for (std::size_t width = 1; width <= 140; ++width) {
            INFO("width " << width);
            const auto lines = lines_of(render_due(width));
            REQUIRE(lines.size() == 4);
            for (const std::string& line : lines) {
                CHECK(display_width(line) <= width);
            }
            // The id column is always there, whole.
            CHECK(lines[3].rfind(width >= 2 ? "13" : "…", 0) == 0);
        }
    }
    SECTION("numbers are never cut; a lone first column is") {
        const std::vector<Column> cols = {{"name", "NAME"}, {"value", "VALUE"}};
        const json rows =
            json::array({{{"name", "Bartholomew Featherstonehaugh"}, {"value", 1234567}}});
        Style style;
        style.width = 20;
        std::ostringstream out;
        write_list(out, Format::table, cols, rows, style);
        CHECK(out.str() == "NAME         VALUE\n"
                           "Bartholome…  1234567\n");
        style.width = 8;
        std::ostringstream narrow;
        write_list(narrow, Format::table, cols, rows, style);
        CHECK(narrow.str() == "NAME\n"
                              "Barthol…\n");
    }
}

TEST_CASE("cell_text and parse_format", "[output]") {
    CHECK(cell_text(json(nullptr)).empty());
    CHECK(cell_text(json("x")) == "x");
    CHECK(cell_text(json(42)) == "42");
    CHECK(cell_text(json(-7)) == "-7");
    CHECK(cell_text(json(true)) == "yes");
    CHECK(cell_text(json(false)) == "no");
    CHECK(cell_text(json::array({"a", "b", 3})) == "a,b,3");
    CHECK(parse_format("table") == Format::table);
    CHECK(parse_format("tsv") == Format::tsv);
    CHECK(parse_format("csv") == Format::csv);
    CHECK(parse_format("json") == Format::json);
    CHECK_FALSE(parse_format("JSON").has_value());
    CHECK_FALSE(parse_format("xml").has_value());
}

TEST_CASE("dump_json replaces invalid UTF-8 instead of throwing", "[output]") {
    const json value = {{"name", std::string("a\xFF"
                                             "b")}};
    std::string text;
    REQUIRE_NOTHROW(text = dump_json(value, -1));
    CHECK(text == "{\"name\":\"a\xEF\xBF\xBD"
                  "b\"}");
    CHECK(json::parse(text)["name"] == "a\xEF\xBF\xBD"
                                       "b");
}

TEST_CASE("check_typed_text refuses control characters and bidi overrides", "[text]") {
    CHECK_NOTHROW(check_typed_text("name", "Zoë Lee 日本 🙂"));
    CHECK_NOTHROW(check_typed_text("note", ""));
    CHECK_THROWS_AS(check_typed_text("name", "a\x1b[31mb"), UsageError);
    CHECK_THROWS_AS(check_typed_text("name", "a\xC2\x85"
                                             "b"),
                    UsageError); // U+0085 (C1)
    CHECK_THROWS_AS(check_typed_text("name", "a\x7f"
                                             "b"),
                    UsageError); // DEL
    CHECK_THROWS_AS(check_typed_text("name", "a\xE2\x80\xAE"
                                             "b"),
                    UsageError); // U+202E
    CHECK_THROWS_AS(check_typed_text("name", "a\xE2\x80\xAA"
                                             "b"),
                    UsageError); // U+202A
    CHECK_THROWS_AS(check_typed_text("name", "a\xE2\x81\xA6"
                                             "b"),
                    UsageError); // U+2066
    CHECK_THROWS_AS(check_typed_text("name", "a\xE2\x81\xA9"
                                             "b"),
                    UsageError); // U+2069
    CHECK_THROWS_AS(check_typed_text("name", std::string("a\0b", 3)), UsageError);
    CHECK_THROWS_AS(check_typed_text("name", "a\xFF"
                                             "b"),
                    UsageError);                                            // invalid UTF-8
    CHECK_THROWS_AS(check_typed_text("name", "a\xC0\xAF"), UsageError);     // overlong
    CHECK_THROWS_AS(check_typed_text("name", "a\xED\xA0\x80"), UsageError); // surrogate
    CHECK_THROWS_AS(check_typed_text("name", "a\xE2\x80"), UsageError);     // truncated
    CHECK_THROWS_WITH(check_typed_text("--company", "\x1b"), Catch::Contains("--company"));
    CHECK_THROWS_WITH(check_typed_text("--note", "\xFF"), Catch::Contains("--note"));

    SECTION("newlines and tabs only where allowed") {
        CHECK_THROWS_AS(check_typed_text("name", "a\nb"), UsageError);
        CHECK_THROWS_AS(check_typed_text("name", "a\tb"), UsageError);
        CHECK_NOTHROW(check_typed_text("note", "a\nb\tc", Newlines::allow));
        CHECK_THROWS_AS(check_typed_text("note", "a\rb", Newlines::allow), UsageError);
        CHECK_THROWS_AS(check_typed_text("note",
                                         "a\x1b"
                                         "b",
                                         Newlines::allow),
                        UsageError);
        CHECK_THROWS_AS(check_typed_text("note", "a\xE2\x80\xAE", Newlines::allow), UsageError);
    }
    SECTION("neighbours of the refused ranges are fine") {
        CHECK_NOTHROW(check_typed_text("name", "\xC2\xA0"));     // U+00A0
        CHECK_NOTHROW(check_typed_text("name", "\xE2\x80\xA9")); // U+2029 is not a bidi override
        CHECK_NOTHROW(check_typed_text("name", "\xE2\x81\xAA")); // U+206A
        CHECK_NOTHROW(check_typed_text("name", "~"));
    }
}

TEST_CASE("is_valid_utf8", "[text]") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("Zoë 日本 🙂"));
    CHECK_FALSE(is_valid_utf8("\xFF"));
    CHECK_FALSE(is_valid_utf8("\xC3"));
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // past U+10FFFF
}

TEST_CASE("neutralise", "[text]") {
    CHECK(neutralise("plain Zoë 日本") == "plain Zoë 日本");
    CHECK(neutralise("a\x1b[31mb") == "a\\x1b[31mb");
    CHECK(neutralise("x\xE2\x80\xAEy") == "x\\u202ey");
    CHECK(neutralise("x\xE2\x81\xA6y") == "x\\u2066y");
    CHECK(neutralise("a\tb\nc\rd") == "a b c d");
    CHECK(neutralise("a\x7f") == "a\\x7f");
    CHECK(neutralise("a\xC2\x85") == "a\\u0085");
    CHECK(neutralise("a\xFF"
                     "b") == "a\\xffb");
    CHECK(neutralise(std::string("a\0b", 3)) == "a\\x00b");
}

TEST_CASE("display_width", "[text]") {
    CHECK(display_width("") == 0);
    CHECK(display_width("abc") == 3);
    CHECK(display_width("日本語") == 6);
    CHECK(display_width("한국") == 4);
    CHECK(display_width("ab日") == 4);
    CHECK(display_width("e\xCC\x81") == 1);         // e + U+0301 combining acute
    CHECK(display_width("a\xCC\x81\xCC\x82") == 1); // two combining marks
    CHECK(display_width("Zoë") == 3);
    CHECK(display_width("🙂") == 2);
}

TEST_CASE("trim", "[text]") {
    CHECK(trim("  a b \t\n") == "a b");
    CHECK(trim(" \n\t ").empty());
    CHECK(trim("x") == "x");
}
