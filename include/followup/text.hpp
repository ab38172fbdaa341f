#pragma once

#include <string>
#include <string_view>

namespace followup {

enum class Newlines { refuse, allow };

// Text typed on the command line: valid UTF-8 without control characters
// (tab and newline only where allowed), DEL, C1 controls or bidi overrides.
// Throws UsageError naming `what`.
void check_typed_text(std::string_view what, std::string_view text,
                      Newlines newlines = Newlines::refuse);

bool is_valid_utf8(std::string_view text);

// Valid UTF-8 without any control character (tab and newline included) or
// bidi override: what check_typed_text accepts on one line.
bool is_plain_text(std::string_view text);

// Empty or only whitespace, ASCII or Unicode (no-break, em, ideographic
// spaces...), and invisible fillers such as U+200B: nothing a reader can see.
bool is_blank(std::string_view text);

// Text from the database made safe for a terminal line: control characters,
// escape sequences, bidi overrides and invalid bytes are shown escaped
// (\x1b, \u202e); tabs and newlines become spaces.
std::string neutralise(std::string_view text);

// neutralise() for multi-line text (a draft): each line neutralised, the
// newlines kept.
std::string neutralise_lines(std::string_view text);

// Columns the text takes in a terminal (code points; wide characters count 2).
std::size_t display_width(std::string_view text);

// The longest prefix that fits `width` columns, ending in "…" when cut.
// Never splits a character (wide or combining).
std::string truncate_to_width(std::string_view text, std::size_t width);

// Leading and trailing whitespace removed.
std::string_view trim(std::string_view text);

// A count with its noun in the right number: "1 touch", "2 touches", "0 rows".
std::string counted(std::size_t count, std::string_view one, std::string_view many);
std::string counted(int count, std::string_view one, std::string_view many);

} // namespace followup
