#include "followup/config_file.hpp"

#include "followup/error.hpp"
#include "followup/text.hpp"

#include <cctype>
#include <cstdlib>
#include <fmt/format.h>
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

LoadedConfig parse_config(std::string_view text, std::string_view source) {
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
        if (!config.cadences.contains(cadence)) {
            const auto* node = root["cadence_by_tag"][tag].node();
            reader.fail(*node, "cadence_by_tag." + tag,
                        fmt::format("no cadence named \"{}\" in [cadence]", neutralise(cadence)));
        }
    }
    return loaded;
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

} // namespace followup
