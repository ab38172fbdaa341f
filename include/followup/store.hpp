#pragma once

#include "followup/config.hpp"
#include "followup/model.hpp"
#include "followup/resolve.hpp"
#include "followup/schedule.hpp"
#include "followup/stats.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

struct sqlite3_stmt;

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite

namespace followup {

// Where the database lives, and whether the user named it (--db or
// FOLLOWUP_DB) or it is the default XDG location.
struct DatabaseLocation {
    std::filesystem::path path;
    bool named_by_user = false;
};

enum class Access { read, write };
// Whether reading touches includes their notes. Without them, the touches
// of a prospect come from the index alone (what `due` and `stats` need).
enum class Notes { read, skip };
// Whether reading a prospect includes its tags (one more index descent each).
enum class Tags { read, skip };
// Which prospects a listing takes: open ones, closed ones (won or lost), or all.
enum class Among { open, closed, all };
// Where a touch being added falls in its prospect's history.
enum class Placement { anywhere, latest };
// Whether write() keeps what its body did (--dry-run rolls it back).
enum class Commit { yes, no };

// A prospect as `due` and `stats` read it without its history: of the
// prospect, only id, name, company, stage, value, top_priority, outcome and
// cooling_until; and its stored standing.
struct StoredProspect {
    Prospect prospect;
    Standing standing;
};

// The schema version this build writes (PRAGMA user_version).
int current_schema_version();

// An older schema about to be upgraded, once its old file is copied to
// `copy` (or to `copy`.2 and so on, when an earlier failed attempt left a
// different copy there).
struct Upgrade {
    int from_version = 0;
    int to_version = 0;
    std::filesystem::path copy;
};

// What a Store tells its caller before work that can take a while on a big
// database, so a person at a terminal knows why the command pauses (and
// where the new file beside the database came from). Either may be empty.
struct StoreNotices {
    std::function<void(const Upgrade&)> upgrading;
    // Every open prospect's standing is about to be worked out afresh: the
    // config that made them changed, or they were never stored (after an
    // upgrade).
    std::function<void(std::size_t open_prospects)> recomputing;
};

// The one SQLite file. Read access never creates it: a missing file reads as
// an empty pipeline. Every write goes through write(), one IMMEDIATE
// transaction. Throws Error for files that are not followup databases or
// come from a newer followup.
// What `followup calendar` last exported for one event.
struct CalendarEventRecord {
    std::string uid;
    ProspectId prospect_id = 0;
    std::string kind; // booked or due
    int sequence = 0;
    std::string start; // YYYY-MM-DD or YYYY-MM-DDTHH:MM
    int minutes = 0;
    std::string summary;
    std::string description;
    std::string status; // confirmed or cancelled
};

// Where a mail source was left (schema 7): an IMAP folder's UIDVALIDITY and
// last UID read; a Maildir's new/ and cur/ modification times (ns) when read.
struct MailSourcePosition {
    bool known = false; // false: never synced
    std::int64_t uidvalidity = 0;
    std::int64_t last_uid = 0;
    std::int64_t new_mtime = 0;
    std::int64_t cur_mtime = 0;
};

class Store {
public:
    static Store open(const DatabaseLocation& location, Access access, StoreNotices notices = {});
    // A private in-memory database, for tests.
    static Store open_in_memory();

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    // False when reading a database that does not exist yet.
    bool exists() const { return db_ != nullptr; }

    // A consistent copy (VACUUM INTO) at `target`, mode 0600, while other
    // processes may be writing. Refuses to overwrite anything.
    void backup_to(const std::filesystem::path& target) const;

    // Runs `body` in one IMMEDIATE transaction: all of it lands or none does.
    // Stored next actions made under another config are recomputed first.
    void write(const Config& config, Date today, const std::function<void()>& body,
               Commit commit = Commit::yes);

    // Resolves PROSPECT (id, exact name, unambiguous prefix); throws Error.
    ProspectId resolve(std::string_view query) const;
    Prospect prospect(ProspectId id, Tags tags = Tags::read) const;
    // Oldest first: by date, then in the order they were logged.
    std::vector<Touch> touches(ProspectId id, Notes notes = Notes::read) const;

    // Open prospects whose stored next action falls on or before `through`,
    // read through the index on the next action's date.
    std::vector<ProspectId> due_through(Date through) const;
    std::vector<ProspectId> open_prospects() const;
    std::vector<ProspectId> all_prospects() const;
    std::vector<ProspectId> cooling_prospects() const;
    // For shell completion, streamed to `visit` one at a time: the names of
    // the prospects in `among` that start with `prefix` (ASCII letters in
    // either case; the prefix counts up to its first non-ASCII byte), each
    // name once. A prefix is one range read of the name index.
    void prospect_names(std::string_view prefix, Among among,
                        const std::function<void(const std::string&)>& visit) const;
    // The same for ids written with these leading digits, in id order, with
    // the name and company: a few range reads of the primary key.
    void prospect_ids(
        std::string_view digits, Among among,
        const std::function<void(ProspectId, const std::string&, const std::string&)>& visit) const;
    // Open prospects whose stored next action has one of these reasons.
    std::vector<ProspectId> with_next_reason(std::span<const Reason> reasons) const;
    // Every prospect with its touches, in id order, read in one pass (three
    // ordered scans merged) rather than two queries per prospect.
    void for_each_history(const std::function<void(const Prospect&, std::span<const Touch>)>& visit,
                          Notes notes = Notes::read) const;
    // Whether stored next actions were made under `config`.
    bool next_actions_current(const Config& config) const;
    // Whether stored standings were made under `config` (schema 3 on): then
    // the three readers below may stand in for reading histories.
    bool standings_current(const Config& config) const;
    // Streams the open prospects whose next action falls on or before
    // `through` to `visit`, in order of that day, then id: one range read of
    // the index on it. Returns how many there were.
    std::size_t due_standings(Date through,
                              const std::function<void(StoredProspect&&)>& visit) const;
    // How many prospects have a next action on or before `through`, from
    // the index alone.
    std::size_t count_due_through(Date through) const;
    // Every prospect, open or closed, in no particular order, with its name,
    // company and top_priority left empty: counting needs none of them.
    void for_each_standing(const std::function<void(const StoredProspect&)>& visit) const;
    // The touch tallies (by day and kind) whose count is not zero.
    void for_each_tally(const std::function<void(const TouchTally&)>& visit) const;

