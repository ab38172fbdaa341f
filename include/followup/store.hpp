#pragma once

#include "followup/config.hpp"
#include "followup/model.hpp"
#include "followup/resolve.hpp"
#include "followup/schedule.hpp"
#include "followup/stats.hpp"
#include "followup/store_backend.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace followup {

// Where the database lives, and whether the user named it (--db or
// FOLLOWUP_DB) or it is the default XDG location.
struct DatabaseLocation {
    std::filesystem::path path;
    bool named_by_user = false;
};

enum class Access { read, write };

// The schema version this build writes (SQLite's PRAGMA user_version; every
// backend numbers its migrations in step with it).
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
    // They should be, but this connection sees only some prospects (a rep on
    // a team database): they are left as they are, and worked out in
    // memory by reads, until someone who sees them all writes.
    std::function<void()> cannot_recompute;
};

// The store commands use, over one backend (store_backend.hpp), whichever
// it is. It owns the standing policy: every prospect a write touched (a
// touch added or removed, a field, a cool-down, a snooze changed) has its
// standing worked out again from its history when the write's body is done,
// in the same transaction, so commands never ask for it; standings made
// under another config are all worked out again first. A write that loses
// a race with another writer (on a server) is run again, so its body must
// have no effect outside the store: warnings are collected, printed after.
// Throws Error for databases that are not followup's or come from a newer
// followup.
class Store {
public:
    // The database at `location`: a file path (SQLite; read access never
    // creates it: a missing file reads as an empty pipeline).
    static Store open(const DatabaseLocation& location, Access access, StoreNotices notices = {});
    // A private in-memory database, for tests.
    static Store open_in_memory();

    Store(std::unique_ptr<StoreBackend> backend, StoreNotices notices);
    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    bool exists() const { return backend_->exists(); }
    bool can(Capability capability) const { return backend_->can(capability); }
    // Capability::file_copy: a consistent copy at `target`, mode 0600, while
    // other processes may be writing. Refuses to overwrite anything.
    void backup_to(const std::filesystem::path& target) const { backend_->backup_to(target); }

    // Runs `body` in one transaction: all of it lands or none does. Then the
    // standings of the prospects it touched are stored, in the same
    // transaction; with another config, every open prospect's first.
    void write(const Config& config, Date today, const std::function<void()>& body,
               Commit commit = Commit::yes);

    // Resolves PROSPECT (id, exact name, unambiguous prefix); throws Error.
    ProspectId resolve(std::string_view query) const { return backend_->resolve(query); }
    Prospect prospect(ProspectId id, Tags tags = Tags::read) const {
        return backend_->prospect(id, tags);
    }
    // Oldest first: by date, then in the order they were logged.
    std::vector<Touch> touches(ProspectId id, Notes notes = Notes::read) const {
        return backend_->touches(id, notes);
    }
    // The next action stored for a prospect: after a write, where the write
    // left it; none for a closed or unknown prospect.
    std::optional<NextAction> next_action(ProspectId id) const;

