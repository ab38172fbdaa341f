#include "followup/text.hpp"

#include "followup/error.hpp"

#include <algorithm>
#include <cstdint>
#include <fmt/format.h>
#include <optional>

namespace followup {

namespace {

struct Decoded {
    char32_t code_point;
    std::size_t length;
};

// One UTF-8 sequence at `at`; empty when the bytes are not valid UTF-8
// (overlong forms, surrogates and values past U+10FFFF included).
std::optional<Decoded> decode(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) {
        return Decoded{lead, 1};
    }
    std::size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        value = lead & 0x1F;
        minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        value = lead & 0x0F;
        minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        value = lead & 0x07;
        minimum = 0x10000;
    } else {
        return std::nullopt;
    }
    if (at + length > text.size()) {
        return std::nullopt;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) {
            return std::nullopt;
        }
        value = (value << 6) | (byte(at + i) & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        return std::nullopt;
    }
    return Decoded{value, length};
}

bool is_bidi_control(char32_t c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool is_control(char32_t c) {
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
}

// Unicode's White_Space characters past ASCII, and the invisible ones that
// stand in for a space (zero-width space and joiners, word joiner, BOM,
// Hangul fillers, braille blank).
bool is_unicode_blank(char32_t c) {
    return c == 0x85 || c == 0xA0 || c == 0x115F || c == 0x1160 || c == 0x1680 || c == 0x180E ||
           (c >= 0x2000 && c <= 0x200D) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x2060 || c == 0x2800 || c == 0x3000 || c == 0x3164 || c == 0xFEFF ||
           c == 0xFFA0;
}

bool is_wide(char32_t c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
           (c >= 0x20000 && c <= 0x3FFFD);
}

bool is_combining(char32_t c) {
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
           (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
           (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200B || c == 0x200C || c == 0x200D;
}

} // namespace

bool is_valid_utf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        auto decoded = decode(text, at);
        if (!decoded) {
            return false;
        }
        at += decoded->length;
    }
    return true;
}

bool is_plain_text(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        auto decoded = decode(text, at);
        if (!decoded || is_control(decoded->code_point) || is_bidi_control(decoded->code_point)) {
            return false;
        }
        at += decoded->length;
    }
    return true;
}

bool is_blank(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        auto decoded = decode(text, at);
        if (!decoded) {
            return false;
        }
        const char32_t c = decoded->code_point;
        if (c != ' ' && (c < '\t' || c > '\r') && !is_unicode_blank(c)) {
            return false;
        }
        at += decoded->length;
    }
    return true;
}

void check_typed_text(std::string_view what, std::string_view text, Newlines newlines) {
    for (std::size_t at = 0; at < text.size();) {
        auto decoded = decode(text, at);
        if (!decoded) {
            throw UsageError(fmt::format("{} is not valid UTF-8 (byte {})", what, at + 1));
        }
        const char32_t c = decoded->code_point;
        const bool allowed_space = newlines == Newlines::allow && (c == '\n' || c == '\t');
        if ((is_control(c) && !allowed_space) || is_bidi_control(c)) {
            throw UsageError(fmt::format(
                "{} contains a control character or bidi override (U+{:04X}); remove it", what,
                static_cast<std::uint32_t>(c)));
        }
        at += decoded->length;
    }
}

std::string neutralise(std::string_view text) {
    // Most names and notes are plain printable ASCII: nothing to do.
    if (std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; })) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        auto decoded = decode(text, at);
        if (!decoded) {
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[at]));
            ++at;
            continue;
        }
        const char32_t c = decoded->code_point;
        if (c == '\t' || c == '\n' || c == '\r') {
            out += ' ';
        } else if (c < 0x80 && is_control(c)) {
            out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
        } else if (is_control(c) || is_bidi_control(c)) {
            out += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(c));
        } else {
            out.append(text.substr(at, decoded->length));
        }
        at += decoded->length;
    }
    return out;
}

std::string neutralise_lines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at <= text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        out += neutralise(text.substr(at, end - at));
        if (end < text.size()) {
            out += '\n';
        }
        at = end + 1;
    }
    return out;
}

std::size_t display_width(std::string_view text) {
    if (std::all_of(text.begin(), text.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        return text.size();
    }
    std::size_t width = 0;
    for (std::size_t at = 0; at < text.size();) {
        auto decoded = decode(text, at);
        if (!decoded) {
            ++width;
            ++at;
            continue;
        }
        const char32_t c = decoded->code_point;
        if (!is_combining(c)) {
            width += is_wide(c) ? 2 : 1;
        }
        at += decoded->length;
    }
    return width;
}

std::string truncate_to_width(std::string_view text, std::size_t width) {
    if (display_width(text) <= width) {
        return std::string(text);
    }
    if (width == 0) {
        return {};
    }
    std::string out;
    std::size_t used = 0;
    for (std::size_t at = 0; at < text.size();) {
        auto decoded = decode(text, at);
        const std::size_t length = decoded ? decoded->length : 1;
        const char32_t c = decoded ? decoded->code_point : U'?';
        const std::size_t cell = is_combining(c) ? 0 : is_wide(c) ? 2 : 1;
        // Keep one column for the ellipsis.
        if (used + cell > width - 1) {
            break;
        }
        out.append(text.substr(at, length));
        used += cell;
        at += length;
    }
    return out + "\u2026";
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

std::string counted(std::size_t count, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", count, count == 1 ? one : many);
}

std::string counted(int count, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", count, count == 1 ? one : many);
}

} // namespace followup
