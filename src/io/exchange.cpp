#include "followup/exchange.hpp"

#include "followup/error.hpp"
#include "followup/resolve.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace followup {

namespace {

nlohmann::json date_or_null(const std::optional<Date>& date) {
    return date ? nlohmann::json(date->iso()) : nlohmann::json();
}

template <typename Enum>
nlohmann::json enum_or_null(const std::optional<Enum>& value) {
    return value ? nlohmann::json(to_string(*value)) : nlohmann::json();
}

// Field access that names the field and the record in every error.
class Fields {
public:
    Fields(const nlohmann::json& object, std::string where)
        : object_(object), where_(std::move(where)) {
        if (!object_.is_object()) {
            throw Error(fmt::format("{}: expected an object", where_));
        }
    }

    [[noreturn]] void fail(std::string_view key, std::string_view what) const {
        throw Error(fmt::format("{}: key '{}': {}", where_, key, what));
    }

    const nlohmann::json* find(std::string_view key) const {
        auto found = object_.find(key);
        return found == object_.end() || found->is_null() ? nullptr : &*found;
    }

    std::string text(std::string_view key, bool required = false) const {
        const auto* value = find(key);
        if (!value) {
            if (required) {
                fail(key, "missing");
            }
            return {};
        }
        if (!value->is_string()) {
            fail(key, "expected a string");
        }
        // nlohmann has already checked the UTF-8 of the whole document.
        return value->get<std::string>();
    }

    std::optional<Date> date(std::string_view key, bool required = false) const {
        const std::string value = text(key, required);
        if (value.empty()) {
            return std::nullopt;
        }
        auto parsed = parse_iso_date(value);
        if (!parsed) {
            fail(key, fmt::format("'{}' is not a YYYY-MM-DD date", neutralise(value)));
        }
        return parsed;
    }

    template <typename Enum>
    std::optional<Enum> token(std::string_view key, std::optional<Enum> (*parse)(std::string_view),
                              bool required = false) const {
        const std::string value = text(key, required);
        if (value.empty()) {
            return std::nullopt;
        }
        auto parsed = parse(value);
        if (!parsed) {
            fail(key, fmt::format("unknown value '{}'", neutralise(value)));
        }
        return parsed;
    }

    // Absent or null: none.
    std::optional<std::int64_t> optional_integer(std::string_view key) const {
        return find(key) ? std::optional(integer(key)) : std::nullopt;
    }

    std::int64_t integer(std::string_view key) const {
        const auto* value = find(key);
        if (!value) {
            return 0;
        }
        if (!value->is_number_integer() || value->get<std::int64_t>() < 0) {
            fail(key, "expected a whole number, 0 or more");
        }
        return value->get<std::int64_t>();
    }

    bool boolean(std::string_view key) const {
        const auto* value = find(key);
        if (!value) {
            return false;
        }
        if (!value->is_boolean()) {
            fail(key, "expected true or false");
        }
        return value->get<bool>();
    }

    const nlohmann::json* array(std::string_view key) const {
        const auto* value = find(key);
        if (value && !value->is_array()) {
            fail(key, "expected a list");
        }
        return value;
    }

private:
    const nlohmann::json& object_;
    std::string where_;
};

} // namespace

nlohmann::json export_record(const Prospect& p, std::span<const Touch> touches) {
    nlohmann::json touch_list = nlohmann::json::array();
    for (const Touch& touch : touches) {
        touch_list.push_back({
            {"date", touch.on.iso()},
            {"direction", to_string(touch.direction)},
            {"channel", to_string(touch.channel)},
            {"purpose", enum_or_null(touch.purpose)},
            {"note", touch.note},
            {"next_step_on", date_or_null(touch.next_step_on)},
            {"next_step_channel", enum_or_null(touch.next_step_channel)},
            {"next_step_time", touch.next_step_time ? nlohmann::json(touch.next_step_time->text())
                                                    : nlohmann::json()},
            {"next_step_minutes",
             touch.next_step_time ? nlohmann::json(touch.next_step_minutes) : nlohmann::json()},
            {"next_step_uid",
             touch.next_step_uid.empty() ? nlohmann::json() : nlohmann::json(touch.next_step_uid)},
            {"out_of_office", touch.out_of_office},
            {"away_until", date_or_null(touch.away_until)},
            {"message_id",
             touch.message_id.empty() ? nlohmann::json() : nlohmann::json(touch.message_id)},
            {"purpose_inferred", touch.purpose_inferred},
            {"draft_variant",
             touch.draft_variant ? nlohmann::json(*touch.draft_variant) : nlohmann::json()},
        });
    }
    return {
        {"id", p.id},
        {"name", p.name},
        {"company", p.company},
        {"email", p.email},
        {"email_bouncing", p.email_bouncing},
        {"phone", p.phone},
        {"address", p.address},
        {"social", p.social},
        {"referrer", p.referrer},
        {"preferred_channel", enum_or_null(p.preferred_channel)},
        {"stage", to_string(p.stage)},
        {"value", p.value},
        {"tags", p.tags},
        {"top_priority", p.top_priority},
        {"cadence", p.cadence},
        {"notes", p.notes},
        {"created_on", p.created_on.iso()},
        {"first_touch_on", date_or_null(p.first_touch_on)},
        {"first_touch_time",
         p.first_touch_at ? nlohmann::json(p.first_touch_at->text()) : nlohmann::json()},
        {"outcome", enum_or_null(p.outcome)},
        {"closed_on", date_or_null(p.closed_on)},
        {"close_note", p.close_note},
        {"cooling_since", date_or_null(p.cooling_since)},
        {"cooling_until", date_or_null(p.cooling_until)},
        {"snoozed_on", date_or_null(p.snoozed_on)},
        {"snooze_until", date_or_null(p.snooze_until)},
        // Shown, never read back: an import belongs to whoever imports it.
        {"owner", p.owner},
        {"touches", touch_list},
    };
}

