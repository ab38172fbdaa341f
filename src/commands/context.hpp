#pragma once

#include "followup/config.hpp"
#include "followup/config_file.hpp"
#include "followup/output.hpp"
#include "followup/schedule.hpp"
#include "followup/store.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace followup {

// Work on this many prospects or rows takes long enough that a person at a
// terminal is told about it (a progress bar, a note on stderr).
constexpr std::size_t noticeable_work = 2000;

// What every command gets from the command line and the environment. Commands
// take it instead of reaching for globals, so tests can run them in-process.
struct Context {
    DatabaseLocation database;
    Date today;
    Config config;
    LoadedConfig config_origin; // where config came from (its `config` is not used)
    Style style;
    bool stderr_terminal = false;
    std::ostream& out;
    std::ostream& err;
    StoreFactory stores{};

    // The database; on a terminal, an upgrade of an older schema and a
    // recompute of many next actions are announced on stderr.
    Store open(Access access) const;
    // An empty private database (a dry run into a database not made yet).
    Store open_in_memory() const;
    // "followup: warning: ..." on stderr; never changes the exit code.
    void warn(std::string_view message) const;
};

// A prospect with its history and where it stands today.
struct ProspectView {
    Prospect prospect;
    std::vector<Touch> touches;
    Assessment assessment;
};

// A random (version 4) UUID: the UID of a calendar event.
std::string random_uuid();

ProspectView view_of(const Store& store, ProspectId id, const Context& context,
                     Notes notes = Notes::read);

// The next action a write just stored for an open prospect, read after the
// commit. Another writer (on a server) may close or remove the prospect in
// between: then Error says the change was saved and what happened since.
NextAction next_after_write(const Store& store, const Prospect& prospect);

using ViewVisitor = std::function<void(ProspectView&&)>;
// The views of these prospects, read together (never a query per prospect),
// streamed in id order; ids repeated or unknown are left out.
void for_each_view(const Store& store, std::span<const ProspectId> ids, const Context& context,
                   Notes notes, const ViewVisitor& visit);
// The views of these prospects that `keep` accepts, read together, in the
// order of `ids` (a listing's order: by next action, by the end of a cool-down).
std::vector<ProspectView> views_in_order(const Store& store, std::span<const ProspectId> ids,
                                         const Context& context, Notes notes,
                                         const std::function<bool(const ProspectView&)>& keep);
// The views of every prospect, open and closed, in one ordered pass (of
// those in `scope`).
void for_each_view(const Store& store, const Context& context, Notes notes,
                   const ViewVisitor& visit, const OwnerScope& scope = OwnerScope::everyone());

// `--owner ROLE` and `--everyone` of the listing commands (due, list,
// cooldown, breakup, stats): by default, the caller's own prospects.
struct OwnerOptions {
    std::string owner;
    bool everyone = false;
};
// The scope they ask for, once the store says the caller may list it
// (UsageError for both at once, Error for a scope the caller may not see).
OwnerScope owner_scope(const Store& store, const OwnerOptions& options);

// Parsers for option values; each throws UsageError naming the option and
// the accepted values.
Channel channel_option(std::string_view option, std::string_view token);
Purpose purpose_option(std::string_view option, std::string_view token);
Stage stage_option(std::string_view option, std::string_view token);
Format format_option(std::string_view token);
std::int64_t value_option(std::string_view option, std::string_view text);

// A one-line text field typed on the command line, trimmed.
std::string text_option(std::string_view option, const std::string& text);
std::string email_option(const std::string& text);
std::string tag_option(const std::string& text);
// A cadence name the config defines (empty stays empty: "by tag or default").
std::string cadence_option(const Config& config, const std::string& text);

// A prospect as list, show and export print it (stable snake_case keys).
nlohmann::json prospect_json(const ProspectView& view);

// A note given as text, or read from standard input when it is "-".
std::string note_option(const std::string& text);

// How read_bounded stopped.
enum class ReadEnd { whole, too_long, nul_byte };
struct BoundedRead {
    std::string data; // what was read (on too_long, more than the limit)
    ReadEnd end = ReadEnd::whole;
};
// Reads `in` to its end, but stops once past `limit` bytes or at a NUL byte
// (no text followup reads holds one): /dev/zero costs one chunk, not memory
// until it runs out.
BoundedRead read_bounded(std::istream& in, std::size_t limit);

// "Ann Lee (Acme) #3"
std::string display_name(const Prospect& prospect);

} // namespace followup
