// render_template with the fields draft_fields builds from a prospect's
// history (as `followup breakup --template FILE` does).
//
// Input: the template text. When it holds a NUL byte, the template is what
// comes before it and the bytes after it describe the prospect (name,
// company, email, stage) and its touches; otherwise a fixed prospect is used.
#include "common.hpp"
#include "followup/draft.hpp"
#include "followup/schedule.hpp"

#include <algorithm>
#include <array>
#include <fuzzer/FuzzedDataProvider.h>
#include <vector>

using namespace followup;

namespace {

Date some_day(FuzzedDataProvider& bytes) {
    // Within 1900-2999, as every stored date is.
    return Date::from_days(
        bytes.ConsumeIntegralInRange<std::int32_t>(fuzz::earliest().days(), fuzz::latest().days()));
}

template <typename Enum>
Enum some_of(FuzzedDataProvider& bytes, int count) {
    return static_cast<Enum>(bytes.ConsumeIntegralInRange<int>(0, count - 1));
}

struct History {
    Prospect prospect;
    std::vector<Touch> touches;
    Date today = fuzz::fixed_today();
    std::string sender = "Sam Seller";
};

History fixed_history() {
    History history;
    Prospect& p = history.prospect;
    p.name = "Ada Lovelace";
    p.company = "Analytical Engines";
    p.email = "ada@example.com";
    p.stage = Stage::proposal;
    p.created_on = *Date::from_ymd(2026, 1, 5);
    const std::array<std::pair<int, Direction>, 4> log = {
        {{6, Direction::out}, {8, Direction::in}, {20, Direction::out}, {30, Direction::out}}};
    for (const auto& [day, direction] : log) {
        Touch touch;
        touch.on = *Date::from_ymd(2026, 1, day);
        touch.direction = direction;
        touch.channel = Channel::email;
        if (direction == Direction::out) {
            touch.purpose = day == 20 ? Purpose::proposal : Purpose::checkin;
        }
        history.touches.push_back(touch);
    }
    return history;
}

History fuzzed_history(FuzzedDataProvider& bytes) {
    History history;
    Prospect& p = history.prospect;
    p.name = bytes.ConsumeRandomLengthString(64);
    p.company = bytes.ConsumeRandomLengthString(64);
    p.email = bytes.ConsumeRandomLengthString(64);
    history.sender = bytes.ConsumeRandomLengthString(64);
    p.stage = some_of<Stage>(bytes, 3);
    p.created_on = some_day(bytes);
    history.today = some_day(bytes);
    if (bytes.ConsumeBool()) {
        p.outcome = some_of<Outcome>(bytes, 2);
    }
    const int count = bytes.ConsumeIntegralInRange<int>(0, 12);
    for (int i = 0; i < count && bytes.remaining_bytes() > 0; ++i) {
        Touch touch;
        touch.on = some_day(bytes);
        touch.direction = bytes.ConsumeBool() ? Direction::out : Direction::in;
        touch.channel = some_of<Channel>(bytes, 9);
        if (touch.direction == Direction::out) {
            touch.purpose = some_of<Purpose>(bytes, 6);
        } else {
            touch.out_of_office = bytes.ConsumeBool();
            if (touch.out_of_office && bytes.ConsumeBool()) {
                touch.away_until = some_day(bytes);
            }
        }
        if (bytes.ConsumeBool()) {
            touch.next_step_on = some_day(bytes);
        }
        history.touches.push_back(touch);
    }
    // assess() wants the history oldest first.
    std::stable_sort(history.touches.begin(), history.touches.end(),
                     [](const Touch& a, const Touch& b) { return a.on < b.on; });
    return history;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = fuzz::as_text(data, size);
    History history;
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        FuzzedDataProvider bytes(data + nul + 1, size - nul - 1);
        history = fuzzed_history(bytes);
        text = text.substr(0, nul);
    } else {
        history = fixed_history();
    }
    const Config config;
    const Assessment assessment = assess(history.prospect, history.touches, config, history.today);
    const DraftFields fields =
        draft_fields(history.prospect, history.touches, assessment, history.sender, history.today);
    std::size_t longest = 0;
    for (const auto& [key, value] : fields) {
        longest = std::max(longest, value.size());
    }
    fuzz::expect_only_followup_errors([&] {
        const std::string out = render_template(text, fields, "template.txt");
        // No width or fill spec gets through: each placeholder is replaced by
        // its value, nothing more.
        const auto placeholders =
            static_cast<std::size_t>(std::count(text.begin(), text.end(), '{'));
        fuzz::check(out.size() <= text.size() + placeholders * longest,
                    "the draft is no longer than the template with its values");
    });
    // The built-in template always renders.
    try {
        (void)render_template(builtin_reversing_template(), fields, "built-in");
    } catch (const std::exception& e) {
        fuzz::finding(std::string("the built-in template does not render: ") + e.what());
    }
    return 0;
}