ExportRecord record_from_json(const nlohmann::json& record, std::size_t index) {
    const Fields fields(record, fmt::format("prospect {}", index + 1));
    ExportRecord result;
    Prospect& p = result.prospect;
    p.id = fields.integer("id");
    p.name = std::string(trim(fields.text("name", true)));
    if (is_blank(p.name)) {
        fields.fail("name", "empty");
    }
    p.company = fields.text("company");
    p.email = fields.text("email");
    p.email_bouncing = fields.boolean("email_bouncing") && !p.email.empty();
    p.phone = fields.text("phone");
    p.address = fields.text("address");
    p.social = fields.text("social");
    p.referrer = fields.text("referrer");
    p.preferred_channel = fields.token<Channel>("preferred_channel", parse_channel);
    p.stage = fields.token<Stage>("stage", parse_stage).value_or(Stage::lead);
    p.value = fields.integer("value");
    if (const auto* tags = fields.array("tags")) {
        for (const auto& tag : *tags) {
            if (!tag.is_string() || trim(tag.get<std::string>()).empty()) {
                fields.fail("tags", "expected a list of non-empty strings");
            }
            p.tags.push_back(tag.get<std::string>());
        }
    }
    p.top_priority = fields.text("top_priority");
    p.cadence = fields.text("cadence");
    p.notes = fields.text("notes");
    p.created_on = *fields.date("created_on", true);
    p.first_touch_on = fields.date("first_touch_on");
    if (const std::string time = fields.text("first_touch_time"); !time.empty()) {
        p.first_touch_at = parse_time_of_day(time);
        if (!p.first_touch_at || !p.first_touch_on) {
            fields.fail(
                "first_touch_time",
                fmt::format("'{}' is not an HH:MM time of a first touch", neutralise(time)));
        }
    }
    p.outcome = fields.token<Outcome>("outcome", parse_outcome);
    p.closed_on = fields.date("closed_on");
    p.close_note = fields.text("close_note");
    p.cooling_since = fields.date("cooling_since");
    p.cooling_until = fields.date("cooling_until");
    p.snoozed_on = fields.date("snoozed_on");
    p.snooze_until = fields.date("snooze_until");
    if (p.snoozed_on.has_value() != p.snooze_until.has_value()) {
        fields.fail(p.snoozed_on ? "snooze_until" : "snoozed_on",
                    "snoozed_on and snooze_until go together");
    }
    if (const auto* touches = fields.array("touches")) {
        for (std::size_t t = 0; t < touches->size(); ++t) {
            const Fields touch_fields((*touches)[t],
                                      fmt::format("prospect {}, touch {}", index + 1, t + 1));
            Touch touch;
            touch.on = *touch_fields.date("date", true);
            touch.direction = *touch_fields.token<Direction>("direction", parse_direction, true);
            touch.channel = *touch_fields.token<Channel>("channel", parse_channel, true);
            touch.purpose = touch_fields.token<Purpose>("purpose", parse_purpose);
            touch.note = touch_fields.text("note");
            touch.next_step_on = touch_fields.date("next_step_on");
            touch.next_step_channel =
                touch_fields.token<Channel>("next_step_channel", parse_channel);
            if (const std::string time = touch_fields.text("next_step_time"); !time.empty()) {
                touch.next_step_time = parse_time_of_day(time);
                if (!touch.next_step_time || !touch.next_step_on) {
                    touch_fields.fail(
                        "next_step_time",
                        fmt::format("'{}' is not an HH:MM time of a next step", neutralise(time)));
                }
                const std::int64_t minutes = touch_fields.integer("next_step_minutes");
                if (minutes > 1440) {
                    touch_fields.fail("next_step_minutes", "more than a day");
                }
                touch.next_step_minutes =
                    minutes > 0 ? static_cast<int>(minutes) : default_meeting_minutes;
            }
            touch.next_step_uid = touch_fields.text("next_step_uid");
            touch.out_of_office = touch_fields.boolean("out_of_office");
            touch.away_until = touch_fields.date("away_until");
            touch.message_id = touch_fields.text("message_id");
            touch.purpose_inferred = touch_fields.boolean("purpose_inferred");
            // One message is one touch of a prospect: a repeated id is dropped.
            if (!touch.message_id.empty() &&
                std::any_of(
                    result.touches.begin(), result.touches.end(),
                    [&](const Touch& earlier) { return earlier.message_id == touch.message_id; })) {
                touch.message_id.clear();
            }
            if (const auto variant = touch_fields.optional_integer("draft_variant")) {
                // Room for a later version's extra variants; drafting takes it modulo its own.
                if (*variant > 999) {
                    touch_fields.fail("draft_variant", "expected a whole number from 0 to 999");
                }
                touch.draft_variant = static_cast<int>(*variant);
            }
            result.touches.push_back(std::move(touch));
        }
    }
    return result;
}

