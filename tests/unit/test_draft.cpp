#include "builders.hpp"
#include "followup/advice.hpp"
#include "followup/draft.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
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

namespace {

// A proposal-stage prospect reachable on every channel, with a top priority.
Prospect reachable_everywhere() {
    Prospect p = engaged("Dana Whitfield");
    p.stage = Stage::proposal;
    p.company = "Northwind Traders";
    p.email = "dana@example.com";
    p.address = "1 Harbour Road, Portsmouth";
    p.social = "https://social.example/dana";
    p.referrer = "Marta Lopez";
    p.top_priority = "cut shipping costs before Q1";
    return p;
}

// A streak after a proposal: the proposal, then three unanswered touches.
std::vector<Touch> proposal_streak() {
    return {out("2026-01-05", Channel::email, Purpose::proposal, "pricing for 12 sites"),
            out("2026-01-08", Channel::call, Purpose::value, "voicemail about pilot pricing"),
            out("2026-01-13", Channel::email, Purpose::value),
            out("2026-01-20", Channel::social, Purpose::intro)};
}

// The voicemail script of a call or voicemail draft.
std::string voicemail_script(const std::string& draft, Channel channel) {
    if (channel == Channel::call) {
        const auto at = draft.find("(under 30 seconds):\n");
        REQUIRE(at != std::string::npos);
        return draft.substr(at + std::string("(under 30 seconds):\n").size());
    }
    const auto start = draft.find('\n') + 1;
    return draft.substr(start, draft.find("\n\n", start) - start);
}

} // namespace

TEST_CASE("draft: every purpose on every channel fits its limit and names the priority",
          "[draft]") {
    const Prospect p = reachable_everywhere();
    const std::vector<Touch> touches = proposal_streak();
    const Assessment a = assess_on(p, touches, "2026-01-27");
    for (const std::string_view purpose_name : purpose_names()) {
        for (const std::string_view channel_name : channel_names()) {
            const Purpose purpose = *parse_purpose(purpose_name);
            const Channel channel = *parse_channel(channel_name);
            for (int variant = 0; variant < draft_variants; ++variant) {
                INFO(purpose_name << " on " << channel_name << ", variant " << variant);
                // Every variant, whatever the history would pick.
                DraftFields fields = draft_fields(p, touches, a, "Alex Seller", d("2026-01-27"));
                const std::string text = render_template(
                    builtin_template(purpose, channel, variant), fields, "built-in template");
                CHECK(text.find(p.top_priority) != std::string::npos);
                if (const std::size_t limit = draft_limit(channel)) {
                    CHECK(count_characters(text) <= limit);
                }
                if (channel == Channel::call || channel == Channel::voicemail) {
                    const std::string script = voicemail_script(text, channel);
                    CHECK(count_words(script) <= 75);
                    CHECK(count_words(script) >= 25);
                }
                if (channel == Channel::email) {
                    CHECK(text.starts_with("To: Dana Whitfield <dana@example.com>\nSubject: "));
                }
            }
            const Draft draft =
                draft_touch(p, touches, a, channel, purpose, "Alex Seller", d("2026-01-27"));
            CHECK(draft.text.find(p.top_priority) != std::string::npos);
            CHECK(draft.purpose != Purpose::checkin);
            if (const std::size_t limit = draft_limit(channel)) {
                CHECK(count_characters(trim(draft.text)) <= limit);
            }
        }
    }
}

TEST_CASE("draft: a text or social draft is cut to its limit, whatever is stored", "[draft]") {
    Prospect p = reachable_everywhere();
    p.top_priority = std::string(400, 'x');
    p.name = "Ñandú " + std::string(200, 'n');
    const std::vector<Touch> touches = proposal_streak();
    const Assessment a = assess_on(p, touches, "2026-01-27");
    for (const Channel channel : {Channel::text, Channel::social}) {
        for (const std::string_view purpose_name : purpose_names()) {
            INFO(purpose_name << " on " << to_string(channel));
            const Draft draft = draft_touch(p, touches, a, channel, *parse_purpose(purpose_name),
                                            "Alex Seller", d("2026-01-27"));
            CHECK(count_characters(trim(draft.text)) == draft_limit(channel));
            CHECK(draft.text.ends_with("…\n"));
        }
    }
}

