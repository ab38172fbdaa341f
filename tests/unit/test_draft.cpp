#include "builders.hpp"
#include "followup/draft.hpp"
#include "followup/error.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace followup;
using namespace followup::test;

namespace {

// The built-in draft for `p` after a streak of five unanswered emails.
std::string builtin_draft(const Prospect& p) {
    const std::vector<Touch> touches = {out("2026-01-05"), out("2026-01-07"), out("2026-01-12"),
                                        out("2026-01-19"), out("2026-01-28")};
    const DraftFields fields = draft_fields(p, touches, assess_on(p, touches, "2026-02-10"),
                                            "Alex Seller", d("2026-02-10"));
    return render_template(builtin_reversing_template(), fields, "built-in template");
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

} // namespace

TEST_CASE("draft: a display name of plain words is not quoted", "[draft]") {
    CHECK(mailbox("Dana Whitfield", "dana@example.com") == "Dana Whitfield <dana@example.com>");
    CHECK(mailbox("Sam O'Brien", "sam@example.com") == "Sam O'Brien <sam@example.com>");
    // UTF-8 is atext under RFC 6532.
    CHECK(mailbox("Lucía Fernández", "lucia@example.com") == "Lucía Fernández <lucia@example.com>");
}

TEST_CASE("draft: a display name with specials is quoted, with \" and \\ escaped", "[draft]") {
    CHECK(mailbox("Robert \"Bob\" Smith", "bob@example.com") ==
          "\"Robert \\\"Bob\\\" Smith\" <bob@example.com>");
    CHECK(mailbox("Smith, Robert", "bob@example.com") == "\"Smith, Robert\" <bob@example.com>");
    CHECK(mailbox("Robert J. Smith", "bob@example.com") == "\"Robert J. Smith\" <bob@example.com>");
    CHECK(mailbox("Ann (Acme)", "ann@example.com") == "\"Ann (Acme)\" <ann@example.com>");
    CHECK(mailbox("back\\slash", "b@example.com") == "\"back\\\\slash\" <b@example.com>");
    CHECK(mailbox("a:b;c<d>@e[f]", "x@example.com") == "\"a:b;c<d>@e[f]\" <x@example.com>");
    CHECK(mailbox("Two  spaces", "x@example.com") == "\"Two  spaces\" <x@example.com>");
}

TEST_CASE("draft: a line break in a name cannot start a header line", "[draft]") {
    CHECK(mailbox("Eve\r\nBcc: all@example.com", "eve@example.com") ==
          "\"Eve  Bcc: all@example.com\" <eve@example.com>");
    CHECK(mailbox("\n", "eve@example.com") == "<eve@example.com>");
    // Other controls are quoted as stored: a terminal's neutralising shows them.
    CHECK(mailbox("Zed \x1b[8m", "zed@example.com") == "\"Zed \x1b[8m\" <zed@example.com>");
    CHECK(mailbox("Tab\tName", "t@example.com") == "\"Tab\tName\" <t@example.com>");
}

TEST_CASE("draft: the built-in draft is addressed with a quoted name", "[draft]") {
    Prospect p = engaged("Robert \"Bob\" Smith");
    p.email = "bob@example.com";
    CHECK(first_line(builtin_draft(p)) == "To: \"Robert \\\"Bob\\\" Smith\" <bob@example.com>");
    p.name = "Dana Whitfield";
    CHECK(first_line(builtin_draft(p)) == "To: Dana Whitfield <bob@example.com>");
}

TEST_CASE("draft: without an email the draft has no To: line", "[draft]") {
    Prospect p = engaged("Dana Whitfield");
    p.email.clear();
    const std::string draft = builtin_draft(p);
    CHECK(draft.find("To:") == std::string::npos);
    CHECK(draft.find("<>") == std::string::npos);
    CHECK(first_line(draft) == "Subject: Should I close your file, Dana?");
}

TEST_CASE("draft: a template's To: line made from the address goes when there is none", "[draft]") {
    Prospect p = engaged("Dana Whitfield");
    p.email.clear();
    const DraftFields fields =
        draft_fields(p, {}, assess_on(p, {}, "2026-02-10"), "Alex", d("2026-02-10"));
    CHECK(render_template("To: {name} <{email}>\r\nSubject: hi\r\n", fields, "t") ==
          "Subject: hi\r\n");
    CHECK(render_template("Subject: hi\nTo: {to}", fields, "t") == "Subject: hi\n");
    // Other lines stay, even ones that mention To: or use {email}.
    CHECK(render_template("To: the team\nReply to {email}.\n", fields, "t") ==
          "To: the team\nReply to .\n");
    // Errors still name the line of the template as written.
    CHECK_THROWS_WITH(render_template("To: {to}\n{nam}\n", fields, "t"),
                      Catch::Contains("t:2: unknown placeholder '{nam}'"));

    p.email = "dana@example.com";
    const DraftFields addressed =
        draft_fields(p, {}, assess_on(p, {}, "2026-02-10"), "Alex", d("2026-02-10"));
    CHECK(render_template("To: {to}\nSubject: hi\n", addressed, "t") ==
          "To: Dana Whitfield <dana@example.com>\nSubject: hi\n");
}
