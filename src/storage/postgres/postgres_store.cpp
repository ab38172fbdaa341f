#include "postgres_store.hpp"

#include "../listing.hpp"
#include "followup/error.hpp"
#include "followup/resolve.hpp"
#include "followup/schedule.hpp"
#include "schema.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <ctime>
#include <fmt/format.h>
#include <libpq-fe.h>
#include <limits>
#include <unordered_set>
#include <utility>

namespace followup {

#define FOLD(column) FOLLOWUP_PG_FOLD(column)

namespace {

// SQLSTATEs this backend acts on.
constexpr std::string_view serialization_failure = "40001";
constexpr std::string_view deadlock_detected = "40P01";

// A rep's own touch counts, and the rows that count a touch it can see (one
// another rep logged on a prospect since assigned to it, which its `log
// --undo` or a reply takes back or moves): never the counts of touches on
// another rep's prospects, which it could otherwise read or zero with psql.
// The touches in the subquery are those its own row-level security shows.
#define TALLY_OF_MINE                                                                              \
    "logged_by = current_user OR EXISTS (SELECT 1 FROM touches t WHERE t.logged_by = "             \
    "touch_tally.logged_by AND t.on_date = touch_tally.on_date AND t.direction = "                 \
    "touch_tally.direction AND t.channel = touch_tally.channel AND coalesce(t.purpose, '') = "     \
    "touch_tally.purpose AND t.out_of_office = touch_tally.out_of_office)"
constexpr std::string_view undefined_table = "42P01";
constexpr std::string_view insufficient_privilege = "42501";
constexpr std::string_view duplicate_table = "42P07";
constexpr std::string_view unique_violation = "23505";

// An error the server reported, with its SQLSTATE.
class ServerError : public Error {
public:
    ServerError(std::string state, const std::string& message)
        : Error(message), state_(std::move(state)) {}
    const std::string& state() const { return state_; }

private:
    std::string state_;
};

std::string first_line(const char* text) {
    std::string line = text ? text : "";
    if (const auto end = line.find('\n'); end != std::string::npos) {
        line.resize(end);
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) {
        line.pop_back();
    }
    return line;
}

void ignore_notice(void*, const char*) {}

} // namespace

class PostgresStore::Result {
public:
    explicit Result(PGresult* result) : result_(result) {}
    Result(Result&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    ~Result() { PQclear(result_); }

    bool ok() const { return PQresultStatus(result_) == PGRES_TUPLES_OK; }
    int rows() const { return PQntuples(result_); }
    bool null(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
    std::string_view text(int row, int column) const {
        return {PQgetvalue(result_, row, column),
                static_cast<std::size_t>(PQgetlength(result_, row, column))};
    }
    std::string string(int row, int column) const { return std::string(text(row, column)); }
    std::int64_t integer(int row, int column) const {
        const std::string_view value = text(row, column);
        std::int64_t number = 0;
        const auto [end, error] =
            std::from_chars(value.data(), value.data() + value.size(), number);
        if (error != std::errc{} || end != value.data() + value.size()) {
            throw Error(fmt::format("the database holds '{}' where a number belongs, in {}", value,
                                    name(column)));
        }
        return number;
    }
    bool boolean(int row, int column) const { return text(row, column) == "t"; }
    const char* name(int column) const { return PQfname(result_, column); }

private:
    PGresult* result_;
};

using Result = PostgresStore::Result;
using Param = PostgresStore::Param;

namespace {

Date stored_date(std::string_view text, const char* column) {
    if (auto date = parse_iso_date(text)) {
        return *date;
    }
    throw Error(fmt::format("the database holds a bad date '{}' in {}", text, column));
}

Date date_at(const Result& rows, int row, int column) {
    return stored_date(rows.text(row, column), rows.name(column));
}

std::optional<Date> optional_date_at(const Result& rows, int row, int column) {
    if (rows.null(row, column)) {
        return std::nullopt;
    }
    return date_at(rows, row, column);
}

std::optional<TimeOfDay> optional_time_at(const Result& rows, int row, int column) {
    if (rows.null(row, column)) {
        return std::nullopt;
    }
    auto time = parse_time_of_day(rows.text(row, column));
    if (!time) {
        throw Error(fmt::format("the database holds an invalid time in {}: '{}'", rows.name(column),
                                rows.text(row, column)));
    }
    return time;
}

template <typename Enum>
Enum enum_at(const Result& rows, int row, int column,
             std::optional<Enum> (*parse)(std::string_view)) {
    if (auto value = parse(rows.text(row, column))) {
        return *value;
    }
    throw Error(fmt::format("the database holds an unknown value '{}' in {}",
                            rows.text(row, column), rows.name(column)));
}

template <typename Enum>
std::optional<Enum> optional_enum_at(const Result& rows, int row, int column,
                                     std::optional<Enum> (*parse)(std::string_view)) {
    if (rows.null(row, column)) {
        return std::nullopt;
    }
    return enum_at(rows, row, column, parse);
}

// The elements of a one-dimensional text array in PostgreSQL's text form:
// {a,"b c","d\"e"} (no NULLs: tags are never NULL).
std::vector<std::string> text_array(std::string_view text) {
    std::vector<std::string> items;
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
        throw Error(fmt::format("the database sent a malformed array: {}", text));
    }
    std::size_t i = 1;
    const std::size_t end = text.size() - 1;
    while (i < end) {
        std::string item;
        if (text[i] == '"') {
            ++i;
            while (i < end && text[i] != '"') {
                if (text[i] == '\\' && i + 1 < end) {
                    ++i;
                }
                item += text[i++];
            }
            ++i; // the closing quote
        } else {
            while (i < end && text[i] != ',') {
                item += text[i++];
            }
        }
        items.push_back(std::move(item));
        if (i < end && text[i] == ',') {
            ++i;
        }
    }
    return items;
}

// A text array parameter: {"a","b\"c"}.
std::string text_array_literal(const std::vector<std::string>& items) {
    std::string literal = "{";
    for (const std::string& item : items) {
        if (literal.size() > 1) {
            literal += ',';
        }
        literal += '"';
        for (const char c : item) {
            if (c == '"' || c == '\\') {
                literal += '\\';
            }
            literal += c;
        }
        literal += '"';
    }
    return literal + "}";
}

template <typename Number>
std::string number_array_literal(std::span<const Number> numbers) {
    std::string literal = "{";
    for (const Number number : numbers) {
        if (literal.size() > 1) {
            literal += ',';
        }
        literal += std::to_string(number);
    }
    return literal + "}";
}

Param date_param(std::optional<Date> date) {
    return date ? Param(date->iso()) : std::nullopt;
}

template <typename Enum>
Param enum_param(std::optional<Enum> value) {
    return value ? Param(std::string(to_string(*value))) : std::nullopt;
}

Param time_param(std::optional<TimeOfDay> time) {
    return time ? Param(time->text()) : std::nullopt;
}

Param number(std::int64_t value) {
    return std::to_string(value);
}

constexpr std::string_view prospect_columns =
    "id, name, company, email, phone, preferred_channel, stage, value, top_priority, cadence, "
    "created_on, outcome, closed_on, cooling_since, cooling_until, notes, first_touch_on, "
    "close_note, address, social, referrer, snoozed_on, snooze_until, first_touch_time, "
    "email_bouncing, owner";
// How many columns prospect_columns names: the tags column comes after them.
const int prospect_column_count =
    static_cast<int>(std::count(prospect_columns.begin(), prospect_columns.end(), ',')) + 1;
// The prospect's tags, in byte order, as one more column (an array).
constexpr std::string_view tags_column =
    "ARRAY(SELECT tag FROM tags WHERE tags.prospect_id = prospects.id ORDER BY tag)";

Prospect prospect_at(const Result& rows, int row) {
    Prospect p;
    p.id = rows.integer(row, 0);
    p.name = rows.string(row, 1);
    p.company = rows.string(row, 2);
    p.email = rows.string(row, 3);
    p.phone = rows.string(row, 4);
    p.preferred_channel = optional_enum_at<Channel>(rows, row, 5, parse_channel);
    p.stage = enum_at<Stage>(rows, row, 6, parse_stage);
    p.value = rows.integer(row, 7);
    p.top_priority = rows.string(row, 8);
    p.cadence = rows.string(row, 9);
    p.created_on = date_at(rows, row, 10);
    p.outcome = optional_enum_at<Outcome>(rows, row, 11, parse_outcome);
    p.closed_on = optional_date_at(rows, row, 12);
    p.cooling_since = optional_date_at(rows, row, 13);
    p.cooling_until = optional_date_at(rows, row, 14);
    p.notes = rows.string(row, 15);
    p.first_touch_on = optional_date_at(rows, row, 16);
    p.close_note = rows.string(row, 17);
    p.address = rows.string(row, 18);
    p.social = rows.string(row, 19);
    p.referrer = rows.string(row, 20);
    p.snoozed_on = optional_date_at(rows, row, 21);
    p.snooze_until = optional_date_at(rows, row, 22);
    p.first_touch_at = optional_time_at(rows, row, 23);
    p.email_bouncing = rows.integer(row, 24) != 0;
    p.owner = rows.string(row, 25);
    return p;
}

constexpr std::string_view touch_columns =
    "id, prospect_id, on_date, direction, channel, purpose, note, next_step_on, out_of_office, "
    "away_until, next_step_channel, next_step_time, next_step_minutes, next_step_uid, "
    "draft_variant, message_id, purpose_inferred";
// The same with an empty note, no draft variant and no mail fields: all in
// touches_by_prospect.
constexpr std::string_view touch_columns_without_notes =
    "id, prospect_id, on_date, direction, channel, purpose, '', next_step_on, out_of_office, "
    "away_until, next_step_channel, next_step_time, next_step_minutes, next_step_uid, NULL, NULL, "
    "0";

std::string_view touch_columns_for(Notes notes) {
    return notes == Notes::read ? touch_columns : touch_columns_without_notes;
}

Touch touch_at(const Result& rows, int row) {
    Touch touch;
    touch.id = rows.integer(row, 0);
    touch.prospect_id = rows.integer(row, 1);
    touch.on = date_at(rows, row, 2);
    touch.direction = enum_at<Direction>(rows, row, 3, parse_direction);
    touch.channel = enum_at<Channel>(rows, row, 4, parse_channel);
    touch.purpose = optional_enum_at<Purpose>(rows, row, 5, parse_purpose);
    touch.note = rows.string(row, 6);
    touch.next_step_on = optional_date_at(rows, row, 7);
    touch.out_of_office = rows.integer(row, 8) != 0;
    touch.away_until = optional_date_at(rows, row, 9);
    touch.next_step_channel = optional_enum_at<Channel>(rows, row, 10, parse_channel);
    touch.next_step_time = optional_time_at(rows, row, 11);
    touch.next_step_minutes = rows.null(row, 12) ? 0 : static_cast<int>(rows.integer(row, 12));
    touch.next_step_uid = rows.string(row, 13);
    if (!rows.null(row, 14)) {
        touch.draft_variant = static_cast<int>(rows.integer(row, 14));
    }
    touch.message_id = rows.string(row, 15);
    touch.purpose_inferred = rows.integer(row, 16) != 0;
    return touch;
}

constexpr std::string_view standing_columns =
    "next_on, next_reason, last_touch_on, last_reply_on, breakup_ready, nurture_from, "
    "next_channel, next_purpose, next_time";

Standing standing_at(const Result& rows, int row, int first) {
    Standing standing;
    if (!rows.null(row, first)) {
        standing.next = NextAction{date_at(rows, row, first),
                                   enum_at<Reason>(rows, row, first + 1, parse_reason)};
    }
    standing.last_touch = optional_date_at(rows, row, first + 2);
    standing.last_reply = optional_date_at(rows, row, first + 3);
    standing.breakup_ready = rows.integer(row, first + 4) != 0;
    standing.nurture_from = optional_date_at(rows, row, first + 5);
    standing.channel = optional_enum_at<Channel>(rows, row, first + 6, parse_channel);
    standing.purpose = optional_enum_at<Purpose>(rows, row, first + 7, parse_purpose);
    standing.next_at = optional_time_at(rows, row, first + 8);
    return standing;
}

constexpr std::string_view stored_prospect_columns =
    "id, name, company, stage, value, top_priority, outcome, cooling_until";

StoredProspect stored_prospect_at(const Result& rows, int row) {
    StoredProspect stored;
    Prospect& p = stored.prospect;
    p.id = rows.integer(row, 0);
    p.name = rows.string(row, 1);
    p.company = rows.string(row, 2);
    p.stage = enum_at<Stage>(rows, row, 3, parse_stage);
    p.value = rows.integer(row, 4);
    p.top_priority = rows.string(row, 5);
    p.outcome = optional_enum_at<Outcome>(rows, row, 6, parse_outcome);
    p.cooling_until = optional_date_at(rows, row, 7);
    stored.standing = standing_at(rows, row, 8);
    return stored;
}

std::vector<ProspectId> ids_of(const Result& rows) {
    std::vector<ProspectId> ids;
    ids.reserve(static_cast<std::size_t>(rows.rows()));
    for (int row = 0; row < rows.rows(); ++row) {
        ids.push_back(rows.integer(row, 0));
    }
    return ids;
}

// Visits prospects (with their tags as the last column) merged with their
// touches (ordered by prospect, day, id): both read whole before the first
// visit, so `visit` may write.
void visit_histories(const Result& prospects, const Result& touches, const HistoryVisitor& visit) {
    int next_touch = 0;
    const int tags_at = prospect_column_count;
    std::vector<Touch> history;
    for (int row = 0; row < prospects.rows(); ++row) {
        Prospect p = prospect_at(prospects, row);
        p.tags = text_array(prospects.text(row, tags_at));
        history.clear();
        while (next_touch < touches.rows() && touches.integer(next_touch, 1) <= p.id) {
            if (touches.integer(next_touch, 1) == p.id) {
                history.push_back(touch_at(touches, next_touch));
            }
            ++next_touch;
        }
        visit(p, history);
    }
}

using listing::among_sql;
using listing::DistinctNames;

// The condition `scope` adds to a WHERE clause (with its leading AND) on
// `column`, a role's name; another owner's name becomes the next parameter.
std::string owner_sql(const OwnerScope& scope, std::vector<Param>& params,
                      std::string_view column = "owner") {
    switch (scope.kind) {
    case OwnerScope::Kind::mine:
        return fmt::format(" AND {} = current_user", column);
    case OwnerScope::Kind::one:
        params.emplace_back(scope.role);
        return fmt::format(" AND {} = ${}", column, params.size());
    case OwnerScope::Kind::everyone:
        break;
    }
    return "";
}

const std::string& logged_now() {
    static const std::string stamp = [] {
        const std::time_t now = std::time(nullptr);
        std::tm utc{};
        gmtime_r(&now, &utc);
        std::array<char, 32> text{};
        std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
        return std::string(text.data());
    }();
    return stamp;
}

[[noreturn]] void refuse_past_largest_id(ProspectId top) {
    if (top == max_prospect_id) {
        throw Error(fmt::format("prospect #{} holds the largest id followup can address, so no "
                                "prospect can be added after it; `followup rm {}` and add it again",
                                top, top));
    }
    throw Error(fmt::format("prospect #{} has an id past the largest followup can address ({}), "
                            "so no prospect can be added after it; export, and import with "
                            "--skip-bad into a new database",
                            top, max_prospect_id));
}

// The key columns of touch_tally matched against a row set named `row`.
constexpr std::string_view tally_match =
    "touch_tally.on_date = {0}.on_date AND touch_tally.direction = {0}.direction AND "
    "touch_tally.channel = {0}.channel AND touch_tally.purpose = {0}.purpose AND "
    "touch_tally.out_of_office = {0}.out_of_office AND touch_tally.logged_by = {0}.logged_by";

std::string tally_match_of(std::string_view row) {
    return fmt::format(fmt::runtime(tally_match), row);
}

} // namespace

int PostgresStore::schema_version() {
    return pg_schema::migrations().back().version;
}

std::unique_ptr<PostgresStore> PostgresStore::open(const std::string& url, Access access) {
    const std::string shown = redacted_database_url(url);
    // The URL as it is; our client encoding and name after it, so they win.
    const std::array<const char*, 4> keywords = {"dbname", "client_encoding", "application_name",
                                                 nullptr};
    const std::array<const char*, 4> values = {url.c_str(), "UTF8", "followup", nullptr};
    PGconn* connection = PQconnectdbParams(keywords.data(), values.data(), 1);
    if (connection == nullptr) {
        throw Error(fmt::format("cannot connect to {}: out of memory", shown));
    }
    if (PQstatus(connection) != CONNECTION_OK) {
        // libpq's message may quote the URL's text back.
        const std::string why =
            without_database_secrets(first_line(PQerrorMessage(connection)), url);
        PQfinish(connection);
        throw Error(fmt::format("cannot connect to {}: {}", shown, why));
    }
    // Notices (NOTICE, WARNING) would go to stderr raw: followup says what it has to.
    PQsetNoticeProcessor(connection, ignore_notice, nullptr);
    std::unique_ptr<PostgresStore> store(new PostgresStore(connection, shown, access));
    // One round trip: the read snapshot and the schema's version together,
    // for a read the fingerprints too (all of meta: a few short rows), and
    // the team settings (schema 8 on; an older schema, or none, is asked
    // again without them).
    constexpr std::string_view team_settings_arrays =
        ", ARRAY(SELECT key FROM team_settings ORDER BY key), ARRAY(SELECT value FROM "
        "team_settings ORDER BY key), ARRAY(SELECT set_by FROM team_settings ORDER BY key), "
        "ARRAY(SELECT set_on FROM team_settings ORDER BY key)";
    const std::string begin_and_version =
        access == Access::read
            ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT version, ARRAY(SELECT key "
              "FROM meta ORDER BY key), ARRAY(SELECT value FROM meta ORDER BY key)"
            : "SELECT version, NULL, NULL";
    PGresult* raw = PQexec(
        connection,
        (begin_and_version + std::string(team_settings_arrays) + " FROM followup_schema").c_str());
    bool settings_read = true;
    if (PQresultStatus(raw) != PGRES_TUPLES_OK) {
        if (const char* state = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
            state != nullptr && std::string_view(state) == undefined_table) {
            PQclear(raw);
            if (access == Access::read) {
                PQclear(PQexec(connection, "ROLLBACK"));
            }
            settings_read = false;
            raw = PQexec(connection, (begin_and_version + " FROM followup_schema").c_str());
        }
    }
    Result result(raw);
    if (PQresultStatus(raw) != PGRES_TUPLES_OK) {
        const char* state = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
        if (state == nullptr || std::string_view(state) != undefined_table) {
            throw Error(fmt::format("cannot read {}: {}", shown,
                                    first_line(PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY))));
        }
        // No schema yet: an empty pipeline until the first write makes it.
        if (access == Access::read) {
            store->run("ROLLBACK");
            store->run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            store->in_transaction_ = true;
        }
        return store;
    }
    store->in_transaction_ = access == Access::read;
    if (result.rows() != 1) {
        throw Error(fmt::format("{} is not a followup database (its followup_schema table holds "
                                "{} rows); use --db to pick another",
                                shown, result.rows()));
    }
    const auto version = static_cast<int>(result.integer(0, 0));
    if (version > schema_version()) {
        throw Error(fmt::format("{} was written by a newer followup (schema {}, this one knows "
                                "{}); upgrade followup to use it",
                                shown, version, schema_version()));
    }
    store->exists_ = true;
    if (access == Access::read && version == schema_version()) {
        const std::vector<std::string> keys = text_array(result.text(0, 1));
        const std::vector<std::string> fingerprints = text_array(result.text(0, 2));
        if (keys.size() == fingerprints.size()) {
            std::map<std::string, std::string> meta;
            for (std::size_t i = 0; i < keys.size(); ++i) {
                meta.emplace(keys[i], fingerprints[i]);
            }
            store->snapshot_meta_ = std::move(meta);
        }
    }
    if (settings_read && version == schema_version()) {
        const std::vector<std::string> keys = text_array(result.text(0, 3));
        const std::vector<std::string> setting_values = text_array(result.text(0, 4));
        const std::vector<std::string> set_by = text_array(result.text(0, 5));
        const std::vector<std::string> set_on = text_array(result.text(0, 6));
        if (keys.size() == setting_values.size() && keys.size() == set_by.size() &&
            keys.size() == set_on.size()) {
            std::vector<TeamSetting> settings;
            for (std::size_t i = 0; i < keys.size(); ++i) {
                settings.push_back({keys[i], setting_values[i], set_by[i], set_on[i]});
            }
            store->opening_settings_ = std::move(settings);
        }
    }
    if (version < schema_version()) {
        // Upgraded whatever the command (reads too, as SQLite upgrades a
        // writable file): the columns this build reads must be there. The
        // version is read again under a row lock, so of two upgrades at once
        // the second waits and finds it done (or conflicts, and looks again).
        if (access == Access::read) {
            store->run("ROLLBACK");
            store->in_transaction_ = false;
        }
        for (int attempt = 1;; ++attempt) {
            store->run("BEGIN ISOLATION LEVEL READ COMMITTED");
            try {
                const int now = static_cast<int>(
                    store->run("SELECT version FROM followup_schema FOR UPDATE").integer(0, 0));
                for (const auto& migration : pg_schema::migrations()) {
                    if (migration.version > now) {
                        store->run_script(migration.sql);
                    }
                }
                store->run("UPDATE followup_schema SET version = $1", {number(schema_version())});
                store->run("COMMIT");
                break;
            } catch (const ServerError& e) {
                PQclear(PQexec(connection, "ROLLBACK"));
                if (e.state() == insufficient_privilege) {
                    // A rep: only the owner of the tables may change them.
                    throw Error(fmt::format(
                        "{} has schema {} and this followup needs {}, which only the owner of "
                        "its tables may upgrade: ask whoever ran `followup team init` to run it "
                        "again",
                        shown, version, schema_version()));
                }
                if (attempt == 3) {
                    throw Error(fmt::format("cannot upgrade {} from schema {} to {}: {}", shown,
                                            version, schema_version(), e.what()));
                }
            } catch (const Error& e) {
                PQclear(PQexec(connection, "ROLLBACK"));
                if (attempt == 3) {
                    throw Error(fmt::format("cannot upgrade {} from schema {} to {}: {}", shown,
                                            version, schema_version(), e.what()));
                }
            }
        }
        if (access == Access::read) {
            store->run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            store->in_transaction_ = true;
        }
    }
    return store;
}

PostgresStore::PostgresStore(pg_conn* connection, std::string url, Access access)
    : connection_(connection), shown_url_(std::move(url)), access_(access) {}

PostgresStore::~PostgresStore() {
    // A read transaction ends with the connection (the server rolls it back).
    PQfinish(connection_);
}

Result PostgresStore::run(std::string_view sql, const std::vector<Param>& params) const {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const Param& param : params) {
        // PostgreSQL's text holds no NUL byte, and libpq would cut the
        // value there: refused, so nothing is stored shorter than given.
        if (param && param->find('\0') != std::string::npos) {
            throw Error(fmt::format("PostgreSQL cannot store text with a NUL byte ('{}'); "
                                    "remove it and try again",
                                    param->substr(0, std::min<std::size_t>(param->size(), 40))));
        }
        values.push_back(param ? param->c_str() : nullptr);
    }
    PGresult* raw =
        PQexecParams(connection_, std::string(sql).c_str(), static_cast<int>(values.size()),
                     nullptr, values.data(), nullptr, nullptr, 0);
    Result result(raw);
    const ExecStatusType status = PQresultStatus(raw);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        return result;
    }
    if (PQstatus(connection_) == CONNECTION_BAD) {
        throw Error(fmt::format("lost the connection to {}: {}", shown_url_,
                                first_line(PQerrorMessage(connection_))));
    }
    const char* state_text = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
    const std::string state = state_text ? state_text : "";
    const std::string message =
        first_line(raw ? PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY) : nullptr);
    if (state == serialization_failure || state == deadlock_detected) {
        throw WriteConflict(message);
    }
    throw ServerError(
        state, fmt::format("database error: {}",
                           message.empty() ? first_line(PQerrorMessage(connection_)) : message));
}

