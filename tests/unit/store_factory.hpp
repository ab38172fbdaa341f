#pragma once

// The store the contract tests of the store run against: SQLite in memory,
// or, when FOLLOWUP_TEST_PG holds a postgresql:// URL of a server where the
// tests may CREATE DATABASE, a fresh PostgreSQL database for each call
// (tests/pg/run-unit-tests starts a private server and sets it). Tests about
// files (WAL, copies, migrations of old SQLite files) are tagged [sqlite]
// and use Store::open on paths instead.

#include "followup/store.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <libpq-fe.h>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace followup::test {

inline const char* postgres_under_test() {
    const char* url = std::getenv("FOLLOWUP_TEST_PG");
    return url && *url ? url : nullptr;
}

// A new empty database on the server at `admin_url`; its URL.
inline std::string create_test_database(const std::string& admin_url) {
    static std::atomic<int> made{0};
    const std::string name =
        "followup_unit_" + std::to_string(getpid()) + "_" + std::to_string(++made);
    PGconn* admin = PQconnectdb(admin_url.c_str());
    if (PQstatus(admin) != CONNECTION_OK) {
        const std::string why = PQerrorMessage(admin);
        PQfinish(admin);
        throw std::runtime_error("FOLLOWUP_TEST_PG: cannot connect: " + why);
    }
    PGresult* result =
        PQexec(admin, ("CREATE DATABASE \"" + name + "\" TEMPLATE template0").c_str());
    const bool made_it = PQresultStatus(result) == PGRES_COMMAND_OK;
    const std::string why = PQerrorMessage(admin);
    PQclear(result);
    PQfinish(admin);
    if (!made_it) {
        throw std::runtime_error("FOLLOWUP_TEST_PG: cannot create a database: " + why);
    }
    // A later dbname in the URL's query wins over the one in its path.
    return admin_url + (admin_url.find('?') == std::string::npos ? "?" : "&") + "dbname=" + name;
}

// A fresh, empty store of the backend under test, open for writing.
inline Store fresh_store() {
    if (const char* admin = postgres_under_test()) {
        return Store::open({create_test_database(admin), true}, Access::write);
    }
    return Store::open_in_memory();
}

inline bool testing_postgres() {
    return postgres_under_test() != nullptr;
}

} // namespace followup::test
