// Shared by the fuzz targets: what counts as a finding.
//
// followup::Error and followup::UsageError are how the code under test says
// "this input is wrong": expected outcomes. Any other exception escaping a
// target, an abort, a sanitizer report or a broken invariant (check()) is a
// finding, and libFuzzer saves the input that caused it.
#pragma once

#include "followup/date.hpp"
#include "followup/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

namespace fuzz {

[[noreturn]] inline void finding(std::string_view what) {
    std::fprintf(stderr, "\n==FINDING== %.*s\n", static_cast<int>(what.size()), what.data());
    std::fflush(stderr);
    std::abort();
}

// A property the code promises (in its header comments) that does not hold.
inline void check(bool ok, std::string_view what) {
    if (!ok) {
        finding(std::string("broken invariant: ") + std::string(what));
    }
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Runs `body`; a followup::Error (UsageError included) is an expected outcome.
template <typename Body>
void expect_only_followup_errors(Body&& body) {
    try {
        body();
    } catch (const followup::Error&) {
        // Expected: the input was rejected with a message.
    } catch (const std::exception& e) {
        finding(std::string("unexpected exception ") + typeid(e).name() + ": " + e.what());
    }
    // Anything that is not a std::exception propagates: libFuzzer reports it
    // as a crash (std::terminate).
}

// A fixed "today" (a Wednesday), so that findings reproduce on any day.
inline followup::Date fixed_today() {
    return *followup::Date::from_ymd(2026, 3, 11);
}

inline followup::Date earliest() {
    return *followup::Date::from_ymd(1900, 1, 1);
}
inline followup::Date latest() {
    return *followup::Date::from_ymd(2999, 12, 31);
}
inline bool in_range(followup::Date date) {
    return date >= earliest() && date <= latest();
}

} // namespace fuzz
