#include "commands.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <fmt/format.h>
#include <ostream>

namespace followup {

int run_team_init(const Context& context, const TeamInitOptions&) {
    // Asked first of a database opened for reading, which a file's is not
    // made by: a refused team init leaves no new file behind.
    if (Store probe = context.open(Access::read); !probe.can(Capability::owners)) {
        probe.init_team(); // throws: the backend says why
    }
    Store store = context.open(Access::write);
    const TeamInitReport report = store.init_team();
    // Next actions stored under older settings or rules are worked out
    // again here, by a role that sees every prospect: a rep cannot.
    store.write(context.config, context.today, [] {});
    context.out << fmt::format("Team database ready: {}\n",
                               neutralise(shown_location(context.database)));
    for (const std::string& line : report.done) {
        context.out << "  " << line << '\n';
    }
    context.out << "Add a rep with psql (as a role that may create roles):\n"
                   "  CREATE ROLE alice LOGIN; GRANT followup_rep TO alice;\n"
                   "and a manager (sees everyone's prospects, assigns them):\n"
                   "  CREATE ROLE carol LOGIN; GRANT followup_manager TO carol;\n";
    return 0;
}

int run_assign(const Context& context, const AssignOptions& options) {
    check_typed_text("PROSPECT", options.prospect);
    const std::string role = text_option("ROLE", options.role);
    if (role.empty()) {
        throw UsageError("ROLE is empty: give the database role to hand the prospect to");
    }
    if (!context.open(Access::read).can(Capability::owners)) {
        throw Error("this database has one owner, so there is no one to assign to: a team "
                    "shares a PostgreSQL database (--db postgresql://...; see `followup team "
                    "init`)");
    }
    Store store = context.open(Access::write);
    Prospect prospect;
    bool already = false;
    store.write(context.config, context.today, [&] {
        const ProspectId id = store.resolve(options.prospect);
        prospect = store.prospect(id, Tags::skip);
        already = prospect.owner == role;
        if (!already) {
            store.set_owner(id, role);
        }
    });
    const std::string name = neutralise(display_name(prospect));
    context.out << (already ? fmt::format("{} is {}'s already.\n", name, neutralise(role))
                            : fmt::format("Assigned {} to {}.\n", name, neutralise(role)));
    return 0;
}

} // namespace followup
