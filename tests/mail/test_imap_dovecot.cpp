// ImapSession against a real, private Dovecot (run through
// tests/mail/run-imap-tests, which starts it and fills it: 30 messages in
// INBOX, 5 in Sent on the plain server, 3 in INBOX on the TLS one).

#include "followup/error.hpp"
#include "followup/mail.hpp"
#include "mail/imap.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace followup;
using namespace followup::mail;
namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr)
        FAIL(fmt::format("{} is not set: run through tests/mail/run-imap-tests", name));
    return value;
}

// What `mail sync` asks for.
const std::vector<std::string> fields(header_fields().begin(), header_fields().end());

ImapUrl plain_url(const std::string& folder) {
    return parse_imap_url(
        fmt::format("imap://ana%40example.org@127.0.0.1:{}/{}", env("DOVECOT_PORT"), folder));
}

std::string run(const std::string& command) {
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr)
        output += buffer;
    REQUIRE(pclose(pipe) == 0);
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r'))
        output.pop_back();
    return output;
}

std::string tool(const std::string& arguments) {
    return run(fmt::format("'{}/dovecot' {}", env("FOLLOWUP_MAIL_TOOLS"), arguments));
}

std::vector<FetchedHeaders> fetch_all(ImapSession& session, std::uint32_t from) {
    std::vector<FetchedHeaders> all;
    session.fetch_headers(from, fields, [&](const FetchedHeaders& h) { all.push_back(h); });
    return all;
}

// Every file name in a Maildir folder's cur/ and new/.
std::vector<std::string> maildir_names(const fs::path& folder) {
    std::vector<std::string> names;
    for (const char* sub : {"cur", "new"})
        for (const auto& entry : fs::directory_iterator(folder / sub))
            names.push_back(entry.path().filename().string());
    return names;
}

// The flags of a Maildir file name ("...:2,FS" -> "FS").
std::string maildir_flags(const std::string& name) {
    const auto info = name.rfind(":2,");
    return info == std::string::npos ? std::string() : name.substr(info + 3);
}

} // namespace

TEST_CASE("examine returns the UIDVALIDITY Dovecot reports, and the counts", "[imap]") {
    ImapSession session(plain_url("INBOX"), env("DOVECOT_PASSWORD"));
    CHECK_FALSE(session.encrypted());
    const FolderState inbox = session.examine("INBOX");
    CHECK(std::to_string(inbox.uidvalidity) ==
          tool(fmt::format("uidvalidity '{}' INBOX", env("DOVECOT_DIR"))));
    CHECK(inbox.messages == 30);
    CHECK(inbox.uidnext == 31);
    const FolderState sent = session.examine("Sent");
    CHECK(sent.messages == 5);
    CHECK(sent.uidvalidity != 0);
    CHECK(std::to_string(sent.uidvalidity) ==
          tool(fmt::format("uidvalidity '{}' Sent", env("DOVECOT_DIR"))));
}

TEST_CASE("fetch_headers from 1: every message, the asked fields only, no body", "[imap]") {
    ImapSession session(plain_url("INBOX"), env("DOVECOT_PASSWORD"));
    session.set_batch_size(7); // several batches, one of them short
    session.examine("INBOX");
    const auto all = fetch_all(session, 1);
    REQUIRE(all.size() == 30);
    for (std::size_t i = 0; i < all.size(); ++i) {
        const FetchedHeaders& h = all[i];
        INFO("uid " << h.uid);
        CHECK(h.uid == i + 1);
        const std::string& block = h.header_block;
        // The fields as the message has them, then the empty line that ends a header.
        CHECK(block.substr(0, 14) == "Return-Path: <");
        CHECK(block.size() >= 4);
        CHECK(block.substr(block.size() - 4) == "\r\n\r\n");
        // Generated in order: message n has UID n.
        CHECK(block.find(fmt::format("Message-ID: <msg-{}.7@followup.test>\r\n", h.uid)) !=
              std::string::npos);
        CHECK(block.find(fmt::format("Subject: Message {}:", h.uid)) != std::string::npos);
        CHECK(block.find("\r\nFrom: \"") != std::string::npos);
        CHECK(block.find("To: Ana Example <ana@example.org>\r\n") != std::string::npos);
        CHECK(block.find("Date: ") != std::string::npos);
        CHECK(block.find("Return-Path: <") != std::string::npos);
        CHECK(block.find("Content-Type: text/plain") != std::string::npos);
        CHECK((block.find("Cc: Carla") != std::string::npos) == (h.uid % 5 == 0));
        // Nothing else: not the other headers, not the body.
        CHECK(block.find("Received:") == std::string::npos);
        CHECK(block.find("DKIM-Signature") == std::string::npos);
        CHECK(block.find("X-Mailer") == std::string::npos);
        CHECK(block.find("MIME-Version") == std::string::npos);
        CHECK(block.find("BODY-TEXT") == std::string::npos);
        CHECK(block.find("made-up signature") == std::string::npos);
    }
    const auto sent = [&] {
        session.examine("Sent");
        return fetch_all(session, 1);
    }();
    REQUIRE(sent.size() == 5);
    CHECK(sent[0].header_block.find("From: Ana Example <ana@example.org>\r\n") !=
          std::string::npos);
    CHECK(sent[0].header_block.find("Message-ID: <msg-101.7@followup.test>") != std::string::npos);
}

