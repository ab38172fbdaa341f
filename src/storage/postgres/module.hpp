#pragma once

// The PostgreSQL backend as a private module (postgres.so, with libpq):
// Store::open loads it for a postgresql:// location only, so that commands on
// a SQLite file start without libpq and what it brings (src/module/module.hpp).

#include "followup/store.hpp"
#include "followup/store_backend.hpp"
#include "module/module.hpp"

#include <memory>
#include <string>

namespace followup {

struct PostgresModule {
    ModuleHeader header;
    // PostgresStore::schema_version and PostgresStore::open.
    int (*schema_version)();
    std::unique_ptr<StoreBackend> (*open)(const std::string& url, Access access);
};

} // namespace followup

// The module's one exported function (module.cpp). A program that links the
// backend in (the unit tests) has it too, and Store::open then uses it
// without loading anything.
extern "C" const followup::ModuleHeader* followup_module_postgres();