    // The prospect an import row duplicates: with an email, the one with the
    // same email (any case), whatever its name; without one, the one with the
    // same name and company.
    std::optional<ProspectId> find_duplicate(const Prospect& prospect) const;
    // Whether there is any prospect at all.
    bool has_prospects() const;

    // Writes: only inside write().
    // Keeps prospect.id when it is set and free (imports of our own export).
    // `standing`: when the caller has worked it out (imports), else none
    // until refresh_next_action().
    ProspectId add_prospect(const Prospect& prospect, const Standing& standing = {});
    // Also keeps touches.answered: true of the outbound touches whose next
    // touch, out-of-office replies aside, is a reply (what `stats` credits).
    // Placement::latest: the caller knows no touch of the prospect is on a
    // later day (an import's one touch), which spares a lookup.
    std::int64_t add_touch(const Touch& touch, Placement placement = Placement::anywhere);
    void set_stage(ProspectId id, Stage stage);
    // Writes every editable field and the tags of `prospect` (by its id).
    void update_prospect(const Prospect& prospect);
    void set_outcome(ProspectId id, std::optional<Outcome> outcome, std::optional<Date> on,
                     const std::string& note);
    // Deletes the prospect and, through the foreign key, its touches and tags.
    void delete_prospect(ProspectId id);
    void delete_touch(std::int64_t touch_id);
    void set_cooling(ProspectId id, std::optional<Date> since, std::optional<Date> until);
    // Empty dates end the snooze.
    void set_snooze(ProspectId id, std::optional<Date> on, std::optional<Date> until);
    // A booked step's calendar UID, for a touch that has none (imported, or
    // logged before schema 5).
    void set_next_step_uid(std::int64_t touch_id, const std::string& uid);
    // Every event `followup calendar` has exported (none before schema 5).
    std::vector<CalendarEventRecord> calendar_events() const;
    void save_calendar_event(const CalendarEventRecord& event);
    // Recomputes and stores one prospect's standing from its history, and
    // returns its next action (none for a closed prospect).
    std::optional<NextAction> refresh_next_action(ProspectId id, const Config& config, Date today);
    // Stores a standing already worked out (bulk imports).
    void set_standing(ProspectId id, const Standing& standing);

    // Mail sync (schema 7). Every open prospect with an email address.
    void for_each_open_email(
        const std::function<void(ProspectId, const std::string& email)>& visit) const;
    MailSourcePosition mail_source(const std::string& source) const;
    void save_mail_source(const std::string& source, const MailSourcePosition& position);
    // The Maildir file names (before ':') already read from `source`.
    void for_each_maildir_seen(const std::string& source,
                               const std::function<void(std::string_view)>& visit) const;
    void add_maildir_seen(const std::string& source, std::string_view name);
    // Forgets a source's position and seen files (an IMAP UIDVALIDITY change).
    void forget_mail_source(const std::string& source);
    // Whether a message was logged for the prospect already, or is to be
    // left alone for it (undone, or a bounce already applied).
    bool message_known(std::string_view message_id, ProspectId id) const;
    void ignore_message(std::string_view message_id, ProspectId id);
    // A hand-logged touch (no Message-ID) of the prospect on that day by
    // email, of that direction and kind: the one a synced message merges into.
    std::optional<std::int64_t> unsynced_email_touch(ProspectId id, Date on, Direction direction,
                                                     bool out_of_office) const;
    void set_touch_message_id(std::int64_t touch_id, std::string_view message_id);
    void set_email_bouncing(ProspectId id, bool bouncing);

private:
    class Query;
    struct Prepared;

    explicit Store(std::unique_ptr<SQLite::Database> db);
    void recompute_all(const Config& config, Date today);
    // Whether what is stored under the fingerprint `key` in meta was made
    // under `config`.
    bool stored_under(std::string_view key, const Config& config) const;
    // Works out touches.answered afresh for one prospect's touches.
    void refresh_answered(ProspectId id);
    // The statement for `sql`, prepared on first use and kept: preparing
    // costs more than running the small queries `due` and `import` repeat.
    Query query(std::string_view sql) const;
    // The same for statements stepped through SQLite's C API.
    sqlite3_stmt* raw_statement(const std::string& sql) const;

    std::unique_ptr<SQLite::Database> db_;
    // Declared after db_ so that its statements are finalised first.
    std::unique_ptr<Prepared> prepared_;
    StoreNotices notices_;
};

// The database location PRODUCT.md gives: --db, else $FOLLOWUP_DB, else
// $XDG_DATA_HOME/followup/followup.db, else ~/.local/share/followup/followup.db.
DatabaseLocation locate_database(const std::optional<std::string>& db_option);

} // namespace followup
