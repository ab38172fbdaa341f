#include "mail/imap.hpp"

#include "followup/error.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fmt/format.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libetpan/libetpan.h>
#include <netinet/in.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace followup::mail {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// The URL as it may be shown: a password written into it is replaced.
std::string shown_url(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos)
        return std::string(url);
    const auto start = scheme_end + 3;
    const auto at = url.find('@', start);
    const auto slash = url.find('/', start);
    if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at))
        return std::string(url);
    const auto colon = url.find(':', start);
    if (colon == std::string_view::npos || colon > at)
        return std::string(url);
    return fmt::format("{}:…{}", url.substr(0, colon), url.substr(at));
}

[[noreturn]] void bad_url(std::string_view url, std::string_view why) {
    throw Error(fmt::format("IMAP URL '{}': {}", shown_url(url), why));
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view url, std::string_view text, std::string_view what) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            const int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
            const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
            if (high < 0 || low < 0)
                bad_url(url, fmt::format("bad percent-escape in the {}", what));
            c = static_cast<char>(high * 16 + low);
            i += 2;
        }
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            bad_url(url, fmt::format("control character in the {}", what));
        out += c;
    }
    return out;
}

bool valid_reg_name(std::string_view host) {
    if (host.empty() || host.size() > 253)
        return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
    });
}

// Mailbox names go to the server in IMAP's modified UTF-7 (RFC 3501 5.1.3).
std::string to_modified_utf7(const std::string& utf8) {
    std::string out;
    std::vector<std::uint16_t> pending; // UTF-16 units waiting to be written in base64
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
    const auto flush = [&] {
        if (pending.empty())
            return;
        out += '&';
        std::uint32_t bits = 0;
        int count = 0;
        for (const std::uint16_t unit : pending) {
            bits = (bits << 16) | unit;
            count += 16;
            while (count >= 6) {
                count -= 6;
                out += alphabet[(bits >> count) & 0x3f];
            }
            bits &= (1u << count) - 1;
        }
        if (count > 0)
            out += alphabet[(bits << (6 - count)) & 0x3f];
        out += '-';
        pending.clear();
    };
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c < 0x7f) {
            flush();
            out += c == '&' ? std::string("&-") : std::string(1, static_cast<char>(c));
            ++i;
            continue;
        }
        std::uint32_t code = 0;
        std::size_t length = 0;
        if (c >= 0xf0 && c < 0xf5) {
            code = c & 0x07u;
            length = 4;
        } else if (c >= 0xe0) {
            code = c & 0x0fu;
            length = 3;
        } else if (c >= 0xc2 && c < 0xe0) {
            code = c & 0x1fu;
            length = 2;
        } else {
            throw Error("IMAP folder name is not valid UTF-8");
        }
        if (c >= 0xf5 || i + length > utf8.size())
            throw Error("IMAP folder name is not valid UTF-8");
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(utf8[i + k]);
            if ((next & 0xc0) != 0x80)
                throw Error("IMAP folder name is not valid UTF-8");
            code = (code << 6) | (next & 0x3fu);
        }
        i += length;
        if (code >= 0x10000) {
            code -= 0x10000;
            pending.push_back(static_cast<std::uint16_t>(0xd800 + (code >> 10)));
            pending.push_back(static_cast<std::uint16_t>(0xdc00 + (code & 0x3ff)));
        } else {
            pending.push_back(static_cast<std::uint16_t>(code));
        }
    }
    flush();
    return out;
}

