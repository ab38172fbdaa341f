#include "commands.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ostream>

namespace followup {

namespace {

// "database (set by alice on 2026-11-02)"
std::string database_source(const TeamSetting& setting) {
    return fmt::format("database (set by {} on {})", setting.set_by, setting.set_on);
}

// `config --set KEY VALUE` and `config --unset KEY`: one write that stores
// the setting and, with the config made from it, works out every standing
// again (Store::write does when the config's fingerprint changed).
int change_team_setting(const Context& context, const ConfigOptions& options) {
    const bool setting = !options.set.empty();
    const std::string key = setting ? options.set[0] : options.unset;
    check_typed_text(setting ? "--set" : "--unset", key);
    std::string value;
    if (setting) {
        check_typed_text("--set", options.set[1]);
        value = team_setting_value(key, options.set[1]);
    } else if (!is_team_key(key)) {
        // Same refusal as --set for a personal or unknown key.
        (void)team_setting_value(key, "0");
    }
    Store store = context.open_without_settings(Access::write);
    std::vector<TeamSetting> settings = store.team_settings();
    const bool had =
        std::erase_if(settings, [&](const TeamSetting& stored) { return stored.key == key; }) > 0;
    if (setting) {
        settings.push_back({key, value, "", context.today.iso()});
    }
    LoadedConfig origin = context.config_origin;
    Config config;
    try {
        config = with_team_settings(origin, settings, store.can(Capability::shared_settings));
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
    if (!setting && !had) {
        if (!options.quiet) {
            context.out << fmt::format("{} was not set in the database; nothing to remove\n",
                                       neutralise(key));
        }
        return 0;
    }
    store.write(config, context.today, [&] {
        if (setting) {
            store.save_team_setting(key, value, context.today);
        } else {
            store.delete_team_setting(key);
        }
    });
    if (!options.quiet) {
        if (setting) {
            context.out << neutralise(fmt::format("Set {} = {} in {}.", key, value,
                                                  shown_location(context.database)))
                        << '\n';
        } else {
            context.out << neutralise(fmt::format("Removed {} from {}: {} = {} now.", key,
                                                  shown_location(context.database), key,
                                                  [&] {
                                                      for (auto& [k, v] : config_values(config)) {
                                                          if (k == key) {
                                                              return v;
                                                          }
                                                      }
                                                      return std::string("(none)");
                                                  }()))
                        << '\n';
        }
    }
    return 0;
}

} // namespace

int run_config(const Context& context, const ConfigOptions& options) {
    if (!options.set.empty() && !options.unset.empty()) {
        throw UsageError("--set and --unset go in separate commands");
    }
    if (!options.set.empty() || !options.unset.empty()) {
        return change_team_setting(context, options);
    }
    const Format format = format_option(options.format);
    // Reads the database's team settings into context.config.
    const Store store = context.open(Access::read);
    const LoadedConfig& origin = context.config_origin;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& [key, value] : config_values(context.config)) {
        std::string source = "default";
        if (const auto stored = origin.keys_from_database.find(key);
            stored != origin.keys_from_database.end()) {
            source = database_source(stored->second);
        } else if (origin.keys_from_file.contains(key) &&
                   (!is_team_key(key) || !store.can(Capability::shared_settings))) {
            source = origin.path.string();
        }
        rows.push_back({{"key", key},
                        {"value", value},
                        {"source", source},
                        {"scope", is_team_key(key) ? "team" : "personal"}});
    }
    for (const auto& [key, value] : origin.ignored_file_keys) {
        rows.push_back({{"key", key},
                        {"value", value},
                        {"source", fmt::format("{} (ignored: the team's database decides)",
                                               origin.path.string())},
                        {"scope", "team"}});
    }
    if (format == Format::table) {
        context.out << (origin.path.empty() ? std::string("# no config file (HOME is not set)")
                        : origin.file_found
                            ? fmt::format("# config file: {}", origin.path.string())
                            : fmt::format("# config file: {} (not found: all defaults)",
                                          origin.path.string()))
                    << '\n';
        if (store.can(Capability::shared_settings)) {
            context.out << neutralise(fmt::format(
                               "# team settings: {} (config.toml's team keys do not count)",
                               shown_location(context.database)))
                        << '\n';
        }
    }
    const std::vector<Column> columns = {{"key", "KEY"}, {"value", "VALUE"}, {"source", "SOURCE"}};
    write_list(context.out, format, columns, rows, context.style);
    return 0;
}

} // namespace followup
