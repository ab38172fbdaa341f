#include "commands.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <fmt/format.h>
#include <iostream>
#include <ostream>
#include <unistd.h>

namespace followup {

int run_rm(const Context& context, const RemoveOptions& options) {
    check_typed_text("PROSPECT", options.prospect);
    Store store = context.open(Access::write);
    const ProspectView view = view_of(store, store.resolve(options.prospect), context);
    const std::string what = fmt::format("{} and its {}", display_name(view.prospect),
                                         counted(view.touches.size(), "touch", "touches"));
    if (!options.yes) {
        if (isatty(STDIN_FILENO) == 0) {
            throw Error(fmt::format("not deleting {} without --yes (standard input is not a "
                                    "terminal to ask on)",
                                    what));
        }
        context.err << fmt::format("Delete {} for good? [y/N] ", what) << std::flush;
        std::string answer;
        std::getline(std::cin, answer);
        if (answer != "y" && answer != "Y" && answer != "yes") {
            throw Error("not deleted");
        }
    }
    store.write(context.config, context.today, [&] { store.delete_prospect(view.prospect.id); });
    context.out << fmt::format("Deleted {}.\n", what);
    return 0;
}

} // namespace followup