void check_record(const ExportRecord& record, std::size_t index, Date today) {
    const Prospect& p = record.prospect;
    const auto fail = [&](std::string_view where, std::string_view key, std::string_view what) {
        throw Error(fmt::format("prospect {}{}: key '{}': {}", index + 1, where, key, what));
    };
    if (p.id > max_prospect_id) {
        fail("", "id",
             fmt::format("{} is more than 18 digits: log, show and rm could not address it", p.id));
    }
    const auto happened = [&](std::string_view where, std::string_view key,
                              const std::optional<Date>& on) {
        if (on && *on > today) {
            fail(where, key, fmt::format("{} is after today ({})", on->iso(), today.iso()));
        }
    };
    const auto after = [&](std::string_view where, std::string_view key,
                           const std::optional<Date>& on, std::string_view start_key,
                           const std::optional<Date>& start) {
        if (on && start && *on <= *start) {
            fail(where, key,
                 fmt::format("{} must be after {} ({})", on->iso(), start_key, start->iso()));
        }
    };
    happened("", "created_on", p.created_on);
    happened("", "closed_on", p.closed_on);
    happened("", "cooling_since", p.cooling_since);
    happened("", "snoozed_on", p.snoozed_on);
    after("", "cooling_until", p.cooling_until, "cooling_since", p.cooling_since);
    after("", "snooze_until", p.snooze_until, "snoozed_on", p.snoozed_on);
    for (std::size_t t = 0; t < record.touches.size(); ++t) {
        const Touch& touch = record.touches[t];
        const std::string where = fmt::format(", touch {}", t + 1);
        happened(where, "date", touch.on);
        after(where, "next_step_on", touch.next_step_on, "its date", touch.on);
        after(where, "away_until", touch.away_until, "its date", touch.on);
    }
}

ExportRead read_export(std::string_view text, Date today, BadRecords bad) {
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(fmt::format("not valid JSON (byte {})", e.byte));
    } catch (const nlohmann::json::out_of_range&) {
        // 1e400: a number no double holds
        throw Error("not valid JSON for followup (a number is out of range)");
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("not valid JSON (error {})", e.id));
    }
    const auto field = [&](std::string_view key) -> const nlohmann::json* {
        if (!document.is_object()) {
            return nullptr;
        }
        auto found = document.find(key);
        return found == document.end() ? nullptr : &*found;
    };
    const auto* format = field("format");
    const auto* prospects = field("prospects");
    if (!format || !format->is_string() || format->get<std::string>() != export_format_name ||
        !prospects || !prospects->is_array()) {
        throw Error(
            fmt::format("not a followup export (expected \"format\": \"{}\")", export_format_name));
    }
    // Compared as the integer it must be: a float or a huge number converted
    // to int would be undefined behaviour.
    if (const auto* version = field("version")) {
        if (!version->is_number_integer()) {
            throw Error("key 'version': expected a whole number");
        }
        const bool newer =
            version->is_number_unsigned()
                ? version->get<std::uint64_t>() > static_cast<std::uint64_t>(export_format_version)
                : version->get<std::int64_t>() > export_format_version;
        if (newer) {
            throw Error(
                fmt::format("written by a newer followup (export version {})", version->dump()));
        }
    }
    ExportRead read;
    for (std::size_t i = 0; i < prospects->size(); ++i) {
        std::string problem;
        try {
            ExportRecord record = record_from_json((*prospects)[i], i);
            check_record(record, i, today);
            read.records.push_back(std::move(record));
            continue;
        } catch (const Error& e) {
            problem = e.what();
        } catch (const nlohmann::json::exception& e) {
            problem = fmt::format("prospect {}: unexpected JSON (error {})", i + 1, e.id);
        }
        if (bad == BadRecords::refuse) {
            throw Error(fmt::format("{}; nothing imported (--skip-bad imports the other prospects)",
                                    problem));
        }
        read.skipped.push_back(std::move(problem));
    }
    return read;
}

} // namespace followup
