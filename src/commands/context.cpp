#include "context.hpp"

#include "followup/error.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>
#include <iterator>
#include <ostream>
#include <random>
#include <unordered_map>

namespace followup {

namespace {

template <typename Enum>
Enum enum_option(std::string_view option, std::string_view token,
                 std::optional<Enum> (*parse)(std::string_view),
                 std::span<const std::string_view> names) {
    if (auto value = parse(token)) {
        return *value;
    }
    throw UsageError(fmt::format("invalid {} '{}': use one of {}", option, neutralise(token),
                                 fmt::join(names, ", ")));
}

// Notes past this size are almost certainly a mistake (a file piped by accident).
constexpr std::size_t max_note_bytes = 1 << 20;

} // namespace

namespace {

Store open_store(const Context& context, Access access) {
    StoreNotices notices;
    notices.cannot_recompute = [&context] {
        context.err << "followup: warning: the team's stored next actions were made under other "
                       "settings or rules, and only a role that sees every prospect can store "
                       "them again: ask whoever ran `followup team init` to run it again\n"
                    << std::flush;
    };
    if (!context.stderr_terminal) {
        return context.stores.open(context.database, access, std::move(notices));
    }
    notices.upgrading = [&context](const Upgrade& upgrade) {
        context.err << neutralise(fmt::format("followup: note: upgrading {} from schema {} to {}, "
                                              "after keeping a copy of the old file as {}",
                                              shown_location(context.database),
                                              upgrade.from_version, upgrade.to_version,
                                              upgrade.copy.string()))
                    << '\n'
                    << std::flush;
    };
    notices.recomputing = [&context](std::size_t open_prospects) {
        if (open_prospects >= noticeable_work) {
            context.err << fmt::format("followup: note: the config or the schema changed: working "
                                       "out the next actions of {} open prospects again\n",
                                       open_prospects)
                        << std::flush;
        }
    };
    return context.stores.open(context.database, access, std::move(notices));
}

} // namespace

Store Context::open_without_settings(Access access) const {
    return open_store(*this, access);
}

Store Context::open(Access access) const {
    Store store = open_store(*this, access);
    merge_team_settings(store);
    return store;
}

void Context::merge_team_settings(const Store& store) const {
    const bool shared = store.can(Capability::shared_settings);
    const std::vector<TeamSetting> settings = store.team_settings();
    if (settings.empty() && !shared && config_origin.keys_from_database.empty()) {
        return; // the file's config as it is (most single users)
    }
    config = with_team_settings(config_origin, settings, shared);
    if (!config_origin.ignored_file_keys.empty() && !warned_ignored_keys) {
        warned_ignored_keys = true;
        std::vector<std::string> keys;
        for (const auto& [key, value] : config_origin.ignored_file_keys) {
            keys.push_back(key);
        }
        warn(fmt::format("{} ignores {} in {}: a team database's settings are the team's "
                         "(`followup config`; a manager sets them with `followup config --set`)",
                         shown_location(database), fmt::join(keys, ", "),
                         config_origin.path.string()));
    }
}

Store Context::open_in_memory() const {
    return stores.in_memory();
}

void Context::warn(std::string_view message) const {
    err << "followup: warning: " << neutralise(message) << '\n';
}

std::string random_uuid() {
    std::random_device source;
    std::array<unsigned char, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); i += 4) {
        const unsigned int word = source();
        for (std::size_t j = 0; j < 4; ++j) {
            bytes[i + j] = static_cast<unsigned char>(word >> (8 * j));
        }
    }
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
    std::string text;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            text += '-';
        }
        text += fmt::format("{:02x}", bytes[i]);
    }
    return text;
}

ProspectView view_of(const Store& store, ProspectId id, const Context& context, Notes notes) {
    ProspectView view{store.prospect(id), store.touches(id, notes), {}};
    view.assessment = assess(view.prospect, view.touches, context.config, context.today);
    return view;
}

