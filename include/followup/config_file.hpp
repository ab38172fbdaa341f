#pragma once

#include "followup/config.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace followup {

// The config as loaded: the values, the file they came from and which keys
// the file set (the rest are defaults).
struct LoadedConfig {
    Config config;
    std::filesystem::path path;
    bool file_found = false;
    std::set<std::string> keys_from_file; // "schedule.after_reply", "cadence.gentle", ...
    // Once the database's team settings are merged (with_team_settings):
    // the keys they set, and the file's team keys a shared database made
    // count for nothing, with the file's values, where they differ from the
    // effective ones.
    std::map<std::string, TeamSetting> keys_from_database;
    std::vector<std::pair<std::string, std::string>> ignored_file_keys;
};

// Team keys feed the standings and the team's rules: cadence.NAME,
// cadence_by_tag.TAG, schedule.*, breakup.after, breakup.invested,
// cooldown.*. The rest (sender.name, breakup.template, mail.*) are personal
// and live only in config.toml.
bool is_team_key(std::string_view key);

// `loaded` (the file's config) with the database's team settings over it:
// default < config.toml < database. With `shared` (a team's database), the
// file's team keys are ignored: the team keys are the defaults and the
// database's. Fills loaded.keys_from_database and ignored_file_keys.
// Throws Error when a stored value does not read.
Config with_team_settings(LoadedConfig& loaded, std::span<const TeamSetting> settings, bool shared);

// The value to store for `config --set KEY VALUE`, checked by the parser of
// config.toml (VALUE as TOML would hold it; a bare word reads as a string),
// as the config shows it. Throws UsageError for a personal or unknown key or
// a value the config file would refuse.
std::string team_setting_value(std::string_view key, std::string_view value);

// Every effective value, in a fixed order, as the TOML key and value text
// that would set it.
std::vector<std::pair<std::string, std::string>> config_values(const Config& config);

// Throws Error when cadence_by_tag names a cadence the config lacks.
void check_cadence_references(const Config& config);

// $FOLLOWUP_CONFIG, else $XDG_CONFIG_HOME/followup/config.toml, else
// ~/.config/followup/config.toml. Empty when none can be named.
std::optional<std::filesystem::path> locate_config();

// Parses TOML text; throws Error "SOURCE:LINE: key 'a.b': what is wrong".
LoadedConfig parse_config(std::string_view text, std::string_view source);

// Reads the config file if there is one; defaults otherwise.
LoadedConfig load_config_file();
inline Config load_config() {
    return load_config_file().config;
}

} // namespace followup
