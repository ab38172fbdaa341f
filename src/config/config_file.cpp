#include "followup/config_file.hpp"

#include "followup/error.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <sstream>
#include <stdexcept>

// toml++ 3.3 asserts (abort) on some malformed input, and with NDEBUG reaches
// __builtin_unreachable instead. Its checks stay on here, whatever the build
// type, and throw: a broken config file must be an error, never a crash.
namespace followup {
struct TomlInternalError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
[[noreturn]] inline void toml_check_failed(const char* check) {
    throw TomlInternalError(check);
}
} // namespace followup
#pragma push_macro("NDEBUG")
#undef NDEBUG
#define TOML_ASSERT(expr) ((expr) ? static_cast<void>(0) : ::followup::toml_check_failed(#expr))
#include <toml++/toml.h>
#pragma pop_macro("NDEBUG")

namespace followup {

namespace fs = std::filesystem;

namespace {

// Config files are a few hundred bytes; anything huge is a mistake.
constexpr std::size_t max_config_bytes = 1 << 20;

class Reader {
public:
    Reader(LoadedConfig& loaded, std::string_view source) : loaded_(loaded), source_(source) {}

    [[noreturn]] void fail(const toml::node& node, const std::string& key,
                           std::string_view what) const {
        throw Error(
            fmt::format("{}:{}: key '{}': {}", source_, node.source().begin.line, key, what));
    }

    void mark(const std::string& key) { loaded_.keys_from_file.insert(key); }

    const toml::table& table(const toml::node& node, const std::string& key) const {
        if (const auto* t = node.as_table()) {
            return *t;
        }
        fail(node, key, "expected a table");
    }

    int integer(const toml::node& node, const std::string& key, int minimum) {
        const auto* value = node.as_integer();
        if (!value || value->get() < minimum || value->get() > 3650) {
            fail(node, key, fmt::format("expected a whole number from {} to 3650", minimum));
        }
        mark(key);
        return static_cast<int>(value->get());
    }

    bool boolean(const toml::node& node, const std::string& key) {
        const auto* value = node.as_boolean();
        if (!value) {
            fail(node, key, "expected true or false");
        }
        mark(key);
        return value->get();
    }

    std::string string(const toml::node& node, const std::string& key) {
        const auto* value = node.as_string();
        if (!value) {
            fail(node, key, "expected a string in quotes");
        }
        mark(key);
        return value->get();
    }

    Duration duration(const toml::node& node, const std::string& key) {
        const std::string text = string(node, key);
        auto parsed = try_parse_duration(text);
        if (!parsed || parsed->count == 0) {
            fail(node, key,
                 fmt::format("expected a duration like \"30d\", \"2w\" or \"1m\", not \"{}\"",
                             neutralise(text)));
        }
        return *parsed;
    }

    std::vector<int> gaps(const toml::node& node, const std::string& key) {
        const auto* array = node.as_array();
        if (!array || array->empty()) {
            fail(node, key, "expected a list of business-day gaps, like [2, 3, 5]");
        }
        std::vector<int> result;
        for (const auto& item : *array) {
            result.push_back(integer(item, key, 1));
        }
        return result;
    }

    std::vector<std::string> strings(const toml::node& node, const std::string& key,
                                     std::string_view example) {
        const auto* array = node.as_array();
        if (!array) {
            fail(node, key, fmt::format("expected a list of strings, like {}", example));
        }
        std::vector<std::string> result;
        for (const auto& item : *array) {
            const auto* text = item.as_string();
            if (!text || text->get().empty()) {
                fail(item, key, fmt::format("expected a list of strings, like {}", example));
            }
            result.push_back(text->get());
        }
        mark(key);
        return result;
    }