void PostgresStore::run_script(std::string_view sql) const {
    // PQexec runs them all and returns the last statement's result, or the
    // error that stopped the script.
    PGresult* raw = PQexec(connection_, std::string(sql).c_str());
    const Result result(raw);
    const ExecStatusType status = PQresultStatus(raw);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        return;
    }
    const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
    const std::string message =
        first_line(raw ? PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY) : nullptr);
    if (state && (std::string_view(state) == serialization_failure ||
                  std::string_view(state) == deadlock_detected)) {
        throw WriteConflict(message);
    }
    throw ServerError(state ? state : "", fmt::format("database error: {}", message));
}

bool PostgresStore::can(Capability capability) const {
    switch (capability) {
    case Capability::file_copy:
        return false;
    case Capability::owners:
    case Capability::shared_settings:
        return true;
    }
    return false;
}

void PostgresStore::backup_to(const std::filesystem::path&) const {
    throw Error("a PostgreSQL database is backed up with pg_dump, not followup backup");
}

void PostgresStore::create_schema() {
    for (const auto& migration : pg_schema::migrations()) {
        run_script(migration.sql);
    }
    run("UPDATE followup_schema SET version = $1", {number(schema_version())});
}

void PostgresStore::in_write_transaction(const std::function<void()>& work, Commit commit) {
    if (access_ != Access::write) {
        throw Error("internal: write() on a database opened for reading");
    }
    read_in_write_.clear();
    meta_in_write_.reset();
    locked_in_write_.clear();
    opening_settings_.reset();
    // READ COMMITTED with the prospects a write works on locked first (see
    // lock_for_write): writers of one prospect queue behind each other
    // instead of failing and running again, and each statement after the
    // lock sees what the writer before committed.
    run("BEGIN ISOLATION LEVEL READ COMMITTED");
    in_transaction_ = true;
    const bool existed = exists_;
    try {
        if (!exists_) {
            try {
                create_schema();
            } catch (const ServerError& e) {
                if (e.state() == insufficient_privilege) {
                    throw Error(fmt::format("{} has no followup tables yet and this role may not "
                                            "create them: ask the database's owner to run "
                                            "`followup team init` ({})",
                                            shown_url_, e.what()));
                }
                if (e.state() != duplicate_table && e.state() != unique_violation) {
                    throw;
                }
                // Made meanwhile by another followup (then run again), or
                // another program's tables.
                PQclear(PQexec(connection_, "ROLLBACK"));
                in_transaction_ = false;
                const Result check(PQexec(connection_, "SELECT version FROM followup_schema"));
                if (check.ok() && check.rows() == 1) {
                    exists_ = true;
                    throw WriteConflict("the schema was created meanwhile");
                }
                throw Error(fmt::format("{} holds tables followup did not make ({}); use "
                                        "another database",
                                        shown_url_, e.what()));
            }
            exists_ = true;
        }
        work();
        run(commit == Commit::yes ? "COMMIT" : "ROLLBACK");
        in_transaction_ = false;
        if (commit == Commit::no) {
            exists_ = existed;
        }
    } catch (...) {
        if (in_transaction_) {
            PQclear(PQexec(connection_, "ROLLBACK"));
            in_transaction_ = false;
            exists_ = existed;
        }
        throw;
    }
}