TEST_CASE("draft: a check-in is drafted as a value touch", "[draft]") {
    const Prospect p = reachable_everywhere();
    const Assessment a = assess_on(p, {}, "2026-01-27");
    const Draft draft =
        draft_touch(p, {}, a, Channel::email, Purpose::checkin, "Alex", d("2026-01-27"));
    CHECK(draft.purpose == Purpose::value);
    CHECK(draft.text ==
          draft_touch(p, {}, a, Channel::email, Purpose::value, "Alex", d("2026-01-27")).text);
}

TEST_CASE("draft: no two consecutive drafts in a streak are the same", "[draft]") {
    const Prospect p = reachable_everywhere();
    SECTION("following the suggestions") {
        std::vector<Touch> touches = {out("2026-01-05", Channel::email, Purpose::proposal)};
        Date on = d("2026-01-05");
        std::string previous;
        for (int touch = 0; touch < 8; ++touch) {
            on = on.plus_days(3);
            const Assessment a = assess(p, touches, Config{}, on);
            const Suggestion s = suggest(p, touches, a);
            const Draft draft = draft_touch(p, touches, a, s.channel, s.purpose, "Alex", on);
            INFO("touch " << touch << ": " << to_string(s.purpose) << " by "
                          << to_string(s.channel));
            CHECK(draft.text != previous);
            previous = draft.text;
            touches.push_back(out(on.iso(), s.channel, s.purpose));
        }
    }
    SECTION("the same purpose on the same channel, again and again") {
        for (const std::string_view purpose_name : purpose_names()) {
            for (const std::string_view channel_name : channel_names()) {
                const Purpose purpose = *parse_purpose(purpose_name);
                const Channel channel = *parse_channel(channel_name);
                std::vector<Touch> touches;
                std::string previous;
                Date on = d("2026-01-05");
                for (int touch = 0; touch < 6; ++touch) {
                    const Assessment a = assess(p, touches, Config{}, on);
                    const Draft draft = draft_touch(p, touches, a, channel, purpose, "Alex", on);
                    INFO(purpose_name << " by " << channel_name << ", touch " << touch);
                    CHECK(draft.text != previous);
                    previous = draft.text;
                    touches.push_back(out(on.iso(), channel, purpose));
                    on = on.plus_days(2);
                }
            }
        }
    }
}

TEST_CASE("draft: the variant is the count of the purpose's earlier attempts in the streak",
          "[draft]") {
    const Prospect p = reachable_everywhere();
    std::vector<Touch> touches = {out("2026-01-05"), out("2026-01-07", Channel::call),
                                  out("2026-01-09", Channel::email, Purpose::intro)};
    CHECK(draft_variant(touches, assess_on(p, touches, "2026-01-12"), Purpose::value) == 2);
    CHECK(draft_variant(touches, assess_on(p, touches, "2026-01-12"), Purpose::intro) == 1);
    CHECK(draft_variant(touches, assess_on(p, touches, "2026-01-12"), Purpose::meeting) == 0);
    touches.push_back(out("2026-01-12"));
    CHECK(draft_variant(touches, assess_on(p, touches, "2026-01-14"), Purpose::value) == 0);
    // A reply starts a new streak: the count starts again.
    touches.push_back(reply("2026-01-13"));
    touches.push_back(out("2026-01-15"));
    CHECK(draft_variant(touches, assess_on(p, touches, "2026-01-19"), Purpose::value) == 1);
}