    void unknown(const toml::node& node, const std::string& key) const {
        fail(node, key, "unknown key (see `man followup`, THE CONFIG FILE)");
    }

private:
    LoadedConfig& loaded_;
    std::string source_;
};

void read_schedule(Reader& reader, const toml::table& table, Config& config) {
    for (const auto& [name, node] : table) {
        const std::string key = fmt::format("schedule.{}", name.str());
        if (name == "business_days") {
            config.business_days = reader.boolean(node, key);
        } else if (name == "first_touch") {
            config.first_touch = reader.integer(node, key, 0);
        } else if (name == "after_reply") {
            config.after_reply = reader.integer(node, key, 0);
        } else if (name == "nurture_every") {
            config.nurture_every = reader.integer(node, key, 1);
        } else if (name == "nurture_after_reversing") {
            config.nurture_after_reversing = reader.integer(node, key, 0);
        } else if (name == "daily_capacity") {
            config.daily_capacity = reader.integer(node, key, 0);
        } else if (name == "holidays") {
            const auto* array = node.as_array();
            if (!array) {
                reader.fail(node, key, "expected a list of dates, like [\"2026-12-25\"]");
            }
            config.holidays.clear();
            for (const auto& item : *array) {
                std::optional<Date> day;
                if (const auto* text = item.as_string()) {
                    day = parse_iso_date(text->get());
                } else if (const auto* date = item.as_date()) {
                    day = Date::from_ymd(date->get().year, date->get().month, date->get().day);
                }
                if (!day) {
                    reader.fail(item, key, "expected dates as \"YYYY-MM-DD\"");
                }
                config.holidays.insert(*day);
            }
            reader.mark(key);
        } else {
            reader.unknown(node, key);
        }
    }
}

void read_breakup(Reader& reader, const toml::table& table, Config& config) {
    for (const auto& [name, node] : table) {
        const std::string key = fmt::format("breakup.{}", name.str());
        if (name == "after") {
            config.breakup_after = reader.integer(node, key, 1);
        } else if (name == "template") {
            config.template_path = reader.string(node, key);
        } else if (name == "invested") {
            const auto* array = node.as_array();
            if (!array) {
                reader.fail(node, key,
                            "expected a list of stages, like [\"engaged\", \"proposal\"]");
            }
            config.invested.clear();
            for (const auto& item : *array) {
                const auto* text = item.as_string();
                auto stage = text ? parse_stage(text->get()) : std::nullopt;
                if (!stage) {
                    reader.fail(item, key,
                                "expected stages: \"lead\", \"engaged\" or \"proposal\"");
                }
                config.invested.insert(*stage);
            }
            reader.mark(key);
        } else {
            reader.unknown(node, key);
        }
    }
}

void read_cooldown(Reader& reader, const toml::table& table, Config& config) {
    for (const auto& [name, node] : table) {
        const std::string key = fmt::format("cooldown.{}", name.str());
        if (name == "default") {
            config.cooldown_default = reader.duration(node, key);
        } else if (name == "overheat_touches") {
            config.overheat_touches = reader.integer(node, key, 0);
        } else if (name == "overheat_within") {
            config.overheat_within = reader.duration(node, key);
        } else {
            reader.unknown(node, key);
        }
    }
}

// The dotted key a line of TOML sets ("schedule.after_reply"), for errors
// the parser reports without one; empty when the line sets none.
std::string key_on_line(std::string_view text, std::size_t wanted) {
    std::string table;
    std::size_t number = 1;
    for (std::size_t at = 0; at <= text.size() && number <= wanted; ++number) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view line = trim(text.substr(at, end - at));
        if (line.starts_with('[')) {
            const auto close = line.find(']');
            table = std::string(
                trim(line.substr(1, close == std::string_view::npos ? close : close - 1)));
            if (number == wanted) {
                return table;
            }
        } else if (number == wanted) {
            const auto equals = line.find('=');
            if (equals == std::string_view::npos || equals == 0) {
                return {};
            }
            const std::string name(trim(line.substr(0, equals)));
            return table.empty() ? name : table + "." + name;
        }
        at = end + 1;
    }
    return {};
}

// Past a bare value token starting at `at`: when anything but the end of
// the value (spaces, then a comment, `,`, `]`, `}` or the end of the line)
// follows, the rest of the line must be ASCII, inside strings too.
void refuse_non_ascii_after_bare_value(std::string_view text, std::size_t at, std::size_t line,
                                       std::string_view source) {
    const auto bare = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' ||
               c == '_' || c == '.' || c == ':';
    };
    std::size_t token_end = at;
    while (token_end < text.size() && bare(text[token_end])) {
        ++token_end;
    }
    std::size_t end = token_end;
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t' || text[end] == '\r')) {
        ++end;
    }
    if (end == text.size() ||
        std::string_view("\n#,]}").find(text[end]) != std::string_view::npos) {
        return;
    }
    char quote = 0;
    for (std::size_t i = end; i < text.size() && text[i] != '\n'; ++i) {
        const char c = text[i];
        if (quote == 0 && c == '#') {
            return;
        }
        if (quote == 0 && (c == '"' || c == '\'')) {
            quote = c;
        } else if (quote != 0 && c == quote) {
            quote = 0;
        } else if (quote == '"' && c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
            ++i;
        }
        if (i < text.size() && static_cast<unsigned char>(text[i]) >= 0x80) {
            throw Error(fmt::format("{}:{}: a non-ASCII character after the value '{}'; end the "
                                    "value there (or quote it)",
                                    source, line, text.substr(at, token_end - at)));
        }
    }
}