std::optional<std::string> PostgresStore::fingerprint(std::string_view key) const {
    if (!exists_) {
        return std::nullopt;
    }
    if (snapshot_meta_) {
        // A read: as read with its snapshot.
        const auto found = snapshot_meta_->find(std::string(key));
        return found == snapshot_meta_->end() ? std::nullopt : std::optional(found->second);
    }
    if (!writing()) {
        const Result rows = run("SELECT value FROM meta WHERE key = $1", {std::string(key)});
        return rows.rows() > 0 ? std::optional(rows.string(0, 0)) : std::nullopt;
    }
    // A write reads them all (a few short rows) with the first it needs:
    // one round trip for the fingerprints it compares.
    if (!meta_in_write_) {
        const Result rows = run("SELECT key, value FROM meta");
        meta_in_write_.emplace();
        for (int row = 0; row < rows.rows(); ++row) {
            meta_in_write_->emplace(rows.string(row, 0), rows.string(row, 1));
        }
    }
    std::optional<std::string> value;
    if (const auto found = meta_in_write_->find(std::string(key)); found != meta_in_write_->end()) {
        value = found->second;
    }
    read_in_write_[std::string(key)] = value;
    return value;
}

void PostgresStore::save_fingerprint(std::string_view key, const std::string& value) {
    // Written only when it changes: every writer reads it, and rewriting
    // (or even locking) the row would make concurrent writers wait for each
    // other or conflict.
    if (const auto read = read_in_write_.find(std::string(key));
        read != read_in_write_.end() && read->second == value) {
        return;
    }
    run("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = "
        "excluded.value WHERE meta.value <> excluded.value",
        {std::string(key), value});
    if (meta_in_write_) {
        (*meta_in_write_)[std::string(key)] = value;
    }
}

