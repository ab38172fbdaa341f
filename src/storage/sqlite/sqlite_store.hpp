#pragma once

#include "followup/store.hpp"
#include "followup/store_backend.hpp"

#include <memory>

struct sqlite3_stmt;

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite

namespace followup {

// The SQLite backend: one file (WAL), found, created atomically, backed up
// before each migration (schema.cpp), opened read-only as it is when it
// cannot be upgraded. Every write is one IMMEDIATE transaction, so cron and a
// terminal take turns through the busy timeout and never conflict.
class SqliteStore final : public StoreBackend {
public:
    static std::unique_ptr<SqliteStore> open(const DatabaseLocation& location, Access access,
                                             StoreNotices notices);
    static std::unique_ptr<SqliteStore> open_in_memory();
    ~SqliteStore() override;

    bool exists() const override { return db_ != nullptr; }
    bool can(Capability capability) const override;
    void backup_to(const std::filesystem::path& target) const override;

    void in_write_transaction(const std::function<void()>& work, Commit commit) override;
    std::optional<std::string> fingerprint(std::string_view key) const override;
    void save_fingerprint(std::string_view key, const std::string& value) override;
    bool keeps_standings() const override;
    bool sees_every_prospect() const override { return true; }

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

private:
    class Query;
    struct Prepared;

    explicit SqliteStore(std::unique_ptr<SQLite::Database> db);
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

} // namespace followup
