#pragma once

// An IMAP client for `followup mail sync`: reads header fields only, through
// EXAMINE (read-only) and BODY.PEEK, so nothing is ever marked read. Built on
// libetpan (BSD); certificates are checked with GnuTLS (see imap.cpp).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace followup::mail {

// imap://user@host[:port]/FOLDER or imaps://user@host[:port]/FOLDER (RFC 5092
// subset: user name and folder percent-decoded, IPv6 hosts in brackets,
// default ports 143/993). Throws followup::Error with a one-line message
// naming the URL when malformed; a password in the URL (user:pass@) is
// refused, and left out of the message: the password comes from
// password_command.
struct ImapUrl {
    std::string url;  // as written in the config (for messages and as the source's key)
    bool tls = true;  // imaps: implicit TLS; imap: STARTTLS required unless host is loopback
    std::string host; // without brackets for IPv6
    int port = 993;
    std::string user;
    std::string folder; // e.g. "INBOX", "Sent"
};
ImapUrl parse_imap_url(std::string_view url);

// Whether plain text may be spoken to `host`: localhost, 127.0.0.0/8, ::1
// (and ::ffff:127.0.0.0/104). Decided from the name as written, before any
// lookup.
bool is_loopback_host(std::string_view host);

// Runs the user's password_command through /bin/sh -c (no stored text on its
// command line), returns its first line of stdout without the newline; a
// non-zero exit or empty output throws Error naming the command's exit status
// (never printing the output).
std::string run_password_command(const std::string& command);

struct FolderState {
    std::uint32_t uidvalidity = 0;
    std::uint32_t uidnext = 0; // 0 when the server does not say
    std::uint32_t messages = 0;
};

struct FetchedHeaders {
    std::uint32_t uid = 0;
    std::string header_block; // raw bytes of the requested header fields, CRLF line ends
};

// Extra TLS settings; the defaults are what `mail sync` uses.
struct TlsOptions {
    // PEM file of certificate authorities trusted besides the system's
    // (a self-signed server's own certificate works too). Empty: system only.
    std::string ca_file;
};

// One connection: connects (TLS required unless the host is a loopback
// address: imap:// to another host must offer STARTTLS, or it is refused
// before anything but CAPABILITY is sent), checks the server's certificate
// (system trust and its name) before logging in, logs in, and EXAMINEs
// folders (read-only: never marks anything read). Errors (connect, TLS,
// certificate, login, protocol, timeout) throw followup::Error with one line
// naming host:port and what failed, never the password.
class ImapSession {
public:
    ImapSession(const ImapUrl& url, const std::string& password, int timeout_seconds = 30);
    ImapSession(const ImapUrl& url, const std::string& password, int timeout_seconds,
                const TlsOptions& tls);
    ~ImapSession(); // LOGOUT, close
    ImapSession(const ImapSession&) = delete;
    ImapSession& operator=(const ImapSession&) = delete;

    FolderState examine(const std::string& folder);

    // UID FETCH of first_uid:* (UID BODY.PEEK[HEADER.FIELDS (fields...)]) on
    // the examined folder, in batches of `batch_size` UIDs (found by UID
    // SEARCH) so memory stays bounded; calls `each` in ascending UID order.
    // Skips UIDs below first_uid (servers answer N:* with the last message
    // when N > max UID). Never fetches bodies.
    void fetch_headers(std::uint32_t first_uid, const std::vector<std::string>& fields,
                       const std::function<void(const FetchedHeaders&)>& each);

    // BODY.PEEK[section]<0.max_bytes> of one message of the examined folder
    // (section: a part number such as "2" or "2.1", optionally followed by
    // ".MIME", ".HEADER" or ".TEXT"; or "HEADER" or "TEXT"). Empty when the
    // message or the part does not exist. For small parts such as an RFC 3464
    // delivery-status; at most max_bytes bytes come back.
    std::string fetch_section(std::uint32_t uid, const std::string& section, std::size_t max_bytes);

    // UIDs per UID FETCH command in fetch_headers (default 500).
    void set_batch_size(std::size_t uids) { batch_size_ = uids == 0 ? 1 : uids; }
    // Whether the connection is encrypted (imaps, or STARTTLS).
    bool encrypted() const { return encrypted_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::size_t batch_size_ = 500;
    bool encrypted_ = false;
};

} // namespace followup::mail
