// The only translation unit that includes CLI11 (it is slow to compile):
// every subcommand's options are declared here and handed to run_* in
// src/commands as plain structs.
#include "cli.hpp"

#include "commands/commands.hpp"
#include "followup/config_file.hpp"
#include "followup/error.hpp"
#include "followup/resolve.hpp"
#include "followup/text.hpp"

#include <CLI/CLI.hpp>
#include <array>
#include <cstdlib>
#include <fmt/format.h>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <sys/ioctl.h>
#include <unistd.h>

#ifndef FOLLOWUP_VERSION
#define FOLLOWUP_VERSION "0.0.0"
#endif

namespace followup {

namespace {

struct GlobalOptions {
    std::optional<std::string> db;
    std::string today;
    std::string color = "auto";
};

bool env_set(const char* name) {
    const char* value = std::getenv(name);
    return value && *value;
}

bool use_color(const std::string& mode) {
    if (mode == "always") {
        return true;
    }
    if (mode == "never") {
        return false;
    }
    if (env_set("NO_COLOR")) {
        return false;
    }
    if (env_set("CLICOLOR_FORCE")) {
        return true;
    }
    return isatty(STDOUT_FILENO) != 0;
}

// Tables fit the terminal; piped output is never cut.
std::size_t terminal_width() {
    if (isatty(STDOUT_FILENO) == 0) {
        return 0;
    }
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return size.ws_col;
    }
    if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
        const long value = std::strtol(columns, nullptr, 10);
        return value > 0 ? static_cast<std::size_t>(value) : 0;
    }
    return 80;
}

Date as_of_day(const std::string& option) {
    const Date clock = local_today();
    if (!option.empty()) {
        return parse_date(option, clock);
    }
    if (const char* env = std::getenv("FOLLOWUP_TODAY"); env && *env) {
        try {
            return parse_date(env, clock);
        } catch (const UsageError& e) {
            throw UsageError(fmt::format("FOLLOWUP_TODAY: {}", e.what()));
        }
    }
    return clock;
}

void add_format_option(CLI::App& command, std::string& format,
                       const std::string& description = "Output format: table, tsv, csv or json") {
    command.add_option("-o,--format", format, description)
        ->type_name("FORMAT")
        ->capture_default_str();
}

// --owner ROLE and --everyone of the listing commands (by default the
// caller's own prospects; on a team database, for managers).
void add_owner_options(CLI::App& command, OwnerOptions& owners) {
    auto* owner = command
                      .add_option("--owner", owners.owner,
                                  "Only ROLE's prospects (a team database; managers)")
                      ->type_name("ROLE");
    command
        .add_flag("--everyone", owners.everyone, "Everyone's prospects (a team database; managers)")
        ->excludes(owner);
}

// "; did you mean `log`?" when some of `words` are close to `typed`, as git
// says it; empty when none is.
std::string did_you_mean(std::string_view typed, const std::vector<std::string>& words) {
    const std::vector<std::string> nearest = nearest_words(typed, words);
    if (nearest.empty()) {
        return "";
    }
    std::string listed;
    for (std::size_t i = 0; i < nearest.size(); ++i) {
        listed += fmt::format("{}`{}`",
                              i == 0                    ? ""
                              : i + 1 == nearest.size() ? " or "
                                                        : ", ",
                              nearest[i]);
    }
    return fmt::format("; did you mean {}?", listed);
}

// The long options a command takes, with their dashes, the global ones
// included. (A one-letter option is one edit from every other.)
std::vector<std::string> option_names(const CLI::App& app, const CLI::App* command) {
    std::vector<std::string> names;
    for (const CLI::App* from : {command, &app}) {
        if (from == nullptr) {
            continue;
        }
        for (const CLI::Option* option : from->get_options()) {
            for (const std::string& name : option->get_lnames()) {
                names.push_back("--" + name);
            }
        }
    }
    return names;
}

// What CLI11 could not place, said as "unknown option '--nxt' for `followup
// log`; did you mean `--next`?" when it is an option.
std::string unexpected_arguments(const CLI::App& app, const CLI::ExtrasError& error) {
    const std::vector<CLI::App*> parsed = app.get_subcommands();
    const CLI::App* command = parsed.empty() ? nullptr : parsed.front();
    for (const std::string& extra : app.remaining(true)) {
        if (extra.size() < 2 || extra[0] != '-') {
            continue;
        }
        const std::string typed = extra.substr(0, extra.find('='));
        const std::string where =
            command == nullptr ? "" : fmt::format(" for `followup {}`", command->get_name());
        // "-nxt" and "--nxt" both mean --next; "-x" is too short to guess at.
        const std::size_t letters = typed.find_first_not_of('-');
        const std::string core = letters == std::string::npos ? "" : typed.substr(letters);
        std::string hint =
            core.size() < 2 ? "" : did_you_mean("--" + core, option_names(app, command));
        if (hint.empty()) {
            hint = fmt::format("; see `followup {}--help`",
                               command == nullptr ? "" : command->get_name() + " ");
        }
        return fmt::format("unknown option '{}'{}{}", neutralise(typed), where, hint);
    }
    return fmt::format("{}; see `followup --help`", error.what());
}