NextAction next_after_write(const Store& store, const Prospect& prospect) {
    if (const std::optional<NextAction> next = store.next_action(prospect.id)) {
        return *next;
    }
    throw Error(fmt::format("saved; but {} was closed or removed by another writer right after, "
                            "so it has no next action (`followup show {}`)",
                            display_name(prospect), prospect.id));
}

namespace {

HistoryVisitor assessing(const Context& context, const ViewVisitor& visit) {
    return [&context, &visit](const Prospect& prospect, std::span<const Touch> touches) {
        ProspectView view{prospect, {touches.begin(), touches.end()}, {}};
        view.assessment = assess(view.prospect, view.touches, context.config, context.today);
        visit(std::move(view));
    };
}

} // namespace

void for_each_view(const Store& store, std::span<const ProspectId> ids, const Context& context,
                   Notes notes, const ViewVisitor& visit) {
    store.for_each_history_of(ids, assessing(context, visit), notes);
}

std::vector<ProspectView> views_in_order(const Store& store, std::span<const ProspectId> ids,
                                         const Context& context, Notes notes,
                                         const std::function<bool(const ProspectView&)>& keep) {
    std::vector<ProspectView> views;
    for_each_view(store, ids, context, notes, [&](ProspectView&& view) {
        if (keep(view)) {
            views.push_back(std::move(view));
        }
    });
    std::unordered_map<ProspectId, std::size_t> position;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        position.emplace(ids[i], i);
    }
    std::sort(views.begin(), views.end(), [&](const ProspectView& a, const ProspectView& b) {
        return position.at(a.prospect.id) < position.at(b.prospect.id);
    });
    return views;
}

void for_each_view(const Store& store, const Context& context, Notes notes,
                   const ViewVisitor& visit, const OwnerScope& scope) {
    store.for_each_history(assessing(context, visit), notes, scope);
}

OwnerScope owner_scope(const Store& store, const OwnerOptions& options) {
    if (options.everyone && !options.owner.empty()) {
        throw UsageError("--owner and --everyone do not go together: --owner ROLE lists one "
                         "role's prospects, --everyone all of them");
    }
    if (!options.owner.empty()) {
        check_typed_text("--owner", options.owner);
    }
    OwnerScope scope = options.everyone         ? OwnerScope::everyone()
                       : !options.owner.empty() ? OwnerScope::of(options.owner)
                                                : OwnerScope::mine();
    store.check_scope(scope);
    return scope;
}

Channel channel_option(std::string_view option, std::string_view token) {
    return enum_option<Channel>(option, token, parse_channel, channel_names());
}

Purpose purpose_option(std::string_view option, std::string_view token) {
    return enum_option<Purpose>(option, token, parse_purpose, purpose_names());
}

Stage stage_option(std::string_view option, std::string_view token) {
    return enum_option<Stage>(option, token, parse_stage, stage_names());
}

Format format_option(std::string_view token) {
    if (auto format = parse_format(token)) {
        return *format;
    }
    throw UsageError(
        fmt::format("invalid --format '{}': use table, tsv, csv or json", neutralise(token)));
}

std::int64_t value_option(std::string_view option, std::string_view text) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value < 0 ||
        value > 1'000'000'000'000) {
        throw UsageError(fmt::format("invalid {} '{}': use a whole number, 0 or more", option,
                                     neutralise(text)));
    }
    return value;
}

std::string text_option(std::string_view option, const std::string& text) {
    check_typed_text(option, text);
    return std::string(trim(text));
}

std::string email_option(const std::string& text) {
    std::string email = text_option("--email", text);
    if (!email.empty() && (email.find('@') == std::string::npos ||
                           email.find_first_of(" \t,;<>") != std::string::npos)) {
        throw UsageError(fmt::format("invalid --email '{}': expected name@domain", email));
    }
    return email;
}