// toml++ 3.3 reaches undefined behaviour (TOML_UNREACHABLE) on some input
// with non-ASCII bytes outside a plain string value: a bare key `é = 1`,
// `1é`, U+FEFE after a value, non-ASCII in multi-line strings (found by
// fuzzing). Config files need none of that, so such text is refused before
// toml++ sees it: non-ASCII only in comments and in one-line strings that
// stand where a value does (after `=`, `[` or `,`); no multi-line strings.
void refuse_what_toml_mishandles(std::string_view text, std::string_view source) {
    std::size_t line = 1;
    const auto fail = [&](std::string_view what) {
        return Error(fmt::format("{}:{}: {}", source, line, what));
    };
    char previous = '\n'; // the last significant character outside strings
    bool header = false;  // in a [table] or [[array]] header
    std::string nest;     // open [ and { of values (arrays may span lines)
    // After these comes a value; after `{` or a `,` in an inline table, a key.
    const auto at_value = [&] {
        const bool in_array = !nest.empty() && nest.back() == '[';
        return previous == '=' || (in_array && (previous == '[' || previous == ',')) ||
               (in_array && previous == '\n');
    };
    for (std::size_t at = 0; at < text.size(); ++at) {
        const char c = text[at];
        if (c == '\n') {
            ++line;
            previous = '\n';
            header = false;
            continue;
        }
        // Whether a value starts here, judged before `c` moves `previous`.
        const bool value_starts = at_value();
        if (c == '[' && nest.empty() && (previous == '\n' || (header && previous == '['))) {
            header = true;
        } else if ((c == '[' || c == '{') && !header) {
            nest.push_back(c);
        } else if ((c == ']' || c == '}') && !header && !nest.empty()) {
            nest.pop_back();
        }
        // A bare value (number, date, true, inf...) that is not followed by
        // the end of the value: toml++ 3.3 reaches undefined behaviour when
        // non-ASCII text comes next (`a = 1["é"]`, `a = 1="é"`).
        if (!header && value_starts &&
            (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-')) {
            refuse_non_ascii_after_bare_value(text, at, line, source);
        }
        if (c == '#') {
            at = std::min(text.find('\n', at), text.size()) - 1;
            continue;
        }
        if (c == '"' || c == '\'') {
            if (text.substr(at, 3) == std::string(3, c)) {
                throw fail("multi-line strings are not supported in followup's config");
            }
            const bool value = value_starts;
            std::size_t end = at + 1;
            while (end < text.size() && text[end] != c && text[end] != '\n') {
                end += (c == '"' && text[end] == '\\' && end + 1 < text.size()) ? 2 : 1;
            }
            if (!value) {
                for (std::size_t i = at; i < std::min(end, text.size()); ++i) {
                    if (static_cast<unsigned char>(text[i]) >= 0x80) {
                        throw fail("a non-ASCII character in a quoted key; keys are ASCII");
                    }
                }
            }
            if (end >= text.size() || text[end] == '\n') {
                throw fail("a string is not closed on its line");
            }
            at = end;
            previous = c;
            continue;
        }
        if (static_cast<unsigned char>(c) >= 0x80) {
            throw fail("a non-ASCII character outside a string value; quote it");
        }
        if (c != ' ' && c != '\t' && c != '\r') {
            previous = c;
        }
    }
}

void read_mail(Reader& reader, const toml::table& table, Config& config) {
    for (const auto& [name, node] : table) {
        const std::string key = fmt::format("mail.{}", name.str());
        if (name == "me") {
            config.mail_me = reader.strings(node, key, "[\"alex@example.com\"]");
            for (const std::string& address : config.mail_me) {
                if (address.find('@') == std::string::npos) {
                    reader.fail(node, key,
                                fmt::format("\"{}\" is not an email address", neutralise(address)));
                }
            }
        } else if (name == "maildir") {
            config.mail_maildir = reader.strings(node, key, "[\"~/Mail/work/INBOX\"]");
        } else if (name == "imap") {
            config.mail_imap = reader.strings(node, key, "[\"imaps://alex@mail.example/INBOX\"]");
        } else if (name == "password_command") {
            config.mail_password_command = reader.string(node, key);
        } else if (name == "ooo_hold") {
            config.mail_ooo_hold = reader.integer(node, key, 1);
        } else {
            reader.unknown(node, key);
        }
    }
}

} // namespace