// What a libetpan status means, for one line of error.
std::string_view describe(int code) {
    switch (code) {
    case MAILIMAP_ERROR_STREAM:
        return "connection lost or timed out";
    case MAILIMAP_ERROR_PARSE:
        return "unreadable answer from the server";
    case MAILIMAP_ERROR_CONNECTION_REFUSED:
        return "cannot connect";
    case MAILIMAP_ERROR_MEMORY:
        return "out of memory";
    case MAILIMAP_ERROR_FATAL:
        return "the server closed the connection";
    case MAILIMAP_ERROR_PROTOCOL:
        return "protocol error";
    case MAILIMAP_ERROR_SSL:
        return "TLS handshake failed";
    case MAILIMAP_ERROR_LOGIN:
        return "login failed";
    case MAILIMAP_ERROR_EXAMINE:
        return "cannot open the folder";
    case MAILIMAP_ERROR_STARTTLS:
        return "STARTTLS failed";
    case MAILIMAP_ERROR_UID_FETCH:
        return "UID FETCH failed";
    case MAILIMAP_ERROR_UID_SEARCH:
        return "UID SEARCH failed";
    case MAILIMAP_ERROR_CAPABILITY:
        return "CAPABILITY failed";
    default:
        return "IMAP error";
    }
}

bool connection_broken(int code) {
    return code == MAILIMAP_ERROR_STREAM || code == MAILIMAP_ERROR_PARSE ||
           code == MAILIMAP_ERROR_FATAL || code == MAILIMAP_ERROR_CONNECTION_REFUSED ||
           code == MAILIMAP_ERROR_SSL || code == MAILIMAP_ERROR_MEMORY;
}

// The server's last words, safe for one line of a terminal.
std::string server_text(const mailimap* imap) {
    if (imap == nullptr || imap->imap_response == nullptr)
        return {};
    std::string text;
    for (const char* p = imap->imap_response; *p != '\0' && text.size() < 200; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        text += c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c);
    }
    return text;
}

// For clist_foreach over items that were malloc'ed.
void free_item(void* item, void* /*unused*/) {
    std::free(item);
}

void free_list(clist* list) {
    clist_foreach(list, free_item, nullptr);
    clist_free(list);
}

struct FetchListDeleter {
    void operator()(clist* list) const {
        if (list != nullptr)
            mailimap_fetch_list_free(list);
    }
};
using FetchList = std::unique_ptr<clist, FetchListDeleter>;

struct SetDeleter {
    void operator()(mailimap_set* set) const { mailimap_set_free(set); }
};
using Set = std::unique_ptr<mailimap_set, SetDeleter>;

struct FetchTypeDeleter {
    void operator()(mailimap_fetch_type* type) const { mailimap_fetch_type_free(type); }
};
using FetchType = std::unique_ptr<mailimap_fetch_type, FetchTypeDeleter>;

template <typename T>
T* checked(T* p) {
    if (p == nullptr)
        throw std::bad_alloc();
    return p;
}

// A UID set of sorted, distinct UIDs, with runs written as intervals.
Set uid_set(const std::uint32_t* first, const std::uint32_t* last) {
    Set set(checked(mailimap_set_new_empty()));
    while (first != last) {
        const std::uint32_t start = *first;
        std::uint32_t end = start;
        ++first;
        while (first != last && *first == end + 1)
            end = *first++;
        if (mailimap_set_add_interval(set.get(), start, end) != MAILIMAP_NO_ERROR)
            throw std::bad_alloc();
    }
    return set;
}

// The UID and the body section of one FETCH answer.
struct FetchedItem {
    std::uint32_t uid = 0;
    bool has_section = false; // NIL counts: an empty section
    const char* data = nullptr;
    std::size_t size = 0;
};