std::string tag_option(const std::string& text) {
    std::string tag = text_option("--tag", text);
    if (tag.empty() || tag.find(',') != std::string::npos) {
        throw UsageError(
            fmt::format("invalid --tag '{}': a tag is a non-empty word without commas", tag));
    }
    return tag;
}

std::string cadence_option(const Config& config, const std::string& text) {
    std::string cadence = text_option("--cadence", text);
    if (!cadence.empty() && !config.cadences.contains(cadence)) {
        std::vector<std::string> known;
        for (const auto& [name, gaps] : config.cadences) {
            known.push_back(name);
        }
        throw UsageError(fmt::format("unknown --cadence '{}': the config defines {}", cadence,
                                     fmt::join(known, ", ")));
    }
    return cadence;
}

nlohmann::json prospect_json(const ProspectView& view) {
    const Prospect& p = view.prospect;
    const Assessment& a = view.assessment;
    const auto date_or_null = [](const std::optional<Date>& date) {
        return date ? nlohmann::json(date->iso()) : nlohmann::json();
    };
    return {
        {"id", p.id},
        {"name", p.name},
        {"company", p.company},
        {"email", p.email},
        {"email_bouncing", p.email_bouncing},
        {"owner", p.owner},
        {"phone", p.phone},
        {"address", p.address},
        {"social", p.social},
        {"referrer", p.referrer},
        {"preferred_channel",
         p.preferred_channel ? nlohmann::json(to_string(*p.preferred_channel)) : nlohmann::json()},
        {"stage", to_string(p.stage)},
        {"value", p.value},
        {"tags", p.tags},
        {"top_priority", p.top_priority},
        {"cadence", p.cadence},
        {"notes", p.notes},
        {"created_on", p.created_on.iso()},
        {"state", to_string(a.state)},
        {"outcome", p.outcome ? nlohmann::json(to_string(*p.outcome)) : nlohmann::json()},
        {"closed_on", date_or_null(p.closed_on)},
        {"close_note", p.close_note},
        {"cooling_until", date_or_null(p.cooling_until)},
        {"snoozed_on", date_or_null(p.snoozed_on)},
        {"snooze_until", date_or_null(p.snooze_until)},
        {"last_touch_on", date_or_null(a.last_touch)},
        {"last_reply_on", date_or_null(a.last_reply)},
        {"streak", a.streak},
        {"due_on", a.next ? nlohmann::json(a.next->due_on.iso()) : nlohmann::json()},
        {"reason", a.next ? nlohmann::json(to_string(a.next->reason)) : nlohmann::json()},
    };
}

std::string note_option(const std::string& text) {
    std::string note = text;
    if (text == "-") {
        BoundedRead read = read_bounded(std::cin, max_note_bytes);
        if (read.end == ReadEnd::too_long) {
            throw UsageError(
                fmt::format("the note on standard input is over {} bytes", max_note_bytes));
        }
        if (read.end == ReadEnd::nul_byte) {
            throw UsageError("the note on standard input holds a NUL byte: it is not text");
        }
        note = std::move(read.data);
        while (!note.empty() && note.back() == '\n') {
            note.pop_back();
        }
    }
    check_typed_text("--note", note, Newlines::allow);
    return note;
}

BoundedRead read_bounded(std::istream& in, std::size_t limit) {
    BoundedRead read;
    std::array<char, 64 * 1024> chunk{};
    while (in) {
        in.read(chunk.data(), chunk.size());
        const auto got = static_cast<std::size_t>(in.gcount());
        const std::string_view piece(chunk.data(), got);
        if (piece.find('\0') != std::string_view::npos) {
            read.end = ReadEnd::nul_byte;
            return read;
        }
        read.data.append(piece);
        if (read.data.size() > limit) {
            read.end = ReadEnd::too_long;
            return read;
        }
    }
    return read;
}

std::string display_name(const Prospect& prospect) {
    return neutralise(describe({prospect.id, prospect.name, prospect.company}));
}

} // namespace followup