ProspectId PostgresStore::resolve(std::string_view query) const {
    if (query.empty()) {
        throw UsageError("PROSPECT is empty: give an id, a name or the start of one");
    }
    const auto no_match = [&] {
        return Error(fmt::format("no prospect matches '{}'; check the name or use the id", query));
    };
    if (!exists_) {
        throw no_match();
    }
    if (auto id = parse_prospect_id(query)) {
        if (run(writing() ? "SELECT 1 FROM prospects WHERE id = $1 FOR NO KEY UPDATE"
                          : "SELECT 1 FROM prospects WHERE id = $1",
                {number(*id)})
                .rows() > 0) {
            if (writing()) {
                locked_in_write_.insert(*id);
            }
            return *id;
        }
        throw Error(fmt::format("no prospect has id {}", *id));
    }
    // As on SQLite: exact names first (any number of them), then names as
    // people type them, then prefixes; open prospects before closed ones.
    std::vector<Candidate> open;
    std::vector<Candidate> all;
    const auto collect = [&](const Result& rows, int row) {
        Candidate candidate{rows.integer(row, 0), rows.string(row, 1), rows.string(row, 2)};
        if (rows.boolean(row, 3)) {
            open.push_back(candidate);
        }
        all.push_back(std::move(candidate));
    };
    const Result exact = run("SELECT id, name, company, outcome IS NULL FROM prospects WHERE " FOLD(
                                 "name") " = " FOLD("$1") " ORDER BY id",
                             {std::string(query)});
    for (int row = 0; row < exact.rows(); ++row) {
        collect(exact, row);
    }
    if (all.empty()) {
        // One scan of every name (open ones first in the matching below).
        const Result names = run("SELECT id, name, company, outcome IS NULL FROM prospects");
        const NameMatcher matcher(query);
        std::vector<int> any_case;
        std::vector<int> as_typed;
        std::vector<int> prefixed;
        for (const bool open_only : {true, false}) {
            for (int row = 0; row < names.rows(); ++row) {
                if (open_only && !names.boolean(row, 3)) {
                    continue;
                }
                const NameMatch match = matcher.match(names.text(row, 1));
                if (match == NameMatch::any_case) {
                    any_case.push_back(row);
                } else if (match == NameMatch::as_typed) {
                    as_typed.push_back(row);
                } else if (match == NameMatch::prefix) {
                    prefixed.push_back(row);
                }
            }
            if (!any_case.empty() || !as_typed.empty() || !prefixed.empty()) {
                break;
            }
        }
        std::vector<int>& winners = !any_case.empty()   ? any_case
                                    : !as_typed.empty() ? as_typed
                                                        : prefixed;
        std::sort(winners.begin(), winners.end(),
                  [&](int a, int b) { return names.integer(a, 0) < names.integer(b, 0); });
        winners.resize(std::min<std::size_t>(winners.size(), 51));
        for (const int row : winners) {
            collect(names, row);
        }
    }
    Resolution resolution = choose_prospect(query, open);
    if (std::holds_alternative<NoMatch>(resolution)) {
        resolution = choose_prospect(query, all);
    }
    if (auto* id = std::get_if<ProspectId>(&resolution)) {
        lock_for_write({id, 1});
        return *id;
    }
    if (auto* ambiguous = std::get_if<Ambiguous>(&resolution)) {
        std::string listed;
        for (const Candidate& candidate : ambiguous->candidates) {
            listed += (listed.empty() ? "" : ", ") + describe(candidate);
        }
        throw Error(fmt::format("'{}' matches several prospects: {}; use the id", query, listed));
    }
    throw no_match();
}

Prospect PostgresStore::prospect(ProspectId id, Tags tags) const {
    if (exists_) {
        static const std::string with_tags = fmt::format(
            "SELECT {}, {} FROM prospects WHERE id = $1", prospect_columns, tags_column);
        static const std::string without_tags =
            fmt::format("SELECT {} FROM prospects WHERE id = $1", prospect_columns);
        const Result rows = run(tags == Tags::read ? with_tags : without_tags, {number(id)});
        if (rows.rows() > 0) {
            Prospect p = prospect_at(rows, 0);
            if (tags == Tags::read) {
                p.tags = text_array(rows.text(0, prospect_column_count));
            }
            return p;
        }
    }
    throw Error(fmt::format("no prospect has id {}", id));
}

std::vector<Touch> PostgresStore::touches(ProspectId id, Notes notes) const {
    std::vector<Touch> result;
    if (!exists_) {
        return result;
    }
    const Result rows =
        run(fmt::format("SELECT {} FROM touches WHERE prospect_id = $1 ORDER BY on_date, id",
                        touch_columns_for(notes)),
            {number(id)});
    for (int row = 0; row < rows.rows(); ++row) {
        result.push_back(touch_at(rows, row));
    }
    return result;
}

void PostgresStore::for_each_history(const HistoryVisitor& visit, Notes notes,
                                     const OwnerScope& scope) const {
    if (!exists_) {
        return;
    }
    if (writing()) {
        // Working every standing out again (new team settings): every
        // prospect locked first, so that no writer settles one meanwhile
        // from what this write is about to overwrite. Counted on the
        // server, not sent.
        run("SELECT count(*) FROM (SELECT id FROM prospects FOR NO KEY UPDATE) AS locked");
    }
    std::vector<Param> params;
    const std::string owned = owner_sql(scope, params);
    const Result prospects =
        run(fmt::format("SELECT {}, {} FROM prospects WHERE TRUE{} ORDER BY id", prospect_columns,
                        tags_column, owned),
            params);
    const Result touches = run(
        fmt::format("SELECT {} FROM touches{} ORDER BY prospect_id, on_date, id",
                    touch_columns_for(notes),
                    owned.empty() ? std::string()
                                  : fmt::format(" WHERE prospect_id IN (SELECT id FROM prospects "
                                                "WHERE TRUE{})",
                                                owned)),
        params);
    visit_histories(prospects, touches, visit);
}

void PostgresStore::for_each_history_of(std::span<const ProspectId> ids,
                                        const HistoryVisitor& visit, Notes notes) const {
    if (!exists_ || ids.empty()) {
        return;
    }
    lock_for_write(ids);
    const std::string wanted = number_array_literal(ids);
    const Result prospects =
        run(fmt::format("SELECT {}, {} FROM prospects WHERE id = ANY ($1::bigint[]) ORDER BY id",
                        prospect_columns, tags_column),
            {wanted});
    if (prospects.rows() == 0) {
        return;
    }
    const Result touches = run(fmt::format("SELECT {} FROM touches WHERE prospect_id = ANY "
                                           "($1::bigint[]) ORDER BY prospect_id, on_date, id",
                                           touch_columns_for(notes)),
                               {wanted});
    visit_histories(prospects, touches, visit);
}

bool PostgresStore::writing() const {
    return in_transaction_ && access_ == Access::write;
}

void PostgresStore::lock_for_write(std::span<const ProspectId> ids) const {
    // FOR NO KEY UPDATE, as an UPDATE of the row takes: it waits for another
    // writer of the same prospects but not for one that only adds a touch
    // (whose foreign key check holds FOR KEY SHARE), so two writers adding
    // touches to one prospect cannot deadlock here. In id order, so writers
    // of several prospects take them in the same order.
    if (!writing() || ids.empty()) {
        return;
    }
    // Rows this transaction holds already are not asked for again (`log`
    // locks its prospect when it finds it, and again before settling its
    // standing): taking a lock one holds never waits, so this changes no
    // order, only saves the round trip.
    std::vector<ProspectId> wanted;
    for (const ProspectId id : ids) {
        if (!locked_in_write_.contains(id)) {
            wanted.push_back(id);
        }
    }
    if (wanted.empty()) {
        return;
    }
    run("SELECT id FROM prospects WHERE id = ANY ($1::bigint[]) ORDER BY id FOR NO KEY UPDATE",
        {number_array_literal(std::span<const ProspectId>(wanted))});
    locked_in_write_.insert(wanted.begin(), wanted.end());
}

std::vector<ProspectId> PostgresStore::due_through(Date through, const OwnerScope& scope) const {
    if (!exists_) {
        return {};
    }
    std::vector<Param> params = {through.iso()};
    const std::string owned = owner_sql(scope, params);
    return ids_of(run(fmt::format("SELECT id FROM prospects WHERE next_on <= $1 AND outcome IS "
                                  "NULL{} ORDER BY next_on, id",
                                  owned),
                      params));
}

std::vector<ProspectId> PostgresStore::open_prospects(const OwnerScope& scope) const {
    if (!exists_) {
        return {};
    }
    std::vector<Param> params;
    const std::string owned = owner_sql(scope, params);
    return ids_of(
        run(fmt::format("SELECT id FROM prospects WHERE outcome IS NULL{} ORDER BY id", owned),
            params));
}

std::vector<ProspectId> PostgresStore::all_prospects(const OwnerScope& scope) const {
    if (!exists_) {
        return {};
    }
    std::vector<Param> params;
    const std::string owned = owner_sql(scope, params);
    return ids_of(
        run(fmt::format("SELECT id FROM prospects WHERE TRUE{} ORDER BY id", owned), params));
}

std::vector<ProspectId> PostgresStore::cooling_prospects(const OwnerScope& scope) const {
    if (!exists_) {
        return {};
    }
    std::vector<Param> params;
    const std::string owned = owner_sql(scope, params);
    return ids_of(run(fmt::format("SELECT id FROM prospects WHERE cooling_until IS NOT NULL AND "
                                  "outcome IS NULL{} ORDER BY cooling_until, id",
                                  owned),
                      params));
}

