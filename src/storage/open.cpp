#include "followup/error.hpp"
#include "followup/store.hpp"
#include "postgres/module.hpp"
#include "sqlite/sqlite_store.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>

// The one place that knows every backend: it picks one by the location's
// form. Commands reach it only through Store::open.

// Defined only in a program that links the PostgreSQL backend in (the unit
// tests); the followup binary loads it from postgres.so instead.
#pragma weak followup_module_postgres

namespace followup {

namespace {

// The PostgreSQL backend: linked in, or its module, loaded on first use.
const PostgresModule& postgres() {
    const ModuleHeader& header = followup_module_postgres ? *followup_module_postgres()
                                                          : load_module("postgres", "PostgreSQL");
    return reinterpret_cast<const PostgresModule&>(header);
}

bool names_a_server(const DatabaseLocation& location) {
    const std::string& text = location.path.native();
    return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

} // namespace

Store Store::open(const DatabaseLocation& location, Access access, StoreNotices notices) {
    if (names_a_server(location)) {
        const PostgresModule& backend = postgres();
        if (backend.schema_version() != current_schema_version()) {
            throw Error(fmt::format("internal: the PostgreSQL schema is at version {}, SQLite's "
                                    "at {}: they must move in step",
                                    backend.schema_version(), current_schema_version()));
        }
        // The URL goes to libpq as it is (its own syntax, its environment).
        return Store(backend.open(location.path.native(), access), notices);
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