TEST_CASE("fetch_headers from uid N: only the newer ones; past the end: none", "[imap]") {
    ImapSession session(plain_url("INBOX"), env("DOVECOT_PASSWORD"));
    session.examine("INBOX");
    const auto newer = fetch_all(session, 26);
    REQUIRE(newer.size() == 5);
    CHECK(newer.front().uid == 26);
    CHECK(newer.back().uid == 30);
    // N:* with N past the last UID makes Dovecot answer with the last one.
    CHECK(fetch_all(session, 31).empty());
    CHECK(fetch_all(session, 1000).empty());
    CHECK(fetch_all(session, 30).size() == 1);
}

TEST_CASE("nothing is marked read: no \\Seen flag afterwards", "[imap]") {
    {
        ImapSession session(plain_url("INBOX"), env("DOVECOT_PASSWORD"));
        session.examine("INBOX");
        CHECK(fetch_all(session, 1).size() == 30);
        CHECK(!session.fetch_section(3, "TEXT", 100).empty());
        session.examine("Sent");
        CHECK(fetch_all(session, 1).size() == 5);
    }
    const fs::path maildir = env("DOVECOT_MAILDIR");
    std::vector<std::string> names = maildir_names(maildir);
    const auto sent = maildir_names(maildir / ".Sent");
    names.insert(names.end(), sent.begin(), sent.end());
    REQUIRE(names.size() == 35);
    for (const std::string& name : names) {
        INFO(name);
        CHECK(maildir_flags(name).find('S') == std::string::npos);
    }
}

TEST_CASE("fetch_section: a part, capped, without marking it read", "[imap]") {
    ImapSession session(plain_url("INBOX"), env("DOVECOT_PASSWORD"));
    session.examine("INBOX");
    const std::string text = session.fetch_section(4, "1", 100000);
    CHECK(text.find("BODY-TEXT-4\r\n") != std::string::npos);
    const std::string capped = session.fetch_section(4, "TEXT", 12);
    CHECK(capped.size() == 12);
    CHECK(capped == text.substr(0, 12));
    CHECK(session.fetch_section(4, "HEADER", 100000).find("X-Mailer:") != std::string::npos);
    CHECK(session.fetch_section(999, "1", 100).empty());
    CHECK_THROWS_AS(session.fetch_section(4, "1.BOGUS", 100), Error);
    CHECK_THROWS_AS(session.fetch_section(4, "0", 100), Error);
}

TEST_CASE("a new UIDVALIDITY is seen by the next examine", "[imap]") {
    ImapSession before(plain_url("Sent"), env("DOVECOT_PASSWORD"));
    const std::uint32_t old_value = before.examine("Sent").uidvalidity;
    const std::string changed = tool(fmt::format("new-uidvalidity '{}' Sent", env("DOVECOT_DIR")));
    ImapSession after(plain_url("Sent"), env("DOVECOT_PASSWORD"));
    const FolderState state = after.examine("Sent");
    CHECK(state.uidvalidity != old_value);
    CHECK(std::to_string(state.uidvalidity) == changed);
    CHECK(fetch_all(after, 1).size() == 5);
}