void PostgresStore::prospect_names(std::string_view prefix, Among among,
                                   const std::function<void(const std::string&)>& visit) const {
    if (!exists_) {
        return;
    }
    // As on SQLite: the prefix counts up to its first non-ASCII byte, and
    // matches names in either ASCII case.
    const auto ascii = std::find_if(prefix.begin(), prefix.end(),
                                    [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    std::string from(prefix.begin(), ascii);
    for (char& c : from) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    if (from.empty() && among == Among::closed) {
        // SQLite's order for this one: the table's (by id).
        const Result rows = run(
            fmt::format("SELECT name FROM prospects WHERE TRUE{} ORDER BY id", among_sql(among)));
        std::unordered_set<std::string> seen;
        for (int row = 0; row < rows.rows(); ++row) {
            std::string name = rows.string(row, 0);
            if (seen.insert(name).second) {
                visit(name);
            }
        }
        return;
    }
    const Result rows = run(fmt::format("SELECT name FROM prospects WHERE substring(" FOLD(
                                            "name") " FROM 1 FOR char_length($1)) = $1{} "
                                                    "ORDER BY " FOLD("name") " COLLATE \"C\"",
                                        among_sql(among)),
                            {from});
    DistinctNames distinct;
    for (int row = 0; row < rows.rows(); ++row) {
        std::string name = rows.string(row, 0);
        if (distinct.first_time(name)) {
            visit(name);
        }
    }
}

void PostgresStore::prospect_ids(
    std::string_view digits, Among among,
    const std::function<void(ProspectId, const std::string&, const std::string&)>& visit) const {
    if (!exists_ || digits.empty() || digits.size() > 18 || digits.front() == '0' ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return;
    }
    // 12 stands for 12, 120-129, 1200-1299, ...: every such range in one
    // statement, in id order.
    std::string ranges;
    std::int64_t low = std::stoll(std::string(digits));
    std::int64_t span = 1;
    constexpr std::int64_t largest = std::numeric_limits<std::int64_t>::max();
    for (;;) {
        ranges += fmt::format("{}(id BETWEEN {} AND {})", ranges.empty() ? "" : " OR ", low,
                              span - 1 > largest - low ? largest : low + span - 1);
        if (low > largest / 10) {
            break;
        }
        low *= 10;
        span *= 10;
    }
    const Result rows = run(fmt::format("SELECT id, name, company FROM prospects WHERE ({}){} "
                                        "ORDER BY id",
                                        ranges, among_sql(among)));
    for (int row = 0; row < rows.rows(); ++row) {
        visit(rows.integer(row, 0), rows.string(row, 1), rows.string(row, 2));
    }
}

std::vector<ProspectId> PostgresStore::with_next_reason(std::span<const Reason> reasons,
                                                        const OwnerScope& scope) const {
    if (!exists_) {
        return {};
    }
    std::vector<std::string> names;
    for (const Reason reason : reasons) {
        names.emplace_back(to_string(reason));
    }
    std::vector<Param> params = {text_array_literal(names)};
    const std::string owned = owner_sql(scope, params);
    return ids_of(run(fmt::format("SELECT id FROM prospects WHERE next_reason = ANY ($1::text[]) "
                                  "AND outcome IS NULL{} ORDER BY next_on, id",
                                  owned),
                      params));
}

namespace {

// The key of a statement with its parameters (NULL apart from any text).
std::string statement_key(std::string_view sql, const std::vector<Param>& params) {
    std::string key(sql);
    for (const Param& param : params) {
        key += param ? '\1' + *param : std::string("\2");
    }
    return key;
}

// The open prospects due through $1 in scope, with their standings, in
// due's order (a rep's own through prospects_owner_due, everyone's through
// prospects_due); its parameters in params.
std::string due_rows_sql(Date through, const OwnerScope& scope, std::vector<Param>& params) {
    params = {through.iso()};
    const std::string owned = owner_sql(scope, params);
    return fmt::format("SELECT {}, {} FROM prospects WHERE next_on <= $1 AND outcome IS NULL{} "
                       "ORDER BY next_on, id",
                       stored_prospect_columns, standing_columns, owned);
}

} // namespace

std::size_t PostgresStore::due_standings(Date through,
                                         const std::function<void(StoredProspect&&)>& visit,
                                         const OwnerScope& scope) const {
    if (!exists_) {
        return 0;
    }
    std::vector<Param> params;
    const std::string sql = due_rows_sql(through, scope, params);
    std::unique_ptr<Result> fetched = std::move(due_rows_);
    if (!fetched || due_rows_key_ != statement_key(sql, params)) {
        fetched = std::make_unique<Result>(run(sql, params));
    }
    const Result& rows = *fetched;
    for (int row = 0; row < rows.rows(); ++row) {
        visit(stored_prospect_at(rows, row));
    }
    return static_cast<std::size_t>(rows.rows());
}

std::size_t PostgresStore::count_due_through(Date through, const OwnerScope& scope) const {
    if (!exists_) {
        return 0;
    }
    std::vector<Param> params;
    if (access_ == Access::read && in_transaction_) {
        // A read is one snapshot: the due rows themselves, kept for the
        // due_standings that follows (`due` asks for the count to make
        // room first), count them and save a round trip.
        const std::string sql = due_rows_sql(through, scope, params);
        due_rows_ = std::make_unique<Result>(run(sql, params));
        due_rows_key_ = statement_key(sql, params);
        return static_cast<std::size_t>(due_rows_->rows());
    }
    params = {through.iso()};
    const std::string owned = owner_sql(scope, params);
    const Result rows =
        run(fmt::format("SELECT count(*) FROM prospects WHERE next_on <= $1{}", owned), params);
    return static_cast<std::size_t>(rows.integer(0, 0));
}

void PostgresStore::for_each_standing(const std::function<void(const StoredProspect&)>& visit,
                                      const OwnerScope& scope) const {
    if (!exists_) {
        return;
    }
    if (writing()) {
        // Working every standing out again (new team settings): every
        // prospect locked first, so that no writer settles one meanwhile
        // from what this write is about to overwrite. Counted on the
        // server, not sent.
        run("SELECT count(*) FROM (SELECT id FROM prospects FOR NO KEY UPDATE) AS locked");
    }
    std::vector<Param> params;
    const std::string owned = owner_sql(scope, params);
    const std::string sql = fmt::format(
        "SELECT id, '', '', stage, value, '', outcome, cooling_until, {} FROM prospects WHERE "
        "TRUE{}",
        standing_columns, owned);
    const Result rows = run(sql, params);
    for (int row = 0; row < rows.rows(); ++row) {
        visit(stored_prospect_at(rows, row));
    }
}

void PostgresStore::for_each_tally(const std::function<void(const TouchTally&)>& visit,
                                   const OwnerScope& scope) const {
    if (!exists_) {
        return;
    }
    // Summed over the roles that logged them (those of `scope`).
    std::vector<Param> params;
    const std::string owned = owner_sql(scope, params, "logged_by");
    const Result rows =
        run(fmt::format("SELECT on_date, direction, channel, purpose, out_of_office, "
                        "sum(touches), sum(answered), sum(with_next_step) FROM touch_tally WHERE "
                        "TRUE{} GROUP BY on_date, direction, channel, purpose, out_of_office "
                        "HAVING sum(touches) > 0",
                        owned),
            params);
    for (int row = 0; row < rows.rows(); ++row) {
        TouchTally tally;
        tally.on = date_at(rows, row, 0);
        tally.direction = enum_at<Direction>(rows, row, 1, parse_direction);
        tally.channel = enum_at<Channel>(rows, row, 2, parse_channel);
        if (!rows.text(row, 3).empty()) {
            tally.purpose = enum_at<Purpose>(rows, row, 3, parse_purpose);
        }
        tally.out_of_office = rows.integer(row, 4) != 0;
        tally.touches = static_cast<int>(rows.integer(row, 5));
        tally.answered = static_cast<int>(rows.integer(row, 6));
        tally.with_next_step = static_cast<int>(rows.integer(row, 7));
        visit(tally);
    }
}

std::optional<ProspectId> PostgresStore::find_duplicate(const Prospect& p) const {
    if (!exists_) {
        return std::nullopt;
    }
    if (!p.email.empty()) {
        const Result rows = run("SELECT id FROM prospects WHERE " FOLD("email") " = " FOLD(
                                    "$1") " AND email <> '' FETCH FIRST 1 ROW ONLY",
                                {p.email});
        return rows.rows() > 0 ? std::optional(rows.integer(0, 0)) : std::nullopt;
    }
    const Result rows = run("SELECT id FROM prospects WHERE " FOLD("name") " = " FOLD(
                                "$1") " AND " FOLD("company") " = " FOLD("$2"),
                            {p.name, p.company});
    return rows.rows() > 0 ? std::optional(rows.integer(0, 0)) : std::nullopt;
}

bool PostgresStore::has_prospects() const {
    return exists_ && run("SELECT 1 FROM prospects FETCH FIRST 1 ROW ONLY").rows() > 0;
}

std::vector<CalendarEventRecord> PostgresStore::calendar_events() const {
    std::vector<CalendarEventRecord> result;
    if (!exists_) {
        return result;
    }
    const Result rows = run("SELECT uid, prospect_id, kind, sequence, start, minutes, summary, "
                            "description, status FROM calendar_events ORDER BY prospect_id, uid");
    for (int row = 0; row < rows.rows(); ++row) {
        CalendarEventRecord event;
        event.uid = rows.string(row, 0);
        event.prospect_id = rows.integer(row, 1);
        event.kind = rows.string(row, 2);
        event.sequence = static_cast<int>(rows.integer(row, 3));
        event.start = rows.string(row, 4);
        event.minutes = static_cast<int>(rows.integer(row, 5));
        event.summary = rows.string(row, 6);
        event.description = rows.string(row, 7);
        event.status = rows.string(row, 8);
        result.push_back(std::move(event));
    }
    return result;
}

std::optional<Standing> PostgresStore::standing(ProspectId id) const {
    if (!exists_) {
        return std::nullopt;
    }
    const Result rows =
        run(fmt::format("SELECT {} FROM prospects WHERE id = $1", standing_columns), {number(id)});
    if (rows.rows() == 0) {
        return std::nullopt;
    }
    return standing_at(rows, 0, 0);
}

void PostgresStore::refuse_namesake(const Prospect& p, ProspectId self) const {
    const Result rows =
        run("SELECT id, name, company FROM prospects WHERE " FOLD("name") " = " FOLD(
                "$1") " AND " FOLD("company") " = " FOLD("$2") " AND id <> $3",
            {p.name, p.company, number(self)});
    if (rows.rows() > 0) {
        throw Error(
            fmt::format("{} already exists; give the prospect another name or company",
                        describe({rows.integer(0, 0), rows.string(0, 1), rows.string(0, 2)})));
    }
}

ProspectId PostgresStore::add_prospect(const Prospect& p, const Standing& standing) {
    std::vector<std::string> tags = p.tags;
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    std::vector<Param> params = {
        p.name,
        p.company,
        p.email,
        p.phone,
        enum_param(p.preferred_channel),
        std::string(to_string(p.stage)),
        number(p.value),
        p.top_priority,
        p.cadence,
        p.notes,
        p.created_on.iso(),
        date_param(p.first_touch_on),
        enum_param(p.outcome),
        date_param(p.closed_on),
        p.close_note,
        date_param(p.cooling_since),
        date_param(p.cooling_until),
        date_param(standing.next ? std::optional(standing.next->due_on) : std::nullopt),
        enum_param(standing.next ? std::optional(standing.next->reason) : std::nullopt),
        date_param(standing.last_touch),
        date_param(standing.last_reply),
        number(standing.breakup_ready ? 1 : 0),
        date_param(standing.nurture_from),
        enum_param(standing.channel),
        enum_param(standing.purpose),
        p.address,
        p.social,
        p.referrer,
        date_param(p.snoozed_on),
        date_param(p.snooze_until),
        time_param(standing.next_at),
        time_param(p.first_touch_at),
        text_array_literal(tags),
        number(p.email_bouncing ? 1 : 0),
    };
    static const std::string columns =
        "name, company, email, phone, preferred_channel, stage, value, top_priority, cadence, "
        "notes, created_on, first_touch_on, outcome, closed_on, close_note, cooling_since, "
        "cooling_until, next_on, next_reason, last_touch_on, last_reply_on, breakup_ready, "
        "nurture_from, next_channel, next_purpose, address, social, referrer, snoozed_on, "
        "snooze_until, next_time, first_touch_time, email_bouncing";
    static const std::string values =
        "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
        "$20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $34";
    // The prospect, then its tags: one statement each (in one, the
    // row-level security check of a tag could not see the new prospect it
    // belongs to). A clash with an existing id or namesake inserts nothing
    // (ON CONFLICT DO NOTHING keeps the transaction usable, so the namesake
    // can be named).
    const auto insert = [&](bool with_id) -> std::optional<ProspectId> {
        const std::string sql = fmt::format(
            "INSERT INTO prospects ({}{}) VALUES ({}{}) ON CONFLICT DO NOTHING RETURNING id, "
            "cardinality($33::text[])",
            with_id ? "id, " : "", columns, with_id ? "$35, " : "", values);
        const Result rows = run(sql, params);
        if (rows.rows() == 0) {
            return std::nullopt;
        }
        const ProspectId added = rows.integer(0, 0);
        if (!tags.empty()) {
            run("INSERT INTO tags (prospect_id, tag) SELECT $1, tag FROM unnest($2::text[]) AS tag",
                {number(added), text_array_literal(tags)});
        }
        return added;
    };
    if (p.id > 0) {
        params.push_back(number(p.id));
        if (const auto id = insert(true)) {
            // Ids given (an import of our own export) move the identity on,
            // so the next added prospect does not collide with them.
            run("SELECT setval('prospects_id_seq', $1::bigint) FROM prospects_id_seq WHERE "
                "$1::bigint >= last_value + CASE WHEN is_called THEN 1 ELSE 0 END",
                {number(*id)});
            return *id;
        }
        params.pop_back();
    }
    if (!largest_id_checked_) {
        const Result largest = run("SELECT max(id) FROM prospects");
        if (!largest.null(0, 0) && largest.integer(0, 0) >= max_prospect_id) {
            refuse_past_largest_id(largest.integer(0, 0));
        }
        largest_id_checked_ = true;
    }
    // An id the identity gives can be one an import wrote meanwhile: the
    // next one is taken then.
    std::optional<ProspectId> id;
    for (int attempt = 0; !id && attempt < 3; ++attempt) {
        id = insert(false);
        if (!id) {
            refuse_namesake(p, 0);
        }
    }
    if (!id) {
        // The namesake is there, but another rep's (row-level security
        // hides it), or the ids are taken.
        throw Error(fmt::format("cannot add {}{}: a prospect of that name and company exists "
                                "already (another rep's?), or the ids the database gives are "
                                "taken; ask a followup_manager, or give another company",
                                p.name, p.company.empty() ? "" : " (" + p.company + ")"));
    }
    if (*id > max_prospect_id) {
        refuse_past_largest_id(*id - 1);
    }
    return *id;
}

std::int64_t PostgresStore::add_touch(const Touch& t, Placement placement) {
    // A conversation is an attempt answered on the spot.
    const bool answered = t.direction == Direction::both;
    // The touch, its count in touch_tally (here, not by a trigger) and
    // whether a later touch exists, in one round trip.
    const Result added = run(
        "WITH added AS (INSERT INTO touches (prospect_id, on_date, direction, channel, purpose, "
        "note, next_step_on, out_of_office, away_until, logged_at, answered, next_step_channel, "
        "next_step_time, next_step_minutes, next_step_uid, draft_variant, message_id, "
        "purpose_inferred) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
        "$15, $16, $18, $19) RETURNING id), "
        "counted AS (INSERT INTO touch_tally (logged_by, on_date, direction, channel, purpose, "
        "out_of_office, touches, answered, with_next_step) VALUES (current_user, $2, $3, $4, "
        "coalesce($5, ''), $8, 1, $11, $17) ON CONFLICT (on_date, direction, channel, purpose, "
        "out_of_office, logged_by) DO "
        "UPDATE SET touches = touch_tally.touches + 1, answered = touch_tally.answered + "
        "excluded.answered, with_next_step = touch_tally.with_next_step + "
        "excluded.with_next_step) "
        "SELECT id, EXISTS (SELECT 1 FROM touches WHERE prospect_id = $1 AND on_date > $2) "
        "FROM added",
        {number(t.prospect_id), t.on.iso(), std::string(to_string(t.direction)),
         std::string(to_string(t.channel)), enum_param(t.purpose), t.note,
         date_param(t.next_step_on), number(t.out_of_office ? 1 : 0), date_param(t.away_until),
         logged_now(), number(answered ? 1 : 0), enum_param(t.next_step_channel),
         time_param(t.next_step_time), t.next_step_time ? number(t.next_step_minutes) : Param(),
         t.next_step_uid.empty() ? Param() : Param(t.next_step_uid),
         t.draft_variant ? number(*t.draft_variant) : Param(), number(t.next_step_on ? 1 : 0),
         t.message_id.empty() ? Param() : Param(t.message_id), number(t.purpose_inferred ? 1 : 0)});
    const std::int64_t id = added.integer(0, 0);
    const bool later_ones = added.boolean(0, 1);
    // An out-of-office reply is skipped over: it answers nothing.
    if (t.direction == Direction::in && t.out_of_office) {
        return id;
    }
    if (placement == Placement::anywhere && later_ones) {
        refresh_answered(t.prospect_id);
    } else if (t.direction == Direction::in) {
        run(fmt::format(
                "WITH target AS (SELECT id FROM touches WHERE prospect_id = $1 AND id <> $2 AND "
                "(direction = 'out' OR out_of_office = 0) ORDER BY on_date DESC, id DESC FETCH "
                "FIRST 1 ROW ONLY), changed AS (UPDATE touches SET answered = 1 FROM target WHERE "
                "touches.id = target.id AND touches.direction = 'out' AND touches.answered = 0 "
                "RETURNING touches.on_date, touches.direction, touches.channel, "
                "coalesce(touches.purpose, '') AS purpose, touches.out_of_office, "
                "touches.logged_by) "
                "UPDATE "
                "touch_tally SET answered = touch_tally.answered + 1 FROM changed WHERE {}",
                tally_match_of("changed")),
            {number(t.prospect_id), number(id)});
    }
    return id;
}

void PostgresStore::refresh_answered(ProspectId id) {
    // touches.answered worked out afresh, and touch_tally moved by the changes.
    run(fmt::format(
            "WITH later AS (SELECT id, CASE WHEN direction = 'both' OR (direction = 'out' AND "
            "lead(direction) OVER (ORDER BY on_date, id) = 'in') THEN 1 ELSE 0 END AS replied "
            "FROM touches WHERE prospect_id = $1 AND (direction <> 'in' OR out_of_office = 0)), "
            "changed AS (UPDATE touches SET answered = later.replied FROM later WHERE touches.id "
            "= later.id AND touches.answered <> later.replied RETURNING touches.on_date, "
            "touches.direction, touches.channel, coalesce(touches.purpose, '') AS purpose, "
            "touches.out_of_office, touches.logged_by, touches.answered), deltas AS (SELECT "
            "on_date, direction, channel, purpose, out_of_office, logged_by, sum(2 * answered - "
            "1) AS delta FROM changed GROUP BY on_date, direction, channel, purpose, "
            "out_of_office, logged_by) UPDATE touch_tally SET "
            "answered = touch_tally.answered + deltas.delta FROM deltas WHERE {}",
            tally_match_of("deltas")),
        {number(id)});
}

void PostgresStore::set_stage(ProspectId id, Stage stage) {
    run("UPDATE prospects SET stage = $1 WHERE id = $2",
        {std::string(to_string(stage)), number(id)});
}

void PostgresStore::update_prospect(const Prospect& p) {
    refuse_namesake(p, p.id);
    std::vector<std::string> tags = p.tags;
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    run("WITH changed AS (UPDATE prospects SET name = $1, company = $2, email = $3, phone = $4, "
        "preferred_channel = $5, stage = $6, value = $7, top_priority = $8, cadence = $9, notes = "
        "$10, address = $11, social = $12, referrer = $13, email_bouncing = $16 WHERE id = $14), "
        "dropped AS (DELETE "
        "FROM tags WHERE prospect_id = $14 AND tag <> ALL ($15::text[])) INSERT INTO tags "
        "(prospect_id, tag) SELECT $14, tag FROM unnest($15::text[]) AS tag ON CONFLICT DO "
        "NOTHING",
        {p.name, p.company, p.email, p.phone, enum_param(p.preferred_channel),
         std::string(to_string(p.stage)), number(p.value), p.top_priority, p.cadence, p.notes,
         p.address, p.social, p.referrer, number(p.id), text_array_literal(tags),
         number(p.email_bouncing ? 1 : 0)});
}

void PostgresStore::set_outcome(ProspectId id, std::optional<Outcome> outcome,
                                std::optional<Date> on, const std::string& note) {
    run("UPDATE prospects SET outcome = $1, closed_on = $2, close_note = $3 WHERE id = $4",
        {enum_param(outcome), date_param(on), note, number(id)});
}

void PostgresStore::delete_prospect(ProspectId id) {
    // Its touches leave touch_tally first; then the prospect (tags cascade).
    run(fmt::format(
            "WITH gone AS (DELETE FROM touches WHERE prospect_id = $1 RETURNING on_date, "
            "direction, channel, coalesce(purpose, '') AS purpose, out_of_office, logged_by, "
            "answered, next_step_on), per AS (SELECT on_date, direction, channel, purpose, "
            "out_of_office, logged_by, count(*) AS n, sum(answered) AS a, count(next_step_on) AS "
            "s FROM gone GROUP BY on_date, direction, channel, purpose, out_of_office, "
            "logged_by) UPDATE touch_tally SET touches "
            "= touch_tally.touches - per.n, answered = touch_tally.answered - per.a, "
            "with_next_step = touch_tally.with_next_step - per.s FROM per WHERE {}",
            tally_match_of("per")),
        {number(id)});
    run("DELETE FROM prospects WHERE id = $1", {number(id)});
}

std::optional<ProspectId> PostgresStore::delete_touch(std::int64_t touch_id) {
    const Result gone = run(
        fmt::format(
            "WITH gone AS (DELETE FROM touches WHERE id = $1 RETURNING prospect_id, "
            "on_date, direction, channel, coalesce(purpose, '') AS purpose, "
            "out_of_office, logged_by, answered, next_step_on), counted AS (UPDATE touch_tally SET "
            "touches = touch_tally.touches - 1, answered = touch_tally.answered - "
            "gone.answered, with_next_step = touch_tally.with_next_step - CASE WHEN "
            "gone.next_step_on IS NULL THEN 0 ELSE 1 END FROM gone WHERE {}) SELECT "
            "prospect_id FROM gone",
            tally_match_of("gone")),
        {number(touch_id)});
    if (gone.rows() == 0) {
        return std::nullopt;
    }
    const ProspectId prospect_id = gone.integer(0, 0);
    refresh_answered(prospect_id);
    return prospect_id;
}

void PostgresStore::set_cooling(ProspectId id, std::optional<Date> since,
                                std::optional<Date> until) {
    run("UPDATE prospects SET cooling_since = $1, cooling_until = $2 WHERE id = $3",
        {date_param(since), date_param(until), number(id)});
}

void PostgresStore::set_snooze(ProspectId id, std::optional<Date> on, std::optional<Date> until) {
    run("UPDATE prospects SET snoozed_on = $1, snooze_until = $2 WHERE id = $3",
        {date_param(on), date_param(until), number(id)});
}

void PostgresStore::set_next_step_uid(std::int64_t touch_id, const std::string& uid) {
    run("UPDATE touches SET next_step_uid = $1 WHERE id = $2", {uid, number(touch_id)});
}

void PostgresStore::save_calendar_event(const CalendarEventRecord& event) {
    run("INSERT INTO calendar_events (uid, prospect_id, kind, sequence, start, minutes, summary, "
        "description, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (uid) DO "
        "UPDATE SET sequence = excluded.sequence, start = excluded.start, minutes = "
        "excluded.minutes, summary = excluded.summary, description = excluded.description, "
        "status = excluded.status",
        {event.uid, number(event.prospect_id), event.kind, number(event.sequence), event.start,
         number(event.minutes), event.summary, event.description, event.status});
}

void PostgresStore::set_standing(ProspectId id, const Standing& standing) {
    // One round trip; a row whose standing is already this one is not
    // rewritten (no new row version, no index entries, no conflict).
    run("UPDATE prospects SET (next_on, next_reason, last_touch_on, last_reply_on, breakup_ready, "
        "nurture_from, next_channel, next_purpose, next_time) = ($2::text, $3::text, $4::text, "
        "$5::text, $6::integer, $7::text, $8::text, $9::text, $10::text) WHERE id = $1 AND "
        "(next_on, next_reason, last_touch_on, last_reply_on, breakup_ready, nurture_from, "
        "next_channel, next_purpose, next_time) IS DISTINCT FROM ($2::text, $3::text, $4::text, "
        "$5::text, $6::integer, $7::text, $8::text, $9::text, $10::text)",
        {number(id),
         date_param(standing.next ? std::optional(standing.next->due_on) : std::nullopt),
         enum_param(standing.next ? std::optional(standing.next->reason) : std::nullopt),
         date_param(standing.last_touch), date_param(standing.last_reply),
         number(standing.breakup_ready ? 1 : 0), date_param(standing.nurture_from),
         enum_param(standing.channel), enum_param(standing.purpose), time_param(standing.next_at)});
}

void PostgresStore::for_each_open_email(
    const std::function<void(ProspectId, const std::string&)>& visit) const {
    if (!exists_) {
        return;
    }
    const Result rows =
        run("SELECT id, email FROM prospects WHERE email <> '' AND outcome IS NULL ORDER BY id");
    for (int row = 0; row < rows.rows(); ++row) {
        visit(rows.integer(row, 0), rows.string(row, 1));
    }
}

MailSourcePosition PostgresStore::mail_source(const std::string& source) const {
    MailSourcePosition position;
    if (!exists_) {
        return position;
    }
    const Result rows = run("SELECT uidvalidity, last_uid, new_mtime, cur_mtime FROM mail_sources "
                            "WHERE owner = current_user AND source = $1",
                            {source});
    if (rows.rows() > 0) {
        position.known = true;
        position.uidvalidity = rows.integer(0, 0);
        position.last_uid = rows.integer(0, 1);
        position.new_mtime = rows.integer(0, 2);
        position.cur_mtime = rows.integer(0, 3);
    }
    return position;
}

void PostgresStore::save_mail_source(const std::string& source,
                                     const MailSourcePosition& position) {
    run("INSERT INTO mail_sources (source, uidvalidity, last_uid, new_mtime, cur_mtime) VALUES "
        "($1, $2, $3, $4, $5) ON CONFLICT (owner, source) DO UPDATE SET uidvalidity = "
        "excluded.uidvalidity, last_uid = excluded.last_uid, new_mtime = excluded.new_mtime, "
        "cur_mtime = excluded.cur_mtime",
        {source, number(position.uidvalidity), number(position.last_uid),
         number(position.new_mtime), number(position.cur_mtime)});
}

void PostgresStore::for_each_maildir_seen(
    const std::string& source, const std::function<void(std::string_view)>& visit) const {
    if (!exists_) {
        return;
    }
    const Result rows =
        run("SELECT name FROM maildir_seen WHERE owner = current_user AND source = $1", {source});
    for (int row = 0; row < rows.rows(); ++row) {
        visit(rows.string(row, 0));
    }
}

void PostgresStore::add_maildir_seen(const std::string& source, std::string_view name) {
    run("INSERT INTO maildir_seen (source, name) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        {source, std::string(name)});
}

void PostgresStore::forget_mail_source(const std::string& source) {
    run("WITH seen AS (DELETE FROM maildir_seen WHERE owner = current_user AND source = $1) "
        "DELETE FROM mail_sources WHERE owner = current_user AND source = $1",
        {source});
}

bool PostgresStore::message_known(std::string_view message_id, ProspectId id) const {
    if (!exists_) {
        return false;
    }
    return run("SELECT 1 WHERE EXISTS (SELECT 1 FROM touches WHERE message_id = $1 AND "
               "prospect_id = $2) OR EXISTS (SELECT 1 FROM mail_ignored WHERE message_id = $1 "
               "AND prospect_id = $2)",
               {std::string(message_id), number(id)})
               .rows() > 0;
}

void PostgresStore::ignore_message(std::string_view message_id, ProspectId id) {
    run("INSERT INTO mail_ignored (message_id, prospect_id) VALUES ($1, $2) ON CONFLICT DO "
        "NOTHING",
        {std::string(message_id), number(id)});
}

std::optional<std::int64_t> PostgresStore::unsynced_email_touch(ProspectId id, Date on,
                                                                Direction direction,
                                                                bool out_of_office) const {
    const Result rows = run(
        "SELECT id FROM touches WHERE prospect_id = $1 AND on_date = $2 AND channel = "
        "'email' AND message_id IS NULL AND direction = $3 AND out_of_office = $4 ORDER BY "
        "id FETCH FIRST 1 ROW ONLY",
        {number(id), on.iso(), std::string(to_string(direction)), number(out_of_office ? 1 : 0)});
    if (rows.rows() > 0) {
        return rows.integer(0, 0);
    }
    return std::nullopt;
}

void PostgresStore::set_touch_message_id(std::int64_t touch_id, std::string_view message_id) {
    run("UPDATE touches SET message_id = $1 WHERE id = $2",
        {std::string(message_id), number(touch_id)});
}

void PostgresStore::set_email_bouncing(ProspectId id, bool bouncing) {
    run("UPDATE prospects SET email_bouncing = $1 WHERE id = $2",
        {number(bouncing ? 1 : 0), number(id)});
}

namespace {

// Whether the connection sees every prospect: row-level security is off
// (before `team init`), or its role is one the policies do not hold back
// (the tables' owner, a superuser, a manager); and the role.
constexpr std::string_view visibility_sql =
    "SELECT NOT c.relrowsecurity OR r.rolsuper OR r.rolbypassrls OR pg_has_role(current_user, "
    "c.relowner, 'MEMBER') OR CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
    "'followup_manager') THEN pg_has_role(current_user, 'followup_manager', 'MEMBER') ELSE FALSE "
    "END, current_user FROM pg_class c, pg_roles r WHERE c.oid = to_regclass('prospects') AND "
    "r.rolname = current_user";

} // namespace

bool PostgresStore::sees_every_prospect() const {
    if (!exists_) {
        return true;
    }
    const Result rows = run(visibility_sql);
    return rows.rows() == 0 || rows.boolean(0, 0);
}

void PostgresStore::check_scope(const OwnerScope& scope) const {
    if (scope.kind == OwnerScope::Kind::mine || !exists_) {
        return;
    }
    const Result rows = run(visibility_sql);
    if (rows.rows() == 0 || rows.boolean(0, 0)) {
        return;
    }
    const std::string me = rows.string(0, 1);
    // A rep naming itself asks for what it sees anyway.
    if (scope.kind == OwnerScope::Kind::one && scope.role == me) {
        return;
    }
    throw Error(fmt::format("{} may list only its own prospects: --owner and --everyone are for "
                            "members of followup_manager (a manager grants it: GRANT "
                            "followup_manager TO {};)",
                            me, me));
}

void PostgresStore::set_owner(ProspectId id, const std::string& role) {
    const Result found =
        // A superuser is a member of every role for pg_has_role: not of the team.
        run("SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'followup_rep') THEN "
            "pg_has_role(r.oid, 'followup_rep', 'MEMBER') AND NOT r.rolsuper END FROM pg_roles r "
            "WHERE r.rolname = $1",
            {role});
    if (found.rows() == 0) {
        throw Error(fmt::format("there is no role '{}' on this server; a team member is made with "
                                "psql: CREATE ROLE {} LOGIN; GRANT followup_rep TO {};",
                                role, role, role));
    }
    if (found.null(0, 0)) {
        throw Error("this database has no team yet: run `followup team init` first (as a role "
                    "that may create roles)");
    }
    if (!found.boolean(0, 0)) {
        throw Error(fmt::format("{} is not in the team: GRANT followup_rep TO {}; (with psql), "
                                "then assign",
                                role, role));
    }
    try {
        run("UPDATE prospects SET owner = $2 WHERE id = $1", {number(id), role});
    } catch (const ServerError& e) {
        if (e.state() == insufficient_privilege) {
            throw Error("only members of followup_manager may assign prospects; ask a manager "
                        "to run `followup assign`");
        }
        throw;
    }
}

std::vector<TeamSetting> PostgresStore::team_settings() const {
    std::vector<TeamSetting> settings;
    if (!exists_) {
        return settings;
    }
    // As read when opened, until this store writes; a write checks them
    // against the database itself.
    if (opening_settings_ && !writing()) {
        return *opening_settings_;
    }
    const Result rows = run("SELECT key, value, set_by, set_on FROM team_settings ORDER BY key");
    for (int row = 0; row < rows.rows(); ++row) {
        settings.push_back(
            {rows.string(row, 0), rows.string(row, 1), rows.string(row, 2), rows.string(row, 3)});
    }
    return settings;
}

namespace {

// The tables whose rows belong to a prospect, and how a rep's policy finds
// its owner.
constexpr std::array<std::string_view, 4> prospect_tables = {"touches", "tags", "calendar_events",
                                                             "mail_ignored"};

// Team settings are the managers': a rep's change is refused by the engine.
[[noreturn]] void refuse_team_setting(const Error& e) {
    throw Error(fmt::format("only a member of the followup_manager role may change the team "
                            "settings ({}); ask a manager",
                            e.what()));
}

} // namespace

void PostgresStore::save_team_setting(const std::string& key, const std::string& value, Date on) {
    try {
        run("INSERT INTO team_settings (key, value, set_by, set_on) VALUES ($1, $2, current_user, "
            "$3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, set_by = "
            "excluded.set_by, set_on = excluded.set_on",
            {key, value, on.iso()});
    } catch (const ServerError& e) {
        if (e.state() == insufficient_privilege) {
            refuse_team_setting(e);
        }
        throw;
    }
}

bool PostgresStore::delete_team_setting(const std::string& key) {
    try {
        return run("DELETE FROM team_settings WHERE key = $1 RETURNING key", {key}).rows() > 0;
    } catch (const ServerError& e) {
        if (e.state() == insufficient_privilege) {
            refuse_team_setting(e);
        }
        throw;
    }
}

TeamInitReport PostgresStore::init_team() {
    TeamInitReport report;
    // Checked before anything is made: a role that cannot create the group
    // roles would otherwise leave the tables behind, owned by it.
    const Result may =
        run("SELECT rolsuper OR rolcreaterole, current_user FROM pg_roles WHERE rolname = "
            "current_user");
    if (may.rows() == 0 || !may.boolean(0, 0)) {
        throw Error(fmt::format("team init needs a role that may create roles (CREATEROLE, or a "
                                "superuser such as postgres); {} may not: connect as one",
                                may.rows() > 0 ? may.string(0, 1) : std::string("this role")));
    }
    if (!exists_) {
        in_write_transaction([] {}, Commit::yes);
        report.done.push_back(
            fmt::format("created followup's tables (schema {})", schema_version()));
    } else {
        report.done.push_back(fmt::format("followup's tables are at schema {}", schema_version()));
    }
    if (in_transaction_) {
        run("ROLLBACK"); // a reading Store's snapshot: team init writes
        in_transaction_ = false;
    }
    // Another team init at once (another database on the same server) can
    // create a role or grant between our look and our statement: run again.
    for (int attempt = 1;; ++attempt) {
        try {
            init_team_once(report);
            return report;
        } catch (const ServerError& e) {
            if (e.state() == insufficient_privilege || attempt == 3) {
                throw;
            }
        }
    }
}

void PostgresStore::init_team_once(TeamInitReport& report) {
    const std::size_t reported = report.done.size();
    report.done.resize(std::min<std::size_t>(reported, 1));
    run("BEGIN ISOLATION LEVEL READ COMMITTED");
    in_transaction_ = true;
    try {
        const Result roles = run("SELECT rolname FROM pg_roles WHERE rolname = 'followup_rep' OR "
                                 "rolname = 'followup_manager'");
        bool rep = false;
        bool manager = false;
        for (int row = 0; row < roles.rows(); ++row) {
            (roles.text(row, 0) == "followup_rep" ? rep : manager) = true;
        }
        if (!rep) {
            run("CREATE ROLE followup_rep NOLOGIN");
            report.done.push_back("created the group role followup_rep (a rep: own prospects)");
        }
        if (!manager) {
            run("CREATE ROLE followup_manager NOLOGIN");
            report.done.push_back(
                "created the group role followup_manager (a manager: everyone's, assigns)");
        }
        if (rep && manager) {
            report.done.push_back("the group roles followup_rep and followup_manager exist");
        }
        run("GRANT followup_rep TO followup_manager");
        const std::string schema = run("SELECT quote_ident(current_schema())").string(0, 0);
        run_script(fmt::format(
            "GRANT USAGE ON SCHEMA {} TO followup_rep;\n"
            "GRANT SELECT, INSERT, UPDATE, DELETE ON prospects, touches, tags, calendar_events, "
            "mail_ignored, mail_sources, maildir_seen, touch_tally TO followup_rep;\n"
            // Who logged a touch is the server's to say (its default,
            // current_user): a rep that could write another's name there
            // could reach that rep's touch counts.
            "REVOKE UPDATE ON touches FROM followup_rep;\n"
            "GRANT UPDATE (prospect_id, on_date, direction, channel, purpose, note, next_step_on, "
            "out_of_office, away_until, logged_at, answered, next_step_channel, next_step_time, "
            "next_step_minutes, next_step_uid, draft_variant, message_id, purpose_inferred) ON "
            "touches TO followup_rep;\n"
            "GRANT SELECT ON followup_schema, team_settings TO followup_rep;\n"
            "GRANT SELECT, INSERT, UPDATE ON meta TO followup_rep;\n"
            "GRANT USAGE, SELECT, UPDATE ON SEQUENCE prospects_id_seq, touches_id_seq TO "
            "followup_rep;\n"
            "GRANT INSERT, UPDATE, DELETE ON team_settings TO followup_manager;\n",
            schema));
        report.done.push_back("granted followup_rep the pipeline's tables, followup_manager "
                              "the team settings too");
        // Row-level security: a rep's rows are those of the prospects it
        // owns; a manager's, all. Not FORCEd: the owner of the tables (who
        // runs team init) keeps every row.
        std::string policies =
            "ALTER TABLE prospects ENABLE ROW LEVEL SECURITY;\n"
            "DROP POLICY IF EXISTS followup_rep ON prospects;\n"
            "CREATE POLICY followup_rep ON prospects TO followup_rep USING (owner = current_user) "
            "WITH CHECK (owner = current_user);\n"
            "DROP POLICY IF EXISTS followup_manager ON prospects;\n"
            "CREATE POLICY followup_manager ON prospects TO followup_manager USING (TRUE) WITH "
            "CHECK (TRUE);\n";
        for (const std::string_view table : prospect_tables) {
            policies += fmt::format(
                "ALTER TABLE {0} ENABLE ROW LEVEL SECURITY;\n"
                "DROP POLICY IF EXISTS followup_rep ON {0};\n"
                "CREATE POLICY followup_rep ON {0} TO followup_rep USING (EXISTS (SELECT 1 FROM "
                "prospects p WHERE p.id = {0}.prospect_id AND p.owner = current_user)) WITH CHECK "
                "(EXISTS (SELECT 1 FROM prospects p WHERE p.id = {0}.prospect_id AND p.owner = "
                "current_user));\n"
                "DROP POLICY IF EXISTS followup_manager ON {0};\n"
                "CREATE POLICY followup_manager ON {0} TO followup_manager USING (TRUE) WITH CHECK "
                "(TRUE);\n",
                table);
        }
        policies += "DROP POLICY IF EXISTS followup_logged_by ON touches;\n"
                    "CREATE POLICY followup_logged_by ON touches AS RESTRICTIVE FOR INSERT TO "
                    "followup_rep WITH CHECK (logged_by = current_user);\n";
        // Mail sources and seen files are each person's own, managers' too.
        for (const std::string_view table : {"mail_sources", "maildir_seen"}) {
            policies += fmt::format(
                "ALTER TABLE {0} ENABLE ROW LEVEL SECURITY;\n"
                "DROP POLICY IF EXISTS followup_rep ON {0};\n"
                "CREATE POLICY followup_rep ON {0} TO followup_rep USING (owner = current_user) "
                "WITH CHECK (owner = current_user);\n",
                table);
        }
        // Touch counts name no prospect: every rep reads them (stats sums its
        // own) and moves them (a reply to a touch another rep logged before
        // the prospect was assigned), but adds rows only under its own name.
        policies +=
            "ALTER TABLE touch_tally ENABLE ROW LEVEL SECURITY;\n"
            "DROP POLICY IF EXISTS followup_rep ON touch_tally;\n"
            "DROP POLICY IF EXISTS followup_rep_read ON touch_tally;\n"
            "CREATE POLICY followup_rep_read ON touch_tally FOR SELECT TO followup_rep USING "
            "(" TALLY_OF_MINE ");\n"
            "DROP POLICY IF EXISTS followup_rep_add ON touch_tally;\n"
            "CREATE POLICY followup_rep_add ON touch_tally FOR INSERT TO followup_rep WITH CHECK "
            "(logged_by = current_user);\n"
            "DROP POLICY IF EXISTS followup_rep_count ON touch_tally;\n"
            "CREATE POLICY followup_rep_count ON touch_tally FOR UPDATE TO followup_rep USING "
            "(" TALLY_OF_MINE ") WITH CHECK (" TALLY_OF_MINE ");\n";
        run_script(policies);
        report.done.push_back("row-level security on prospects, touches, tags, calendar_events, "
                              "mail_ignored, mail_sources, maildir_seen and touch_tally");
        run("COMMIT");
        in_transaction_ = false;
    } catch (const ServerError& e) {
        PQclear(PQexec(connection_, "ROLLBACK"));
        in_transaction_ = false;
        if (e.state() == insufficient_privilege) {
            throw Error(fmt::format("team init needs a role that owns followup's tables and may "
                                    "create roles (CREATEROLE, or a superuser such as postgres); "
                                    "connect as one ({})",
                                    e.what()));
        }
        throw;
    } catch (...) {
        PQclear(PQexec(connection_, "ROLLBACK"));
        in_transaction_ = false;
        throw;
    }
}

} // namespace followup
