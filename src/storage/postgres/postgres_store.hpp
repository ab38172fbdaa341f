#pragma once

#include "followup/store.hpp"
#include "followup/store_backend.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

struct pg_conn;
struct pg_result;

namespace followup {

// The PostgreSQL backend: one connection (libpq) to a database named by a
// postgresql:// or postgres:// URL, its schema in schema.cpp. A write is one
// READ COMMITTED transaction that locks the prospects it works on as it
// finds them (resolve) and before their standings are worked out again, so
// writers of one prospect queue; a deadlock or a serialization failure
// (an engine that runs everything SERIALIZABLE) rolls it back and throws
// WriteConflict, so that Store runs it again. A Store
// opened for reading holds one READ ONLY REPEATABLE READ transaction for
// its life: one snapshot, as SQLite's deferred read. Reads are a constant
// number of statements whatever the size of the pipeline.
class PostgresStore final : public StoreBackend {
public:
    static std::unique_ptr<PostgresStore> open(const std::string& url, Access access);
    // The schema version this backend writes; numbered in step with
    // SQLite's (Store::open checks they agree).
    static int schema_version();
    ~PostgresStore() override;

    bool exists() const override { return exists_; }
    bool can(Capability capability) const override;
    void backup_to(const std::filesystem::path& target) const override;

    void in_write_transaction(const std::function<void()>& work, Commit commit) override;
    std::optional<std::string> fingerprint(std::string_view key) const override;
    void save_fingerprint(std::string_view key, const std::string& value) override;
    bool keeps_standings() const override { return exists_; }
    bool sees_every_prospect() const override;

    ProspectId resolve(std::string_view query) const override;
    Prospect prospect(ProspectId id, Tags tags) const override;
    std::vector<Touch> touches(ProspectId id, Notes notes) const override;
    void for_each_history(const HistoryVisitor& visit, Notes notes,
                          const OwnerScope& scope) const override;
    void for_each_history_of(std::span<const ProspectId> ids, const HistoryVisitor& visit,
                             Notes notes) const override;
    std::vector<ProspectId> due_through(Date through, const OwnerScope& scope) const override;
    std::vector<ProspectId> open_prospects(const OwnerScope& scope) const override;
    std::vector<ProspectId> all_prospects(const OwnerScope& scope) const override;
    std::vector<ProspectId> cooling_prospects(const OwnerScope& scope) const override;
    void prospect_names(std::string_view prefix, Among among,
                        const std::function<void(const std::string&)>& visit) const override;
    void prospect_ids(std::string_view digits, Among among,
                      const std::function<void(ProspectId, const std::string&, const std::string&)>&
                          visit) const override;
    std::vector<ProspectId> with_next_reason(std::span<const Reason> reasons,
                                             const OwnerScope& scope) const override;
    std::size_t due_standings(Date through, const std::function<void(StoredProspect&&)>& visit,
                              const OwnerScope& scope) const override;
    std::size_t count_due_through(Date through, const OwnerScope& scope) const override;
    void for_each_standing(const std::function<void(const StoredProspect&)>& visit,
                           const OwnerScope& scope) const override;
    void for_each_tally(const std::function<void(const TouchTally&)>& visit,
                        const OwnerScope& scope) const override;
    void check_scope(const OwnerScope& scope) const override;
    TeamInitReport init_team() override;
    void set_owner(ProspectId id, const std::string& role) override;
    std::optional<ProspectId> find_duplicate(const Prospect& prospect) const override;
    bool has_prospects() const override;
    std::vector<CalendarEventRecord> calendar_events() const override;
    std::optional<Standing> standing(ProspectId id) const override;

