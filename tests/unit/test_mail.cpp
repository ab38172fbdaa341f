#include "followup/advice.hpp"
#include "followup/mail.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>

using namespace followup;
using namespace followup::mail;

namespace {

// Made-up people: prospects 1 (Dana), 2 (Marco) and 3 (Priya, two records).
std::vector<ProspectId> lookup(const std::string& folded) {
    static const std::map<std::string, std::vector<ProspectId>> known = {
        {"dana@brightwater.example", {1}},
        {"marco@northfield.example", {2}},
        {"priya@oakline.example", {3, 4}},
    };
    auto found = known.find(folded);
    return found == known.end() ? std::vector<ProspectId>{} : found->second;
}

const std::vector<std::string> me = {"alex@seller.example", "alex.s@seller.example"};

Classified classified(std::string_view block, std::span<const std::string> failed = {}) {
    return classify(parse_headers(block), me, lookup, failed);
}

} // namespace

TEST_CASE("parse_headers reads ids, dates, addresses and RFC 2047 names") {
    const Headers h = parse_headers("Message-ID: <abc.123@seller.example>\r\n"
                                    "Date: Mon, 16 Nov 2026 10:00:00 +0100\r\n"
                                    "From: =?UTF-8?Q?Alex_S=C3=A9ller?= <Alex@Seller.example>\r\n"
                                    "To: =?ISO-8859-1?Q?J=F6rg_M=FCller?= <jorg@example.org>,\r\n"
                                    " =?UTF-8?B?5bGx55Sw5aSq6YOO?= <taro@example.jp>\r\n"
                                    "Cc: =?windows-1252?Q?Fran=E7ois?= <f@example.fr>\r\n"
                                    "Subject: =?UTF-8?Q?R=C3=A9ponse?= about it\r\n");
    CHECK(h.message_id == "abc.123@seller.example");
    REQUIRE(h.date);
    CHECK(*h.date == 1794819600); // 2026-11-16T09:00:00Z
    REQUIRE(h.from.size() == 1);
    CHECK(h.from[0].name == "Alex Séller");
    CHECK(h.from[0].email == "Alex@Seller.example");
    REQUIRE(h.to.size() == 2);
    CHECK(h.to[0].name == "Jörg Müller");
    CHECK(h.to[1].name == "山田太郎");
    REQUIRE(h.cc.size() == 1);
    CHECK(h.cc[0].name == "François");
    CHECK(h.subject == "Réponse about it");
}

TEST_CASE("parse_headers survives what is not a header block") {
    for (std::string_view block :
         {std::string_view(""), std::string_view("\n\n\n"), std::string_view("garbage"),
          std::string_view("From: <<<>>>\nTo: ,,,@@@\nDate: not a date\n"),
          std::string_view("Subject: =?UTF-8?B?////?=\n"),
          std::string_view("Subject: \xff\xfe bad bytes\nFrom: \xc3 x@example.org\n")}) {
        const Headers h = parse_headers(block);
        CHECK(h.subject.find('\0') == std::string::npos);
    }
    const Headers bad_date = parse_headers("Date: the day after tomorrow\n");
    CHECK(bad_date.has_date_header);
    CHECK_FALSE(bad_date.date);
    const Headers raw = parse_headers("Subject: caf\xe9\n");
    CHECK_FALSE(raw.subject.empty());
}

TEST_CASE("message_key is the Message-ID, else a hash of From, Date and Subject") {
    const Headers with_id = parse_headers("Message-ID: <x@y>\nFrom: a@b.example\n");
    CHECK(message_key(with_id) == "x@y");
    const std::string first = message_key(parse_headers("From: a@b.example\nSubject: hi\n"));
    CHECK(first.starts_with("hash:"));
    CHECK(first == message_key(parse_headers("From: A@B.example\nSubject: hi\n")));
    CHECK(first != message_key(parse_headers("From: a@b.example\nSubject: hello\n")));
}

TEST_CASE("an email from me to prospects is an outbound touch of each, To and Cc") {
    const Classified c = classified("From: Alex <ALEX@seller.example>\n"
                                    "To: Dana <Dana@BrightWater.example>, stranger@else.example\n"
                                    "Cc: marco@northfield.example, dana@brightwater.example\n"
                                    "Subject: hello\n");
    CHECK(c.kind == Kind::outbound);
    CHECK(c.prospects == std::vector<ProspectId>{1, 2});
    // A second of my addresses; one address shared by two prospects.
    const Classified two = classified("From: alex.s@seller.example\nTo: priya@oakline.example\n");
    CHECK(two.kind == Kind::outbound);
    CHECK(two.prospects == std::vector<ProspectId>{3, 4});
    // Internal mail and mail to strangers: nothing.
    CHECK(classified("From: alex@seller.example\nTo: boss@seller.example\n").kind == Kind::ignore);
    // My own auto-reply is no attempt.
    CHECK(classified("From: alex@seller.example\nTo: dana@brightwater.example\n"
                     "Auto-Submitted: auto-replied\n")
              .kind == Kind::ignore);
}

TEST_CASE("an email from a prospect is a reply; strangers and newsletters are ignored") {
    const Classified reply = classified("From: \"Dana W.\" <dana@brightwater.example>\n"
                                        "To: alex@seller.example\nSubject: Re: hello\n");
    CHECK(reply.kind == Kind::reply);
    CHECK(reply.prospects == std::vector<ProspectId>{1});
    CHECK(classified("From: news@shop.example\nTo: alex@seller.example\n").kind == Kind::ignore);
    CHECK(classified("To: alex@seller.example\n").kind == Kind::ignore);
}

