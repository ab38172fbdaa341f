#include "commands.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <fmt/format.h>
#include <ostream>

namespace followup {

int run_backup(const Context& context, const BackupOptions& options) {
    if (options.path.empty()) {
        throw UsageError("backup needs a PATH to write the copy to, not an empty one");
    }
    const Store store = context.open(Access::read);
    if (!store.can(Capability::file_copy)) {
        // A server's database is not one file followup can copy.
        throw Error("this database is on a server: back it up with pg_dump (pg_dump -Fc -f "
                    "followup.dump URL; see the README), not followup backup");
    }
    store.backup_to(options.path);
    // File names can hold escape sequences: never written raw to a terminal.
    context.out << fmt::format("Copied {} to {}.\n", neutralise(shown_location(context.database)),
                               neutralise(options.path));
    return 0;
}

} // namespace followup