FetchedItem read_item(const mailimap_msg_att* att) {
    FetchedItem item;
    for (clistiter* it = clist_begin(att->att_list); it != nullptr; it = clist_next(it)) {
        const auto* entry = static_cast<const mailimap_msg_att_item*>(clist_content(it));
        if (entry->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
            continue;
        const mailimap_msg_att_static* data = entry->att_data.att_static;
        if (data->att_type == MAILIMAP_MSG_ATT_UID) {
            item.uid = data->att_data.att_uid;
        } else if (data->att_type == MAILIMAP_MSG_ATT_BODY_SECTION &&
                   data->att_data.att_body_section != nullptr) {
            item.has_section = true;
            if (data->att_data.att_body_section->sec_body_part != nullptr) {
                item.data = data->att_data.att_body_section->sec_body_part;
                item.size = data->att_data.att_body_section->sec_length;
            }
        }
    }
    return item;
}

// Checks the server's certificate chain against the system's trust (and
// `ca_file`) and the host name, with GnuTLS, as libetpan does not.
void verify_chain(mailstream* stream, const std::string& host, const std::string& ca_file,
                  const std::string& where) {
    carray* chain = mailstream_get_certificate_chain(stream);
    if (chain == nullptr || carray_count(chain) == 0) {
        if (chain != nullptr)
            mailstream_certificate_chain_free(chain);
        throw Error(fmt::format("IMAP {}: the server sent no certificate", where));
    }
    gnutls_x509_trust_list_t trust = nullptr;
    std::vector<gnutls_x509_crt_t> certs;
    const auto release = [&] {
        for (gnutls_x509_crt_t cert : certs)
            gnutls_x509_crt_deinit(cert);
        if (trust != nullptr)
            gnutls_x509_trust_list_deinit(trust, 1);
        mailstream_certificate_chain_free(chain);
    };
    try {
        if (gnutls_x509_trust_list_init(&trust, 0) < 0)
            throw Error(fmt::format("IMAP {}: cannot check the certificate", where));
        const int system = gnutls_x509_trust_list_add_system_trust(trust, 0, 0);
        int extra = 0;
        if (!ca_file.empty()) {
            extra = gnutls_x509_trust_list_add_trust_file(trust, ca_file.c_str(), nullptr,
                                                          GNUTLS_X509_FMT_PEM, 0, 0);
            if (extra <= 0)
                throw Error(
                    fmt::format("IMAP {}: no certificate could be read from '{}'", where, ca_file));
        }
        if (system <= 0 && extra <= 0)
            throw Error(fmt::format("IMAP {}: no trusted certificate authorities on this system "
                                    "(install ca-certificates)",
                                    where));
        for (unsigned i = 0; i < carray_count(chain); ++i) {
            const auto* der = static_cast<const MMAPString*>(carray_get(chain, i));
            gnutls_x509_crt_t cert = nullptr;
            if (gnutls_x509_crt_init(&cert) < 0)
                throw std::bad_alloc();
            certs.push_back(cert);
            gnutls_datum_t datum{reinterpret_cast<unsigned char*>(der->str),
                                 static_cast<unsigned>(der->len)};
            if (gnutls_x509_crt_import(cert, &datum, GNUTLS_X509_FMT_DER) < 0)
                throw Error(fmt::format("IMAP {}: unreadable server certificate", where));
        }
        std::string name = host;
        gnutls_typed_vdata_st checks[2] = {
            {GNUTLS_DT_DNS_HOSTNAME, reinterpret_cast<unsigned char*>(name.data()), 0},
            {GNUTLS_DT_KEY_PURPOSE_OID,
             reinterpret_cast<unsigned char*>(const_cast<char*>(GNUTLS_KP_TLS_WWW_SERVER)), 0}};
        unsigned status = 0;
        const int r = gnutls_x509_trust_list_verify_crt2(trust, certs.data(),
                                                         static_cast<unsigned>(certs.size()),
                                                         checks, 2, 0, &status, nullptr);
        if (r < 0 || status != 0) {
            std::string why = "it could not be checked";
            gnutls_datum_t text{};
            if (r >= 0 && gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509,
                                                                       &text, 0) >= 0) {
                why.assign(reinterpret_cast<const char*>(text.data), text.size);
                gnutls_free(text.data);
                while (!why.empty() && (why.back() == ' ' || why.back() == '\0'))
                    why.pop_back();
            }
            throw Error(
                fmt::format("IMAP {}: the server's certificate is not trusted: {}", where, why));
        }
    } catch (...) {
        release();
        throw;
    }
    release();
}