TEST_CASE("every auto-reply signal makes an out-of-office reply") {
    const std::string from = "From: marco@northfield.example\nTo: alex@seller.example\n";
    for (std::string_view extra : {
             "Auto-Submitted: auto-replied\n",
             "Auto-Submitted: auto-generated; owner-email=x@y\n",
             "X-Autoreply: yes\n",
             "X-Autorespond: on\n",
             "Precedence: auto_reply\n",
             "Subject: Out of Office: hello\n",
             "Subject: Automatic reply: hello\n",
             "Subject: Abwesenheitsnotiz: Re: hello\n",
             "Subject: Automatische Antwort: hello\n",
             "Subject: Absence : hello\n",
             "Subject: =?UTF-8?Q?R=C3=A9ponse_automatique?=: hello\n",
             "Subject: Fuera de la oficina\n",
             "Subject: =?ISO-8859-1?Q?RESPUESTA_AUTOM=C1TICA?=: hola\n",
         }) {
        INFO(extra);
        const Classified c = classified(from + std::string(extra));
        CHECK(c.kind == Kind::auto_reply);
        CHECK(c.prospects == std::vector<ProspectId>{2});
    }
    for (std::string_view extra : {"Auto-Submitted: no\n", "Precedence: bulk\n",
                                   "Subject: The absence of errors\n", "Subject: Office plans\n"}) {
        INFO(extra);
        CHECK(classified(from + std::string(extra)).kind == Kind::reply);
    }
}

TEST_CASE("a delivery failure marks the failed prospect's address") {
    const Classified by_header =
        classified("From: Mail Delivery System <MAILER-DAEMON@mx.example>\n"
                   "To: alex@seller.example\n"
                   "X-Failed-Recipients: dana@brightwater.example\n"
                   "Subject: Undelivered Mail Returned to Sender\n");
    CHECK(by_header.kind == Kind::bounce);
    CHECK(by_header.prospects == std::vector<ProspectId>{1});
    const std::vector<std::string> failed = {"Marco@Northfield.example"};
    const Classified by_report =
        classified("From: postmaster@mx.example\nTo: alex@seller.example\n"
                   "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n",
                   failed);
    CHECK(by_report.kind == Kind::bounce);
    CHECK(by_report.prospects == std::vector<ProspectId>{2});
    // A report from an ordinary sender is still a report.
    const Headers report = parse_headers(
        "From: someone@mx.example\n"
        "Content-Type: multipart/report; report-type=\"delivery-status\"; boundary=b\n");
    CHECK(is_bounce(report));
    // A bounce about strangers: nothing.
    CHECK(classified("From: MAILER-DAEMON@mx.example\nX-Failed-Recipients: who@else.example\n")
              .kind == Kind::ignore);
}

TEST_CASE("final_recipients reads the delivery-status part") {
    const std::string message = "From: MAILER-DAEMON@mx.example\n"
                                "Content-Type: multipart/report; report-type=delivery-status;\n"
                                " boundary=\"XX\"\n"
                                "MIME-Version: 1.0\n\n"
                                "--XX\nContent-Type: text/plain\n\nIt failed.\n"
                                "--XX\nContent-Type: message/delivery-status\n\n"
                                "Reporting-MTA: dns; mx.example\n\n"
                                "Final-Recipient: rfc822; Dana@Brightwater.example\n"
                                "Action: failed\nStatus: 5.1.1\n\n"
                                "--XX--\n";
    CHECK(final_recipients(message) == std::vector<std::string>{"dana@brightwater.example"});
    CHECK(final_recipients("not a message").empty());
    // An IMAP server's BODY[2]: the part's text alone, read as a message of its type.
    CHECK(final_recipients("Content-Type: message/delivery-status\n\n"
                           "Reporting-MTA: dns; mx.example\n\n"
                           "Final-Recipient: rfc822;marco@northfield.example\n"
                           "Action: failed\n") ==
          std::vector<std::string>{"marco@northfield.example"});
}

TEST_CASE("subject_key drops reply and forward prefixes and case") {
    CHECK(subject_key("Re: RE: Fwd: An idea for Acme ") == "an idea for acme");
    CHECK(subject_key("AW: WG: An Idea for Acme") == "an idea for acme");
    CHECK(subject_key("An idea") != subject_key("An idea for Acme"));
}

TEST_CASE("local_day is the local calendar day, none past the year 9999") {
    setenv("TZ", "Pacific/Auckland", 1);
    tzset();
    CHECK(local_day(1794819600)->iso() == "2026-11-16"); // 22:00 there
    setenv("TZ", "America/Los_Angeles", 1);
    tzset();
    CHECK(local_day(1794819600)->iso() == "2026-11-16"); // 01:00 there
    CHECK(local_day(1794819600 - 7200)->iso() == "2026-11-15");
    CHECK_FALSE(local_day(253402300800LL));
    unsetenv("TZ");
    tzset();
}

TEST_CASE("a bouncing address is no way to reach a prospect by email") {
    Prospect p;
    p.name = "Dana Whitfield";
    p.email = "dana@brightwater.example";
    CHECK(reachable(p, Channel::email));
    CHECK(reachable(p, Channel::video));
    p.email_bouncing = true;
    CHECK_FALSE(reachable(p, Channel::email));
    CHECK_FALSE(reachable(p, Channel::video));
    p.phone = "+1 555 0142";
    CHECK(reachable(p, Channel::video));
}