std::optional<fs::path> locate_config() {
    if (const char* env = std::getenv("FOLLOWUP_CONFIG"); env && *env) {
        return fs::path(env);
    }
    if (const char* config_home = std::getenv("XDG_CONFIG_HOME"); config_home && *config_home) {
        return fs::path(config_home) / "followup" / "config.toml";
    }
    if (const char* home = std::getenv("HOME"); home && *home) {
        return fs::path(home) / ".config" / "followup" / "config.toml";
    }
    return std::nullopt;
}

namespace {

LoadedConfig parse_toml(std::string_view text, std::string_view source, bool check_references) {
    LoadedConfig loaded;
    if (!is_valid_utf8(text) || text.find('\0') != std::string_view::npos) {
        throw Error(fmt::format("{}: not a text file in UTF-8", source));
    }
    refuse_what_toml_mishandles(text, source);
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        const auto line = static_cast<std::size_t>(e.source().begin.line);
        const std::string key = key_on_line(text, line);
        throw Error(fmt::format("{}:{}: {}{}", source, line,
                                key.empty() ? "" : fmt::format("key '{}': ", neutralise(key)),
                                neutralise(e.description())));
    } catch (const TomlInternalError&) {
        throw Error(fmt::format("{}: not valid TOML", source));
    }
    Reader reader(loaded, source);
    Config& config = loaded.config;
    for (const auto& [section, node] : root) {
        const std::string section_name(section.str());
        if (section_name == "cadence") {
            for (const auto& [name, gaps] : reader.table(node, section_name)) {
                config.cadences[std::string(name.str())] =
                    reader.gaps(gaps, fmt::format("cadence.{}", name.str()));
            }
        } else if (section_name == "cadence_by_tag") {
            for (const auto& [tag, cadence] : reader.table(node, section_name)) {
                const std::string key = fmt::format("cadence_by_tag.{}", tag.str());
                config.cadence_by_tag[std::string(tag.str())] = reader.string(cadence, key);
            }
        } else if (section_name == "schedule") {
            read_schedule(reader, reader.table(node, section_name), config);
        } else if (section_name == "breakup") {
            read_breakup(reader, reader.table(node, section_name), config);
        } else if (section_name == "cooldown") {
            read_cooldown(reader, reader.table(node, section_name), config);
        } else if (section_name == "mail") {
            read_mail(reader, reader.table(node, section_name), config);
        } else if (section_name == "sender") {
            for (const auto& [name, value] : reader.table(node, section_name)) {
                const std::string key = fmt::format("sender.{}", name.str());
                if (name != "name") {
                    reader.unknown(value, key);
                }
                config.sender_name = reader.string(value, key);
            }
        } else {
            reader.unknown(node, section_name);
        }
    }
    for (const auto& [tag, cadence] : config.cadence_by_tag) {
        if (check_references && !config.cadences.contains(cadence)) {
            const auto* node = root["cadence_by_tag"][tag].node();
            reader.fail(*node, "cadence_by_tag." + tag,
                        fmt::format("no cadence named \"{}\" in [cadence]", neutralise(cadence)));
        }
    }
    return loaded;
}

} // namespace

LoadedConfig parse_config(std::string_view text, std::string_view source) {
    return parse_toml(text, source, true);
}