// While libetpan talks to the server: a write to a connection the server
// has closed must be an error, not a SIGPIPE that ends followup without a
// word (libetpan's send() and GnuTLS's pass no MSG_NOSIGNAL). SIGPIPE is
// blocked on this thread and one raised meanwhile is taken back, so the rest
// of followup (its output to a closed pipe) keeps the default behaviour.
class NoSigpipe {
public:
    NoSigpipe() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        already_pending_ = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    }
    ~NoSigpipe() {
        if (!already_pending_) {
            const timespec none{0, 0};
            while (sigtimedwait(&pipe_, nullptr, &none) == SIGPIPE) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    NoSigpipe(const NoSigpipe&) = delete;
    NoSigpipe& operator=(const NoSigpipe&) = delete;

private:
    sigset_t pipe_{};
    sigset_t old_{};
    bool already_pending_ = false;
};

void set_server_name(mailstream_ssl_context* context, void* data) {
    auto* host = static_cast<std::string*>(data);
    in6_addr address{};
    // SNI carries names, not addresses.
    if (inet_pton(AF_INET, host->c_str(), &address) == 1 ||
        inet_pton(AF_INET6, host->c_str(), &address) == 1)
        return;
    mailstream_ssl_set_server_name(context, host->data());
}

} // namespace

bool is_loopback_host(std::string_view host) {
    if (iequals(host, "localhost"))
        return true;
    const std::string name(host);
    in_addr v4{};
    if (inet_pton(AF_INET, name.c_str(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, name.c_str(), &v6) == 1) {
        if (IN6_IS_ADDR_LOOPBACK(&v6))
            return true;
        return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
    }
    return false;
}

ImapUrl parse_imap_url(std::string_view url) {
    ImapUrl result;
    result.url = std::string(url);
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos)
        bad_url(url, "expected imap://user@host/FOLDER or imaps://user@host/FOLDER");
    const std::string_view scheme = url.substr(0, scheme_end);
    if (iequals(scheme, "imaps")) {
        result.tls = true;
        result.port = 993;
    } else if (iequals(scheme, "imap")) {
        result.tls = false;
        result.port = 143;
    } else {
        bad_url(url, "the scheme must be imap:// or imaps://");
    }
    std::string_view rest = url.substr(scheme_end + 3);
    const auto slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    const std::string_view path =
        slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (authority.find_first_of("?#") != std::string_view::npos)
        bad_url(url, "queries and fragments are not supported");
    const auto at = authority.rfind('@');
    if (at == std::string_view::npos || at == 0)
        bad_url(url, "needs a user name (imaps://user@host/FOLDER)");
    const std::string_view userinfo = authority.substr(0, at);
    if (userinfo.find(':') != std::string_view::npos)
        bad_url(url, "a password does not belong in the URL: set [mail] password_command");
    if (userinfo.find(';') != std::string_view::npos)
        bad_url(url, "';AUTH=' and other login options are not supported");
    result.user = percent_decode(url, userinfo, "user name");
    if (result.user.empty())
        bad_url(url, "needs a user name (imaps://user@host/FOLDER)");

    std::string_view hostport = authority.substr(at + 1);
    std::string_view port;
    if (!hostport.empty() && hostport.front() == '[') {
        const auto close = hostport.find(']');
        if (close == std::string_view::npos)
            bad_url(url, "unclosed '[' in the host");
        result.host = std::string(hostport.substr(1, close - 1));
        in6_addr v6{};
        if (inet_pton(AF_INET6, result.host.c_str(), &v6) != 1)
            bad_url(url, "the host in brackets is not an IPv6 address");
        const std::string_view after = hostport.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':')
                bad_url(url, "unexpected text after the host");
            port = after.substr(1);
            if (port.empty())
                bad_url(url, "empty port");
        }
    } else {
        const auto colon = hostport.find(':');
        result.host = std::string(hostport.substr(0, colon));
        if (colon != std::string_view::npos) {
            port = hostport.substr(colon + 1);
            if (port.empty())
                bad_url(url, "empty port");
        }
        if (result.host.empty())
            bad_url(url, "needs a host");
        if (!valid_reg_name(result.host))
            bad_url(url, "the host name has characters a host name cannot have");
    }
    if (!port.empty()) {
        if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c));
            }))
            bad_url(url, "the port must be a number from 1 to 65535");
        const int value = std::stoi(std::string(port));
        if (value < 1 || value > 65535)
            bad_url(url, "the port must be a number from 1 to 65535");
        result.port = value;
    }
    if (path.find_first_of(";?#") != std::string_view::npos)
        bad_url(url, "only a folder may follow the host (no ';', '?' or '#'; "
                     "write them as %3B, %3F, %23 in a folder name)");
    result.folder = percent_decode(url, path, "folder");
    if (result.folder.empty())
        bad_url(url, "names no folder (imaps://user@host/INBOX)");
    return result;
}

