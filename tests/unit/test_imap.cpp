#include "followup/error.hpp"
#include "mail/imap.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace followup;
using namespace followup::mail;

TEST_CASE("parse_imap_url: imaps and imap, default and explicit ports", "[imap]") {
    const ImapUrl a = parse_imap_url("imaps://alex@mail.example.com/INBOX");
    CHECK(a.url == "imaps://alex@mail.example.com/INBOX");
    CHECK(a.tls);
    CHECK(a.host == "mail.example.com");
    CHECK(a.port == 993);
    CHECK(a.user == "alex");
    CHECK(a.folder == "INBOX");

    const ImapUrl b = parse_imap_url("imap://alex@mail.example.com/Sent");
    CHECK_FALSE(b.tls);
    CHECK(b.port == 143);
    CHECK(b.folder == "Sent");

    const ImapUrl c = parse_imap_url("IMAPS://alex@127.0.0.1:10993/INBOX");
    CHECK(c.tls);
    CHECK(c.host == "127.0.0.1");
    CHECK(c.port == 10993);
}

TEST_CASE("parse_imap_url: percent-decoded user and folder, nested folders, IPv6", "[imap]") {
    const ImapUrl a = parse_imap_url("imaps://alex%40example.org@mail.example.org/Sent%20Items");
    CHECK(a.user == "alex@example.org");
    CHECK(a.folder == "Sent Items");
    CHECK(parse_imap_url("imaps://a@h/INBOX/Clients/Acme").folder == "INBOX/Clients/Acme");
    CHECK(parse_imap_url("imaps://a@h/%C3%89l%C3%A9ments%20envoy%C3%A9s").folder ==
          "\xc3\x89l\xc3\xa9ments envoy\xc3\xa9s");
    CHECK(parse_imap_url("imaps://a@h/Odd%3Bname").folder == "Odd;name");
    const ImapUrl v6 = parse_imap_url("imap://a@[::1]:1143/INBOX");
    CHECK(v6.host == "::1");
    CHECK(v6.port == 1143);
    CHECK(parse_imap_url("imaps://a@[2001:db8::1]/INBOX").port == 993);
}

namespace {
std::string error_of(const std::string& url) {
    try {
        parse_imap_url(url);
    } catch (const Error& e) {
        return e.what();
    }
    return "(accepted)";
}
} // namespace

TEST_CASE("parse_imap_url: every malformed form is one line naming the URL", "[imap]") {
    struct Case {
        const char* url;
        const char* says;
    };
    const Case cases[] = {
        {"", "expected imap://"},
        {"mail.example.com/INBOX", "expected imap://"},
        {"pop3://a@h/INBOX", "scheme must be imap:// or imaps://"},
        {"https://a@h/INBOX", "scheme must be"},
        {"imaps://mail.example.com/INBOX", "needs a user name"},
        {"imaps://@mail.example.com/INBOX", "needs a user name"},
        {"imaps://a@/INBOX", "needs a host"},
        {"imaps://a@:993/INBOX", "needs a host"},
        {"imaps://a@h", "names no folder"},
        {"imaps://a@h/", "names no folder"},
        {"imaps://a@h:/INBOX", "empty port"},
        {"imaps://a@h:0/INBOX", "port must be a number from 1 to 65535"},
        {"imaps://a@h:65536/INBOX", "port must be"},
        {"imaps://a@h:99999999/INBOX", "port must be"},
        {"imaps://a@h:99x/INBOX", "port must be"},
        {"imaps://a@h:-1/INBOX", "port must be"},
        {"imaps://a@[::1/INBOX", "unclosed '['"},
        {"imaps://a@[not-v6]/INBOX", "not an IPv6 address"},
        {"imaps://a@[::1]x/INBOX", "unexpected text after the host"},
        {"imaps://a@[::1]:/INBOX", "empty port"},
        {"imaps://a@ho st/INBOX", "characters a host name cannot have"},
        {"imaps://a@h%41/INBOX", "characters a host name cannot have"},
        {"imaps://a;AUTH=*@h/INBOX", "login options are not supported"},
        {"imaps://a@h/INBOX;UIDVALIDITY=5", "only a folder may follow"},
        {"imaps://a@h/INBOX?x", "only a folder may follow"},
        {"imaps://a@h/INBOX#x", "only a folder may follow"},
        {"imaps://a@h?x/INBOX", "queries and fragments"},
        {"imaps://a@h/IN%2", "bad percent-escape in the folder"},
        {"imaps://a@h/IN%zzBOX", "bad percent-escape in the folder"},
        {"imaps://a%4@h/INBOX", "bad percent-escape in the user name"},
        {"imaps://a@h/IN%0ABOX", "control character in the folder"},
        {"imaps://a%00b@h/INBOX", "control character in the user name"},
    };
    for (const Case& c : cases) {
        INFO(c.url);
        const std::string message = error_of(c.url);
        CHECK_THAT(message, Catch::Contains(c.says));
        CHECK_THAT(message, Catch::StartsWith(std::string("IMAP URL '") + c.url + "'"));
        CHECK(message.find('\n') == std::string::npos);
    }
}

