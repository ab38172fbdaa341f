// Reading mail headers with GMime 3 (RFC 2047 names and subjects, RFC 5322
// dates and address lists, Content-Type parameters): no hand-written parser.

#include "followup/mail.hpp"
#include "followup/text.hpp"

#include <array>
#include <cstdlib>
#include <ctime>
#include <fmt/format.h>
#include <gmime/gmime.h>
#include <memory>

namespace followup::mail {

namespace {

// GMime is initialised once per process, on first use, and shut down at exit
// (so that LeakSanitizer sees its caches freed; glib's type registrations
// stay, as they must: tests/lsan.supp names them).
void ensure_gmime() {
    static const bool initialised = [] {
        g_mime_init();
        std::atexit([] { g_mime_shutdown(); });
        return true;
    }();
    (void)initialised;
}

struct Unref {
    void operator()(gpointer object) const {
        if (object) {
            g_object_unref(object);
        }
    }
};
template <typename T>
using Owned = std::unique_ptr<T, Unref>;

// Text from GMime as valid UTF-8: bytes that are not become U+FFFD.
std::string utf8(const char* text) {
    if (!text) {
        return {};
    }
    std::string_view view(text);
    if (is_valid_utf8(view)) {
        return std::string(view);
    }
    std::string out;
    std::size_t at = 0;
    while (at < view.size()) {
        // The longest valid prefix of what is left, byte by byte.
        std::size_t length = 1;
        const auto byte = static_cast<unsigned char>(view[at]);
        if (byte >= 0xF0) {
            length = 4;
        } else if (byte >= 0xE0) {
            length = 3;
        } else if (byte >= 0xC0) {
            length = 2;
        }
        if (at + length <= view.size() && is_valid_utf8(view.substr(at, length))) {
            out.append(view.substr(at, length));
            at += length;
        } else {
            out += "\xEF\xBF\xBD";
            ++at;
        }
    }
    return out;
}

std::string lower_ascii(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return text;
}

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

void collect(InternetAddressList* list, std::vector<Address>& into, int depth = 0) {
    if (!list || depth > 4) {
        return;
    }
    const int count = internet_address_list_length(list);
    for (int i = 0; i < count; ++i) {
        InternetAddress* address = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
            const char* email =
                internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
            if (email && *email) {
                into.push_back({utf8(internet_address_get_name(address)), utf8(email)});
            }
        } else if (INTERNET_ADDRESS_IS_GROUP(address)) {
            collect(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), into,
                    depth + 1);
        }
    }
}

Owned<GMimeMessage> parse_message(std::string_view bytes) {
    ensure_gmime();
    Owned<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    Owned<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    return Owned<GMimeMessage>(g_mime_parser_construct_message(parser.get(), nullptr));
}

std::string header(GMimeMessage* message, const char* name) {
    return trimmed(utf8(g_mime_object_get_header(GMIME_OBJECT(message), name)));
}

} // namespace

Headers parse_headers(std::string_view block) {
    Headers headers;
    // The block and an empty body: GMime reads a message with no content.
    std::string bytes(block);
    while (!bytes.empty() && (bytes.back() == '\n' || bytes.back() == '\r')) {
        bytes.pop_back();
    }
    bytes += "\n\n";
    Owned<GMimeMessage> message = parse_message(bytes);
    if (!message) {
        return headers;
    }
    GMimeMessage* m = message.get();
    if (const char* id = g_mime_message_get_message_id(m); id && *id) {
        headers.message_id = trimmed(utf8(id));
    }
    headers.has_date_header = g_mime_object_get_header(GMIME_OBJECT(m), "Date") != nullptr;
    if (GDateTime* date = g_mime_message_get_date(m)) {
        headers.date = g_date_time_to_unix(date);
    }
    collect(g_mime_message_get_from(m), headers.from);
    collect(g_mime_message_get_addresses(m, GMIME_ADDRESS_TYPE_TO), headers.to);
    collect(g_mime_message_get_addresses(m, GMIME_ADDRESS_TYPE_CC), headers.cc);
    headers.subject = trimmed(utf8(g_mime_message_get_subject(m)));
    headers.auto_submitted = lower_ascii(header(m, "Auto-Submitted"));
    headers.x_autoreply = g_mime_object_get_header(GMIME_OBJECT(m), "X-Autoreply") != nullptr;
    headers.x_autorespond = g_mime_object_get_header(GMIME_OBJECT(m), "X-Autorespond") != nullptr;
    headers.precedence = lower_ascii(header(m, "Precedence"));
    headers.return_path = header(m, "Return-Path");
    // Content-Type belongs to the message's MIME part, not to its own headers.
    if (GMimeObject* part = g_mime_message_get_mime_part(m);
        part && g_mime_object_get_header(part, "Content-Type")) {
        if (GMimeContentType* type = g_mime_object_get_content_type(part)) {
            const char* media = g_mime_content_type_get_media_type(type);
            const char* sub = g_mime_content_type_get_media_subtype(type);
            headers.content_type =
                lower_ascii(fmt::format("{}/{}", media ? media : "", sub ? sub : ""));
            headers.report_type =
                lower_ascii(utf8(g_mime_content_type_get_parameter(type, "report-type")));
        }
    }
    if (const char* failed = g_mime_object_get_header(GMIME_OBJECT(m), "X-Failed-Recipients")) {
        Owned<InternetAddressList> list(internet_address_list_parse(nullptr, failed));
        std::vector<Address> addresses;
        collect(list.get(), addresses);
        for (Address& address : addresses) {
            headers.failed_recipients.push_back(std::move(address.email));
        }
    }
    return headers;
}

namespace {

struct StatusSearch {
    std::vector<std::string> found;
};

void read_status_part(GMimeObject* /*parent*/, GMimeObject* part, gpointer data) {
    auto* search = static_cast<StatusSearch*>(data);
    if (!GMIME_IS_PART(part) || search->found.size() > 100) {
        return;
    }
    GMimeContentType* type = g_mime_object_get_content_type(part);
    if (!type || !g_mime_content_type_is_type(type, "message", "delivery-status")) {
        return;
    }
    GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(part));
    if (!content) {
        return;
    }
    Owned<GMimeStream> memory(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(content, memory.get());
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(memory.get()));
    const std::string_view text(reinterpret_cast<const char*>(bytes->data), bytes->len);
    // Final-Recipient: rfc822; someone@example.org (one per recipient block).
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string line = lower_ascii(std::string(text.substr(at, end - at)));
        at = end + 1;
        if (line.starts_with("final-recipient:")) {
            const auto semicolon = line.find(';');
            const std::string address = trimmed(
                semicolon == std::string::npos ? line.substr(16) : line.substr(semicolon + 1));
            if (!address.empty()) {
                search->found.push_back(address);
            }
        }
    }
}

} // namespace

std::vector<std::string> final_recipients(std::string_view message) {
    Owned<GMimeMessage> parsed = parse_message(message);
    StatusSearch search;
    if (parsed) {
        g_mime_message_foreach(parsed.get(), read_status_part, &search);
    }
    return search.found;
}

} // namespace followup::mail