LoadedConfig load_config_file() {
    const auto path = locate_config();
    if (!path) {
        return {};
    }
    std::error_code status_error;
    if (fs::is_directory(*path, status_error)) {
        throw Error(fmt::format("config {} is a folder, not a file; point FOLLOWUP_CONFIG at a "
                                "config.toml",
                                path->string()));
    }
    std::ifstream file(*path, std::ios::binary);
    if (!file) {
        std::error_code error;
        if (fs::exists(*path, error)) {
            throw Error(fmt::format("cannot read config {}", path->string()));
        }
        LoadedConfig defaults;
        defaults.path = *path;
        return defaults;
    }
    std::string text(max_config_bytes + 1, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(file.gcount()));
    if (text.size() > max_config_bytes) {
        throw Error(fmt::format("{}: over {} bytes; is it the right file?", path->string(),
                                max_config_bytes));
    }
    LoadedConfig loaded = parse_config(text, path->string());
    std::string& template_path = loaded.config.template_path;
    if (template_path.starts_with("~/")) {
        if (const char* home = std::getenv("HOME"); home && *home) {
            template_path = (fs::path(home) / template_path.substr(2)).string();
        }
    } else if (!template_path.empty() && fs::path(template_path).is_relative()) {
        // A relative template path means next to the config file, not the working folder.
        template_path = (path->parent_path() / template_path).string();
    }
    // Maildir folders: ~ is the home folder; a relative path is next to the config file.
    for (std::string& folder : loaded.config.mail_maildir) {
        if (folder == "~" || folder.starts_with("~/")) {
            if (const char* home = std::getenv("HOME"); home && *home) {
                folder = (fs::path(home) / folder.substr(std::min<std::size_t>(2, folder.size())))
                             .string();
            }
        } else if (fs::path(folder).is_relative()) {
            folder = (path->parent_path() / folder).string();
        }
    }
    loaded.path = *path;
    loaded.file_found = true;
    return loaded;
}

namespace {

// A TOML basic string: the text as it would be written in config.toml.
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

// "cadence.gentle" -> {"cadence", "gentle"}; the name may hold dots.
std::pair<std::string, std::string> split_key(std::string_view key) {
    const auto dot = key.find('.');
    if (dot == std::string_view::npos) {
        return {std::string(key), {}};
    }
    return {std::string(key.substr(0, dot)), std::string(key.substr(dot + 1))};
}

// The team values of `from` under `key` copied to `to`; false when `key`
// is not a team key.
bool copy_team_value(const Config& from, Config& to, const std::string& key) {
    const auto [section, name] = split_key(key);
    if (name.empty()) {
        return false;
    }
    if (section == "cadence") {
        if (const auto found = from.cadences.find(name); found != from.cadences.end()) {
            to.cadences[name] = found->second;
        }
    } else if (section == "cadence_by_tag") {
        if (const auto found = from.cadence_by_tag.find(name); found != from.cadence_by_tag.end()) {
            to.cadence_by_tag[name] = found->second;
        }
    } else if (key == "schedule.business_days") {
        to.business_days = from.business_days;
    } else if (key == "schedule.first_touch") {
        to.first_touch = from.first_touch;
    } else if (key == "schedule.after_reply") {
        to.after_reply = from.after_reply;
    } else if (key == "schedule.nurture_every") {
        to.nurture_every = from.nurture_every;
    } else if (key == "schedule.nurture_after_reversing") {
        to.nurture_after_reversing = from.nurture_after_reversing;
    } else if (key == "schedule.holidays") {
        to.holidays = from.holidays;
    } else if (key == "schedule.daily_capacity") {
        to.daily_capacity = from.daily_capacity;
    } else if (key == "breakup.after") {
        to.breakup_after = from.breakup_after;
    } else if (key == "breakup.invested") {
        to.invested = from.invested;
    } else if (key == "cooldown.default") {
        to.cooldown_default = from.cooldown_default;
    } else if (key == "cooldown.overheat_touches") {
        to.overheat_touches = from.overheat_touches;
    } else if (key == "cooldown.overheat_within") {
        to.overheat_within = from.overheat_within;
    } else {
        return false;
    }
    return true;
}

// Every team value back to its default.
void reset_team_values(Config& config) {
    const Config defaults;
    config.cadences = defaults.cadences;
    config.cadence_by_tag = defaults.cadence_by_tag;
    config.business_days = defaults.business_days;
    config.first_touch = defaults.first_touch;
    config.after_reply = defaults.after_reply;
    config.nurture_every = defaults.nurture_every;
    config.nurture_after_reversing = defaults.nurture_after_reversing;
    config.holidays = defaults.holidays;
    config.daily_capacity = defaults.daily_capacity;
    config.breakup_after = defaults.breakup_after;
    config.invested = defaults.invested;
    config.cooldown_default = defaults.cooldown_default;
    config.overheat_touches = defaults.overheat_touches;
    config.overheat_within = defaults.overheat_within;
}

// One `KEY = VALUE` read by config.toml's parser, cadence references not
// checked (they are, once merged).
LoadedConfig parse_one(std::string_view key, std::string_view value, std::string_view source) {
    const auto [section, name] = split_key(key);
    return parse_toml(fmt::format("{}.{} = {}", section, toml_string(name), value), source, false);
}

// Whether `value` reads as a TOML value (else a bare word is taken as a string).
bool is_toml_value(std::string_view value) {
    try {
        const std::string text = fmt::format("x = {}", value);
        refuse_what_toml_mishandles(text, "value");
        (void)toml::parse(text);
        return true;
    } catch (...) {
        return false;
    }
}

std::string value_of(const Config& config, std::string_view key) {
    for (auto& [name, value] : config_values(config)) {
        if (name == key) {
            return value;
        }
    }
    return {};
}

} // namespace

