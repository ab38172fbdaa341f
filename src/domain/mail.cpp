// What a mail message means for the pipeline: pure, from parsed headers.

#include "followup/mail.hpp"

#include "followup/resolve.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace followup::mail {

namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// "out of office: re: hello" → "out of office: re: hello" folded without
// accents, case or repeated spaces.
std::string folded_subject(std::string_view subject) {
    std::string folded = fold_name(subject);
    std::string out;
    for (char c : folded) {
        const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
        if (space) {
            if (!out.empty() && out.back() != ' ') {
                out += ' ';
            }
        } else {
            out += c;
        }
    }
    return std::string(trim(out));
}

// The user's local part of an address: "MAILER-DAEMON" in "MAILER-DAEMON@host".
std::string local_part(std::string_view email) {
    const auto at = email.rfind('@');
    return fold_address(at == std::string_view::npos ? email : email.substr(0, at));
}

} // namespace

std::string_view to_string(Kind kind) {
    switch (kind) {
    case Kind::outbound:
        return "outbound";
    case Kind::reply:
        return "reply";
    case Kind::auto_reply:
        return "auto-reply";
    case Kind::bounce:
        return "bounce";
    case Kind::ignore:
        return "ignore";
    }
    return "ignore";
}

std::string fold_address(std::string_view email) {
    std::string out(trim(email));
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string subject_key(std::string_view subject) {
    std::string key = folded_subject(subject);
    // Reply and forward prefixes in the languages mail clients write them.
    static constexpr std::array<std::string_view, 10> prefixes = {
        "re:", "fwd:", "fw:", "aw:", "wg:", "tr:", "rv:", "sv:", "vs:", "antw:"};
    bool stripped = true;
    while (stripped) {
        stripped = false;
        for (std::string_view prefix : prefixes) {
            if (key.starts_with(prefix)) {
                key = std::string(trim(std::string_view(key).substr(prefix.size())));
                stripped = true;
            }
        }
    }
    return key;
}

bool is_auto_reply(const Headers& headers) {
    // "Auto-Submitted: no" (with or without parameters) is a person writing.
    const std::string_view submitted = trim(headers.auto_submitted);
    const std::string_view keyword = trim(submitted.substr(0, submitted.find_first_of("; (")));
    if (!keyword.empty() && keyword != "no") {
        return true;
    }
    if (headers.x_autoreply || headers.x_autorespond) {
        return true;
    }
    if (trim(headers.precedence) == "auto_reply") {
        return true;
    }
    // Subjects of out-of-office replies, folded (no accents, lower case).
    const std::string subject = folded_subject(headers.subject);
    static constexpr std::array<std::string_view, 14> anywhere = {"out of office",
                                                                  "out of the office",
                                                                  "automatic reply",
                                                                  "auto reply",
                                                                  "autoreply",
                                                                  "auto-reply",
                                                                  "abwesenheitsnotiz",
                                                                  "automatische antwort",
                                                                  "abwesend",
                                                                  "reponse automatique",
                                                                  "absent du bureau",
                                                                  "fuera de la oficina",
                                                                  "respuesta automatica",
                                                                  "ausente de la oficina"};
    for (std::string_view phrase : anywhere) {
        if (subject.find(phrase) != std::string::npos) {
            return true;
        }
    }
    // French "Absence : ..." subjects; as a first word only, so "absence of
    // errors" in English is left alone.
    return subject.starts_with("absence:") || subject.starts_with("absence :");
}

bool is_bounce(const Headers& headers) {
    if (headers.content_type == "multipart/report" && headers.report_type == "delivery-status") {
        return true;
    }
    for (const Address& from : headers.from) {
        const std::string local = local_part(from.email);
        if (local == "mailer-daemon" || local == "postmaster") {
            return true;
        }
    }
    return false;
}

std::string message_key(const Headers& headers) {
    if (!headers.message_id.empty()) {
        return headers.message_id;
    }
    std::string canonical;
    for (const Address& from : headers.from) {
        canonical += fold_address(from.email) + ",";
    }
    canonical += fmt::format("|{}|{}", headers.date ? *headers.date : -1, headers.subject);
    // FNV-1a: stable across builds and platforms.
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char byte : canonical) {
        hash = (hash ^ byte) * 1099511628211ULL;
    }
    return fmt::format("hash:{:016x}", hash);
}

Classified classify(const Headers& headers, std::span<const std::string> me,
                    const std::function<std::vector<ProspectId>(const std::string&)>& prospects_of,
                    std::span<const std::string> failed) {
    Classified result;
    const auto add = [&](const std::string& email) {
        for (ProspectId id : prospects_of(fold_address(email))) {
            if (std::find(result.prospects.begin(), result.prospects.end(), id) ==
                result.prospects.end()) {
                result.prospects.push_back(id);
            }
        }
    };
    if (headers.from.empty()) {
        return result;
    }
    const std::string sender = fold_address(headers.from.front().email);
    const bool from_me = std::find(me.begin(), me.end(), sender) != me.end();
    const bool automatic = is_auto_reply(headers);
    if (from_me) {
        // The user's own auto-replies are no attempt.
        if (automatic) {
            return result;
        }
        for (const Address& to : headers.to) {
            add(to.email);
        }
        for (const Address& cc : headers.cc) {
            add(cc.email);
        }
        result.kind = result.prospects.empty() ? Kind::ignore : Kind::outbound;
        return result;
    }
    if (is_bounce(headers)) {
        for (const std::string& address : headers.failed_recipients) {
            add(address);
        }
        for (const std::string& address : failed) {
            add(address);
        }
        result.kind = result.prospects.empty() ? Kind::ignore : Kind::bounce;
        return result;
    }
    add(headers.from.front().email);
    if (!result.prospects.empty()) {
        result.kind = automatic ? Kind::auto_reply : Kind::reply;
    }
    return result;
}

} // namespace followup::mail