std::string run_password_command(const std::string& command) {
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0)
        throw Error(fmt::format("password_command: cannot run it: {}", std::strerror(errno)));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    pid_t pid = 0;
    const int spawned =
        posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char* const*>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (spawned != 0) {
        close(pipe_fds[0]);
        throw Error(
            fmt::format("password_command: cannot run /bin/sh: {}", std::strerror(spawned)));
    }
    std::string output;
    char buffer[4096];
    for (;;) {
        const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
        if (n > 0) {
            // The first line is all that is kept; the rest is read and dropped
            // so that the command is not stopped by a full pipe.
            if (output.find('\n') == std::string::npos && output.size() < 65536)
                output.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break;
    }
    close(pipe_fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            throw Error(fmt::format("password_command: {}", std::strerror(errno)));
    }
    if (WIFSIGNALED(status))
        throw Error(fmt::format("password_command was killed by signal {}", WTERMSIG(status)));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw Error(fmt::format("password_command failed (exit status {})", WEXITSTATUS(status)));
    const auto newline = output.find('\n');
    if (newline != std::string::npos)
        output.resize(newline);
    if (!output.empty() && output.back() == '\r')
        output.pop_back();
    if (output.empty())
        throw Error("password_command printed no password (exit status 0)");
    return output;
}

struct ImapSession::Impl {
    mailimap* imap = nullptr;
    std::string host;
    std::string where; // host:port, for messages
    bool broken = false;
    bool examined = false;

    ~Impl() {
        if (imap == nullptr)
            return;
        const NoSigpipe quiet;
        if (!broken && imap->imap_stream != nullptr)
            mailimap_logout(imap);
        mailimap_free(imap);
    }

    [[noreturn]] void fail(std::string_view what, int code) {
        if (connection_broken(code))
            broken = true;
        const std::string said = code == MAILIMAP_ERROR_STREAM ? std::string() : server_text(imap);
        throw Error(fmt::format("IMAP {}: {}: {}{}{}", where, what, describe(code),
                                said.empty() ? "" : ": ", said));
    }
};

ImapSession::ImapSession(const ImapUrl& url, const std::string& password, int timeout_seconds)
    : ImapSession(url, password, timeout_seconds, TlsOptions{}) {}