    // Open prospects whose stored next action falls on or before `through`,
    // read through the index on the next action's date.
    // Listings take whose prospects they list (OwnerScope, store_backend.hpp);
    // by default everyone's the caller may see.
    std::vector<ProspectId> due_through(Date through,
                                        const OwnerScope& scope = OwnerScope::everyone()) const {
        return backend_->due_through(through, scope);
    }
    std::vector<ProspectId> open_prospects(const OwnerScope& scope = OwnerScope::everyone()) const {
        return backend_->open_prospects(scope);
    }
    std::vector<ProspectId> all_prospects(const OwnerScope& scope = OwnerScope::everyone()) const {
        return backend_->all_prospects(scope);
    }
    std::vector<ProspectId>
    cooling_prospects(const OwnerScope& scope = OwnerScope::everyone()) const {
        return backend_->cooling_prospects(scope);
    }
    // For shell completion, streamed to `visit` one at a time: the names of
    // the prospects in `among` that start with `prefix` (ASCII letters in
    // either case; the prefix counts up to its first non-ASCII byte), each
    // name once. A prefix is one range read of the name index.
    void prospect_names(std::string_view prefix, Among among,
                        const std::function<void(const std::string&)>& visit) const {
        backend_->prospect_names(prefix, among, visit);
    }
    // The same for ids written with these leading digits, in id order, with
    // the name and company: a few range reads of the primary key.
    void prospect_ids(std::string_view digits, Among among,
                      const std::function<void(ProspectId, const std::string&, const std::string&)>&
                          visit) const {
        backend_->prospect_ids(digits, among, visit);
    }
    // Open prospects whose stored next action has one of these reasons.
    std::vector<ProspectId>
    with_next_reason(std::span<const Reason> reasons,
                     const OwnerScope& scope = OwnerScope::everyone()) const {
        return backend_->with_next_reason(reasons, scope);
    }
    // Every prospect with its touches, in id order, read in one pass (three
    // ordered scans merged) rather than two queries per prospect.
    void for_each_history(const HistoryVisitor& visit, Notes notes = Notes::read,
                          const OwnerScope& scope = OwnerScope::everyone()) const {
        backend_->for_each_history(visit, notes, scope);
    }
    // The same for these prospects only, in id order.
    void for_each_history_of(std::span<const ProspectId> ids, const HistoryVisitor& visit,
                             Notes notes = Notes::read) const {
        backend_->for_each_history_of(ids, visit, notes);
    }
    // Whether stored next actions were made under `config`.
    bool next_actions_current(const Config& config) const;
    // Whether stored standings were made under `config` (schema 3 on): then
    // the three readers below may stand in for reading histories.
    bool standings_current(const Config& config) const;
    // Streams the open prospects whose next action falls on or before
    // `through` to `visit`, in order of that day, then id: one range read of
    // the index on it. Returns how many there were.
    std::size_t due_standings(Date through, const std::function<void(StoredProspect&&)>& visit,
                              const OwnerScope& scope = OwnerScope::everyone()) const {
        return backend_->due_standings(through, visit, scope);
    }
    // How many prospects have a next action on or before `through`, from
    // the index alone.
    std::size_t count_due_through(Date through,
                                  const OwnerScope& scope = OwnerScope::everyone()) const {
        return backend_->count_due_through(through, scope);
    }
    // Every prospect, open or closed, in no particular order, with its name,
    // company and top_priority left empty: counting needs none of them.
    void for_each_standing(const std::function<void(const StoredProspect&)>& visit,
                           const OwnerScope& scope = OwnerScope::everyone()) const {
        backend_->for_each_standing(visit, scope);
    }
    // The touch tallies (by day and kind) whose count is not zero.
    // With an owner scope: the touches those roles logged.
    void for_each_tally(const std::function<void(const TouchTally&)>& visit,
                        const OwnerScope& scope = OwnerScope::everyone()) const {
        backend_->for_each_tally(visit, scope);
    }

    // Owners (Capability::owners; see store_backend.hpp). Throws Error when
    // the caller may not list `scope`.
    void check_scope(const OwnerScope& scope) const { backend_->check_scope(scope); }
    // Sets up a team database: schema, roles, privileges, row-level
    // security. Idempotent; not inside write().
    TeamInitReport init_team() { return backend_->init_team(); }
    // Inside write(): hands the prospect to `role`. Its standing stays.
    void set_owner(ProspectId id, const std::string& role) { backend_->set_owner(id, role); }

    // The prospect an import row duplicates: with an email, the one with the
    // same email (any case), whatever its name; without one, the one with the
    // same name and company.
    std::optional<ProspectId> find_duplicate(const Prospect& prospect) const {
        return backend_->find_duplicate(prospect);
    }
    // Whether there is any prospect at all.
    bool has_prospects() const { return backend_->has_prospects(); }
    // Every event `followup calendar` has exported (none before schema 5).
    std::vector<CalendarEventRecord> calendar_events() const { return backend_->calendar_events(); }

    // Writes: only inside write(). Each marks the prospect it changes, whose
    // standing is then stored before the write commits.
    // Keeps prospect.id when it is set and free (imports of our own export).
    ProspectId add_prospect(const Prospect& prospect);
    // A prospect with its whole history and the standing the caller worked
    // out from it (imports): not worked out again.
    ProspectId add_history(const Prospect& prospect, std::span<Touch> touches,
                           const Standing& standing);
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
    // Deletes the prospect and its touches and tags.
    void delete_prospect(ProspectId id);
    void delete_touch(std::int64_t touch_id);
    void set_cooling(ProspectId id, std::optional<Date> since, std::optional<Date> until);
    // Empty dates end the snooze.
    void set_snooze(ProspectId id, std::optional<Date> on, std::optional<Date> until);
    // A booked step's calendar UID, for a touch that has none (imported, or
    // logged before schema 5).
    void set_next_step_uid(std::int64_t touch_id, const std::string& uid) {
        backend_->set_next_step_uid(touch_id, uid);
    }
    void save_calendar_event(const CalendarEventRecord& event) {
        backend_->save_calendar_event(event);
    }
    // Stores a standing the caller worked out (an import's CSV update); the
    // prospect is not worked out again unless touched after this.
    void set_standing(ProspectId id, const Standing& standing);