// CLI11 reports a mistyped command as "A subcommand is required"; name it instead.
void check_command_name(const CLI::App& app, int argc, const char* const* argv) {
    static const std::set<std::string> global_with_value = {"--db", "--today", "--color"};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (global_with_value.contains(arg)) {
            ++i;
            continue;
        }
        if (arg.starts_with("-")) {
            // Before the command only global options can come: a mistyped
            // one would otherwise make its value look like the command.
            const std::string name = arg.substr(0, arg.find('='));
            if (name != "-" && name != "--" && app.get_option_no_throw(name) == nullptr) {
                std::string hint = did_you_mean(name, option_names(app, nullptr));
                throw UsageError(fmt::format("unknown option '{}'{}", neutralise(name),
                                             hint.empty() ? "; see `followup --help`" : hint));
            }
            continue;
        }
        bool known = false;
        std::vector<std::string> visible;
        for (const CLI::App* command : app.get_subcommands({})) {
            known = known || command->check_name(arg);
            if (!command->get_group().empty()) {
                visible.push_back(command->get_name());
            }
        }
        if (!known) {
            std::string hint = did_you_mean(arg, visible);
            throw UsageError(fmt::format("unknown command '{}'{}", neutralise(arg),
                                         hint.empty() ? "; see `followup --help`" : hint));
        }
        return;
    }
}

// An empty value (`--date ''`, PROSPECT '') is a slip, not "not given": refused,
// naming the option, except for the fields where the help promises that empty
// clears.
void refuse_empty_values(const CLI::App& app, const std::set<const CLI::Option*>& may_be_empty) {
    const auto check = [&](const CLI::App& command) {
        for (const CLI::Option* option : command.get_options()) {
            // An empty PROSPECT would be a prefix of every name.
            if (option->get_name() == "PROSPECT") {
                for (const std::string& value : option->results()) {
                    if (value.empty()) {
                        throw UsageError(
                            "PROSPECT is empty: give an id, a name or the start of one");
                    }
                }
                continue;
            }
            if (option->get_positional() || option->get_expected_max() == 0 ||
                may_be_empty.contains(option)) {
                continue;
            }
            for (const std::string& value : option->results()) {
                if (value.empty()) {
                    throw UsageError(fmt::format("{} needs a value ({}), not an empty one",
                                                 option->get_name(), option->get_type_name()));
                }
            }
        }
    };
    check(app);
    for (const CLI::App* command : app.get_subcommands()) {
        check(*command);
    }
}

// `edit PROSPECT` alone would change nothing: say what it needs.
void check_edit_has_fields(const CLI::App& edit) {
    if (!edit.parsed()) {
        return;
    }
    for (const CLI::Option* option : edit.get_options()) {
        if (!option->get_positional() && option->count() > 0) {
            return;
        }
    }
    throw UsageError("edit needs a field to change, such as --stage or --tag; "
                     "`followup edit --help` lists them");
}

// What kind of value an option takes, from its type name: completion
// scripts offer the fixed values of the kind, files, or nothing.
std::string_view value_kind(const CLI::Option& option) {
    if (option.get_expected_max() == 0) {
        return "flag";
    }
    static const std::map<std::string, std::string_view, std::less<>> kinds = {
        {"CHANNEL", "channel"}, {"PURPOSE", "purpose"},   {"STAGE", "stage"},
        {"STATE", "state"},     {"FORMAT", "format"},     {"WHEN", "color"},
        {"FIELD", "sort"},      {"PATH", "file"},         {"FILE", "file"},
        {"DATE", "date"},       {"DURATION", "duration"}, {"DATE[ TIME]", "date"}};
    auto found = kinds.find(option.get_type_name());
    return found == kinds.end() ? "text" : found->second;
}

void list_options(const CLI::App& command, std::ostream& out) {
    for (const CLI::Option* option : command.get_options()) {
        if (option->get_positional()) {
            continue;
        }
        std::vector<std::string> names;
        for (const std::string& name : option->get_snames()) {
            names.push_back("-" + name);
        }
        for (const std::string& name : option->get_lnames()) {
            names.push_back("--" + name);
        }
        for (const std::string& name : names) {
            out << name << '\t' << value_kind(*option) << '\t' << option->get_description() << '\n';
        }
    }
}