ImapSession::ImapSession(const ImapUrl& url, const std::string& password, int timeout_seconds,
                         const TlsOptions& tls)
    : impl_(std::make_unique<Impl>()) {
    const NoSigpipe quiet;
    Impl& s = *impl_;
    s.host = url.host;
    s.where = url.host.find(':') != std::string::npos ? fmt::format("[{}]:{}", url.host, url.port)
                                                      : fmt::format("{}:{}", url.host, url.port);
    const bool loopback = is_loopback_host(url.host);
    if (url.port < 1 || url.port > 65535)
        throw Error(fmt::format("IMAP {}: bad port", s.where));
    s.imap = checked(mailimap_new(0, nullptr));
    mailimap_set_timeout(s.imap, timeout_seconds > 0 ? timeout_seconds : 30);
    const auto port = static_cast<std::uint16_t>(url.port);

    int r = 0;
    if (url.tls) {
        r = mailimap_ssl_connect_with_callback(s.imap, s.host.c_str(), port, set_server_name,
                                               &s.host);
        if (r != MAILIMAP_NO_ERROR_AUTHENTICATED && r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED)
            s.fail("connecting with TLS", r);
        encrypted_ = true;
    } else {
        r = mailimap_socket_connect(s.imap, s.host.c_str(), port);
        if (r != MAILIMAP_NO_ERROR_AUTHENTICATED && r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED)
            s.fail("connecting", r);
        if (s.imap->imap_connection_info == nullptr ||
            s.imap->imap_connection_info->imap_capability == nullptr) {
            mailimap_capability_data* capabilities = nullptr;
            const int c = mailimap_capability(s.imap, &capabilities);
            if (c != MAILIMAP_NO_ERROR)
                s.fail("asking for the server's capabilities", c);
            mailimap_capability_data_free(capabilities);
        }
        const bool offered = mailimap_has_extension(s.imap, "STARTTLS") != 0;
        if (offered && r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
            const int t = mailimap_socket_starttls_with_callback(s.imap, set_server_name, &s.host);
            if (t != MAILIMAP_NO_ERROR)
                s.fail("starting TLS", t);
            encrypted_ = true;
        } else if (!loopback) {
            s.broken = true; // not even LOGOUT in clear text
            throw Error(fmt::format("IMAP {}: the server does not offer STARTTLS; refusing to log "
                                    "in without TLS to a host that is not this machine (use "
                                    "imaps://)",
                                    s.where));
        }
    }
    // A loopback server needs no certificate (plain text would have been
    // accepted); any other is checked before the password is sent.
    if (encrypted_ && (!loopback || !tls.ca_file.empty()))
        verify_chain(s.imap->imap_stream, s.host, tls.ca_file, s.where);
    if (r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
        const int l = mailimap_login(s.imap, url.user.c_str(), password.c_str());
        if (l != MAILIMAP_NO_ERROR)
            s.fail(fmt::format("logging in as '{}'", url.user), l);
    }
}

ImapSession::~ImapSession() = default;

FolderState ImapSession::examine(const std::string& folder) {
    Impl& s = *impl_;
    s.examined = false;
    const std::string name = to_modified_utf7(folder);
    const NoSigpipe quiet;
    const int r = mailimap_examine(s.imap, name.c_str());
    if (r != MAILIMAP_NO_ERROR)
        s.fail(fmt::format("folder '{}'", folder), r);
    const mailimap_selection_info* info = s.imap->imap_selection_info;
    if (info == nullptr || info->sel_uidvalidity == 0)
        throw Error(
            fmt::format("IMAP {}: folder '{}': the server gave no UIDVALIDITY", s.where, folder));
    s.examined = true;
    return FolderState{info->sel_uidvalidity, info->sel_uidnext, info->sel_exists};
}

