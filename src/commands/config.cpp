#include "commands.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ostream>

namespace followup {

namespace {

// A TOML basic string: the value as it would be written in config.toml.
std::string toml_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + '"';
}

// Every effective value as the TOML key and value that would set it.
std::vector<std::pair<std::string, std::string>> effective_values(const Config& config) {
    std::vector<std::pair<std::string, std::string>> values;
    for (const auto& [name, gaps] : config.cadences) {
        values.emplace_back("cadence." + name, fmt::format("[{}]", fmt::join(gaps, ", ")));
    }
    for (const auto& [tag, name] : config.cadence_by_tag) {
        values.emplace_back("cadence_by_tag." + tag, toml_string(name));
    }
    std::vector<std::string> holidays;
    for (Date day : config.holidays) {
        holidays.push_back(toml_string(day.iso()));
    }
    std::vector<std::string> invested;
    for (Stage stage : config.invested) {
        invested.push_back(toml_string(to_string(stage)));
    }
    values.emplace_back("schedule.business_days", config.business_days ? "true" : "false");
    values.emplace_back("schedule.first_touch", std::to_string(config.first_touch));
    values.emplace_back("schedule.after_reply", std::to_string(config.after_reply));
    values.emplace_back("schedule.nurture_every", std::to_string(config.nurture_every));
    values.emplace_back("schedule.nurture_after_reversing",
                        std::to_string(config.nurture_after_reversing));
    values.emplace_back("schedule.holidays", fmt::format("[{}]", fmt::join(holidays, ", ")));
    values.emplace_back("schedule.daily_capacity", std::to_string(config.daily_capacity));
    values.emplace_back("breakup.after", std::to_string(config.breakup_after));
    values.emplace_back("breakup.invested", fmt::format("[{}]", fmt::join(invested, ", ")));
    values.emplace_back("breakup.template", toml_string(config.template_path));
    values.emplace_back("cooldown.default", toml_string(config.cooldown_default.text()));
    values.emplace_back("cooldown.overheat_touches", std::to_string(config.overheat_touches));
    values.emplace_back("cooldown.overheat_within", toml_string(config.overheat_within.text()));
    values.emplace_back("sender.name", toml_string(config.sender_name));
    const auto list = [](const std::vector<std::string>& items) {
        std::vector<std::string> quoted;
        for (const std::string& item : items) {
            quoted.push_back(toml_string(item));
        }
        return fmt::format("[{}]", fmt::join(quoted, ", "));
    };
    values.emplace_back("mail.me", list(config.mail_me));
    values.emplace_back("mail.maildir", list(config.mail_maildir));
    values.emplace_back("mail.imap", list(config.mail_imap));
    values.emplace_back("mail.password_command", toml_string(config.mail_password_command));
    values.emplace_back("mail.ooo_hold", std::to_string(config.mail_ooo_hold));
    return values;
}

} // namespace

int run_config(const Context& context, const ConfigOptions& options) {
    const Format format = format_option(options.format);
    const LoadedConfig& origin = context.config_origin;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& [key, value] : effective_values(context.config)) {
        const bool from_file = origin.keys_from_file.contains(key);
        rows.push_back({{"key", key},
                        {"value", value},
                        {"source", from_file ? origin.path.string() : std::string("default")}});
    }
    if (format == Format::table) {
        context.out << (origin.path.empty() ? std::string("# no config file (HOME is not set)")
                        : origin.file_found
                            ? fmt::format("# config file: {}", origin.path.string())
                            : fmt::format("# config file: {} (not found: all defaults)",
                                          origin.path.string()))
                    << '\n';
    }
    const std::vector<Column> columns = {{"key", "KEY"}, {"value", "VALUE"}, {"source", "SOURCE"}};
    write_list(context.out, format, columns, rows, context.style);
    return 0;
}

} // namespace followup