TEST_CASE("draft: the variant after the one recorded with the purpose's latest attempt",
          "[draft]") {
    const Prospect p = reachable_everywhere();
    std::vector<Touch> touches = {out("2026-01-05"), out("2026-01-07", Channel::call),
                                  out("2026-01-09", Channel::email, Purpose::intro)};
    // The latest value attempt has no record: counted by position.
    touches[0].draft_variant = 2;
    CHECK(draft_variant(touches, assess_on(p, touches, "2026-01-12"), Purpose::value) == 2);
    // Recorded: the next one, whatever the count says.
    touches[1].draft_variant = 0;
    CHECK(draft_variant(touches, assess_on(p, touches, "2026-01-12"), Purpose::value) == 1);
    touches[1].draft_variant = 2;
    CHECK(draft_variant(touches, assess_on(p, touches, "2026-01-12"), Purpose::value) == 0);
    // Another purpose's record says nothing of this one.
    touches[2].draft_variant = 0;
    CHECK(draft_variant(touches, assess_on(p, touches, "2026-01-12"), Purpose::intro) == 1);
    CHECK(draft_variant(touches, assess_on(p, touches, "2026-01-12"), Purpose::meeting) == 0);
    // The latest attempt decides: one typed by hand (no record) counts by position.
    touches.push_back(out("2026-01-12"));
    CHECK(draft_variant(touches, assess_on(p, touches, "2026-01-14"), Purpose::value) == 0);
    // A later version's variant number is taken modulo this one's.
    touches.back().draft_variant = 7;
    CHECK(draft_variant(touches, assess_on(p, touches, "2026-01-14"), Purpose::value) ==
          (7 + 1) % draft_variants);
}

TEST_CASE("draft: a variant whose text was logged as the last note is skipped", "[draft]") {
    const Prospect p = reachable_everywhere();
    std::vector<Touch> touches = {out("2026-01-05"), out("2026-01-07"), out("2026-01-09")};
    const Assessment a = assess_on(p, touches, "2026-01-12");
    const Draft first =
        draft_touch(p, touches, a, Channel::email, Purpose::value, "Alex", d("2026-01-12"));
    CHECK(first.variant == 0);
    touches.back().note = first.text;
    const Draft second = draft_touch(p, touches, assess_on(p, touches, "2026-01-12"),
                                     Channel::email, Purpose::value, "Alex", d("2026-01-12"));
    CHECK(second.variant == 1);
    CHECK(second.text != first.text);
}

TEST_CASE("draft: the fields come from the history", "[draft]") {
    const Prospect p = reachable_everywhere();
    std::vector<Touch> touches = proposal_streak();
    touches.push_back(
        booking(out("2026-01-22", Channel::call, Purpose::value, "  good\ncall "), "2026-01-29"));
    const DraftFields fields =
        draft_fields(p, touches, assess_on(p, touches, "2026-01-27"), "Alex", d("2026-01-27"));
    CHECK(fields.at("priority") == "cut shipping costs before Q1");
    CHECK(fields.at("about") == "cut shipping costs before Q1");
    CHECK(fields.at("proposal_on") == "2026-01-05");
    CHECK(fields.at("proposal_note") == "pricing for 12 sites");
    CHECK(fields.at("proposal") == "the proposal I sent on 2026-01-05");
    CHECK(fields.at("last_note") == "good call");
    CHECK(fields.at("booked_on") == "2026-01-29");
    CHECK(fields.at("booked") == "our call on 2026-01-29");
    CHECK(fields.at("referrer_first") == "Marta");
    Prospect bare = engaged("Bo");
    bare.company.clear();
    const DraftFields none =
        draft_fields(bare, {}, assess_on(bare, {}, "2026-01-27"), "Alex", d("2026-01-27"));
    CHECK(none.at("about") == "your plans");
    CHECK(none.at("org") == "your company");
    CHECK(none.at("proposal") == "our proposal");
    CHECK(none.at("last_note") == "none");
    CHECK(none.at("booked_on") == "none");
    CHECK(none.at("tried") == "no attempts yet in this streak");
}