void ImapSession::fetch_headers(std::uint32_t first_uid, const std::vector<std::string>& fields,
                                const std::function<void(const FetchedHeaders&)>& each) {
    Impl& s = *impl_;
    if (!s.examined)
        throw Error(fmt::format("IMAP {}: fetch_headers before examine", s.where));
    if (fields.empty())
        throw Error(fmt::format("IMAP {}: fetch_headers needs header fields", s.where));
    if (first_uid == 0)
        first_uid = 1;
    if (s.imap->imap_selection_info->sel_exists == 0)
        return;

    // Which UIDs there are from first_uid on.
    std::vector<std::uint32_t> uids;
    {
        Set range(checked(mailimap_set_new_interval(first_uid, 0)));
        mailimap_search_key* key = checked(mailimap_search_key_new_uid(range.get()));
        range.release(); // the key owns it now
        clist* found = nullptr;
        const int r = [&] {
            const NoSigpipe quiet;
            return mailimap_uid_search(s.imap, nullptr, key, &found);
        }();
        mailimap_search_key_free(key);
        if (r != MAILIMAP_NO_ERROR)
            s.fail("UID SEARCH", r);
        for (clistiter* it = clist_begin(found); it != nullptr; it = clist_next(it)) {
            const std::uint32_t uid = *static_cast<std::uint32_t*>(clist_content(it));
            if (uid >= first_uid)
                uids.push_back(uid);
        }
        mailimap_search_result_free(found);
    }
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());

    for (std::size_t start = 0; start < uids.size(); start += batch_size_) {
        const std::size_t end = std::min(uids.size(), start + batch_size_);
        Set set = uid_set(uids.data() + start, uids.data() + end);

        // Made first, so that what is added to it is freed with it.
        FetchType type(checked(mailimap_fetch_type_new_fetch_att_list_empty()));
        clist* names = checked(clist_new());
        for (const std::string& field : fields) {
            char* copy = strdup(field.c_str());
            if (copy == nullptr || clist_append(names, copy) != 0) {
                std::free(copy);
                free_list(names);
                throw std::bad_alloc();
            }
        }
        mailimap_header_list* header_list = mailimap_header_list_new(names);
        if (header_list == nullptr) {
            free_list(names);
            throw std::bad_alloc();
        }
        mailimap_section* section = mailimap_section_new_header_fields(header_list);
        if (section == nullptr) {
            mailimap_header_list_free(header_list);
            throw std::bad_alloc();
        }
        mailimap_fetch_att* body = mailimap_fetch_att_new_body_peek_section(section);
        if (body == nullptr) {
            mailimap_section_free(section);
            throw std::bad_alloc();
        }
        if (mailimap_fetch_type_new_fetch_att_list_add(type.get(), body) != MAILIMAP_NO_ERROR) {
            mailimap_fetch_att_free(body);
            throw std::bad_alloc();
        }
        mailimap_fetch_att* uid_att = checked(mailimap_fetch_att_new_uid());
        if (mailimap_fetch_type_new_fetch_att_list_add(type.get(), uid_att) != MAILIMAP_NO_ERROR) {
            mailimap_fetch_att_free(uid_att);
            throw std::bad_alloc();
        }

        clist* raw = nullptr;
        // Not around `each`: what it writes keeps the usual SIGPIPE.
        const int r = [&] {
            const NoSigpipe quiet;
            return mailimap_uid_fetch(s.imap, set.get(), type.get(), &raw);
        }();
        FetchList answers(raw);
        if (r != MAILIMAP_NO_ERROR)
            s.fail("UID FETCH", r);

        std::vector<FetchedItem> items;
        items.reserve(end - start);
        for (clistiter* it = clist_begin(answers.get()); it != nullptr; it = clist_next(it)) {
            const FetchedItem item = read_item(static_cast<mailimap_msg_att*>(clist_content(it)));
            // FETCH answers the server sends on its own (flag changes) carry
            // no body section; UIDs outside the asked range are not ours.
            if (item.uid < first_uid || !item.has_section ||
                !std::binary_search(uids.begin() + static_cast<std::ptrdiff_t>(start),
                                    uids.begin() + static_cast<std::ptrdiff_t>(end), item.uid))
                continue;
            items.push_back(item);
        }
        std::sort(items.begin(), items.end(),
                  [](const FetchedItem& a, const FetchedItem& b) { return a.uid < b.uid; });
        FetchedHeaders headers;
        std::uint32_t last = 0;
        for (const FetchedItem& item : items) {
            if (item.uid == last)
                continue;
            last = item.uid;
            headers.uid = item.uid;
            if (item.data != nullptr)
                headers.header_block.assign(item.data, item.size);
            else
                headers.header_block.clear();
            each(headers);
        }
    }
}

