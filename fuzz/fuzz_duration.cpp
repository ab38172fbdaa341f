// parse_duration and try_parse_duration on any text, and what a duration
// does to a date.
//
// Input: the DURATION text as typed (10d, 2w, 3m).
#include "common.hpp"
#include "followup/date.hpp"

using followup::Duration;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    const auto tried = followup::try_parse_duration(text);
    if (tried) {
        // "A positive count followed by d, w or m" (0 is let through here and
        // refused by parse_duration).
        fuzz::check(tried->count >= 0, "try_parse_duration gives a count of 0 or more");
        fuzz::check(followup::try_parse_duration(tried->text()) == tried,
                    "Duration::text() parses back to the same duration");
        for (const auto today : {fuzz::earliest().plus_days(36600), fuzz::fixed_today(),
                                 fuzz::latest().plus_days(-36600)}) {
            const auto later = tried->after(today);
            const auto earlier = tried->before(today);
            fuzz::check(later >= today, "after() does not go back in time");
            fuzz::check(earlier <= today, "before() does not go forward in time");
            fuzz::check(fuzz::in_range(later) && fuzz::in_range(earlier),
                        "100 years from a day in range stays in range");
        }
    }
    bool threw = false;
    try {
        const Duration parsed = followup::parse_duration(text);
        fuzz::check(parsed.count > 0, "parse_duration gives a positive count");
        fuzz::check(tried && *tried == parsed, "parse_duration agrees with try_parse_duration");
    } catch (const followup::UsageError&) {
        threw = true;
    } catch (const std::exception& e) {
        fuzz::finding(std::string("parse_duration threw something else than UsageError: ") +
                      e.what());
    }
    if (threw) {
        fuzz::check(!tried || tried->count == 0,
                    "parse_duration refuses only what try_parse_duration refuses, or 0");
    }
    return 0;
}