    // Mail sync (schema 7); see store_backend.hpp. Reads also work on a
    // database that does not exist yet (as empty).
    void
    for_each_open_email(const std::function<void(ProspectId, const std::string&)>& visit) const {
        if (backend_->exists()) {
            backend_->for_each_open_email(visit);
        }
    }
    MailSourcePosition mail_source(const std::string& source) const {
        return backend_->mail_source(source);
    }
    void save_mail_source(const std::string& source, const MailSourcePosition& position) {
        backend_->save_mail_source(source, position);
    }
    void for_each_maildir_seen(const std::string& source,
                               const std::function<void(std::string_view)>& visit) const {
        backend_->for_each_maildir_seen(source, visit);
    }
    void add_maildir_seen(const std::string& source, std::string_view name) {
        backend_->add_maildir_seen(source, name);
    }
    void forget_mail_source(const std::string& source) { backend_->forget_mail_source(source); }
    bool message_known(std::string_view message_id, ProspectId id) const {
        return backend_->message_known(message_id, id);
    }
    void ignore_message(std::string_view message_id, ProspectId id) {
        backend_->ignore_message(message_id, id);
    }
    std::optional<std::int64_t> unsynced_email_touch(ProspectId id, Date on, Direction direction,
                                                     bool out_of_office) const {
        return backend_->unsynced_email_touch(id, on, direction, out_of_office);
    }
    void set_touch_message_id(std::int64_t touch_id, std::string_view message_id) {
        backend_->set_touch_message_id(touch_id, message_id);
    }
    // Email stops (or starts again) being suggested: the standing is worked out again.
    void set_email_bouncing(ProspectId id, bool bouncing);

    // Team settings (schema 8: `followup config --set`), by key. A write
    // through this Store after they were read checks, in its transaction,
    // that they are still the same (the config it was given was made from
    // them), and refuses to go on if another writer changed them meanwhile.
    std::vector<TeamSetting> team_settings() const;
    // Writes: only inside write(). The standings follow from the config the
    // write is given (made with the new setting).
    // The settings this Store changes are not checked as changed by others.
    void save_team_setting(const std::string& key, const std::string& value, Date on) {
        backend_->save_team_setting(key, value, on);
        if (settings_expected_) {
            (*settings_expected_)[key] = value;
        }
    }
    bool delete_team_setting(const std::string& key) {
        if (settings_expected_) {
            settings_expected_->erase(key);
        }
        return backend_->delete_team_setting(key);
    }

private:
    void recompute_all(const Config& config, Date today);
    // Stores the standings of the prospects touched in this write.
    void settle(const Config& config, Date today);
    bool stored_under(std::string_view key, const Config& config) const;
    void touched(ProspectId id);

    std::unique_ptr<StoreBackend> backend_;
    StoreNotices notices_;
    // The prospects this write has changed, in the order first changed.
    std::vector<ProspectId> touched_;
    // The team settings (key and value) the config of a write was made
    // from: as read before it, with this Store's own changes.
    mutable std::optional<std::map<std::string, std::string>> settings_expected_;
};

// How commands get a Store without naming a backend: the command line hands
// them Store::open and Store::open_in_memory (tests may hand them others).
struct StoreFactory {
    Store (*open)(const DatabaseLocation& location, Access access, StoreNotices notices) = nullptr;
    Store (*in_memory)() = nullptr;
};

// The database location PRODUCT.md gives: --db, else $FOLLOWUP_DB, else
// $XDG_DATA_HOME/followup/followup.db, else ~/.local/share/followup/followup.db.
DatabaseLocation locate_database(const std::optional<std::string>& db_option);

// A database URL with any password in it (postgresql://user:PASSWORD@...,
// ?password=PASSWORD) replaced by ***, fit to show.
std::string redacted_database_url(std::string_view url);
// `text` (a server's message) with every password `url` holds, as written
// or decoded, replaced by ***.
std::string without_database_secrets(std::string text, std::string_view url);

// The location as messages show it: a file's path, or a server's URL with
// any password in it replaced by ***.
std::string shown_location(const DatabaseLocation& location);

} // namespace followup
