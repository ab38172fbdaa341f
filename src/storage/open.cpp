#include "followup/error.hpp"
#include "followup/store.hpp"
#include "postgres/postgres_store.hpp"
#include "sqlite/sqlite_store.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>

// The one place that knows every backend: it picks one by the location's
// form. Commands reach it only through Store::open.
namespace followup {

namespace {

bool names_a_server(const DatabaseLocation& location) {
    const std::string& text = location.path.native();
    return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

} // namespace

Store Store::open(const DatabaseLocation& location, Access access, StoreNotices notices) {
    if (names_a_server(location)) {
        if (PostgresStore::schema_version() != current_schema_version()) {
            throw Error(fmt::format("internal: the PostgreSQL schema is at version {}, SQLite's "
                                    "at {}: they must move in step",
                                    PostgresStore::schema_version(), current_schema_version()));
        }
        // The URL goes to libpq as it is (its own syntax, its environment).
        return Store(PostgresStore::open(location.path.native(), access), notices);
    }
    return Store(SqliteStore::open(location, access, notices), notices);
}

DatabaseLocation locate_database(const std::optional<std::string>& db_option) {
    if (db_option) {
        return {*db_option, true};
    }
    if (const char* env = std::getenv("FOLLOWUP_DB"); env && *env) {
        return {env, true};
    }
    if (const char* data_home = std::getenv("XDG_DATA_HOME"); data_home && *data_home) {
        return {std::filesystem::path(data_home) / "followup" / "followup.db", false};
    }
    const char* home = std::getenv("HOME");
    if (!home || !*home) {
        throw Error("cannot find the database: HOME is not set; use --db or FOLLOWUP_DB");
    }
    return {std::filesystem::path(home) / ".local" / "share" / "followup" / "followup.db", false};
}

Store Store::open_in_memory() {
    return Store(SqliteStore::open_in_memory(), {});
}

} // namespace followup
