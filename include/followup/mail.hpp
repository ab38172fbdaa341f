#pragma once

#include "followup/config.hpp"
#include "followup/date.hpp"
#include "followup/model.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace followup::mail {

// One mailbox of an address header: the display name (RFC 2047 decoded,
// UTF-8) and the address as written.
struct Address {
    std::string name;
    std::string email;
};

// What `mail sync` reads of a message: its header fields, parsed by GMime.
struct Headers {
    std::string message_id;           // without angle brackets; empty when missing or unusable
    std::optional<std::int64_t> date; // seconds since the epoch (UTC); none when missing or bad
    bool has_date_header = false;
    std::vector<Address> from;
    std::vector<Address> to;
    std::vector<Address> cc;
    std::string subject; // decoded, UTF-8
    std::string auto_submitted;
    bool x_autoreply = false;   // X-Autoreply present
    bool x_autorespond = false; // X-Autorespond present
    std::string precedence;
    std::string content_type;                   // "multipart/report", lowercase; empty when missing
    std::string report_type;                    // its report-type parameter, lowercase
    std::vector<std::string> failed_recipients; // X-Failed-Recipients
    std::string return_path;
};

// The header fields `mail sync` reads (all it asks an IMAP server for).
std::span<const std::string_view> header_fields();

// Parses a raw header block (the bytes before the first empty line; line
// ends CRLF or LF) with GMime. Never throws for bad input: what cannot be
// read is left empty.
Headers parse_headers(std::string_view block);

// The Final-Recipient addresses of the message/delivery-status parts of a
// whole raw message (RFC 3464), parsed with GMime.
std::vector<std::string> final_recipients(std::string_view message);

// The key a message is logged under: its Message-ID, else "hash:" and a hash
// of its From, Date and Subject headers.
std::string message_key(const Headers& headers);

// The local calendar day (the process's TZ) of a time in seconds since the
// epoch; none beyond the year 9999.
std::optional<Date> local_day(std::int64_t seconds);

// Lowercase ASCII letters of an address (what addresses are compared by).
std::string fold_address(std::string_view email);

enum class Kind { outbound, reply, auto_reply, bounce, ignore };
std::string_view to_string(Kind kind);

// Whether the header fields say this is an automatic reply: Auto-Submitted
// other than "no", X-Autoreply, X-Autorespond, Precedence: auto_reply, or an
// out-of-office subject (English, German, French, Spanish).
bool is_auto_reply(const Headers& headers);
// Whether it is a delivery failure: an RFC 3464 report, or from a
// mailer-daemon or postmaster.
bool is_bounce(const Headers& headers);

// The subject without leading Re:/Fwd:/Fw:/AW:/WG:/TR:/RV: prefixes and
// surrounding space, case-folded: what draft subjects are compared by.
std::string subject_key(std::string_view subject);

// What a message means for the pipeline. `prospects_of` gives the open
// prospects with an address (already folded by fold_address); `me` the
// user's own addresses, folded. `failed` the addresses a bounce names
// beyond X-Failed-Recipients (its delivery-status part). Pure.
struct Classified {
    Kind kind = Kind::ignore;
    std::vector<ProspectId> prospects; // in header order, each once
};
Classified classify(const Headers& headers, std::span<const std::string> me,
                    const std::function<std::vector<ProspectId>(const std::string&)>& prospects_of,
                    std::span<const std::string> failed = {});

} // namespace followup::mail