TEST_CASE("after the server loses its index: a new UIDVALIDITY, the same messages renumbered",
          "[imap]") {
    std::uint32_t old_value = 0;
    {
        ImapSession before(plain_url("Sent"), env("DOVECOT_PASSWORD"));
        old_value = before.examine("Sent").uidvalidity;
        const auto old_headers = fetch_all(before, 4);
        REQUIRE(old_headers.size() == 2);
        CHECK(old_headers[0].header_block.find("<msg-104.7@followup.test>") != std::string::npos);
    }
    run(fmt::format("'{}/make-messages' '{}/.Sent' 1 --sent --seed 7 --first 100",
                    env("FOLLOWUP_MAIL_TOOLS"), env("DOVECOT_MAILDIR")));
    tool(fmt::format("lose-index '{}' Sent", env("DOVECOT_DIR")));
    ImapSession after(plain_url("Sent"), env("DOVECOT_PASSWORD"));
    const FolderState state = after.examine("Sent");
    // Not higher here: the earlier test raised Sent's by hand, past Dovecot's counter.
    CHECK(state.uidvalidity != old_value);
    CHECK(std::to_string(state.uidvalidity) ==
          tool(fmt::format("uidvalidity '{}' Sent", env("DOVECOT_DIR"))));
    CHECK(state.messages == 6);
    const auto all = fetch_all(after, 1);
    REQUIRE(all.size() == 6);
    CHECK(all.back().uid == 6);
    // Numbered again in the order of the files: message 100 comes first now.
    CHECK(all[0].header_block.find("<msg-100.7@followup.test>") != std::string::npos);
    CHECK(all[4].header_block.find("<msg-104.7@followup.test>") != std::string::npos);
}

TEST_CASE("folder names beyond ASCII and with '&' are sent in modified UTF-7", "[imap]") {
    ImapSession session(plain_url("INBOX"), env("DOVECOT_PASSWORD"));
    CHECK(session.examine("\xc3\x89l\xc3\xa9ments envoy\xc3\xa9s").messages == 2);
    const auto sent = fetch_all(session, 1);
    REQUIRE(sent.size() == 2);
    CHECK(sent[1].header_block.find("Message-ID: <msg-202.7@followup.test>") != std::string::npos);
    CHECK(session.examine("R&D").messages == 1);
    CHECK_THROWS_WITH(session.examine("bad \xc3"), Catch::Contains("not valid UTF-8"));
}

TEST_CASE("a folder that does not exist is an error naming it", "[imap]") {
    ImapSession session(plain_url("INBOX"), env("DOVECOT_PASSWORD"));
    CHECK_THROWS_WITH(session.examine("No Such Folder"),
                      Catch::Contains("'No Such Folder'") && Catch::Contains("cannot open"));
}

TEST_CASE("nothing listening: a one-line connection error", "[imap]") {
    // Port 1 (tcpmux) is closed on loopback on test machines.
    const ImapUrl url = parse_imap_url("imap://ana@127.0.0.1:1/INBOX");
    CHECK_THROWS_WITH(ImapSession(url, "x", 5),
                      Catch::Contains("127.0.0.1:1") && Catch::Contains("cannot connect"));
}

TEST_CASE("imaps:// and STARTTLS on loopback; the certificate is checked when a CA is given",
          "[imap][tls]") {
    const std::string password = env("DOVECOT_TLS_PASSWORD");
    const ImapUrl imaps = parse_imap_url(
        fmt::format("imaps://ana%40example.org@127.0.0.1:{}/INBOX", env("DOVECOT_TLS_PORT")));
    {
        ImapSession session(imaps, password);
        CHECK(session.encrypted());
        CHECK(session.examine("INBOX").messages == 3);
        CHECK(fetch_all(session, 1).size() == 3);
    }
    const ImapUrl starttls = parse_imap_url(
        fmt::format("imap://ana%40example.org@127.0.0.1:{}/INBOX", env("DOVECOT_TLS_PLAIN_PORT")));
    {
        ImapSession session(starttls, password);
        CHECK(session.encrypted()); // offered, so used
        CHECK(session.examine("INBOX").messages == 3);
    }
    // The server's own certificate as the CA: trusted, name and address match.
    {
        ImapSession session(imaps, password, 30, TlsOptions{env("DOVECOT_CA")});
        CHECK(session.examine("INBOX").messages == 3);
    }
    {
        const ImapUrl by_name = parse_imap_url(
            fmt::format("imaps://ana%40example.org@localhost:{}/INBOX", env("DOVECOT_TLS_PORT")));
        ImapSession session(by_name, password, 30, TlsOptions{env("DOVECOT_CA")});
        CHECK(session.examine("INBOX").messages == 3);
    }
    // Another certificate as the CA: refused before logging in.
    const fs::path other = fs::path(env("DOVECOT_DIR")) / "other-ca.pem";
    run(fmt::format("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                    "-days 2 -subj /CN=localhost -keyout '{}.key' -out '{}' 2>/dev/null",
                    other.string(), other.string()));
    CHECK_THROWS_WITH(ImapSession(imaps, password, 30, TlsOptions{other.string()}),
                      Catch::Contains("certificate is not trusted") &&
                          Catch::Contains(fmt::format("127.0.0.1:{}", env("DOVECOT_TLS_PORT"))));
    CHECK_THROWS_WITH(ImapSession(starttls, password, 30, TlsOptions{other.string()}),
                      Catch::Contains("certificate is not trusted"));
    CHECK_THROWS_WITH(ImapSession(imaps, password, 30, TlsOptions{"/nonexistent/ca.pem"}),
                      Catch::Contains("no certificate could be read"));
    // The four sessions that were let through logged in; the refused ones never did.
    std::ifstream log(fs::path(env("DOVECOT_TLS_DIR")) / "log");
    std::stringstream text;
    text << log.rdbuf();
    const std::string all = text.str();
    std::size_t logins = 0;
    for (auto at = all.find("Login: user=<ana@example.org>"); at != std::string::npos;
         at = all.find("Login: user=<ana@example.org>", at + 1))
        ++logins;
    CHECK(logins == 4);
}

