#pragma once

#include "followup/config.hpp"

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace followup {

// The config as loaded: the values, the file they came from and which keys
// the file set (the rest are defaults).
struct LoadedConfig {
    Config config;
    std::filesystem::path path;
    bool file_found = false;
    std::set<std::string> keys_from_file; // "schedule.after_reply", "cadence.gentle", ...
};

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