std::string ImapSession::fetch_section(std::uint32_t uid, const std::string& section,
                                       std::size_t max_bytes) {
    Impl& s = *impl_;
    if (!s.examined)
        throw Error(fmt::format("IMAP {}: fetch_section before examine", s.where));
    if (uid == 0 || max_bytes == 0)
        return {};

    // "2", "2.1", "2.MIME", "2.1.TEXT", "HEADER", "TEXT".
    std::vector<std::uint32_t> numbers;
    std::string suffix;
    {
        std::string_view rest = section;
        while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front()))) {
            std::size_t digits = 0;
            while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits])))
                ++digits;
            if (digits > 9)
                throw Error(fmt::format("IMAP section '{}': part number too large", section));
            const auto number =
                static_cast<std::uint32_t>(std::stoul(std::string(rest.substr(0, digits))));
            if (number == 0)
                throw Error(fmt::format("IMAP section '{}': parts count from 1", section));
            numbers.push_back(number);
            rest.remove_prefix(digits);
            if (rest.empty())
                break;
            if (rest.front() != '.')
                throw Error(fmt::format("IMAP section '{}' is not supported", section));
            rest.remove_prefix(1);
        }
        suffix = std::string(rest);
        const bool known = suffix.empty() ? !numbers.empty()
                                          : (iequals(suffix, "HEADER") || iequals(suffix, "TEXT") ||
                                             (iequals(suffix, "MIME") && !numbers.empty()));
        if (!known)
            throw Error(fmt::format("IMAP section '{}' is not supported", section));
    }

    FetchType type(checked(mailimap_fetch_type_new_fetch_att_list_empty()));
    mailimap_section* sec = nullptr;
    if (numbers.empty()) {
        sec =
            iequals(suffix, "HEADER") ? mailimap_section_new_header() : mailimap_section_new_text();
        checked(sec);
    } else {
        clist* ids = checked(clist_new());
        for (const std::uint32_t number : numbers) {
            auto* copy = static_cast<std::uint32_t*>(std::malloc(sizeof(std::uint32_t)));
            if (copy == nullptr || clist_append(ids, copy) != 0) {
                std::free(copy);
                free_list(ids);
                throw std::bad_alloc();
            }
            *copy = number;
        }
        mailimap_section_part* part = mailimap_section_part_new(ids);
        if (part == nullptr) {
            free_list(ids);
            throw std::bad_alloc();
        }
        if (suffix.empty())
            sec = mailimap_section_new_part(part);
        else if (iequals(suffix, "MIME"))
            sec = mailimap_section_new_part_mime(part);
        else if (iequals(suffix, "HEADER"))
            sec = mailimap_section_new_part_header(part);
        else
            sec = mailimap_section_new_part_text(part);
        if (sec == nullptr) {
            mailimap_section_part_free(part);
            throw std::bad_alloc();
        }
    }
    const auto limit =
        static_cast<std::uint32_t>(std::min<std::size_t>(max_bytes, std::uint32_t{1} << 30));
    mailimap_fetch_att* body = mailimap_fetch_att_new_body_peek_section_partial(sec, 0, limit);
    if (body == nullptr) {
        mailimap_section_free(sec);
        throw std::bad_alloc();
    }
    if (mailimap_fetch_type_new_fetch_att_list_add(type.get(), body) != MAILIMAP_NO_ERROR) {
        mailimap_fetch_att_free(body);
        throw std::bad_alloc();
    }
    mailimap_fetch_att* uid_att = checked(mailimap_fetch_att_new_uid());
    if (mailimap_fetch_type_new_fetch_att_list_add(type.get(), uid_att) != MAILIMAP_NO_ERROR) {
        mailimap_fetch_att_free(uid_att);
        throw std::bad_alloc();
    }
    Set set(checked(mailimap_set_new_single(uid)));
    clist* raw = nullptr;
    const int r = [&] {
        const NoSigpipe quiet;
        return mailimap_uid_fetch(s.imap, set.get(), type.get(), &raw);
    }();
    FetchList answers(raw);
    if (r != MAILIMAP_NO_ERROR)
        s.fail("UID FETCH", r);
    for (clistiter* it = clist_begin(answers.get()); it != nullptr; it = clist_next(it)) {
        const FetchedItem item = read_item(static_cast<mailimap_msg_att*>(clist_content(it)));
        if (item.uid == uid && item.data != nullptr)
            return std::string(item.data, std::min(item.size, max_bytes));
    }
    return {};
}

} // namespace followup::mail