TEST_CASE("to a host that is not this machine: TLS and a trusted certificate, or no login",
          "[imap][tls]") {
    const std::string other = env("DOVECOT_OTHER_ADDRESS");
    if (other.empty()) {
        WARN("this machine has no address but loopback: not checked");
        return;
    }
    // The plain server offers no STARTTLS: refused before the password is sent.
    const ImapUrl plain = parse_imap_url(
        fmt::format("imap://ana%40example.org@{}:{}/INBOX", other, env("DOVECOT_PORT")));
    CHECK_THROWS_WITH(ImapSession(plain, env("DOVECOT_PASSWORD")),
                      Catch::Contains("does not offer STARTTLS") &&
                          Catch::Contains(fmt::format("{}:{}", other, env("DOVECOT_PORT"))));
    // The TLS server's certificate is self-signed, for localhost and 127.0.0.1.
    const std::string password = env("DOVECOT_TLS_PASSWORD");
    const ImapUrl imaps = parse_imap_url(
        fmt::format("imaps://ana%40example.org@{}:{}/INBOX", other, env("DOVECOT_TLS_PORT")));
    CHECK_THROWS_WITH(ImapSession(imaps, password), Catch::Contains("certificate is not trusted") &&
                                                        Catch::Contains("issuer is unknown"));
    const ImapUrl starttls = parse_imap_url(
        fmt::format("imap://ana%40example.org@{}:{}/INBOX", other, env("DOVECOT_TLS_PLAIN_PORT")));
    CHECK_THROWS_WITH(ImapSession(starttls, password),
                      Catch::Contains("certificate is not trusted"));
    // Trusted, but not issued to this address.
    CHECK_THROWS_WITH(ImapSession(imaps, password, 30, TlsOptions{env("DOVECOT_CA")}),
                      Catch::Contains("certificate is not trusted") &&
                          Catch::Contains("name in the certificate does not match"));
    // None of them logged in; the plain server saw no LOGIN at all.
    for (const char* dir : {"DOVECOT_DIR", "DOVECOT_TLS_DIR"}) {
        std::ifstream log(fs::path(env(dir)) / "log");
        std::stringstream text;
        text << log.rdbuf();
        INFO(text.str());
        CHECK(text.str().find(fmt::format("Login: user=<ana@example.org>, method=PLAIN, rip={}",
                                          other)) == std::string::npos);
    }
}

// Last: Dovecot slows down the logins that follow a failed one.
TEST_CASE("a wrong password: one line naming host:port, without the password", "[imap]") {
    const std::string wrong = "not-the-password-4711";
    try {
        ImapSession session(plain_url("INBOX"), wrong);
        FAIL("logged in with a wrong password");
    } catch (const Error& e) {
        const std::string message = e.what();
        INFO(message);
        CHECK(message.find(fmt::format("127.0.0.1:{}", env("DOVECOT_PORT"))) != std::string::npos);
        CHECK(message.find("login failed") != std::string::npos);
        CHECK(message.find(wrong) == std::string::npos);
        CHECK(message.find('\n') == std::string::npos);
    }
}