    ProspectId add_prospect(const Prospect& prospect, const Standing& standing) override;
    std::int64_t add_touch(const Touch& touch, Placement placement) override;
    void set_stage(ProspectId id, Stage stage) override;
    void update_prospect(const Prospect& prospect) override;
    void set_outcome(ProspectId id, std::optional<Outcome> outcome, std::optional<Date> on,
                     const std::string& note) override;
    void delete_prospect(ProspectId id) override;
    std::optional<ProspectId> delete_touch(std::int64_t touch_id) override;
    void set_cooling(ProspectId id, std::optional<Date> since, std::optional<Date> until) override;
    void set_snooze(ProspectId id, std::optional<Date> on, std::optional<Date> until) override;
    void set_next_step_uid(std::int64_t touch_id, const std::string& uid) override;
    void save_calendar_event(const CalendarEventRecord& event) override;
    void set_standing(ProspectId id, const Standing& standing) override;

    void for_each_open_email(
        const std::function<void(ProspectId, const std::string&)>& visit) const override;
    MailSourcePosition mail_source(const std::string& source) const override;
    void save_mail_source(const std::string& source, const MailSourcePosition& position) override;
    void for_each_maildir_seen(const std::string& source,
                               const std::function<void(std::string_view)>& visit) const override;
    void add_maildir_seen(const std::string& source, std::string_view name) override;
    void forget_mail_source(const std::string& source) override;
    bool message_known(std::string_view message_id, ProspectId id) const override;
    void ignore_message(std::string_view message_id, ProspectId id) override;
    std::optional<std::int64_t> unsynced_email_touch(ProspectId id, Date on, Direction direction,
                                                     bool out_of_office) const override;
    void set_touch_message_id(std::int64_t touch_id, std::string_view message_id) override;
    void set_email_bouncing(ProspectId id, bool bouncing) override;
    std::vector<TeamSetting> team_settings() const override;
    void save_team_setting(const std::string& key, const std::string& value, Date on) override;
    bool delete_team_setting(const std::string& key) override;

    // A query's result, freed when it goes.
    class Result;
    // A text parameter, or NULL.
    using Param = std::optional<std::string>;

private:
    PostgresStore(pg_conn* connection, std::string url, Access access);
    // One statement with text parameters ($1, ...): one round trip. Throws
    // WriteConflict on SQLSTATE 40001 and 40P01, Error on anything else.
    Result run(std::string_view sql, const std::vector<Param>& params = {}) const;
    // Statements without parameters, several at once (the schema).
    void run_script(std::string_view sql) const;
    void create_schema();
    // team init's roles, grants and policies: one transaction.
    void init_team_once(TeamInitReport& report);
    void refresh_answered(ProspectId id);
    void refuse_namesake(const Prospect& prospect, ProspectId self) const;
    // Inside a write: whether, and the prospects' rows locked until commit.
    bool writing() const;
    void lock_for_write(std::span<const ProspectId> ids) const;

    pg_conn* connection_;
    std::string shown_url_;
    Access access_;
    bool exists_ = false;
    bool in_transaction_ = false;
    // Whether add_prospect has checked the largest id (see there).
    bool largest_id_checked_ = false;
    // The fingerprints read in this write transaction, by key.
    mutable std::map<std::string, std::optional<std::string>> read_in_write_;
    // The prospects this write transaction has locked (lock_for_write).
    mutable std::unordered_set<ProspectId> locked_in_write_;
    // All of meta, as this write transaction read it (and wrote to it).
    mutable std::optional<std::map<std::string, std::string>> meta_in_write_;
    // A read's fingerprints (all of meta), read with its snapshot and the
    // schema's version in the opening round trip.
    std::optional<std::map<std::string, std::string>> snapshot_meta_;
    // The team settings read with the schema's version when opened (for a
    // read, in its snapshot); forgotten once this store has written.
    std::optional<std::vector<TeamSetting>> opening_settings_;
    // A read's due rows, fetched by count_due_through for the due_standings
    // that follows it (one round trip for both; the snapshot is the same),
    // and the statement and parameters they answer.
    mutable std::unique_ptr<Result> due_rows_;
    mutable std::string due_rows_key_;
};

} // namespace followup
