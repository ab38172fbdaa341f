#include "context.hpp"

#include "followup/error.hpp"
#include "followup/text.hpp"

#include <charconv>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>
#include <iterator>
#include <ostream>

namespace followup {

namespace {

template <typename Enum>
Enum enum_option(std::string_view option, std::string_view token,
                 std::optional<Enum> (*parse)(std::string_view),
                 std::span<const std::string_view> names) {
    if (auto value = parse(token)) {
        return *value;
    }
    throw UsageError(fmt::format("invalid {} '{}': use one of {}", option, neutralise(token),
                                 fmt::join(names, ", ")));
}

// Notes past this size are almost certainly a mistake (a file piped by accident).
constexpr std::size_t max_note_bytes = 1 << 20;

} // namespace

void Context::warn(std::string_view message) const {
    err << "followup: warning: " << message << '\n';
}

ProspectView view_of(const Store& store, ProspectId id, const Context& context) {
    ProspectView view{store.prospect(id), store.touches(id), {}};
    view.assessment = assess(view.prospect, view.touches, context.config, context.today);
    return view;
}

Channel channel_option(std::string_view option, std::string_view token) {
    return enum_option<Channel>(option, token, parse_channel, channel_names());
}

Purpose purpose_option(std::string_view option, std::string_view token) {
    return enum_option<Purpose>(option, token, parse_purpose, purpose_names());
}

Stage stage_option(std::string_view option, std::string_view token) {
    return enum_option<Stage>(option, token, parse_stage, stage_names());
}

Format format_option(std::string_view token) {
    if (auto format = parse_format(token)) {
        return *format;
    }
    throw UsageError(
        fmt::format("invalid --format '{}': use table, tsv, csv or json", neutralise(token)));
}

std::int64_t value_option(std::string_view option, std::string_view text) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value < 0 ||
        value > 1'000'000'000'000) {
        throw UsageError(fmt::format("invalid {} '{}': use a whole number, 0 or more", option,
                                     neutralise(text)));
    }
    return value;
}

std::string note_option(const std::string& text) {
    std::string note = text;
    if (text == "-") {
        note.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        if (note.size() > max_note_bytes) {
            throw UsageError(
                fmt::format("the note on standard input is over {} bytes", max_note_bytes));
        }
        while (!note.empty() && note.back() == '\n') {
            note.pop_back();
        }
    }
    check_typed_text("--note", note, Newlines::allow);
    return note;
}

std::string display_name(const Prospect& prospect) {
    return neutralise(describe({prospect.id, prospect.name, prospect.company}));
}

} // namespace followup
