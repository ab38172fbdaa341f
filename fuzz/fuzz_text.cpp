// The terminal-safety helpers: check_typed_text, neutralise,
// display_width, truncate_to_width, trim and is_valid_utf8.
//
// Input: one byte giving the width to truncate to (0-255) and whether
// newlines are allowed (its low bit), then the text.
#include "common.hpp"
#include "followup/text.hpp"

using namespace followup;

namespace {

bool typed_ok(std::string_view text, Newlines newlines) {
    try {
        check_typed_text("text", text, newlines);
        return true;
    } catch (const UsageError&) {
        return false;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::size_t width = data[0];
    const Newlines newlines = (data[0] & 1) != 0 ? Newlines::allow : Newlines::refuse;
    const std::string_view text = fuzz::as_text(data + 1, size - 1);
    const bool valid = is_valid_utf8(text);

    const bool clean = typed_ok(text, Newlines::refuse);
    const bool clean_with_newlines = typed_ok(text, newlines);
    fuzz::check(!clean || valid, "text accepted as typed is valid UTF-8");
    fuzz::check(!clean || clean_with_newlines, "allowing newlines refuses nothing more");

    const std::string safe = neutralise(text);
    fuzz::check(typed_ok(safe, Newlines::refuse),
                "neutralised text has no control characters, bidi overrides or bad bytes");
    fuzz::check(!clean || safe == text, "clean text is left as it is");
    fuzz::check(neutralise(safe) == safe, "neutralise is idempotent");

    const std::string cut = truncate_to_width(text, width);
    const std::size_t full_width = display_width(text);
    if (full_width <= width) {
        fuzz::check(cut == text, "text that fits is not cut");
    } else {
        fuzz::check(display_width(cut) <= width, "cut text fits the width");
        if (width > 0) {
            constexpr std::string_view ellipsis = "\u2026";
            fuzz::check(cut.ends_with(ellipsis), "cut text ends in an ellipsis");
            const std::string_view kept =
                std::string_view(cut).substr(0, cut.size() - ellipsis.size());
            fuzz::check(text.starts_with(kept), "cut text is a prefix of the text");
            fuzz::check(!valid || is_valid_utf8(cut), "cutting never splits a character");
        }
    }

    const std::string_view trimmed = trim(text);
    fuzz::check(trimmed.empty() || (trimmed.data() >= text.data() &&
                                    trimmed.data() + trimmed.size() <= text.data() + text.size()),
                "trim returns a part of the text");
    fuzz::check(trimmed.empty() ||
                    (std::string_view(" \t\r\n").find(trimmed.front()) == std::string_view::npos &&
                     std::string_view(" \t\r\n").find(trimmed.back()) == std::string_view::npos),
                "trimmed text has no whitespace at its ends");
    return 0;
}
