#pragma once

#include "followup/config.hpp"
#include "followup/error.hpp"
#include "followup/model.hpp"
#include "followup/schedule.hpp"
#include "followup/stats.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The abstract store: what one storage backend (the SQLite file in
// src/storage/sqlite/) does with its own SQL. Commands never hold one: they
// use Store (store.hpp), the backend-neutral layer above it, which owns the
// policy of when standings are worked out again and how a write is retried.
namespace followup {

// Whether reading touches includes their notes. Without them, the touches
// of a prospect come from the index alone (what `due` and `stats` need).
enum class Notes { read, skip };
// Whether reading a prospect includes its tags (one more index descent each).
enum class Tags { read, skip };
// Which prospects a listing takes: open ones, closed ones (won or lost), or all.
enum class Among { open, closed, all };
// Where a touch being added falls in its prospect's history.
enum class Placement { anywhere, latest };
// Whether a write keeps what its body did (--dry-run rolls it back).
enum class Commit { yes, no };

// What only some backends can do: commands ask, rather than assume a file.
enum class Capability {
    file_copy, // a consistent copy of the whole database in a file (`followup backup`)
    owners,    // prospects belong to database roles (a team database): `team init`, `assign`
    // The database is shared by a team (a server): its team settings are the
    // only ones that count, and a local config file's team keys are ignored.
    shared_settings,
};

// Whose prospects a listing takes. On a team database each prospect has an
// owner (the role that added it, or the one it was assigned to); a file
// has one owner, the local user, so every scope a caller may ask for there
// takes the whole file. The scope is applied in the backend's SQL; what a
// caller may see at all is enforced by the engine (row-level security).
struct OwnerScope {
    enum class Kind { mine, one, everyone };
    Kind kind = Kind::everyone;
    std::string role; // Kind::one

    static OwnerScope mine() { return {Kind::mine, {}}; }
    static OwnerScope of(std::string role) { return {Kind::one, std::move(role)}; }
    static OwnerScope everyone() { return {Kind::everyone, {}}; }
};

// What `followup team init` did, one line each, to show.
struct TeamInitReport {
    std::vector<std::string> done;
};

// A write transaction that lost a race with another one and was rolled back
// (a serialization failure or a deadlock on a server): the neutral layer
// runs the whole write again.
class WriteConflict : public Error {
public:
    using Error::Error;
};

// A prospect as `due` and `stats` read it without its history: of the
// prospect, only id, name, company, stage, value, top_priority, outcome and
// cooling_until; and its stored standing.
struct StoredProspect {
    Prospect prospect;
    Standing standing;
};

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

using HistoryVisitor = std::function<void(const Prospect&, std::span<const Touch>)>;

class StoreBackend {
public:
    StoreBackend() = default;
    StoreBackend(const StoreBackend&) = delete;
    StoreBackend& operator=(const StoreBackend&) = delete;
    virtual ~StoreBackend() = default;

    // False when reading a database that does not exist yet: it reads as an
    // empty pipeline.
    virtual bool exists() const = 0;
    virtual bool can(Capability capability) const = 0;
    // Capability::file_copy: a consistent copy at `target`, mode 0600,
    // refusing to overwrite anything.
    virtual void backup_to(const std::filesystem::path& target) const = 0;

    // Runs `work` in one write transaction: all of it lands, or (an error,
    // Commit::no) none. Throws WriteConflict when the backend rolled it back
    // so that it can be run again; `work` has no effect outside it.
    virtual void in_write_transaction(const std::function<void()>& work, Commit commit) = 0;
    // The config fingerprint stored under `key`; none when nothing is stored.
    virtual std::optional<std::string> fingerprint(std::string_view key) const = 0;
    virtual void save_fingerprint(std::string_view key, const std::string& value) = 0;
    // Whether the schema keeps standings (a file of schema 2 or older read
    // as it is does not).
    virtual bool keeps_standings() const = 0;
    // Whether this connection sees every prospect (false: a rep on a team
    // database, under row-level security), so that working every standing
    // out again covers the whole pipeline.
    virtual bool sees_every_prospect() const = 0;