// The hidden `followup __complete WHAT [ARG]` the shell completions call, so
// they always match the binary: commands, options of a command, the fixed
// values of a kind, or prospect names (one per line).
int complete(const CLI::App& app, const std::vector<std::string>& what,
             const std::optional<std::string>& db, std::ostream& out) {
    const std::string topic = what.empty() ? "" : what[0];
    const std::string argument = what.size() > 1 ? what[1] : "";
    if (topic == "commands") {
        for (const CLI::App* command : app.get_subcommands({})) {
            if (command->get_group().empty()) {
                continue;
            }
            const bool takes_prospect = command->get_option_no_throw("PROSPECT") != nullptr;
            // A command group (`mail`) takes one of its own commands.
            const bool group = !command->get_subcommands({}).empty();
            out << command->get_name() << '\t'
                << (takes_prospect ? "prospect"
                    : group        ? "subcommand"
                                   : "none")
                << '\t' << command->get_description() << '\n';
        }
    } else if (topic == "subcommands") {
        // `subcommands GROUP`: the commands of a group such as `mail`.
        for (const CLI::App* group : app.get_subcommands({})) {
            if (group->get_name() != argument) {
                continue;
            }
            for (const CLI::App* command : group->get_subcommands({})) {
                out << command->get_name() << '\t' << command->get_description() << '\n';
            }
        }
    } else if (topic == "options") {
        list_options(app, out);
        if (!argument.empty()) {
            const CLI::App& command = *app.get_subcommand(argument);
            list_options(command, out);
            // A group's commands' options too: `mail sync --dry-run`.
            for (const CLI::App* sub : command.get_subcommands({})) {
                list_options(*sub, out);
            }
        }
    } else if (topic == "values") {
        const auto print = [&](std::span<const std::string_view> values) {
            for (std::string_view value : values) {
                out << value << '\n';
            }
        };
        static constexpr std::array<std::string_view, 4> formats = {"table", "tsv", "csv", "json"};
        static constexpr std::array<std::string_view, 3> colors = {"auto", "always", "never"};
        static constexpr std::array<std::string_view, 4> sorts = {"next", "last", "value", "name"};
        static constexpr std::array<std::string_view, 12> dates = {
            "today", "yesterday", "tomorrow", "+1d", "+2d", "+1w",
            "+2w",   "+1m",       "mon",      "tue", "wed", "thu"};
        static constexpr std::array<std::string_view, 4> durations = {"1w", "2w", "30d", "3m"};
        if (argument == "channel") {
            print(channel_names());
        } else if (argument == "purpose") {
            print(purpose_names());
        } else if (argument == "stage") {
            print(stage_names());
        } else if (argument == "state") {
            print(state_names());
        } else if (argument == "format") {
            print(formats);
        } else if (argument == "color") {
            print(colors);
        } else if (argument == "sort") {
            print(sorts);
        } else if (argument == "date") {
            print(dates);
            out << "fri\n";
        } else if (argument == "duration") {
            print(durations);
        }
    } else if (topic == "prospects") {
        // `prospects [COMMAND [WORD]]`: the open prospects (closed ones for
        // reopen) whose name starts with WORD, each name once, one a line;
        // a WORD of digits also gives the ids written with them, as
        // "ID<tab>Name (Company)". Names with control characters or bidi
        // overrides (which PROSPECT refuses, and which would reach the
        // terminal when the shell lists them) are left out; such prospects
        // are picked by id.
        const std::string word = what.size() > 2 ? what[2] : "";
        const Among among = argument == "reopen" ? Among::closed : Among::open;
        const Store store = Store::open(locate_database(db), Access::read);
        store.prospect_ids(
            word, among, [&](ProspectId id, const std::string& name, const std::string& company) {
                out << id << '\t' << neutralise(name)
                    << (company.empty() ? "" : " (" + neutralise(company) + ")") << '\n';
            });
        store.prospect_names(word, among, [&](const std::string& name) {
            if (is_plain_text(name)) {
                out << name << '\n';
            }
        });
    } else {
        throw UsageError("__complete takes commands, subcommands GROUP, options [COMMAND], values "
                         "KIND or prospects [COMMAND [WORD]]");
    }
    return 0;
}

} // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    CLI::App app{"followup: whom to follow up with today, whom to leave alone, and who is "
                 "ready for a reversing email.",
                 "followup"};
    app.set_version_flag("--version", "followup " FOLLOWUP_VERSION "\n"
                                      "Copyright (c) 2026 the followup authors\n"
                                      "MIT License: free to use, change and share, with no "
                                      "warranty");
    app.require_subcommand(1);
    app.footer("Run `followup COMMAND --help` for a command's options; `man followup` for the "
               "timing rules, ranking and files.\n");

    GlobalOptions global;
    app.add_option("--db", global.db,
                   "Database file, or a postgresql:// URL (default: $FOLLOWUP_DB, else "
                   "$XDG_DATA_HOME/followup/followup.db)")
        ->type_name("PATH");
    app.add_option("--today", global.today,
                   "The \"as of\" day (default: $FOLLOWUP_TODAY, else "
                   "the local date)")
        ->type_name("DATE");
    app.add_option("--color", global.color, "Colour: auto, always or never")
        ->type_name("WHEN")
        ->capture_default_str();

    std::function<int(const Context&)> action;
    bool quiet_due = false;

    AddOptions add;
    auto* add_cmd = app.add_subcommand("add", "Add a prospect, due for a first touch today");
    add_cmd->add_option("NAME", add.name, "The prospect's name")->required();
    add_cmd->add_option("--company", add.company, "Company")->type_name("TEXT");
    add_cmd->add_option("--email", add.email, "Email address")->type_name("ADDRESS");
    add_cmd->add_option("--phone", add.phone, "Phone number")->type_name("NUMBER");
    add_cmd->add_option("--address", add.address, "Postal address (for mail and visits)")
        ->type_name("TEXT");
    add_cmd->add_option("--social", add.social, "Social profile URL or handle")->type_name("URL");
    add_cmd->add_option("--referrer", add.referrer, "Someone you both know, who can introduce you")
        ->type_name("NAME");
    add_cmd->add_option("--channel", add.channel, "Preferred channel")->type_name("CHANNEL");
    add_cmd->add_option("--stage", add.stage, "lead, engaged or proposal")
        ->type_name("STAGE")
        ->capture_default_str();
    add_cmd->add_option("--value", add.value, "Deal value (a whole number)")->type_name("N");
    add_cmd->add_option("--tag", add.tags, "A tag (repeat for more)")->type_name("TAG");
    add_cmd->add_option("--priority", add.priority, "What the prospect cares about most now")
        ->type_name("TEXT");
    add_cmd->add_option("--cadence", add.cadence, "Named cadence from the config")
        ->type_name("NAME");
    add_cmd->add_option("--note", add.note, "A note about the prospect (- reads standard input)")
        ->type_name("TEXT");
    add_cmd
        ->add_option("--next", add.next,
                     "Day of the first touch, optionally with a local time (default: today)")
        ->type_name("DATE[ TIME]");
    add_cmd->callback([&] { action = [&](const Context& c) { return run_add(c, add); }; });

    LogOptions log;
    bool log_out = false;
    auto* log_cmd = app.add_subcommand(
        "log", "Record a touch: an attempt (default), a reply (--in) or a conversation (--talked)");
    log_cmd->add_option("PROSPECT", log.prospect, "Id, name or unambiguous name prefix")
        ->required();
    auto* out_flag =
        log_cmd->add_flag("--out", log_out, "An outbound touch: your attempt (default)");
    auto* in_flag = log_cmd->add_flag("--in,--reply", log.inbound, "They replied or called back");
    auto* talked_flag = log_cmd->add_flag(
        "--talked", log.talked,
        "A conversation: a call that got through, a meeting held, a visit where you spoke");
    out_flag->excludes(in_flag);
    out_flag->excludes(talked_flag);
    in_flag->excludes(talked_flag);
    log_cmd->add_flag("--no-show", log.no_show,
                      "A booked meeting they did not come to (else a meeting logged on or after "
                      "its day counts as held)");
    log_cmd->add_flag("--ooo", log.out_of_office,
                      "With --in: an out-of-office auto-reply, not a real reply");
    log_cmd->add_option("--until", log.until, "With --ooo: the day they are back")
        ->type_name("DATE");
    log_cmd
        ->add_option("--channel", log.channel,
                     "email, call, voicemail, text, social, mail, visit, "
                     "video or referral (default: the suggestion)")
        ->type_name("CHANNEL");
    log_cmd
        ->add_option("--purpose", log.purpose,
                     "checkin, value, intro, proposal, meeting or "
                     "reversing (default: the suggestion)")
        ->type_name("PURPOSE");
    log_cmd->add_option("--note", log.note, "What was said or sent (- reads standard input)")
        ->type_name("TEXT");
    log_cmd->add_option("--date", log.date, "When it happened (default: today)")->type_name("DATE");
    log_cmd
        ->add_option("--next", log.next,
                     "The booked next step's day, optionally with a local time: 'wed 15:00', "
                     "2026-12-09T15:00")
        ->type_name("DATE[ TIME]");
    log_cmd
        ->add_option("--duration", log.duration,
                     "How long the booked step with a time lasts: 45m, 1h, 1h30m (default: 30m)")
        ->type_name("LENGTH");
    log_cmd
        ->add_option("--next-channel", log.next_channel,
                     "How the booked step happens (default: the preferred channel when it is "
                     "call, video or visit, else call with a phone, else video)")
        ->type_name("CHANNEL");
    log_cmd->add_option("--stage", log.stage, "Move the prospect to this stage")
        ->type_name("STAGE");
    log_cmd->add_flag("--undo", log.undo, "Delete the prospect's most recently logged touch");
    log_cmd->callback([&] { action = [&](const Context& c) { return run_log(c, log); }; });

    SnoozeOptions snooze;
    auto* snooze_cmd = app.add_subcommand(
        "snooze", "Move a prospect's next action to a later day, without logging a touch");
    snooze_cmd->add_option("PROSPECT", snooze.prospect, "Id, name or unambiguous name prefix")
        ->required();
    snooze_cmd->add_option("WHEN", snooze.until, "Until this DATE, or for this DURATION (3d, 2w)")
        ->type_name("DATE|DURATION");
    snooze_cmd->add_flag("--end", snooze.end, "End the snooze: the schedule as it was");
    snooze_cmd->callback([&] { action = [&](const Context& c) { return run_snooze(c, snooze); }; });

    DueOptions due;
    auto* due_cmd = app.add_subcommand("due", "Who to follow up with today, best first");
    due_cmd->add_option("--upcoming", due.upcoming, "Also what falls due in the next N days")
        ->type_name("N");
    due_cmd->add_option("--tag", due.tags, "Only prospects with this tag")->type_name("TAG");
    due_cmd->add_option("--stage", due.stage, "Only prospects at this stage")->type_name("STAGE");
    due_cmd->add_option("--limit", due.limit, "At most N rows")->type_name("N");
    due_cmd->add_flag("--explain", due.explain, "Show why each row is where it is");
    due_cmd->add_flag("--all", due.all, "Show everything due, past the config's daily_capacity");
    due_cmd->add_flag("-i,--interactive", due.interactive,
                      "Walk today's list one prospect at a time on the terminal, one key per "
                      "action (? lists the keys)");
    due_cmd->add_flag("-q,--quiet", due.quiet,
                      "Print nothing; exit 0 if something is due, 1 if not, 2 on error");
    add_owner_options(*due_cmd, due.owners);
    add_format_option(*due_cmd, due.format);
    due_cmd->callback([&] {
        quiet_due = due.quiet;
        action = [&](const Context& c) { return run_due(c, due); };
    });

    CooldownOptions cooldown;
    auto* cooldown_cmd = app.add_subcommand(
        "cooldown", "Pause follow-ups for a prospect, or list cooling and overheated ones");
    cooldown_cmd->add_option("PROSPECT", cooldown.prospect, "Id, name or unambiguous name prefix");
    cooldown_cmd
        ->add_option("--for", cooldown.for_duration,
                     "How long: 10d, 3w, 2m (default: "
                     "the config's, 30d)")
        ->type_name("DURATION");
    cooldown_cmd->add_option("--until", cooldown.until, "The day it ends (due again then)")
        ->type_name("DATE");
    cooldown_cmd->add_flag("--end", cooldown.end,
                           "Undo the cool-down: the schedule is as it was before it");
    add_owner_options(*cooldown_cmd, cooldown.owners);
    add_format_option(*cooldown_cmd, cooldown.format);
    cooldown_cmd->callback(
        [&] { action = [&](const Context& c) { return run_cooldown(c, cooldown); }; });

    BreakupOptions breakup;
    auto* breakup_cmd = app.add_subcommand(
        "breakup", "List prospects ready for a reversing email, draft one, or record it");
    breakup_cmd->add_option("PROSPECT", breakup.prospect, "Id, name or unambiguous name prefix");
    breakup_cmd->add_flag("--draft", breakup.draft, "Print a draft of the email");
    breakup_cmd
        ->add_option("--template", breakup.template_path,
                     "Draft from this template file (implies --draft)")
        ->type_name("FILE");
    breakup_cmd->add_flag("--sent", breakup.sent,
                          "Record that the reversing email went out, on the suggested channel "
                          "(once a streak)");
    breakup_cmd->add_option("--date", breakup.date, "With --sent: when (default: today)")
        ->type_name("DATE");
    add_owner_options(*breakup_cmd, breakup.owners);
    add_format_option(*breakup_cmd, breakup.format);
    breakup_cmd->callback(
        [&] { action = [&](const Context& c) { return run_breakup(c, breakup); }; });

    DraftOptions draft;
    auto* draft_cmd = app.add_subcommand(
        "draft", "Print a draft of the next touch: the suggested one, or as --purpose and "
                 "--channel say");
    draft_cmd->add_option("PROSPECT", draft.prospect, "Id, name or unambiguous name prefix")
        ->required();
    draft_cmd
        ->add_option("--purpose", draft.purpose,
                     "Draft a touch of this purpose (default: the suggested one)")
        ->type_name("PURPOSE");
    draft_cmd
        ->add_option("--channel", draft.channel,
                     "Draft for this channel (default: the suggested one)")
        ->type_name("CHANNEL");
    draft_cmd
        ->add_option("--template", draft.template_path,
                     "Draft from this template file instead of yours or the built-in ones")
        ->type_name("FILE");
    draft_cmd->callback([&] { action = [&](const Context& c) { return run_draft(c, draft); }; });

    ListOptions list;
    auto* list_cmd = app.add_subcommand("list", "All open prospects with state, last touch and "
                                                "next action");
    list_cmd
        ->add_option("--state", list.state,
                     "Only this state: active, booked, cooling, "
                     "breakup, nurture or closed")
        ->type_name("STATE");
    list_cmd->add_option("--stage", list.stage, "Only this stage")->type_name("STAGE");
    list_cmd->add_option("--tag", list.tags, "Only prospects with this tag")->type_name("TAG");
    list_cmd->add_option("--stale", list.stale, "Only those not touched for this long (30d, 2w)")
        ->type_name("DURATION");
    list_cmd->add_option("--sort", list.sort, "next, last, value or name")
        ->type_name("FIELD")
        ->capture_default_str();
    list_cmd->add_flag("--all", list.all, "Include closed prospects (adds an outcome column)");
    add_owner_options(*list_cmd, list.owners);
    add_format_option(*list_cmd, list.format);
    list_cmd->callback([&] { action = [&](const Context& c) { return run_list(c, list); }; });

    ShowOptions show;
    auto* show_cmd =
        app.add_subcommand("show", "One prospect's details, outcome, next action and timeline");
    show_cmd->add_option("PROSPECT", show.prospect, "Id, name or unambiguous name prefix")
        ->required();
    add_format_option(*show_cmd, show.format);
    show_cmd->callback([&] { action = [&](const Context& c) { return run_show(c, show); }; });

    EditOptions edit;
    auto* edit_cmd = app.add_subcommand("edit", "Change a prospect's fields (an empty value "
                                                "clears a text field)");
    edit_cmd->add_option("PROSPECT", edit.prospect, "Id, name or unambiguous name prefix")
        ->required();
    // Options whose empty value means something (edit: clear the field).
    std::set<const CLI::Option*> may_be_empty;
    const auto edit_field = [&](const char* name, std::optional<std::string>& field,
                                const char* help, const char* type) {
        return edit_cmd
            ->add_option_function<std::string>(
                name, [&field](const std::string& value) { field = value; }, help)
            ->type_name(type);
    };
    edit_field("--name", edit.name, "New name", "TEXT");
    may_be_empty.insert(edit_field("--company", edit.company, "Company", "TEXT"));
    may_be_empty.insert(edit_field("--email", edit.email, "Email address", "ADDRESS"));
    may_be_empty.insert(edit_field("--phone", edit.phone, "Phone number", "NUMBER"));
    may_be_empty.insert(
        edit_field("--address", edit.address, "Postal address (for mail and visits)", "TEXT"));
    may_be_empty.insert(edit_field("--social", edit.social, "Social profile URL or handle", "URL"));
    may_be_empty.insert(edit_field("--referrer", edit.referrer,
                                   "Someone you both know, who can introduce you", "NAME"));
    may_be_empty.insert(edit_field("--channel", edit.channel, "Preferred channel", "CHANNEL"));
    edit_field("--stage", edit.stage, "lead, engaged or proposal", "STAGE");
    edit_field("--value", edit.value, "Deal value (a whole number)", "N");
    may_be_empty.insert(
        edit_field("--priority", edit.priority, "What the prospect cares about most now", "TEXT"));
    may_be_empty.insert(edit_field("--cadence", edit.cadence,
                                   "Named cadence from the config (empty: by tag, else "
                                   "default)",
                                   "NAME"));
    may_be_empty.insert(
        edit_field("--note", edit.note, "Replace the notes (- reads standard input)", "TEXT"));
    edit_cmd->add_option("--tag", edit.add_tags, "Add a tag (repeat for more)")->type_name("TAG");
    edit_cmd->add_option("--untag", edit.remove_tags, "Remove a tag")->type_name("TAG");
    edit_cmd->callback([&] { action = [&](const Context& c) { return run_edit(c, edit); }; });

    CloseOptions close;
    auto* close_cmd = app.add_subcommand("close", "Take a prospect off every list, keeping its "
                                                  "history");
    close_cmd->add_option("PROSPECT", close.prospect, "Id, name or unambiguous name prefix")
        ->required();
    auto* won_flag = close_cmd->add_flag("--won", close.won, "The deal was won");
    close_cmd->add_flag("--lost", close.lost, "The deal was lost")->excludes(won_flag);
    close_cmd->add_option("--note", close.note, "Why (- reads standard input)")->type_name("TEXT");
    close_cmd->callback([&] { action = [&](const Context& c) { return run_close(c, close); }; });

    ReopenOptions reopen;
    auto* reopen_cmd = app.add_subcommand("reopen", "Bring a closed prospect back");
    reopen_cmd->add_option("PROSPECT", reopen.prospect, "Id, name or unambiguous name prefix")
        ->required();
    reopen_cmd->callback([&] { action = [&](const Context& c) { return run_reopen(c, reopen); }; });

    RemoveOptions remove;
    auto* rm_cmd = app.add_subcommand("rm", "Delete a prospect and its touches for good");
    rm_cmd->add_option("PROSPECT", remove.prospect, "Id, name or unambiguous name prefix")
        ->required();
    rm_cmd->add_flag("-y,--yes", remove.yes, "Do not ask (needed when not on a terminal)");
    rm_cmd->callback([&] { action = [&](const Context& c) { return run_rm(c, remove); }; });

    ImportOptions import_options;
    auto* import_cmd = app.add_subcommand(
        "import", "Bring prospects in from a CRM's CSV export or followup's JSON export");
    import_cmd->add_option("FILE", import_options.file, "The file (- reads standard input)")
        ->required()
        ->type_name("FILE");
    import_cmd
        ->add_option("--format", import_options.format,
                     "csv or json (default: from the extension, else csv)")
        ->type_name("FORMAT");
    import_cmd->add_flag("--dry-run", import_options.dry_run,
                         "Show what would happen; change nothing");
    import_cmd->add_flag("--skip-bad", import_options.skip_bad,
                         "Import the good rows even when some are bad");
    import_cmd->add_flag("--update", import_options.update,
                         "Update duplicates (same email, else name and company) instead of "
                         "skipping them");
    import_cmd->callback(
        [&] { action = [&](const Context& c) { return run_import(c, import_options); }; });

    ExportOptions export_options;
    auto* export_cmd = app.add_subcommand(
        "export", "Write everything as JSON (prospects, touches, cool-downs, closes), or prospects "
                  "as CSV");
    export_cmd->add_option("-o,--format", export_options.format, "json or csv")
        ->type_name("FORMAT")
        ->capture_default_str();
    export_cmd->callback(
        [&] { action = [&](const Context& c) { return run_export(c, export_options); }; });

    StatsOptions stats;
    auto* stats_cmd = app.add_subcommand(
        "stats",
        "Pipeline counts, touches per week, reply rates, won and lost, with small bar charts");
    stats_cmd->add_option("--since", stats.since, "Count touches from this day on")
        ->type_name("DATE");
    stats_cmd->add_flag("--ascii", stats.ascii, "Bars in plain ASCII");
    add_owner_options(*stats_cmd, stats.owners);
    add_format_option(*stats_cmd, stats.format, "Output format: table or json");
    stats_cmd->callback([&] { action = [&](const Context& c) { return run_stats(c, stats); }; });

    CalendarOptions calendar;
    auto* calendar_cmd = app.add_subcommand(
        "calendar", "Write booked next steps as an iCalendar file (re-exports update the events)");
    calendar_cmd
        ->add_option("-o,--output", calendar.output,
                     "Write to this file (default: standard output)")
        ->type_name("FILE");
    calendar_cmd->add_flag("--due", calendar.due,
                           "Also each follow-up due today as an all-day event");
    calendar_cmd->callback(
        [&] { action = [&](const Context& c) { return run_calendar(c, calendar); }; });

    MailSyncOptions mail_sync;
    auto* mail_cmd = app.add_subcommand(
        "mail", "Read your mail: `mail sync` logs touches, replies, auto-replies and bounces");
    mail_cmd->require_subcommand(1);
    auto* mail_sync_cmd = mail_cmd->add_subcommand(
        "sync", "Log touches, replies, out-of-office replies and bounces from the [mail] "
                "Maildir and IMAP folders");
    mail_sync_cmd->add_flag("--dry-run", mail_sync.dry_run,
                            "List what would be logged; change nothing");
    add_format_option(*mail_sync_cmd, mail_sync.format,
                      "What was logged: table (a summary line), tsv, csv or json");
    mail_sync_cmd->fallthrough();
    mail_sync_cmd->callback(
        [&] { action = [&](const Context& c) { return run_mail_sync(c, mail_sync); }; });

    BackupOptions backup;
    auto* backup_cmd = app.add_subcommand(
        "backup", "Write a consistent copy of the database, even while others write to it");
    backup_cmd->add_option("PATH", backup.path, "Where to write the copy (must not exist)")
        ->required()
        ->type_name("PATH");
    backup_cmd->callback([&] { action = [&](const Context& c) { return run_backup(c, backup); }; });

    TeamInitOptions team_init;
    auto* team_cmd = app.add_subcommand(
        "team", "Set up a team database on PostgreSQL: `team init` makes the roles and rules");
    team_cmd->require_subcommand(1);
    auto* team_init_cmd = team_cmd->add_subcommand(
        "init", "Create or upgrade the schema, the roles followup_rep and followup_manager, their "
                "privileges and row-level security (idempotent)");
    team_init_cmd->fallthrough();
    team_init_cmd->callback(
        [&] { action = [&](const Context& c) { return run_team_init(c, team_init); }; });

    AssignOptions assign;
    auto* assign_cmd = app.add_subcommand(
        "assign", "Hand a prospect to another rep of a team database (a manager's command)");
    assign_cmd->add_option("PROSPECT", assign.prospect, "Id, name or unambiguous name prefix")
        ->required();
    assign_cmd->add_option("ROLE", assign.role, "The rep's database role")
        ->required()
        ->type_name("ROLE");
    assign_cmd->callback([&] { action = [&](const Context& c) { return run_assign(c, assign); }; });

    ConfigOptions config;
    auto* config_cmd = app.add_subcommand(
        "config", "Print the effective configuration and where each value came from");
    add_format_option(*config_cmd, config.format);
    config_cmd->callback([&] { action = [&](const Context& c) { return run_config(c, config); }; });

    std::vector<std::string> complete_what;
    auto* complete_cmd = app.add_subcommand("__complete", "Words for shell completion");
    complete_cmd->group("");
    complete_cmd->add_option("WHAT", complete_what, "commands, options, values or prospects");
    complete_cmd->callback([&] {
        action = [&](const Context& c) { return complete(app, complete_what, global.db, c.out); };
    });

    DemoOptions demo;
    auto* demo_cmd = app.add_subcommand(
        "demo", "Fill an empty database with a sample pipeline to try things on");
    demo_cmd->callback([&] { action = [&](const Context& c) { return run_demo(c, demo); }; });

    for (CLI::App* command : app.get_subcommands({})) {
        command->fallthrough();
    }

    try {
        try {
            check_command_name(app, argc, argv);
            app.parse(argc, argv);
            refuse_empty_values(app, may_be_empty);
            check_edit_has_fields(*edit_cmd);
        } catch (const CLI::CallForHelp& e) {
            return app.exit(e, out, err);
        } catch (const CLI::CallForAllHelp& e) {
            return app.exit(e, out, err);
        } catch (const CLI::CallForVersion& e) {
            return app.exit(e, out, err);
        } catch (const CLI::ExtrasError& e) {
            throw UsageError(unexpected_arguments(app, e));
        } catch (const CLI::ParseError& e) {
            throw UsageError(fmt::format("{}; see `followup --help`", e.what()));
        }
        if (global.color != "auto" && global.color != "always" && global.color != "never") {
            throw UsageError(fmt::format("invalid --color '{}': use auto, always or never",
                                         neutralise(global.color)));
        }
        LoadedConfig loaded_config = load_config_file();
        // `due -q` says nothing, not even a note about an upgrade.
        const bool stderr_terminal = isatty(STDERR_FILENO) != 0 && !quiet_due;
        Context context{
            locate_database(global.db),
            as_of_day(global.today),
            loaded_config.config,
            loaded_config,
            Style{use_color(global.color), isatty(STDOUT_FILENO) != 0, terminal_width()},
            stderr_terminal,
            out,
            err,
            StoreFactory{&Store::open, &Store::open_in_memory}};
        const int code = action(context);
        out.flush();
        return code;
    } catch (const UsageError& e) {
        // Messages quote what was typed or stored: neutralised, they stay one
        // line and cannot drive the terminal.
        err << "followup: " << neutralise(e.what()) << '\n';
        return 2;
    } catch (const Error& e) {
        err << "followup: " << neutralise(e.what()) << '\n';
        return quiet_due ? 2 : 1;
    } catch (const std::exception& e) {
        err << "followup: " << neutralise(e.what()) << '\n';
        return quiet_due ? 2 : 1;
    }
}

} // namespace followup
