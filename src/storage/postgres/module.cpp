// The entry point of postgres.so (see module.hpp).

#include "storage/postgres/module.hpp"

#include "storage/postgres/postgres_store.hpp"

namespace {

const followup::PostgresModule table = {
    {followup::module_abi, FOLLOWUP_MODULE_VERSION},
    [] { return followup::PostgresStore::schema_version(); },
    [](const std::string& url, followup::Access access) -> std::unique_ptr<followup::StoreBackend> {
        return followup::PostgresStore::open(url, access);
    },
};

} // namespace

extern "C" __attribute__((visibility("default"))) const followup::ModuleHeader*
followup_module_postgres() {
    return &table.header;
}
