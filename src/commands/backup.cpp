#include "commands.hpp"
#include "followup/error.hpp"

#include <fmt/format.h>
#include <ostream>

namespace followup {

int run_backup(const Context& context, const BackupOptions& options) {
    if (options.path.empty()) {
        throw UsageError("backup needs a PATH to write the copy to, not an empty one");
    }
    const Store store = context.open(Access::read);
    store.backup_to(options.path);
    context.out << fmt::format("Copied {} to {}.\n", context.database.path.string(), options.path);
    return 0;
}

} // namespace followup