bool is_team_key(std::string_view key) {
    Config scratch;
    return copy_team_value(Config{}, scratch, std::string(key));
}

std::vector<std::pair<std::string, std::string>> config_values(const Config& config) {
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

void check_cadence_references(const Config& config) {
    for (const auto& [tag, cadence] : config.cadence_by_tag) {
        if (!config.cadences.contains(cadence)) {
            throw Error(fmt::format("cadence_by_tag.{} names no cadence (\"{}\"): set "
                                    "cadence.{} too, or change it",
                                    neutralise(tag), neutralise(cadence), neutralise(cadence)));
        }
    }
}

std::string team_setting_value(std::string_view key, std::string_view value) {
    const std::string shown_key = neutralise(key);
    if (!is_team_key(key)) {
        const auto [section, name] = split_key(key);
        if (section == "sender" || section == "mail" || key == "breakup.template") {
            throw UsageError(fmt::format("{} is a personal setting, not the team's: put it in "
                                         "your config.toml",
                                         shown_key));
        }
        throw UsageError(fmt::format("unknown team setting '{}': use cadence.NAME, "
                                     "cadence_by_tag.TAG, schedule.*, breakup.after, "
                                     "breakup.invested or cooldown.* (see `man followup`)",
                                     shown_key));
    }
    std::string text(trim(value));
    if (text.find_first_of("\n\r") != std::string::npos) {
        throw UsageError(fmt::format("config --set {}: the value must be one line", shown_key));
    }
    if (text.empty()) {
        throw UsageError(fmt::format("config --set {}: the value is empty", shown_key));
    }
    if (!is_toml_value(text) && text.find_first_of("\"'[]{}=#\n") == std::string::npos) {
        text = toml_string(text); // a bare word: cooldown.default 30d, cadence_by_tag.vip gentle
    }
    LoadedConfig parsed;
    const std::string source = "config --set";
    try {
        parsed = parse_one(key, text, source);
    } catch (const Error& e) {
        // "config --set:1: key 'x': ..." -> "config --set: key 'x': ..."
        std::string message = e.what();
        if (const std::string line = source + ":1:"; message.starts_with(line)) {
            message = source + ":" + message.substr(line.size());
        }
        throw UsageError(message);
    }
    return value_of(parsed.config, key);
}

Config with_team_settings(LoadedConfig& loaded, std::span<const TeamSetting> settings,
                          bool shared) {
    Config config = loaded.config;
    loaded.keys_from_database.clear();
    loaded.ignored_file_keys.clear();
    if (shared) {
        reset_team_values(config);
    }
    for (const TeamSetting& setting : settings) {
        if (!is_team_key(setting.key)) {
            continue; // a key a later followup knows
        }
        LoadedConfig one;
        try {
            one = parse_one(setting.key, setting.value, "team setting");
        } catch (const Error& e) {
            throw Error(fmt::format("the database's team setting {} does not read ({}); a "
                                    "manager can `followup config --unset {}`",
                                    neutralise(setting.key), e.what(), neutralise(setting.key)));
        }
        copy_team_value(one.config, config, setting.key);
        loaded.keys_from_database[setting.key] = setting;
    }
    if (shared) {
        const std::vector<std::pair<std::string, std::string>> effective = config_values(config);
        for (const std::pair<std::string, std::string>& from_file : config_values(loaded.config)) {
            if (!loaded.keys_from_file.contains(from_file.first) || !is_team_key(from_file.first)) {
                continue;
            }
            // A pair, not a structured binding: clang 14 (the fuzz build)
            // does not let a lambda capture those.
            if (std::find(effective.begin(), effective.end(), from_file) == effective.end()) {
                loaded.ignored_file_keys.emplace_back(from_file.first, from_file.second);
            }
        }
    }
    check_cadence_references(config);
    return config;
}

} // namespace followup