TEST_CASE("parse_imap_url: a password in the URL is refused and never shown", "[imap]") {
    const std::string message = error_of("imaps://alex:hunter2@mail.example.com/INBOX");
    CHECK_THAT(message, Catch::Contains("password_command"));
    CHECK_THAT(message, Catch::Contains("imaps://alex:…@mail.example.com/INBOX"));
    CHECK(message.find("hunter2") == std::string::npos);
    CHECK(error_of("imap://alex%40x.org:p%40ss@h/INBOX").find("p%40ss") == std::string::npos);
}

TEST_CASE("is_loopback_host: localhost, 127.0.0.0/8, ::1 and nothing else", "[imap]") {
    CHECK(is_loopback_host("localhost"));
    CHECK(is_loopback_host("LocalHost"));
    CHECK(is_loopback_host("127.0.0.1"));
    CHECK(is_loopback_host("127.1.2.3"));
    CHECK(is_loopback_host("::1"));
    CHECK(is_loopback_host("0:0:0:0:0:0:0:1"));
    CHECK(is_loopback_host("::ffff:127.0.0.1"));
    CHECK_FALSE(is_loopback_host("mail.example.com"));
    CHECK_FALSE(is_loopback_host("localhost.example.com"));
    CHECK_FALSE(is_loopback_host("127.0.0.1.example.com"));
    CHECK_FALSE(is_loopback_host("128.0.0.1"));
    CHECK_FALSE(is_loopback_host("10.0.0.1"));
    CHECK_FALSE(is_loopback_host("0.0.0.0"));
    CHECK_FALSE(is_loopback_host("::"));
    CHECK_FALSE(is_loopback_host("::2"));
    CHECK_FALSE(is_loopback_host("::ffff:10.0.0.1"));
    CHECK_FALSE(is_loopback_host("2001:db8::1"));
    CHECK_FALSE(is_loopback_host(""));
}

TEST_CASE("run_password_command: the first line of its output", "[imap]") {
    CHECK(run_password_command("echo s3cret") == "s3cret");
    CHECK(run_password_command("printf 'with space\\r\\nsecond line\\n'") == "with space");
    CHECK(run_password_command("printf 'no newline'") == "no newline");
    CHECK(run_password_command("echo \"$((6 * 7))\"") == "42");
}

TEST_CASE("run_password_command: failure is an error naming the status, never the output",
          "[imap]") {
    CHECK_THROWS_WITH(run_password_command("echo leaked-secret; exit 3"),
                      Catch::Equals("password_command failed (exit status 3)"));
    CHECK_THROWS_WITH(run_password_command("true"), Catch::Contains("printed no password"));
    CHECK_THROWS_WITH(run_password_command("echo"), Catch::Contains("printed no password"));
    CHECK_THROWS_WITH(run_password_command("/nonexistent/pass-helper 2>/dev/null"),
                      Catch::Contains("exit status 127"));
    CHECK_THROWS_WITH(run_password_command("kill -9 $$"), Catch::Contains("signal 9"));
    // A long first line is kept whole.
    const std::string line(10000, 'x');
    CHECK(run_password_command("head -c 10000 /dev/zero | tr '\\0' x; echo; yes | head -c 1000000")
              .size() == line.size());
}

TEST_CASE("ImapSession: a server that never answers is a timeout, not a hang", "[imap]") {
    // A listening socket nobody accepts on: the connection is made, no
    // greeting ever comes.
    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&address), length) == 0);
    REQUIRE(listen(listener, 4) == 0);
    REQUIRE(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    const int port = ntohs(address.sin_port);
    const ImapUrl url = parse_imap_url("imap://ana@127.0.0.1:" + std::to_string(port) + "/INBOX");
    const auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_WITH(ImapSession(url, "secret", 1),
                      Catch::Contains("127.0.0.1:" + std::to_string(port)) &&
                          Catch::Contains("timed out"));
    const auto waited = std::chrono::steady_clock::now() - start;
    CHECK(waited < std::chrono::seconds(10));
    close(listener);
}

TEST_CASE("ImapSession: a server that hangs up is an error, not a SIGPIPE", "[imap]") {
    // It greets, then closes without reading: the client's long LOGIN line
    // meets a reset connection, where a write raises SIGPIPE unless blocked.
    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&address), length) == 0);
    REQUIRE(listen(listener, 4) == 0);
    REQUIRE(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    std::thread server([listener] {
        const int client = accept(listener, nullptr, nullptr);
        if (client < 0)
            return;
        const std::string greeting = "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hello\r\n";
        (void)!write(client, greeting.data(), greeting.size());
        close(client);
    });
    const ImapUrl url = parse_imap_url(
        "imap://ana@127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/INBOX");
    const std::string long_password(16 * 1024 * 1024, 'p');
    CHECK_THROWS_AS(ImapSession(url, long_password, 5), Error);
    server.join();
    close(listener);
}
