#pragma once

#include "context.hpp"
#include "followup/advice.hpp"

#include <optional>
#include <string>
#include <vector>

// One options struct and one run function per subcommand. The options are
// filled by src/cli/cli.cpp, the only file that knows CLI11; values stay as
// typed until run_* parses them, because dates depend on --today.
namespace followup {

struct AddOptions {
    std::string name;
    std::string company;
    std::string email;
    std::string phone;
    std::string channel;
    std::string stage = "lead";
    std::string value;
    std::vector<std::string> tags;
    std::string priority;
    std::string cadence;
    std::string note;
    std::string next;
    std::string address;
    std::string social;
    std::string referrer;
};
int run_add(const Context& context, const AddOptions& options);

struct LogOptions {
    std::string prospect;
    bool inbound = false;
    bool talked = false;  // a conversation: direction both
    bool no_show = false; // a meeting on a booked day that the prospect missed
    bool out_of_office = false;
    std::string until;
    std::string channel;
    std::string purpose;
    std::string note;
    std::string date;
    std::string next;     // DATE, optionally with a time
    std::string duration; // the booked step's length, with a time
    std::string next_channel;
    std::string stage;
    bool undo = false;              // delete the prospect's most recently logged touch instead
    std::int64_t* logged = nullptr; // set to the new touch's id (for `due -i`'s undo)
};
int run_log(const Context& context, const LogOptions& options);

struct SnoozeOptions {
    std::string prospect;
    std::string until; // a DATE or a DURATION
    bool end = false;
};
int run_snooze(const Context& context, const SnoozeOptions& options);

struct DueOptions {
    int upcoming = 0;
    std::vector<std::string> tags;
    std::string stage;
    int limit = 0;
    bool explain = false;
    bool quiet = false;
    bool all = false;         // past the config's daily_capacity too
    bool interactive = false; // walk the list on the terminal, one key per action
    OwnerOptions owners;      // whose prospects (default: the caller's own)
    std::string format = "table";
};
int run_due(const Context& context, const DueOptions& options);

// The due list as `due` shows it: filtered, ranked, cut to the daily
// capacity (`waiting`: how many were cut) and to --limit.
struct DueList {
    std::vector<DueItem> items;
    std::size_t waiting = 0;
};
DueList due_list(const Context& context, const DueOptions& options);

// `due --interactive`: today's list walked one prospect at a time on the
// terminal (standard input must be one), each key one committed action.
int run_due_interactive(const Context& context, const DueOptions& options);

struct CooldownOptions {
    std::string prospect;
    std::string for_duration;
    std::string until;
    bool end = false;
    OwnerOptions owners; // the list's (no PROSPECT)
    std::string format = "table";
};
int run_cooldown(const Context& context, const CooldownOptions& options);

struct BreakupOptions {
    std::string prospect;
    bool draft = false;
    std::string template_path; // implies draft
    bool sent = false;
    std::string date;
    OwnerOptions owners; // the list's (no PROSPECT)
    std::string format = "table";
    std::int64_t* recorded = nullptr; // with --sent: set to the touch's id (for `due -i`)
};
int run_breakup(const Context& context, const BreakupOptions& options);

struct DraftOptions {
    std::string prospect;
    std::string purpose; // empty: the suggested one
    std::string channel; // empty: the suggested one
    std::string template_path;
};
int run_draft(const Context& context, const DraftOptions& options);

// The draft of a touch as `draft` prints it (neutralised on a terminal):
// from `template_path`, else the user's template for the purpose and
// channel, else the built-in one. `breakup --draft` is its reversing email.
std::string draft_text(const ProspectView& view, const Context& context, Channel channel,
                       Purpose purpose, const std::string& template_path);

// The built-in variant `draft` would write the next touch of `purpose` on
// `channel` from, recorded with the touch when it is logged so the next
// draft of that purpose takes another; none when one of the user's
// templates applies.
std::optional<int> drafted_variant(const ProspectView& view, const Context& context,
                                   Channel channel, Purpose purpose);

struct ListOptions {
    std::string state;
    std::string stage;
    std::vector<std::string> tags;
    std::string stale; // a duration: not touched for at least that long
    std::string sort = "next";
    bool all = false; // include closed prospects
    OwnerOptions owners;
    std::string format = "table";
};
int run_list(const Context& context, const ListOptions& options);

struct ShowOptions {
    std::string prospect;
    std::string format = "table";
};
int run_show(const Context& context, const ShowOptions& options);

// Unset fields stay as they are; an empty string clears a text field.
struct EditOptions {
    std::string prospect;
    std::optional<std::string> name;
    std::optional<std::string> company;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::optional<std::string> channel;
    std::optional<std::string> stage;
    std::optional<std::string> value;
    std::vector<std::string> add_tags;
    std::vector<std::string> remove_tags;
    std::optional<std::string> priority;
    std::optional<std::string> cadence;
    std::optional<std::string> note;
    std::optional<std::string> address;
    std::optional<std::string> social;
    std::optional<std::string> referrer;
};
int run_edit(const Context& context, const EditOptions& options);

struct CloseOptions {
    std::string prospect;
    bool won = false;
    bool lost = false;
    std::string note;
};
int run_close(const Context& context, const CloseOptions& options);

struct ReopenOptions {
    std::string prospect;
};
int run_reopen(const Context& context, const ReopenOptions& options);

struct RemoveOptions {
    std::string prospect;
    bool yes = false;
};
int run_rm(const Context& context, const RemoveOptions& options);

struct ImportOptions {
    std::string file;   // "-": standard input
    std::string format; // csv or json; empty: from the file's extension
    bool dry_run = false;
    bool skip_bad = false;
    bool update = false;
};
int run_import(const Context& context, const ImportOptions& options);

struct ExportOptions {
    std::string format = "json";
};
int run_export(const Context& context, const ExportOptions& options);

struct StatsOptions {
    std::string since;
    bool ascii = false;
    OwnerOptions owners;
    std::string format = "table";
};
int run_stats(const Context& context, const StatsOptions& options);

struct CalendarOptions {
    std::string output; // a file; empty: standard output
    bool due = false;   // also each due follow-up as an all-day event
};
int run_calendar(const Context& context, const CalendarOptions& options);

struct MailSyncOptions {
    bool dry_run = false;
    std::string format = "table";
};
int run_mail_sync(const Context& context, const MailSyncOptions& options);

struct BackupOptions {
    std::string path;
};
int run_backup(const Context& context, const BackupOptions& options);

// `team init`: sets up a team database (PostgreSQL) for reps and managers.
struct TeamInitOptions {};
int run_team_init(const Context& context, const TeamInitOptions& options);

// `assign PROSPECT ROLE`: a manager hands a prospect to a rep.
struct AssignOptions {
    std::string prospect;
    std::string role;
};
int run_assign(const Context& context, const AssignOptions& options);

struct ConfigOptions {
    std::string format = "table";
};
int run_config(const Context& context, const ConfigOptions& options);

struct DemoOptions {};
int run_demo(const Context& context, const DemoOptions& options);

} // namespace followup
