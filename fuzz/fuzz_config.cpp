// parse_config: the TOML config file through toml++ 3.3.0.
//
// Input: the config file. A malformed file must be a followup::Error, never
// an abort: toml++ 3.3.0 trips its own assertions on some inputs ("[" and a
// newline; "a = 1", a newline and U+FEFE), which config_file.cpp turns into
// exceptions.
#include "common.hpp"
#include "followup/config_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    fuzz::expect_only_followup_errors([&] {
        const followup::LoadedConfig loaded = followup::parse_config(text, "config.toml");
        const followup::Config& config = loaded.config;
        fuzz::check(config.cooldown_default.count > 0, "cooldown.default is a positive duration");
        fuzz::check(config.overheat_within.count > 0,
                    "cooldown.overheat_within is a positive duration");
        for (const auto& [name, gaps] : config.cadences) {
            fuzz::check(!gaps.empty(), "a cadence has gaps");
            for (const int gap : gaps) {
                fuzz::check(gap >= 1 && gap <= 3650, "cadence gaps are 1 to 3650 days");
            }
        }
        for (const auto& [tag, cadence] : config.cadence_by_tag) {
            fuzz::check(config.cadences.contains(cadence), "cadence_by_tag names a cadence");
        }
        for (const int value : {config.first_touch, config.after_reply, config.nurture_every,
                                config.nurture_after_reversing, config.daily_capacity,
                                config.breakup_after, config.overheat_touches}) {
            fuzz::check(value >= 0 && value <= 3650, "numbers are 0 to 3650");
        }
        for (const auto day : config.holidays) {
            fuzz::check(fuzz::in_range(day), "holidays are days within 1900-2999");
        }
        // What `followup config` and the scheduler do with a loaded config.
        (void)config.fingerprint();
        (void)config.calendar().add_working_days(fuzz::fixed_today(), 10);
    });
    return 0;
}