    // Reads. Each is one statement (or one ordered scan), whatever the size
    // of the pipeline, except resolve()'s fallback to scanning names.
    virtual ProspectId resolve(std::string_view query) const = 0;
    virtual Prospect prospect(ProspectId id, Tags tags) const = 0;
    virtual std::vector<Touch> touches(ProspectId id, Notes notes) const = 0;
    // The same for these prospects (in id order; repeated and unknown ids
    // are left out). Each history is read whole before it is visited, so
    // `visit` may write (inside a write).
    virtual void for_each_history_of(std::span<const ProspectId> ids, const HistoryVisitor& visit,
                                     Notes notes) const = 0;
    // Listings take an OwnerScope (see there); reads that work out or settle
    // standings pass OwnerScope::everyone().
    virtual void for_each_history(const HistoryVisitor& visit, Notes notes,
                                  const OwnerScope& scope) const = 0;
    virtual std::vector<ProspectId> due_through(Date through, const OwnerScope& scope) const = 0;
    virtual std::vector<ProspectId> open_prospects(const OwnerScope& scope) const = 0;
    virtual std::vector<ProspectId> all_prospects(const OwnerScope& scope) const = 0;
    virtual std::vector<ProspectId> cooling_prospects(const OwnerScope& scope) const = 0;
    virtual void prospect_names(std::string_view prefix, Among among,
                                const std::function<void(const std::string&)>& visit) const = 0;
    virtual void prospect_ids(std::string_view digits, Among among,
                              const std::function<void(ProspectId, const std::string&,
                                                       const std::string&)>& visit) const = 0;
    virtual std::vector<ProspectId> with_next_reason(std::span<const Reason> reasons,
                                                     const OwnerScope& scope) const = 0;
    virtual std::size_t due_standings(Date through,
                                      const std::function<void(StoredProspect&&)>& visit,
                                      const OwnerScope& scope) const = 0;
    virtual std::size_t count_due_through(Date through, const OwnerScope& scope) const = 0;
    virtual void for_each_standing(const std::function<void(const StoredProspect&)>& visit,
                                   const OwnerScope& scope) const = 0;
    // OwnerScope on tallies: the touches each role logged.
    virtual void for_each_tally(const std::function<void(const TouchTally&)>& visit,
                                const OwnerScope& scope) const = 0;
    virtual std::optional<ProspectId> find_duplicate(const Prospect& prospect) const = 0;
    virtual bool has_prospects() const = 0;
    virtual std::vector<CalendarEventRecord> calendar_events() const = 0;
    // The stored standing of one prospect (none: no such prospect).
    virtual std::optional<Standing> standing(ProspectId id) const = 0;

    // Owners (Capability::owners). Throws Error when the caller may not
    // list `scope` (another owner's prospects, or everyone's): on a file,
    // any owner but the local user; on a team database, a caller that is
    // not a manager.
    virtual void check_scope(const OwnerScope& scope) const = 0;
    // Sets up a team database (schema, roles, privileges, row-level
    // security), idempotently; outside any write transaction.
    virtual TeamInitReport init_team() = 0;

    // Writes: only inside in_write_transaction().
    // Hands the prospect to `role` (Capability::owners): a role of the team.
    virtual void set_owner(ProspectId id, const std::string& role) = 0;
    virtual ProspectId add_prospect(const Prospect& prospect, const Standing& standing) = 0;
    virtual std::int64_t add_touch(const Touch& touch, Placement placement) = 0;
    virtual void set_stage(ProspectId id, Stage stage) = 0;
    virtual void update_prospect(const Prospect& prospect) = 0;
    virtual void set_outcome(ProspectId id, std::optional<Outcome> outcome, std::optional<Date> on,
                             const std::string& note) = 0;
    virtual void delete_prospect(ProspectId id) = 0;
    // Returns the prospect whose touch it was (none: no such touch).
    virtual std::optional<ProspectId> delete_touch(std::int64_t touch_id) = 0;
    virtual void set_cooling(ProspectId id, std::optional<Date> since,
                             std::optional<Date> until) = 0;
    virtual void set_snooze(ProspectId id, std::optional<Date> on, std::optional<Date> until) = 0;
    virtual void set_next_step_uid(std::int64_t touch_id, const std::string& uid) = 0;
    virtual void save_calendar_event(const CalendarEventRecord& event) = 0;
    // Stores a standing; a backend may skip rows where it is already stored
    // (rewriting a row rewrites its index entries).
    virtual void set_standing(ProspectId id, const Standing& standing) = 0;

    // Mail sync (schema 7). Every open prospect with an email address.
    virtual void
    for_each_open_email(const std::function<void(ProspectId, const std::string&)>& visit) const = 0;
    // Where a source was left (known false: never synced).
    virtual MailSourcePosition mail_source(const std::string& source) const = 0;
    virtual void save_mail_source(const std::string& source,
                                  const MailSourcePosition& position) = 0;
    // The Maildir file names (before ':') already read from `source`.
    virtual void
    for_each_maildir_seen(const std::string& source,
                          const std::function<void(std::string_view)>& visit) const = 0;
    virtual void add_maildir_seen(const std::string& source, std::string_view name) = 0;
    // Forgets a source's position and seen files.
    virtual void forget_mail_source(const std::string& source) = 0;
    // Whether a message was logged for the prospect already, or is to be
    // left alone for it (undone, or a bounce already applied).
    virtual bool message_known(std::string_view message_id, ProspectId id) const = 0;
    virtual void ignore_message(std::string_view message_id, ProspectId id) = 0;
    // A hand-logged touch (no Message-ID) of the prospect on that day by
    // email, of that direction and kind: the one a synced message merges into.
    virtual std::optional<std::int64_t>
    unsynced_email_touch(ProspectId id, Date on, Direction direction, bool out_of_office) const = 0;
    virtual void set_touch_message_id(std::int64_t touch_id, std::string_view message_id) = 0;
    virtual void set_email_bouncing(ProspectId id, bool bouncing) = 0;

    // Team settings (schema 8), by key; none on a database not made yet.
    virtual std::vector<TeamSetting> team_settings() const = 0;
    // Writes: only inside in_write_transaction(). Throws Error when the
    // role may not change them (on a server: not a manager).
    virtual void save_team_setting(const std::string& key, const std::string& value, Date on) = 0;
    // Whether there was one to remove.
    virtual bool delete_team_setting(const std::string& key) = 0;
};

} // namespace followup
