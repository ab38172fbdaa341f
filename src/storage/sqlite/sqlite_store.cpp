#include "sqlite_store.hpp"

#include "../listing.hpp"
#include "followup/advice.hpp"
#include "followup/error.hpp"
#include "followup/resolve.hpp"
#include "followup/schedule.hpp"
#include "followup/store.hpp"
#include "schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <pwd.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>

namespace followup {

namespace {

// The one owner of a database file: the local user (the login name of the
// effective user, else $USER).
const std::string& local_user() {
    static const std::string name = [] {
        if (const passwd* entry = getpwuid(geteuid()); entry && entry->pw_name && *entry->pw_name) {
            return std::string(entry->pw_name);
        }
        if (const char* user = std::getenv("USER"); user && *user) {
            return std::string(user);
        }
        return std::to_string(geteuid());
    }();
    return name;
}

// Whether a listing of `scope` takes the whole file (every scope but another
// owner's, which takes nothing).
bool whole_file(const OwnerScope& scope) {
    return scope.kind != OwnerScope::Kind::one || scope.role == local_user();
}

} // namespace

namespace fs = std::filesystem;

namespace {

// Long enough for cron and a terminal (or eight writers) to take turns.
constexpr int busy_timeout_ms = 30000;

constexpr std::string_view prospect_columns =
    "id, name, company, email, phone, preferred_channel, stage, value, top_priority, cadence, "
    "created_on, outcome, closed_on, cooling_since, cooling_until, notes, first_touch_on, "
    "close_note, address, social, referrer, snoozed_on, snooze_until, first_touch_time, "
    "email_bouncing";

// The column's text without a copy: valid until the statement moves on.
std::string_view text_of(const SQLite::Column& column) {
    const char* text = column.getText();
    return {text, static_cast<std::size_t>(column.getBytes())};
}

// A stored value followup cannot read means something else changed the
// file; both ways of reading rows (SQLiteCpp, the C API) say so alike.
Date stored_date(std::string_view text, const char* column) {
    if (auto date = parse_iso_date(text)) {
        return *date;
    }
    throw Error(fmt::format("the database holds a bad date '{}' in {}; run PRAGMA "
                            "integrity_check or restore a backup",
                            text, column));
}

std::optional<Date> optional_date(const SQLite::Column& column) {
    if (column.isNull()) {
        return std::nullopt;
    }
    return stored_date(text_of(column), column.getName());
}

template <typename Enum>
Enum stored_enum(std::string_view text, const char* column,
                 std::optional<Enum> (*parse)(std::string_view)) {
    if (auto value = parse(text)) {
        return *value;
    }
    throw Error(fmt::format("the database holds an unknown value '{}' in {}", text, column));
}

Date required_date(const SQLite::Column& column) {
    return stored_date(text_of(column), column.getName());
}

template <typename Enum>
Enum required_enum(const SQLite::Column& column, std::optional<Enum> (*parse)(std::string_view)) {
    return stored_enum(text_of(column), column.getName(), parse);
}

template <typename Enum>
void bind_optional_enum(SQLite::Statement& statement, const char* name, std::optional<Enum> value) {
    if (value) {
        statement.bind(name, std::string(to_string(*value)));
    } else {
        statement.bind(name);
    }
}

void bind_optional_date(SQLite::Statement& statement, const char* name, std::optional<Date> date) {
    if (date) {
        statement.bind(name, date->iso());
    } else {
        statement.bind(name);
    }
}

void bind_standing(SQLite::Statement& statement, const Standing& standing) {
    if (standing.next) {
        statement.bind(":next_on", standing.next->due_on.iso());
        statement.bind(":next_reason", std::string(to_string(standing.next->reason)));
    } else {
        statement.bind(":next_on");
        statement.bind(":next_reason");
    }
    if (standing.next_at) {
        statement.bind(":next_time", standing.next_at->text());
    } else {
        statement.bind(":next_time");
    }
    bind_optional_date(statement, ":last_touch", standing.last_touch);
    bind_optional_date(statement, ":last_reply", standing.last_reply);
    statement.bind(":breakup", standing.breakup_ready ? 1 : 0);
    bind_optional_date(statement, ":nurture", standing.nurture_from);
    bind_optional_enum(statement, ":next_channel", standing.channel);
    bind_optional_enum(statement, ":next_purpose", standing.purpose);
}

void apply_migrations(SQLite::Database& db, int from_version) {
    // Migrations rebuild tables that others reference: with foreign keys on,
    // dropping the old table would delete every touch and tag with it. The
    // callers turn them off (a build of SQLite may default them on).
    if (db.execAndGet("PRAGMA foreign_keys").getInt() != 0) {
        throw Error("internal: migrations must run with foreign keys off");
    }
    for (const auto& migration : schema::migrations()) {
        if (migration.version > from_version) {
            db.exec(std::string(migration.sql));
        }
    }
    db.exec(fmt::format("PRAGMA application_id = {}", schema::application_id));
    db.exec(fmt::format("PRAGMA user_version = {}", current_schema_version()));
}

// How put_in_place() went: `error` is 0 or an errno (EEXIST: `to` exists).
struct Placing {
    int error = 0;
    bool moved = false; // renamed: the name `from` is free, not ours to unlink
};

// Gives the whole file `from` the name `to` unless `to` exists, even when
// another process creates `to` meanwhile. A rename where the file system can
// refuse to replace (local ones, FAT included), else (NFS, sandboxes that
// refuse renameat2) a hard link, after which `from` is left for the caller.
Placing put_in_place(const std::string& from, const std::string& to) {
    if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
        return {0, true};
    }
    if (errno == EEXIST) {
        return {EEXIST, false};
    }
    return {link(from.c_str(), to.c_str()) == 0 ? 0 : errno, false};
}

// Builds the new database under a temporary name and puts it in place, so
// a half-made file never appears and two first runs cannot clobber each other.
void create_database(const fs::path& path) {
    std::string temporary = path.string() + ".new-XXXXXX";
    const int fd = mkstemp(temporary.data()); // mode 0600, whatever the umask
    if (fd < 0) {
        const int error = errno;
        throw Error(fmt::format("cannot create {}: {}", path.string(), std::strerror(error)));
    }
    close(fd);
    try {
        SQLite::Database db(temporary, SQLite::OPEN_READWRITE);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA foreign_keys = OFF"); // see apply_migrations
        SQLite::Transaction transaction(db);
        apply_migrations(db, 0);
        transaction.commit();
    } catch (const std::exception&) {
        unlink(temporary.c_str());
        throw;
    }
    const Placing placing = put_in_place(temporary, path.string());
    if (!placing.moved) {
        unlink(temporary.c_str());
    }
    if (placing.error != 0 && placing.error != EEXIST) {
        throw Error(
            fmt::format("cannot create {}: {}", path.string(), std::strerror(placing.error)));
    }
}

void create_private_folders(const fs::path& folder) {
    if (folder.empty() || fs::exists(folder)) {
        return;
    }
    create_private_folders(folder.parent_path());
    if (mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
        throw Error(
            fmt::format("cannot create folder {}: {}", folder.string(), std::strerror(errno)));
    }
}

// Refuses what is not ours before anything is written to it.
int checked_schema_version(SQLite::Database& db, const fs::path& path) {
    int application_id = 0;
    int version = 0;
    try {
        application_id = db.execAndGet("PRAGMA application_id").getInt();
        version = db.execAndGet("PRAGMA user_version").getInt();
    } catch (const SQLite::Exception& e) {
        // SQLite could not read at all (a WAL database whose folder cannot
        // take its -shm): the caller tells that apart from a foreign file.
        if (e.getExtendedErrorCode() == SQLITE_READONLY_DIRECTORY ||
            e.getErrorCode() == SQLITE_CANTOPEN || e.getErrorCode() == SQLITE_FULL ||
            e.getErrorCode() == SQLITE_IOERR) {
            throw;
        }
        throw Error(fmt::format("{} is not a followup database; use --db to pick another file",
                                path.string()));
    }
    if (application_id != schema::application_id) {
        throw Error(fmt::format("{} is not a followup database; use --db to pick another file",
                                path.string()));
    }
    if (version > current_schema_version()) {
        throw Error(
            fmt::format("{} was written by a newer followup (schema {}, this one knows {}); "
                        "upgrade followup to use it",
                        path.string(), version, current_schema_version()));
    }
    return version;
}

// A copy being made beside its target: hidden and named ".partial", so a
// copy killed half-way is never mistaken for a whole one. The writer holds
// an flock(2) on it until the copy is put in place or removed, which
// tells an abandoned copy (its writer killed) from one still being written.
class TemporaryCopy {
public:
    explicit TemporaryCopy(const fs::path& target) {
        const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
        const std::string prefix = fmt::format(".{}.partial-", target.filename().string());
        remove_abandoned(folder, prefix);
        // Another run sweeping the folder may take the new file before it
        // is locked, and then remove it: such a file is given up for another.
        for (int attempt = 1;; ++attempt) {
            path_ = (folder / (prefix + "XXXXXX")).string();
            fd_ = mkostemp(path_.data(), O_CLOEXEC);
            if (fd_ < 0) {
                const int error = errno;
                throw Error(fmt::format("cannot copy the database to {}: {}", target.string(),
                                        std::strerror(error)));
            }
            if (flock(fd_, LOCK_EX | LOCK_NB) == 0) {
                if (names_this_file(path_, fd_)) {
                    break;
                }
            } else if (errno != EWOULDBLOCK) {
                break; // no flock here (some network file systems): copy unlocked
            }
            close(fd_);
            if (attempt == 16) {
                throw Error(fmt::format("cannot copy the database to {}: its temporary copy "
                                        "beside it keeps disappearing",
                                        target.string()));
            }
        }
    }
    TemporaryCopy(const TemporaryCopy&) = delete;
    TemporaryCopy& operator=(const TemporaryCopy&) = delete;
    ~TemporaryCopy() {
        if (!moved_) {
            unlink(path_.c_str());
        }
        close(fd_);
    }

    const std::string& path() const { return path_; }
    int fd() const { return fd_; }

    // The copy under its final name `to`: 0, or an errno (EEXIST: taken).
    int put_in_place_as(const std::string& to) {
        const Placing placing = put_in_place(path_, to);
        moved_ = placing.moved;
        return placing.error;
    }

private:
    // Copies left by killed writers, one of which can be as big as the
    // database: removed when the same target is tried again. Only regular
    // files with mkstemp's names whose lock nobody holds. Opened read-only
    // (and not blocking, should one be a FIFO): on NFS, where flock is a
    // POSIX lock that SQLite's own close of the copy would drop, a file
    // opened read-only cannot be locked exclusively, so nothing is removed
    // there rather than a copy still being written.
    static void remove_abandoned(const fs::path& folder, const std::string& prefix) {
        std::error_code error;
        for (fs::directory_iterator entry(folder, error), end; !error && entry != end;
             entry.increment(error)) {
            const std::string name = entry->path().filename().string();
            if (name.size() != prefix.size() + 6 || !name.starts_with(prefix)) {
                continue;
            }
            struct stat named {};
            if (lstat(entry->path().c_str(), &named) != 0 || !S_ISREG(named.st_mode)) {
                continue;
            }
            const int fd =
                ::open(entry->path().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0) {
                continue;
            }
            if (flock(fd, LOCK_EX | LOCK_NB) == 0 && names_this_file(entry->path(), fd)) {
                unlink(entry->path().c_str());
            }
            close(fd);
        }
        remove_orphaned_journals(folder, prefix);
    }

    // SQLite's -journal (or -wal, -shm) beside a copy, left when the writer
    // was killed mid-copy: removed once the copy it belongs to is gone (a
    // writer's copy exists from before its journal until after it).
    static void remove_orphaned_journals(const fs::path& folder, const std::string& prefix) {
        static constexpr std::array<std::string_view, 3> suffixes = {"-journal", "-wal", "-shm"};
        std::error_code error;
        for (fs::directory_iterator entry(folder, error), end; !error && entry != end;
             entry.increment(error)) {
            const std::string name = entry->path().filename().string();
            if (!name.starts_with(prefix) || name.size() <= prefix.size() + 6) {
                continue;
            }
            const std::string_view suffix = std::string_view(name).substr(prefix.size() + 6);
            if (std::find(suffixes.begin(), suffixes.end(), suffix) == suffixes.end()) {
                continue;
            }
            struct stat named {};
            struct stat copy {};
            const fs::path copy_path = folder / name.substr(0, prefix.size() + 6);
            if (lstat(entry->path().c_str(), &named) == 0 && S_ISREG(named.st_mode) &&
                lstat(copy_path.c_str(), &copy) != 0 && errno == ENOENT) {
                unlink(entry->path().c_str());
            }
        }
    }

    // Whether `path` still names the regular file open as `fd`.
    static bool names_this_file(const fs::path& path, int fd) {
        struct stat opened {};
        struct stat named {};
        return fstat(fd, &opened) == 0 && S_ISREG(opened.st_mode) &&
               lstat(path.c_str(), &named) == 0 && named.st_ino == opened.st_ino &&
               named.st_dev == opened.st_dev;
    }

    std::string path_;
    int fd_ = -1;
    bool moved_ = false;
};

// A consistent copy of the database through VACUUM INTO (which fills an
// empty file), private (0600 from mkostemp) whatever the umask, and on disk
// when this returns.
void copy_into(SQLite::Database& db, const TemporaryCopy& copy, const fs::path& target) {
    try {
        SQLite::Statement vacuum(db, "VACUUM INTO ?");
        vacuum.bind(1, copy.path());
        vacuum.exec();
    } catch (const SQLite::Exception& e) {
        throw Error(fmt::format("cannot copy the database to {}: {}", target.string(), e.what()));
    }
    if (fsync(copy.fd()) != 0) {
        const int error = errno;
        throw Error(fmt::format("cannot copy the database to {}: {}", target.string(),
                                std::strerror(error)));
    }
}

bool same_contents(const fs::path& a, const fs::path& b) {
    std::error_code error;
    if (fs::file_size(a, error) != fs::file_size(b, error) || error) {
        return false;
    }
    std::ifstream first(a, std::ios::binary);
    std::ifstream second(b, std::ios::binary);
    std::vector<char> one(1 << 16);
    std::vector<char> two(1 << 16);
    while (first && second) {
        first.read(one.data(), static_cast<std::streamsize>(one.size()));
        second.read(two.data(), static_cast<std::streamsize>(two.size()));
        if (first.gcount() != second.gcount() ||
            !std::equal(one.begin(), one.begin() + first.gcount(), two.begin())) {
            return false;
        }
    }
    return first.eof() && second.eof();
}

std::string backup_name(const fs::path& path, int version) {
    return fmt::format("{}.v{}-backup", path.string(), version);
}

// The copy made before migrating from `version`: DB.vN-backup, put in
// place whole. An attempt that failed and is tried again makes the same
// copy: that one is kept, not made again (DB.vN-backup.2 only holds
// different contents).

void back_up_before_migrating(SQLite::Database& db, const fs::path& path, int version) {
    const std::string base = backup_name(path, version);
    TemporaryCopy temporary(base);
    copy_into(db, temporary, base);
    for (int n = 1;; ++n) {
        const std::string candidate = n == 1 ? base : fmt::format("{}.{}", base, n);
        const int error = temporary.put_in_place_as(candidate);
        if (error == 0 || (error == EEXIST && same_contents(candidate, temporary.path()))) {
            return;
        }
        if (error != EEXIST) {
            throw Error(
                fmt::format("cannot copy the database to {}: {}", candidate, std::strerror(error)));
        }
    }
}

// "file:/a%20b/followup.db": a path as an SQLite URI.
std::string sqlite_uri(const fs::path& path) {
    std::string uri = "file:";
    for (const char c : fs::absolute(path).string()) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 ||
            std::string_view("/-._~").find(c) != std::string_view::npos) {
            uri += c;
        } else {
            uri += fmt::format("%{:02X}", static_cast<unsigned>(byte));
        }
    }
    return uri;
}

// Whether the file system holding `folder` has no room left for us.
bool disk_full(const fs::path& folder) {
    struct statvfs space {};
    return statvfs(folder.c_str(), &space) == 0 && space.f_bavail == 0;
}

// A WAL database in a folder where SQLite cannot create its -shm (a
// read-only folder, or a full disk): readable as an immutable file when no
// -wal holds pages beyond it; never writable. Throws a clear error for
// everything else.
std::unique_ptr<SQLite::Database> open_immutable(const fs::path& path, Access access,
                                                 const SQLite::Exception& failure) {
    const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    const bool read_only_folder = failure.getExtendedErrorCode() == SQLITE_READONLY_DIRECTORY;
    // SQLite says a full disk as SQLITE_FULL, or as an I/O error growing its -shm.
    const bool full =
        !read_only_folder &&
        (failure.getErrorCode() == SQLITE_FULL || failure.getErrorCode() == SQLITE_IOERR) &&
        disk_full(folder);
    if (!read_only_folder && !full) {
        throw Error(fmt::format("cannot read {}: {}", path.string(), failure.getErrorStr()));
    }
    if (access == Access::write) {
        throw Error(full ? fmt::format("cannot write to {}: the disk holding {} is full; free "
                                       "some space",
                                       path.string(), folder.string())
                         : fmt::format("cannot write to {}: its folder {} is read-only (SQLite "
                                       "needs to create {}-wal and -shm there)",
                                       path.string(), folder.string(), path.filename().string()));
    }
    std::error_code error;
    const std::string wal = path.string() + "-wal";
    if (fs::exists(wal, error) && (fs::file_size(wal, error) > 0 || error)) {
        throw Error(
            full ? fmt::format("cannot read {}: the disk holding it is full and {} holds changes "
                               "SQLite can only read with room for its -shm file; free some space",
                               path.string(), wal)
                 : fmt::format("cannot read {}: its folder is read-only and {} holds changes "
                               "SQLite can only read with a -shm file beside it; make the folder "
                               "writable",
                               path.string(), wal));
    }
    try {
        return std::make_unique<SQLite::Database>(
            sqlite_uri(path) + "?immutable=1",
            SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLite::OPEN_NOMUTEX, busy_timeout_ms);
    } catch (const SQLite::Exception& e) {
        throw Error(fmt::format("cannot open {}: {}", path.string(), e.getErrorStr()));
    }
}

// Ends the read transaction a Store opened for reading holds (a write's
// transaction is always closed by write() itself).
void end_read_transaction(SQLite::Database& db) noexcept {
    if (sqlite3_get_autocommit(db.getHandle()) == 0) {
        sqlite3_exec(db.getHandle(), "COMMIT", nullptr, nullptr, nullptr);
    }
}

// Before SQLite starts (it refuses once it has): followup runs one thread
// per process, so SQLite's mutexes and its count of allocated memory are
// waste: 7% of the instructions of a big import.
void configure_sqlite() {
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    }();
    (void)configured;
}

} // namespace

int current_schema_version() {
    return schema::migrations().back().version;
}

std::unique_ptr<SqliteStore> SqliteStore::open(const DatabaseLocation& location, Access access,
                                               StoreNotices notices) {
    configure_sqlite();
    const fs::path& path = location.path;
    std::error_code error;
    const auto status = fs::status(path, error);
    if (fs::is_directory(status)) {
        throw Error(fmt::format("{} is a folder, not a database file", path.string()));
    }
    // A symlink to nothing or a loop would read as an empty pipeline, and a
    // FIFO would hang every read: only a regular file (or a symlink to one).
    std::error_code link_error;
    if (fs::is_symlink(fs::symlink_status(path, link_error)) && !fs::exists(status)) {
        throw Error(fmt::format("{} is a symlink to nothing (or a loop); fix it or use --db to "
                                "pick another file",
                                path.string()));
    }
    if (fs::exists(status) && !fs::is_regular_file(status)) {
        throw Error(fmt::format("{} is not a regular file (a FIFO, socket or device); use --db "
                                "to pick another file",
                                path.string()));
    }
    if (!fs::exists(status)) {
        const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
        const bool folder_exists = fs::is_directory(folder);
        // A path the user named in a missing folder is a typo, for reads too:
        // a crontab with one must not mean "nothing due" forever.
        if (!folder_exists && location.named_by_user) {
            throw Error(fmt::format("folder {} does not exist; create it or fix the path",
                                    folder.string()));
        }
        if (access == Access::read) {
            return std::unique_ptr<SqliteStore>(new SqliteStore(nullptr));
        }
        if (!folder_exists) {
            create_private_folders(folder);
        }
        create_database(path);
    }
    // One thread per process: SQLite's own locking of the connection is waste.
    const int flags = (access == Access::write ? SQLite::OPEN_READWRITE : SQLite::OPEN_READONLY) |
                      SQLite::OPEN_NOMUTEX;
    // A reader that cannot write the file (another user's, in a shared
    // folder) must not leave a -wal and -shm it owns: the owner's next write
    // would find them read-only. With no changes waiting in a -wal, the file
    // alone is the whole database, read as immutable: no files created.
    std::error_code wal_error;
    const fs::path wal = path.string() + "-wal";
    const bool changes_in_wal =
        fs::exists(wal, wal_error) && (fs::file_size(wal, wal_error) > 0 || wal_error);
    bool immutable = access == Access::read && ::access(path.c_str(), W_OK) != 0 && !changes_in_wal;
    std::unique_ptr<SQLite::Database> db;
    try {
        db = immutable
                 ? std::make_unique<SQLite::Database>(sqlite_uri(path) + "?immutable=1",
                                                      flags | SQLite::OPEN_URI, busy_timeout_ms)
                 : std::make_unique<SQLite::Database>(path.string(), flags, busy_timeout_ms);
    } catch (const SQLite::Exception& e) {
        throw Error(fmt::format("cannot open {}: {}", path.string(), e.getErrorStr()));
    }
    int version = 0;
    try {
        version = checked_schema_version(*db, path);
    } catch (const SQLite::Exception& e) {
        if (immutable) {
            throw Error(fmt::format("cannot read {}: {}", path.string(), e.getErrorStr()));
        }
        db = open_immutable(path, access, e);
        immutable = true;
        version = checked_schema_version(*db, path);
    }
    const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    const bool writable =
        !immutable && ::access(path.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0;
    // Schema 1 lacks only indexes that schema 2 added: it reads as it is
    // where it cannot be upgraded (a read-only file or folder).
    const bool read_as_is = access == Access::read && !writable && version >= 1;
    if (version < current_schema_version() && !read_as_is) {
        if (!writable) {
            throw Error(fmt::format("{} has an older schema ({}) and cannot be upgraded while "
                                    "it or its folder is read-only; make {} writable",
                                    path.string(), version, folder.string()));
        }
        if (access == Access::read) {
            db = std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READWRITE,
                                                    busy_timeout_ms);
        }
        // Told before the copy, which takes as long as the upgrade or longer.
        if (notices.upgrading) {
            notices.upgrading(
                Upgrade{version, current_schema_version(), backup_name(path, version)});
        }
        // A copy of the old version first, in case the new one disappoints.
        back_up_before_migrating(*db, path, version);
        db->exec("PRAGMA foreign_keys = OFF"); // see apply_migrations
        SQLite::Transaction transaction(*db, SQLite::TransactionBehavior::IMMEDIATE);
        version = checked_schema_version(*db, path);
        apply_migrations(*db, version);
        transaction.commit();
    }
    db->exec("PRAGMA foreign_keys = ON");
    if (read_as_is && version < current_schema_version()) {
        // Read as it is: the columns later schemas added read as empty,
        // through temporary views that shadow the tables (temp is searched first).
        const std::string_view added_4_prospects =
            version < 4 ? ", '' AS address, '' AS social, '' AS referrer, NULL AS snoozed_on, "
                          "NULL AS snooze_until"
                        : "";
        const std::string_view added_4_touches = version < 4 ? ", NULL AS next_step_channel" : "";
        const std::string_view added_5_prospects =
            version < 5 ? ", NULL AS first_touch_time, NULL AS next_time" : "";
        const std::string_view added_5_touches =
            version < 5
                ? ", NULL AS next_step_time, NULL AS next_step_minutes, NULL AS next_step_uid"
                : "";
        const std::string_view added_6_touches = version < 6 ? ", NULL AS draft_variant" : "";
        db->exec(fmt::format("CREATE TEMP VIEW prospects AS SELECT *{}{}, 0 AS email_bouncing "
                             "FROM main.prospects",
                             added_4_prospects, added_5_prospects));
        db->exec(fmt::format("CREATE TEMP VIEW touches AS SELECT *{}{}{}, NULL AS message_id, "
                             "0 AS purpose_inferred FROM main.touches",
                             added_4_touches, added_5_touches, added_6_touches));
    }
    if (access == Access::write) {
        if (db->execAndGet("PRAGMA journal_mode").getString() != "wal") {
            // A copy from `followup backup` or a restored file is in rollback
            // mode, where a reader would block writers; followup's files use WAL.
            db->exec("PRAGMA journal_mode = WAL");
        }
        // Big writes (imports) stay in memory until they commit instead of
        // spilling pages to the WAL and reading them back. Reads keep the
        // small default: recycling pages is cheaper than faulting in new ones.
        db->exec("PRAGMA cache_size = -65536");
    } else {
        // One read transaction for the whole command: every query sees the
        // same snapshot, and SQLite takes its locks once, not per statement.
        db->exec("BEGIN DEFERRED");
    }
    auto store = std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
    store->notices_ = std::move(notices);
    return store;
}

void SqliteStore::backup_to(const fs::path& target) const {
    if (!db_) {
        throw Error("there is no database to back up yet");
    }
    std::error_code error;
    if (fs::exists(fs::symlink_status(target, error))) {
        throw Error(fmt::format("{} already exists; pick a new name", target.string()));
    }
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    if (!fs::is_directory(folder)) {
        throw Error(fmt::format("folder {} does not exist", folder.string()));
    }
    // VACUUM INTO makes its own consistent copy and refuses to run inside a
    // transaction, so the command's read snapshot ends here.
    end_read_transaction(*db_);
    TemporaryCopy temporary(target);
    copy_into(*db_, temporary, target);
    // A file that appeared meanwhile is never replaced.
    if (const int placing = temporary.put_in_place_as(target.string()); placing != 0) {
        throw Error(placing == EEXIST
                        ? fmt::format("{} already exists; pick a new name", target.string())
                        : fmt::format("cannot copy the database to {}: {}", target.string(),
                                      std::strerror(placing)));
    }
}

std::unique_ptr<SqliteStore> SqliteStore::open_in_memory() {
    configure_sqlite();
    auto db = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE);
    db->exec("PRAGMA foreign_keys = OFF"); // see apply_migrations
    apply_migrations(*db, 0);
    db->exec("PRAGMA foreign_keys = ON");
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
}

struct SqliteStore::Prepared {
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> by_sql;
    // Statements read through SQLite's C API: the touch reads of `due` and
    // `stats`, where SQLiteCpp's per-column objects cost more than SQLite.
    std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>> raw;
    // Whether add_prospect has checked the largest id (see there).
    bool largest_id_checked = false;
};

sqlite3_stmt* SqliteStore::raw_statement(const std::string& sql) const {
    auto found = prepared_->raw.find(sql);
    if (found == prepared_->raw.end()) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db_->getHandle(), sql.c_str(), -1, &statement, nullptr) !=
            SQLITE_OK) {
            sqlite3_finalize(statement);
            throw Error(
                fmt::format("cannot read the database: {}", sqlite3_errmsg(db_->getHandle())));
        }
        found = prepared_->raw
                    .emplace(sql, std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>(
                                      statement, sqlite3_finalize))
                    .first;
    }
    return found->second.get();
}

// A kept statement in use. Reset when done, so that no read snapshot outlives
// the query that took it (a snapshot held open would make a later BEGIN
// IMMEDIATE fail with SQLITE_BUSY_SNAPSHOT instead of waiting).
class SqliteStore::Query {
public:
    explicit Query(SQLite::Statement& statement) : statement_(statement) {}
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    ~Query() {
        // Bindings stay: every use binds all of a statement's parameters.
        statement_.tryReset();
    }
    SQLite::Statement& operator*() const { return statement_; }
    SQLite::Statement* operator->() const { return &statement_; }

private:
    SQLite::Statement& statement_;
};

SqliteStore::Query SqliteStore::query(std::string_view sql) const {
    auto& slot = prepared_->by_sql[std::string(sql)];
    if (!slot) {
        slot = std::make_unique<SQLite::Statement>(*db_, std::string(sql));
    }
    return Query(*slot);
}

SqliteStore::SqliteStore(std::unique_ptr<SQLite::Database> db)
    : db_(std::move(db)), prepared_(std::make_unique<Prepared>()) {}
SqliteStore::~SqliteStore() {
    prepared_.reset();
    if (db_) {
        end_read_transaction(*db_);
    }
}

bool SqliteStore::can(Capability capability) const {
    switch (capability) {
    case Capability::file_copy:
        return true;
    case Capability::owners:
        return false;
    }
    return false;
}

void SqliteStore::check_scope(const OwnerScope& scope) const {
    if (!whole_file(scope)) {
        throw Error(fmt::format("a database file has one owner, {}, so --owner takes only that "
                                "name (a team shares a PostgreSQL database: see `followup team "
                                "init`)",
                                local_user()));
    }
}

TeamInitReport SqliteStore::init_team() {
    throw Error("team init sets up a PostgreSQL team database; give --db postgresql://... (a "
                "database file has one owner and needs no setting up)");
}

void SqliteStore::set_owner(ProspectId, const std::string&) {
    throw Error(fmt::format("a database file has one owner, {}, so its prospects cannot be "
                            "assigned; a team shares a PostgreSQL database (see `followup team "
                            "init`)",
                            local_user()));
}

void SqliteStore::in_write_transaction(const std::function<void()>& work, Commit commit) {
    if (!db_) {
        throw Error("internal: write() on a database opened for reading");
    }
    try {
        SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
        work();
        if (commit == Commit::yes) {
            transaction.commit();
        }
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() == SQLITE_READONLY) {
            throw Error(fmt::format("cannot write to {}: it is read-only", db_->getFilename()));
        }
        throw Error(fmt::format("database error: {}", e.what()));
    }
}

std::optional<std::string> SqliteStore::fingerprint(std::string_view key) const {
    if (!db_) {
        return std::nullopt;
    }
    auto query = this->query("SELECT value FROM meta WHERE key = ?");
    query->bind(1, std::string(key));
    if (!query->executeStep()) {
        return std::nullopt;
    }
    return query->getColumn(0).getString();
}

void SqliteStore::save_fingerprint(std::string_view key, const std::string& value) {
    auto save = query("INSERT INTO meta (key, value) VALUES (?, ?) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    save->bind(1, std::string(key));
    save->bind(2, value);
    save->exec();
}

bool SqliteStore::keeps_standings() const {
    // A read-only file of schema 2 or older is read as it is: no standings.
    return db_ && db_->execAndGet("PRAGMA user_version").getInt() >= 3;
}

ProspectId SqliteStore::resolve(std::string_view query) const {
    if (query.empty()) {
        throw UsageError("PROSPECT is empty: give an id, a name or the start of one");
    }
    const auto no_match = [&] {
        return Error(fmt::format("no prospect matches '{}'; check the name or use the id", query));
    };
    if (!db_) {
        throw no_match();
    }
    if (auto id = parse_prospect_id(query)) {
        SQLite::Statement lookup(*db_, "SELECT 1 FROM prospects WHERE id = ?");
        lookup.bind(1, *id);
        if (lookup.executeStep()) {
            return *id;
        }
        throw Error(fmt::format("no prospect has id {}", *id));
    }
    // Exact names first (any number of them), then names as people type
    // them, then prefixes; open prospects before closed ones, so a closed
    // namesake does not make a name ambiguous unless nothing open matches.
    std::vector<Candidate> open;
    std::vector<Candidate> all;
    const auto collect = [&](SQLite::Statement& lookup) {
        while (lookup.executeStep()) {
            Candidate candidate{lookup.getColumn(0).getInt64(), lookup.getColumn(1).getString(),
                                lookup.getColumn(2).getString()};
            if (lookup.getColumn(3).getInt() != 0) {
                open.push_back(candidate);
            }
            all.push_back(std::move(candidate));
        }
    };
    SQLite::Statement exact(*db_, "SELECT id, name, company, outcome IS NULL FROM prospects "
                                  "WHERE name = ? COLLATE NOCASE ORDER BY id");
    exact.bind(1, std::string(query));
    collect(exact);
    if (all.empty()) {
        // No index holds names folded as people type them (accents dropped),
        // so the names are scanned: the open ones from their own index, all
        // of them only when no open name matches.
        const NameMatcher matcher(query);
        std::vector<ProspectId> any_case;
        std::vector<ProspectId> as_typed;
        std::vector<ProspectId> prefixed;
        for (const char* sql : {"SELECT id, name FROM prospects WHERE outcome IS NULL",
                                "SELECT id, name FROM prospects"}) {
            SQLite::Statement names(*db_, sql);
            while (names.executeStep()) {
                const SQLite::Column name = names.getColumn(1);
                const NameMatch match = matcher.match(
                    std::string_view(name.getText(), static_cast<std::size_t>(name.getBytes())));
                if (match == NameMatch::any_case) {
                    any_case.push_back(names.getColumn(0).getInt64());
                } else if (match == NameMatch::as_typed) {
                    as_typed.push_back(names.getColumn(0).getInt64());
                } else if (match == NameMatch::prefix) {
                    prefixed.push_back(names.getColumn(0).getInt64());
                }
            }
            if (!any_case.empty() || !as_typed.empty() || !prefixed.empty()) {
                break;
            }
        }
        std::vector<ProspectId>& winners = !any_case.empty()   ? any_case
                                           : !as_typed.empty() ? as_typed
                                                               : prefixed;
        std::sort(winners.begin(), winners.end());
        // Enough to list in an error; more would not help anyone choose.
        winners.resize(std::min<std::size_t>(winners.size(), 51));
        SQLite::Statement details(*db_, "SELECT id, name, company, outcome IS NULL FROM "
                                        "prospects WHERE id = ?");
        for (const ProspectId id : winners) {
            details.bind(1, id);
            collect(details);
            details.reset();
        }
    }
    Resolution resolution = choose_prospect(query, open);
    if (std::holds_alternative<NoMatch>(resolution)) {
        resolution = choose_prospect(query, all);
    }
    if (auto* id = std::get_if<ProspectId>(&resolution)) {
        return *id;
    }
    if (auto* ambiguous = std::get_if<Ambiguous>(&resolution)) {
        std::string listed;
        for (const Candidate& candidate : ambiguous->candidates) {
            listed += (listed.empty() ? "" : ", ") + describe(candidate);
        }
        throw Error(fmt::format("'{}' matches several prospects: {}; use the id", query, listed));
    }
    throw no_match();
}

namespace {

Prospect prospect_from_row(SQLite::Statement& query) {
    Prospect p;
    p.id = query.getColumn(0).getInt64();
    p.name = query.getColumn(1).getString();
    p.company = query.getColumn(2).getString();
    p.email = query.getColumn(3).getString();
    p.phone = query.getColumn(4).getString();
    if (!query.getColumn(5).isNull()) {
        p.preferred_channel = required_enum<Channel>(query.getColumn(5), parse_channel);
    }
    p.stage = required_enum<Stage>(query.getColumn(6), parse_stage);
    p.value = query.getColumn(7).getInt64();
    p.top_priority = query.getColumn(8).getString();
    p.cadence = query.getColumn(9).getString();
    p.created_on = required_date(query.getColumn(10));
    if (!query.getColumn(11).isNull()) {
        p.outcome = required_enum<Outcome>(query.getColumn(11), parse_outcome);
    }
    p.closed_on = optional_date(query.getColumn(12));
    p.cooling_since = optional_date(query.getColumn(13));
    p.cooling_until = optional_date(query.getColumn(14));
    p.notes = query.getColumn(15).getString();
    p.first_touch_on = optional_date(query.getColumn(16));
    p.close_note = query.getColumn(17).getString();
    p.address = query.getColumn(18).getString();
    p.social = query.getColumn(19).getString();
    p.referrer = query.getColumn(20).getString();
    p.snoozed_on = optional_date(query.getColumn(21));
    p.snooze_until = optional_date(query.getColumn(22));
    if (!query.getColumn(23).isNull()) {
        p.first_touch_at = parse_time_of_day(text_of(query.getColumn(23)));
        if (!p.first_touch_at) {
            throw Error(fmt::format("the database holds an invalid time in first_touch_time: '{}'",
                                    text_of(query.getColumn(23))));
        }
    }
    p.email_bouncing = query.getColumn(24).getInt() != 0;
    p.owner = local_user();
    return p;
}

constexpr std::string_view touch_columns =
    "id, prospect_id, on_date, direction, channel, purpose, note, next_step_on, out_of_office, "
    "away_until, next_step_channel, next_step_time, next_step_minutes, next_step_uid, "
    "draft_variant, message_id, purpose_inferred";
// The same columns with an empty note, no draft variant and no mail fields: all
// in touches_by_prospect.
constexpr std::string_view touch_columns_without_notes =
    "id, prospect_id, on_date, direction, channel, purpose, '', next_step_on, out_of_office, "
    "away_until, next_step_channel, next_step_time, next_step_minutes, next_step_uid, NULL, NULL, "
    "0";

std::string_view touch_columns_for(Notes notes) {
    return notes == Notes::read ? touch_columns : touch_columns_without_notes;
}

// A kept raw statement in use: stepped through SQLite's C API, reset when done.
class RawQuery {
public:
    RawQuery(SQLite::Database& db, sqlite3_stmt* prepared) : statement(prepared), db_(db) {}
    RawQuery(const RawQuery&) = delete;
    RawQuery& operator=(const RawQuery&) = delete;
    ~RawQuery() {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
    }
    // True while there is a row.
    bool step() {
        const int result = sqlite3_step(statement);
        if (result == SQLITE_ROW) {
            return true;
        }
        if (result == SQLITE_DONE) {
            return false;
        }
        throw Error(fmt::format("cannot read the database: {}", sqlite3_errmsg(db_.getHandle())));
    }

    // Runs a write; throws SQLite::Exception like SQLiteCpp's exec(), so that
    // callers and write() tell constraint and read-only failures apart.
    void exec() {
        const int result = sqlite3_step(statement);
        if (result != SQLITE_DONE) {
            throw SQLite::Exception(db_.getHandle(), result);
        }
    }
    // Text read in place, not copied (SQLite's copy is a malloc and a free
    // per value): `text` must live until the statement has stepped. The
    // bindings are cleared when this query ends, so none outlives its text.
    void bind_text(int index, std::string_view text) {
        check(sqlite3_bind_text(statement, index, text.data() ? text.data() : "",
                                static_cast<int>(text.size()), SQLITE_STATIC));
    }
    // The text, or NULL.
    template <typename Text>
    void bind_optional(int index, const std::optional<Text>& text) {
        if (text) {
            bind_text(index, *text);
        } else {
            bind_null(index);
        }
    }
    void bind_int(int index, std::int64_t value) {
        check(sqlite3_bind_int64(statement, index, value));
    }
    void bind_null(int index) { check(sqlite3_bind_null(statement, index)); }

    sqlite3_stmt* const statement;

private:
    void check(int result) const {
        if (result != SQLITE_OK) {
            throw SQLite::Exception(db_.getHandle(), result);
        }
    }

    SQLite::Database& db_;
};

std::string_view raw_text(sqlite3_stmt* row, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(row, column));
    return text
               ? std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(row, column)))
               : std::string_view();
}

Date raw_date(sqlite3_stmt* row, int column) {
    return stored_date(raw_text(row, column), sqlite3_column_name(row, column));
}

std::optional<Date> raw_optional_date(sqlite3_stmt* row, int column) {
    if (sqlite3_column_type(row, column) == SQLITE_NULL) {
        return std::nullopt;
    }
    return raw_date(row, column);
}

// A stored 'HH:MM', or empty for NULL.
std::optional<TimeOfDay> raw_optional_time(sqlite3_stmt* row, int column) {
    if (sqlite3_column_type(row, column) == SQLITE_NULL) {
        return std::nullopt;
    }
    auto time = parse_time_of_day(raw_text(row, column));
    if (!time) {
        throw Error(fmt::format("the database holds an invalid time in {}: '{}'",
                                sqlite3_column_name(row, column), raw_text(row, column)));
    }
    return time;
}

template <typename Enum>
Enum raw_enum(sqlite3_stmt* row, int column, std::optional<Enum> (*parse)(std::string_view)) {
    return stored_enum(raw_text(row, column), sqlite3_column_name(row, column), parse);
}

// A touch from a row with the columns of touch_columns, through the C API.
Touch touch_from_raw(sqlite3_stmt* row) {
    Touch touch;
    touch.id = sqlite3_column_int64(row, 0);
    touch.prospect_id = sqlite3_column_int64(row, 1);
    touch.on = raw_date(row, 2);
    touch.direction = raw_enum<Direction>(row, 3, parse_direction);
    touch.channel = raw_enum<Channel>(row, 4, parse_channel);
    if (sqlite3_column_type(row, 5) != SQLITE_NULL) {
        touch.purpose = raw_enum<Purpose>(row, 5, parse_purpose);
    }
    touch.note = std::string(raw_text(row, 6));
    touch.next_step_on = raw_optional_date(row, 7);
    touch.out_of_office = sqlite3_column_int64(row, 8) != 0;
    touch.away_until = raw_optional_date(row, 9);
    if (sqlite3_column_type(row, 10) != SQLITE_NULL) {
        touch.next_step_channel = raw_enum<Channel>(row, 10, parse_channel);
    }
    touch.next_step_time = raw_optional_time(row, 11);
    touch.next_step_minutes = static_cast<int>(sqlite3_column_int64(row, 12));
    touch.next_step_uid = std::string(raw_text(row, 13));
    if (sqlite3_column_type(row, 14) != SQLITE_NULL) {
        touch.draft_variant = static_cast<int>(sqlite3_column_int64(row, 14));
    }
    touch.message_id = std::string(raw_text(row, 15));
    touch.purpose_inferred = sqlite3_column_int64(row, 16) != 0;
    return touch;
}

} // namespace

Prospect SqliteStore::prospect(ProspectId id, Tags tags) const {
    static const std::string by_id =
        fmt::format("SELECT {} FROM prospects WHERE id = ?", prospect_columns);
    Prospect p;
    {
        auto row = query(by_id);
        row->bind(1, id);
        if (!row->executeStep()) {
            throw Error(fmt::format("no prospect has id {}", id));
        }
        p = prospect_from_row(*row);
    }
    if (tags == Tags::skip) {
        return p;
    }
    auto rows = query("SELECT tag FROM tags WHERE prospect_id = ? ORDER BY tag");
    rows->bind(1, id);
    while (rows->executeStep()) {
        p.tags.push_back(rows->getColumn(0).getString());
    }
    return p;
}

std::vector<Touch> SqliteStore::touches(ProspectId id, Notes notes) const {
    std::vector<Touch> result;
    if (!db_) {
        return result;
    }
    static const std::string with_notes = fmt::format(
        "SELECT {} FROM touches WHERE prospect_id = ? ORDER BY on_date, id", touch_columns);
    static const std::string without_notes =
        fmt::format("SELECT {} FROM touches WHERE prospect_id = ? ORDER BY on_date, id",
                    touch_columns_without_notes);
    RawQuery rows(*db_, raw_statement(notes == Notes::read ? with_notes : without_notes));
    sqlite3_bind_int64(rows.statement, 1, id);
    while (rows.step()) {
        result.push_back(touch_from_raw(rows.statement));
    }
    return result;
}

void SqliteStore::for_each_history(
    const std::function<void(const Prospect&, std::span<const Touch>)>& visit, Notes notes,
    const OwnerScope& scope) const {
    if (!db_ || !whole_file(scope)) {
        return;
    }
    SQLite::Statement prospects(
        *db_, fmt::format("SELECT {} FROM prospects ORDER BY id", prospect_columns));
    SQLite::Statement tags(*db_, "SELECT prospect_id, tag FROM tags ORDER BY prospect_id, tag");
    RawQuery touch_rows(*db_, raw_statement(fmt::format("SELECT {} FROM touches ORDER BY "
                                                        "prospect_id, on_date, id",
                                                        touch_columns_for(notes))));
    bool more_tags = tags.executeStep();
    bool more_touches = touch_rows.step();
    std::vector<Touch> history;
    while (prospects.executeStep()) {
        Prospect p = prospect_from_row(prospects);
        while (more_tags && tags.getColumn(0).getInt64() <= p.id) {
            if (tags.getColumn(0).getInt64() == p.id) {
                p.tags.push_back(tags.getColumn(1).getString());
            }
            more_tags = tags.executeStep();
        }
        history.clear();
        while (more_touches && sqlite3_column_int64(touch_rows.statement, 1) <= p.id) {
            if (sqlite3_column_int64(touch_rows.statement, 1) == p.id) {
                history.push_back(touch_from_raw(touch_rows.statement));
            }
            more_touches = touch_rows.step();
        }
        visit(p, history);
    }
}

void SqliteStore::for_each_history_of(std::span<const ProspectId> ids, const HistoryVisitor& visit,
                                      Notes notes) const {
    if (!db_) {
        return;
    }
    // In-process, a prospect's rows are a few index descents away: one
    // lookup each costs less than merging scans of every table.
    std::vector<ProspectId> sorted(ids.begin(), ids.end());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    static const std::string exists_sql = "SELECT 1 FROM prospects WHERE id = ?";
    for (const ProspectId id : sorted) {
        {
            auto known = query(exists_sql);
            known->bind(1, id);
            if (!known->executeStep()) {
                continue;
            }
        }
        const Prospect p = prospect(id, Tags::read);
        const std::vector<Touch> history = touches(id, notes);
        visit(p, history);
    }
}

namespace {

// The standing columns, in the order standing_from_raw() reads them.
constexpr std::string_view standing_columns =
    "next_on, next_reason, last_touch_on, last_reply_on, breakup_ready, nurture_from, "
    "next_channel, next_purpose, next_time";

Standing standing_from_raw(sqlite3_stmt* row, int first) {
    Standing standing;
    if (sqlite3_column_type(row, first) != SQLITE_NULL) {
        standing.next =
            NextAction{raw_date(row, first), raw_enum<Reason>(row, first + 1, parse_reason)};
    }
    standing.last_touch = raw_optional_date(row, first + 2);
    standing.last_reply = raw_optional_date(row, first + 3);
    standing.breakup_ready = sqlite3_column_int64(row, first + 4) != 0;
    standing.nurture_from = raw_optional_date(row, first + 5);
    if (sqlite3_column_type(row, first + 6) != SQLITE_NULL) {
        standing.channel = raw_enum<Channel>(row, first + 6, parse_channel);
    }
    if (sqlite3_column_type(row, first + 7) != SQLITE_NULL) {
        standing.purpose = raw_enum<Purpose>(row, first + 7, parse_purpose);
    }
    standing.next_at = raw_optional_time(row, first + 8);
    return standing;
}

// The prospect fields `due` and `stats` use besides the standing, in the
// order stored_prospect_from_raw() reads them.
constexpr std::string_view stored_prospect_columns =
    "id, name, company, stage, value, top_priority, outcome, cooling_until";

StoredProspect stored_prospect_from_raw(sqlite3_stmt* row) {
    StoredProspect stored;
    Prospect& p = stored.prospect;
    p.id = sqlite3_column_int64(row, 0);
    p.name = std::string(raw_text(row, 1));
    p.company = std::string(raw_text(row, 2));
    p.stage = raw_enum<Stage>(row, 3, parse_stage);
    p.value = sqlite3_column_int64(row, 4);
    p.top_priority = std::string(raw_text(row, 5));
    if (sqlite3_column_type(row, 6) != SQLITE_NULL) {
        p.outcome = raw_enum<Outcome>(row, 6, parse_outcome);
    }
    p.cooling_until = raw_optional_date(row, 7);
    stored.standing = standing_from_raw(row, 8);
    return stored;
}

} // namespace

std::size_t SqliteStore::due_standings(Date through,
                                       const std::function<void(StoredProspect&&)>& visit,
                                       const OwnerScope& scope) const {
    if (!db_ || !whole_file(scope)) {
        return 0;
    }
    static const std::string sql =
        fmt::format("SELECT {}, {} FROM prospects WHERE next_on <= ? AND outcome IS NULL "
                    "ORDER BY next_on, id",
                    stored_prospect_columns, standing_columns);
    const std::string through_text = through.iso(); // bound in place: outlives the query
    RawQuery rows(*db_, raw_statement(sql));
    sqlite3_bind_text(rows.statement, 1, through_text.c_str(),
                      static_cast<int>(through_text.size()), SQLITE_STATIC);
    std::size_t count = 0;
    while (rows.step()) {
        visit(stored_prospect_from_raw(rows.statement));
        ++count;
    }
    return count;
}

std::size_t SqliteStore::count_due_through(Date through, const OwnerScope& scope) const {
    if (!db_ || !whole_file(scope)) {
        return 0;
    }
    // From the index alone: closed prospects have no next action.
    auto count = query("SELECT count(*) FROM prospects WHERE next_on <= ?");
    count->bind(1, through.iso());
    count->executeStep();
    return static_cast<std::size_t>(count->getColumn(0).getInt64());
}

void SqliteStore::for_each_standing(const std::function<void(const StoredProspect&)>& visit,
                                    const OwnerScope& scope) const {
    if (!db_ || !whole_file(scope)) {
        return;
    }
    // The same columns less the text nobody counts.
    static const std::string sql = fmt::format(
        "SELECT id, '', '', stage, value, '', outcome, cooling_until, {} FROM prospects",
        standing_columns);
    RawQuery rows(*db_, raw_statement(sql));
    while (rows.step()) {
        visit(stored_prospect_from_raw(rows.statement));
    }
}

void SqliteStore::for_each_tally(const std::function<void(const TouchTally&)>& visit,
                                 const OwnerScope& scope) const {
    if (!db_ || !whole_file(scope)) {
        return;
    }
    RawQuery rows(*db_, raw_statement("SELECT on_date, direction, channel, purpose, out_of_office, "
                                      "touches, answered, with_next_step FROM touch_tally "
                                      "WHERE touches > 0"));
    while (rows.step()) {
        sqlite3_stmt* row = rows.statement;
        TouchTally tally;
        tally.on = raw_date(row, 0);
        tally.direction = raw_enum<Direction>(row, 1, parse_direction);
        tally.channel = raw_enum<Channel>(row, 2, parse_channel);
        if (!raw_text(row, 3).empty()) {
            tally.purpose = raw_enum<Purpose>(row, 3, parse_purpose);
        }
        tally.out_of_office = sqlite3_column_int64(row, 4) != 0;
        tally.touches = sqlite3_column_int(row, 5);
        tally.answered = sqlite3_column_int(row, 6);
        tally.with_next_step = sqlite3_column_int(row, 7);
        visit(tally);
    }
}

namespace {

// PRODUCT.md: a second prospect with the same name and company is refused.
// `self` is the prospect being edited (none when adding one).
constexpr std::string_view namesake_sql = "SELECT id, name, company FROM prospects WHERE "
                                          "name = ? COLLATE NOCASE AND company = ? COLLATE "
                                          "NOCASE AND id <> ?";

void refuse_namesake(SQLite::Statement& namesake, const Prospect& p, ProspectId self) {
    namesake.bind(1, p.name);
    namesake.bind(2, p.company);
    namesake.bind(3, self);
    if (namesake.executeStep()) {
        throw Error(fmt::format(
            "{} already exists; give the prospect another name or company",
            describe({namesake.getColumn(0).getInt64(), namesake.getColumn(1).getString(),
                      namesake.getColumn(2).getString()})));
    }
}

const std::string insert_tag_sql = "INSERT OR IGNORE INTO tags (prospect_id, tag) VALUES (?, ?)";

void insert_tags(SQLite::Database& db, sqlite3_stmt* statement, ProspectId id,
                 const std::vector<std::string>& tags) {
    for (const std::string& tag : tags) {
        RawQuery insert(db, statement);
        insert.bind_int(1, id);
        insert.bind_text(2, tag);
        insert.exec();
    }
}

std::vector<ProspectId> ids_of(SQLite::Statement& query) {
    std::vector<ProspectId> ids;
    while (query.executeStep()) {
        ids.push_back(query.getColumn(0).getInt64());
    }
    return ids;
}

} // namespace

std::vector<ProspectId> SqliteStore::due_through(Date through, const OwnerScope& scope) const {
    if (!db_ || !whole_file(scope)) {
        return {};
    }
    SQLite::Statement query(*db_, "SELECT id FROM prospects WHERE next_on <= ? AND outcome IS NULL "
                                  "ORDER BY next_on, id");
    query.bind(1, through.iso());
    return ids_of(query);
}

std::vector<ProspectId> SqliteStore::open_prospects(const OwnerScope& scope) const {
    if (!db_ || !whole_file(scope)) {
        return {};
    }
    SQLite::Statement query(*db_, "SELECT id FROM prospects WHERE outcome IS NULL ORDER BY id");
    return ids_of(query);
}

std::vector<ProspectId> SqliteStore::all_prospects(const OwnerScope& scope) const {
    if (!db_ || !whole_file(scope)) {
        return {};
    }
    SQLite::Statement query(*db_, "SELECT id FROM prospects ORDER BY id");
    return ids_of(query);
}

namespace {

using listing::among_sql;
using listing::DistinctNames;

} // namespace

void SqliteStore::prospect_names(std::string_view prefix, Among among,
                                 const std::function<void(const std::string&)>& visit) const {
    if (!db_) {
        return;
    }
    const auto ascii = std::find_if(prefix.begin(), prefix.end(),
                                    [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    const std::string from(prefix.begin(), ascii);
    if (among == Among::open) {
        // The index of open prospects' names holds all this needs, in order.
        // (No INDEXED BY: a schema 1 file read as it is has no such index.)
        auto query = this->query("SELECT name FROM prospects WHERE outcome IS NULL AND "
                                 "name >= ?1 COLLATE NOCASE AND name < ?2 COLLATE NOCASE "
                                 "ORDER BY name COLLATE NOCASE");
        query->bind(1, from);
        query->bind(2, from + '\xff');
        DistinctNames distinct;
        while (query->executeStep()) {
            std::string name = query->getColumn(0).getString();
            if (distinct.first_time(name)) {
                visit(name);
            }
        }
        return;
    }
    if (from.empty() && among != Among::all) {
        // Every name and each one's outcome: one pass over the table reads
        // fewer pages than the name index with a row lookup for each entry.
        SQLite::Statement query(*db_, fmt::format("SELECT name FROM prospects NOT INDEXED "
                                                  "WHERE 1{}",
                                                  among_sql(among)));
        std::unordered_set<std::string> seen;
        while (query.executeStep()) {
            std::string name = query.getColumn(0).getString();
            if (seen.insert(name).second) {
                visit(name);
            }
        }
        return;
    }
    // The name index (NOCASE) in order, from the prefix to the prefix
    // followed by 0xFF, a byte no UTF-8 text holds; equal names are neighbours.
    SQLite::Statement query(*db_, fmt::format("SELECT name FROM prospects INDEXED BY "
                                              "prospects_identity WHERE name >= ?1 COLLATE "
                                              "NOCASE AND name < ?2 COLLATE NOCASE{} "
                                              "ORDER BY name COLLATE NOCASE",
                                              among_sql(among)));
    query.bind(1, from);
    query.bind(2, from + '\xff');
    DistinctNames distinct;
    while (query.executeStep()) {
        std::string name = query.getColumn(0).getString();
        if (distinct.first_time(name)) {
            visit(name);
        }
    }
}

void SqliteStore::prospect_ids(
    std::string_view digits, Among among,
    const std::function<void(ProspectId, const std::string&, const std::string&)>& visit) const {
    if (!db_ || digits.empty() || digits.size() > 18 || digits.front() == '0' ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return;
    }
    const std::int64_t largest =
        db_->execAndGet("SELECT coalesce(max(id), 0) FROM prospects").getInt64();
    SQLite::Statement query(*db_, fmt::format("SELECT id, name, company FROM prospects WHERE id "
                                              "BETWEEN ?1 AND ?2{} ORDER BY id",
                                              among_sql(among)));
    // 12 stands for 12, 120-129, 1200-1299, ... up to the largest id.
    std::int64_t low = std::stoll(std::string(digits));
    std::int64_t span = 1;
    while (low <= largest) {
        query.bind(1, low);
        query.bind(2, low + std::min(largest - low, span - 1));
        while (query.executeStep()) {
            visit(query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                  query.getColumn(2).getString());
        }
        query.reset();
        if (low > largest / 10) {
            break;
        }
        low *= 10;
        span *= 10;
    }
}

std::vector<ProspectId> SqliteStore::cooling_prospects(const OwnerScope& scope) const {
    if (!db_ || !whole_file(scope)) {
        return {};
    }
    SQLite::Statement query(*db_, "SELECT id FROM prospects WHERE cooling_until IS NOT NULL "
                                  "AND outcome IS NULL ORDER BY cooling_until, id");
    return ids_of(query);
}

std::vector<ProspectId> SqliteStore::with_next_reason(std::span<const Reason> reasons,
                                                      const OwnerScope& scope) const {
    if (!db_ || !whole_file(scope)) {
        return {};
    }
    std::string placeholders;
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        placeholders += i == 0 ? "?" : ", ?";
    }
    SQLite::Statement query(*db_, fmt::format("SELECT id FROM prospects WHERE next_reason IN ({}) "
                                              "AND outcome IS NULL ORDER BY next_on, id",
                                              placeholders));
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        query.bind(static_cast<int>(i + 1), std::string(to_string(reasons[i])));
    }
    return ids_of(query);
}

namespace {

// When touches are logged: the clock read once per process (an import's
// touches are all logged "now"), not a strftime() in SQL per row.
const std::string& logged_now() {
    static const std::string stamp = [] {
        const std::time_t now = std::time(nullptr);
        std::tm utc{};
        gmtime_r(&now, &utc);
        std::array<char, 32> text{};
        std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
        return std::string(text.data());
    }();
    return stamp;
}

std::optional<std::string> optional_iso(std::optional<Date> date) {
    return date ? std::optional(date->iso()) : std::nullopt;
}

template <typename Enum>
std::optional<std::string_view> optional_token(std::optional<Enum> value) {
    return value ? std::optional(to_string(*value)) : std::nullopt;
}

// An add after `top`, the largest id in the database, would give an id
// log, show and rm cannot address (or, at 2^63 - 1, one SQLite picks at random).
[[noreturn]] void refuse_past_largest_id(ProspectId top) {
    if (top == max_prospect_id) {
        throw Error(fmt::format("prospect #{} holds the largest id followup can address, so no "
                                "prospect can be added after it; `followup rm {}` and add it again",
                                top, top));
    }
    // Only an import by an older followup wrote such ids.
    throw Error(fmt::format("prospect #{} has an id past the largest followup can address ({}), "
                            "so no prospect can be added after it; export, and import with "
                            "--skip-bad into a new database",
                            top, max_prospect_id));
}

} // namespace

ProspectId SqliteStore::add_prospect(const Prospect& p, const Standing& standing) {
    bool id_taken = false;
    if (p.id > 0) {
        auto taken = query("SELECT 1 FROM prospects WHERE id = ?");
        taken->bind(1, p.id);
        id_taken = taken->executeStep();
    }
    // The text of every date, alive until the insert has run.
    const std::string created = p.created_on.iso();
    const auto first_touch = optional_iso(p.first_touch_on);
    const auto closed_on = optional_iso(p.closed_on);
    const auto cooling_since = optional_iso(p.cooling_since);
    const auto cooling_until = optional_iso(p.cooling_until);
    const auto next_on =
        optional_iso(standing.next ? std::optional(standing.next->due_on) : std::nullopt);
    const auto last_touch = optional_iso(standing.last_touch);
    const auto last_reply = optional_iso(standing.last_reply);
    const auto nurture_from = optional_iso(standing.nurture_from);
    const auto snoozed_on = optional_iso(p.snoozed_on);
    const auto snooze_until = optional_iso(p.snooze_until);
    const std::optional<std::string> next_time =
        standing.next_at ? std::optional(standing.next_at->text()) : std::nullopt;
    // Bound by position, text in place: an import inserts one per row, and
    // binding by name and copying each value was a quarter of that.
    RawQuery insert(
        *db_, raw_statement(
                  "INSERT INTO prospects (id, name, company, email, phone, preferred_channel, "
                  "stage, value, top_priority, cadence, notes, created_on, first_touch_on, "
                  "outcome, closed_on, close_note, cooling_since, cooling_until, next_on, "
                  "next_reason, last_touch_on, last_reply_on, breakup_ready, nurture_from, "
                  "next_channel, next_purpose, address, social, referrer, snoozed_on, "
                  "snooze_until, next_time, first_touch_time, email_bouncing) VALUES (?, ?, ?, "
                  "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "?, ?, ?, ?, ?)"));
    const bool given_id = p.id > 0 && !id_taken;
    if (given_id) {
        insert.bind_int(1, p.id);
    } else {
        // SQLite gives the next id after the largest, and at 2^63 - 1 picks
        // one at random. The largest is checked once per Store; after that
        // every id SQLite gives is checked below, so none reaches 2^63 - 1.
        if (!prepared_->largest_id_checked) {
            auto largest = query("SELECT max(id) FROM prospects");
            const ProspectId top = largest->executeStep() ? largest->getColumn(0).getInt64() : 0;
            if (top >= max_prospect_id) {
                refuse_past_largest_id(top);
            }
            prepared_->largest_id_checked = true;
        }
        insert.bind_null(1);
    }
    insert.bind_text(2, p.name);
    insert.bind_text(3, p.company);
    insert.bind_text(4, p.email);
    insert.bind_text(5, p.phone);
    insert.bind_optional(6, optional_token(p.preferred_channel));
    insert.bind_text(7, to_string(p.stage));
    insert.bind_int(8, p.value);
    insert.bind_text(9, p.top_priority);
    insert.bind_text(10, p.cadence);
    insert.bind_text(11, p.notes);
    insert.bind_text(12, created);
    insert.bind_optional(13, first_touch);
    insert.bind_optional(14, optional_token(p.outcome));
    insert.bind_optional(15, closed_on);
    insert.bind_text(16, p.close_note);
    insert.bind_optional(17, cooling_since);
    insert.bind_optional(18, cooling_until);
    insert.bind_optional(19, next_on);
    insert.bind_optional(
        20, optional_token(standing.next ? std::optional(standing.next->reason) : std::nullopt));
    insert.bind_optional(21, last_touch);
    insert.bind_optional(22, last_reply);
    insert.bind_int(23, standing.breakup_ready ? 1 : 0);
    insert.bind_optional(24, nurture_from);
    insert.bind_optional(25, optional_token(standing.channel));
    insert.bind_optional(26, optional_token(standing.purpose));
    insert.bind_text(27, p.address);
    insert.bind_text(28, p.social);
    insert.bind_text(29, p.referrer);
    insert.bind_optional(30, snoozed_on);
    insert.bind_optional(31, snooze_until);
    insert.bind_optional(32, next_time);
    const std::optional<std::string> first_touch_time =
        p.first_touch_at ? std::optional(p.first_touch_at->text()) : std::nullopt;
    insert.bind_optional(33, first_touch_time);
    insert.bind_int(34, p.email_bouncing ? 1 : 0);
    try {
        insert.exec();
    } catch (const SQLite::Exception& e) {
        // prospects_identity refused a namesake: say which prospect it is.
        if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE) {
            refuse_namesake(*query(namesake_sql), p, 0);
        }
        throw;
    }
    const ProspectId id = db_->getLastInsertRowid();
    if (!given_id && id > max_prospect_id) {
        refuse_past_largest_id(id - 1); // the write's transaction takes the row back
    }
    insert_tags(*db_, raw_statement(insert_tag_sql), id, p.tags);
    return id;
}

std::int64_t SqliteStore::add_touch(const Touch& t, Placement placement) {
    {
        const std::string on = t.on.iso();
        const auto next_step = optional_iso(t.next_step_on);
        const auto away = optional_iso(t.away_until);
        // A conversation is an attempt answered on the spot.
        const bool answered = t.direction == Direction::both;
        RawQuery insert(*db_, raw_statement("INSERT INTO touches (prospect_id, on_date, "
                                            "direction, channel, purpose, note, next_step_on, "
                                            "out_of_office, away_until, logged_at, answered, "
                                            "next_step_channel, next_step_time, "
                                            "next_step_minutes, next_step_uid, draft_variant, "
                                            "message_id, purpose_inferred) VALUES (?, ?, ?, ?, "
                                            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        insert.bind_int(1, t.prospect_id);
        insert.bind_text(2, on);
        insert.bind_text(3, to_string(t.direction));
        insert.bind_text(4, to_string(t.channel));
        insert.bind_optional(5, optional_token(t.purpose));
        insert.bind_text(6, t.note);
        insert.bind_optional(7, next_step);
        insert.bind_int(8, t.out_of_office ? 1 : 0);
        insert.bind_optional(9, away);
        insert.bind_text(10, logged_now());
        insert.bind_int(11, answered ? 1 : 0);
        insert.bind_optional(12, optional_token(t.next_step_channel));
        const std::optional<std::string> next_time =
            t.next_step_time ? std::optional(t.next_step_time->text()) : std::nullopt;
        insert.bind_optional(13, next_time);
        if (t.next_step_time) {
            insert.bind_int(14, t.next_step_minutes);
        } else {
            insert.bind_null(14);
        }
        if (t.next_step_uid.empty()) {
            insert.bind_null(15);
        } else {
            insert.bind_text(15, t.next_step_uid);
        }
        if (t.draft_variant) {
            insert.bind_int(16, *t.draft_variant);
        } else {
            insert.bind_null(16);
        }
        if (t.message_id.empty()) {
            insert.bind_null(17);
        } else {
            insert.bind_text(17, t.message_id);
        }
        insert.bind_int(18, t.purpose_inferred ? 1 : 0);
        insert.exec();
        // Counted here rather than by a trigger (see schema.cpp, version 3).
        RawQuery count(
            *db_, raw_statement("INSERT INTO touch_tally VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON "
                                "CONFLICT DO UPDATE SET touches = touches + 1, answered = answered "
                                "+ excluded.answered, with_next_step = with_next_step + "
                                "excluded.with_next_step"));
        count.bind_text(1, on);
        count.bind_text(2, to_string(t.direction));
        count.bind_text(3, to_string(t.channel));
        count.bind_text(4, t.purpose ? to_string(*t.purpose) : std::string_view());
        count.bind_int(5, t.out_of_office ? 1 : 0);
        count.bind_int(6, answered ? 1 : 0);
        count.bind_int(7, t.next_step_on ? 1 : 0);
        count.exec();
    }
    const std::int64_t id = db_->getLastInsertRowid();
    // An out-of-office reply is skipped over: it answers nothing and leaves
    // every pair of touches as it was.
    if (t.direction == Direction::in && t.out_of_office) {
        return id;
    }
    const auto logged_before_later_ones = [&] {
        auto later = query("SELECT 1 FROM touches WHERE prospect_id = ? AND on_date > ? LIMIT 1");
        later->bind(1, t.prospect_id);
        later->bind(2, t.on.iso());
        return later->executeStep();
    };
    if (placement == Placement::anywhere && logged_before_later_ones()) {
        // Logged into the middle of the history: pairs on either side change.
        refresh_answered(t.prospect_id);
    } else if (t.direction == Direction::in) {
        auto answer = query(
            "UPDATE touches SET answered = 1 WHERE direction = 'out' AND id = (SELECT id FROM "
            "touches WHERE prospect_id = ?1 AND id <> ?2 AND (direction = 'out' OR "
            "out_of_office = 0) ORDER BY on_date DESC, id DESC LIMIT 1)");
        answer->bind(1, t.prospect_id);
        answer->bind(2, id);
        answer->exec();
    }
    return id;
}

void SqliteStore::refresh_answered(ProspectId id) {
    auto update =
        query("UPDATE touches SET answered = later.replied FROM (SELECT id, direction = 'both' OR "
              "(direction = 'out' AND lead(direction) OVER (ORDER BY on_date, id) IS 'in') AS "
              "replied FROM touches WHERE prospect_id = ? AND (direction <> 'in' OR "
              "out_of_office = 0)) AS later WHERE touches.id = later.id AND touches.answered <> "
              "later.replied");
    update->bind(1, id);
    update->exec();
}

void SqliteStore::set_stage(ProspectId id, Stage stage) {
    SQLite::Statement update(*db_, "UPDATE prospects SET stage = ? WHERE id = ?");
    update.bind(1, std::string(to_string(stage)));
    update.bind(2, id);
    update.exec();
}

void SqliteStore::update_prospect(const Prospect& p) {
    refuse_namesake(*query(namesake_sql), p, p.id);
    SQLite::Statement update(
        *db_, "UPDATE prospects SET name = :name, company = :company, email = :email, "
              "phone = :phone, preferred_channel = :channel, stage = :stage, value = :value, "
              "top_priority = :priority, cadence = :cadence, notes = :notes, address = :address, "
              "social = :social, referrer = :referrer, email_bouncing = :bouncing WHERE id = :id");
    update.bind(":name", p.name);
    update.bind(":company", p.company);
    update.bind(":email", p.email);
    update.bind(":phone", p.phone);
    if (p.preferred_channel) {
        update.bind(":channel", std::string(to_string(*p.preferred_channel)));
    } else {
        update.bind(":channel");
    }
    update.bind(":stage", std::string(to_string(p.stage)));
    update.bind(":value", p.value);
    update.bind(":priority", p.top_priority);
    update.bind(":cadence", p.cadence);
    update.bind(":notes", p.notes);
    update.bind(":address", p.address);
    update.bind(":social", p.social);
    update.bind(":referrer", p.referrer);
    update.bind(":bouncing", p.email_bouncing ? 1 : 0);
    update.bind(":id", p.id);
    update.exec();
    SQLite::Statement clear(*db_, "DELETE FROM tags WHERE prospect_id = ?");
    clear.bind(1, p.id);
    clear.exec();
    insert_tags(*db_, raw_statement(insert_tag_sql), p.id, p.tags);
}

void SqliteStore::set_outcome(ProspectId id, std::optional<Outcome> outcome, std::optional<Date> on,
                              const std::string& note) {
    SQLite::Statement update(*db_, "UPDATE prospects SET outcome = :outcome, closed_on = :on, "
                                   "close_note = :note WHERE id = :id");
    if (outcome) {
        update.bind(":outcome", std::string(to_string(*outcome)));
    } else {
        update.bind(":outcome");
    }
    bind_optional_date(update, ":on", on);
    update.bind(":note", note);
    update.bind(":id", id);
    update.exec();
}

void SqliteStore::delete_prospect(ProspectId id) {
    SQLite::Statement remove(*db_, "DELETE FROM prospects WHERE id = ?");
    remove.bind(1, id);
    remove.exec();
}

std::optional<ProspectId> SqliteStore::delete_touch(std::int64_t touch_id) {
    SQLite::Statement owner(*db_, "SELECT prospect_id FROM touches WHERE id = ?");
    owner.bind(1, touch_id);
    if (!owner.executeStep()) {
        return std::nullopt;
    }
    const ProspectId prospect_id = owner.getColumn(0).getInt64();
    SQLite::Statement remove(*db_, "DELETE FROM touches WHERE id = ?");
    remove.bind(1, touch_id);
    remove.exec();
    refresh_answered(prospect_id);
    return prospect_id;
}

void SqliteStore::set_cooling(ProspectId id, std::optional<Date> since, std::optional<Date> until) {
    SQLite::Statement update(*db_, "UPDATE prospects SET cooling_since = :since, "
                                   "cooling_until = :until WHERE id = :id");
    bind_optional_date(update, ":since", since);
    bind_optional_date(update, ":until", until);
    update.bind(":id", id);
    update.exec();
}

void SqliteStore::set_snooze(ProspectId id, std::optional<Date> on, std::optional<Date> until) {
    SQLite::Statement update(*db_, "UPDATE prospects SET snoozed_on = :on, "
                                   "snooze_until = :until WHERE id = :id");
    bind_optional_date(update, ":on", on);
    bind_optional_date(update, ":until", until);
    update.bind(":id", id);
    update.exec();
}

void SqliteStore::for_each_open_email(
    const std::function<void(ProspectId, const std::string&)>& visit) const {
    if (!db_) {
        return;
    }
    auto rows = query("SELECT id, email FROM prospects WHERE email <> '' AND outcome IS NULL");
    while (rows->executeStep()) {
        visit(rows->getColumn(0).getInt64(), rows->getColumn(1).getString());
    }
}

MailSourcePosition SqliteStore::mail_source(const std::string& source) const {
    MailSourcePosition position;
    auto row = query("SELECT uidvalidity, last_uid, new_mtime, cur_mtime FROM mail_sources "
                     "WHERE source = ?");
    row->bind(1, source);
    if (row->executeStep()) {
        position.known = true;
        position.uidvalidity = row->getColumn(0).getInt64();
        position.last_uid = row->getColumn(1).getInt64();
        position.new_mtime = row->getColumn(2).getInt64();
        position.cur_mtime = row->getColumn(3).getInt64();
    }
    return position;
}

void SqliteStore::save_mail_source(const std::string& source, const MailSourcePosition& position) {
    auto upsert = query("INSERT INTO mail_sources VALUES (?, ?, ?, ?, ?) ON CONFLICT (source) DO "
                        "UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = "
                        "excluded.last_uid, new_mtime = excluded.new_mtime, cur_mtime = "
                        "excluded.cur_mtime");
    upsert->bind(1, source);
    upsert->bind(2, position.uidvalidity);
    upsert->bind(3, position.last_uid);
    upsert->bind(4, position.new_mtime);
    upsert->bind(5, position.cur_mtime);
    upsert->exec();
}

void SqliteStore::for_each_maildir_seen(const std::string& source,
                                        const std::function<void(std::string_view)>& visit) const {
    auto rows = query("SELECT name FROM maildir_seen WHERE source = ?");
    rows->bind(1, source);
    while (rows->executeStep()) {
        visit(text_of(rows->getColumn(0)));
    }
}

void SqliteStore::add_maildir_seen(const std::string& source, std::string_view name) {
    RawQuery insert(*db_, raw_statement("INSERT OR IGNORE INTO maildir_seen VALUES (?, ?)"));
    insert.bind_text(1, source);
    insert.bind_text(2, name);
    insert.exec();
}

void SqliteStore::forget_mail_source(const std::string& source) {
    auto forget = query("DELETE FROM mail_sources WHERE source = ?");
    forget->bind(1, source);
    forget->exec();
    auto seen = query("DELETE FROM maildir_seen WHERE source = ?");
    seen->bind(1, source);
    seen->exec();
}

bool SqliteStore::message_known(std::string_view message_id, ProspectId id) const {
    const std::string mid(message_id);
    auto touched = query("SELECT 1 FROM touches WHERE message_id = ? AND prospect_id = ?");
    touched->bind(1, mid);
    touched->bind(2, id);
    if (touched->executeStep()) {
        return true;
    }
    auto ignored = query("SELECT 1 FROM mail_ignored WHERE message_id = ? AND prospect_id = ?");
    ignored->bind(1, mid);
    ignored->bind(2, id);
    return ignored->executeStep();
}

void SqliteStore::ignore_message(std::string_view message_id, ProspectId id) {
    auto insert = query("INSERT OR IGNORE INTO mail_ignored VALUES (?, ?)");
    insert->bind(1, std::string(message_id));
    insert->bind(2, id);
    insert->exec();
}

std::optional<std::int64_t> SqliteStore::unsynced_email_touch(ProspectId id, Date on,
                                                              Direction direction,
                                                              bool out_of_office) const {
    auto row = query("SELECT id FROM touches WHERE prospect_id = ? AND on_date = ? AND channel = "
                     "'email' AND message_id IS NULL AND direction = ? AND out_of_office = ? "
                     "ORDER BY id LIMIT 1");
    row->bind(1, id);
    row->bind(2, on.iso());
    row->bind(3, std::string(to_string(direction)));
    row->bind(4, out_of_office ? 1 : 0);
    if (row->executeStep()) {
        return row->getColumn(0).getInt64();
    }
    return std::nullopt;
}

void SqliteStore::set_touch_message_id(std::int64_t touch_id, std::string_view message_id) {
    auto update = query("UPDATE touches SET message_id = ? WHERE id = ?");
    update->bind(1, std::string(message_id));
    update->bind(2, touch_id);
    update->exec();
}

void SqliteStore::set_email_bouncing(ProspectId id, bool bouncing) {
    auto update = query("UPDATE prospects SET email_bouncing = ? WHERE id = ?");
    update->bind(1, bouncing ? 1 : 0);
    update->bind(2, id);
    update->exec();
}

std::optional<Standing> SqliteStore::standing(ProspectId id) const {
    if (!db_) {
        return std::nullopt;
    }
    static const std::string stored_sql =
        fmt::format("SELECT {} FROM prospects WHERE id = ?", standing_columns);
    RawQuery read(*db_, raw_statement(stored_sql));
    sqlite3_bind_int64(read.statement, 1, id);
    if (!read.step()) {
        return std::nullopt;
    }
    return standing_from_raw(read.statement, 0);
}

void SqliteStore::set_standing(ProspectId id, const Standing& standing) {
    // Rewriting a row rewrites its entry in the wide prospects_due index:
    // most of a recompute's cost, and wasted on the many standings a config
    // change leaves as they were.
    std::optional<Standing> stored;
    try {
        stored = this->standing(id);
    } catch (const Error&) {
        // unreadable: overwritten below
    }
    if (stored == standing) {
        return;
    }
    auto update = query("UPDATE prospects SET next_on = :next_on, next_reason = :next_reason, "
                        "last_touch_on = :last_touch, last_reply_on = :last_reply, "
                        "breakup_ready = :breakup, nurture_from = :nurture, "
                        "next_channel = :next_channel, next_purpose = :next_purpose, "
                        "next_time = :next_time WHERE id = :id");
    bind_standing(*update, standing);
    update->bind(":id", id);
    update->exec();
}

bool SqliteStore::has_prospects() const {
    return db_ && query("SELECT 1 FROM prospects LIMIT 1")->executeStep();
}

std::optional<ProspectId> SqliteStore::find_duplicate(const Prospect& p) const {
    if (!db_) {
        return std::nullopt;
    }
    // Identity by email first: with an email, only the email decides (two
    // emails are two people, whatever their names); name and company decide
    // only for a prospect given without one.
    if (!p.email.empty()) {
        auto by_email = query("SELECT id FROM prospects WHERE email = ? COLLATE NOCASE "
                              "AND email <> '' LIMIT 1");
        by_email->bind(1, p.email);
        if (by_email->executeStep()) {
            return by_email->getColumn(0).getInt64();
        }
        return std::nullopt;
    }
    auto by_name = query("SELECT id FROM prospects WHERE name = ? COLLATE NOCASE "
                         "AND company = ? COLLATE NOCASE");
    by_name->bind(1, p.name);
    by_name->bind(2, p.company);
    if (by_name->executeStep()) {
        return by_name->getColumn(0).getInt64();
    }
    return std::nullopt;
}

void SqliteStore::set_next_step_uid(std::int64_t touch_id, const std::string& uid) {
    auto update = query("UPDATE touches SET next_step_uid = ? WHERE id = ?");
    update->bind(1, uid);
    update->bind(2, touch_id);
    update->exec();
}

std::vector<CalendarEventRecord> SqliteStore::calendar_events() const {
    std::vector<CalendarEventRecord> result;
    if (!db_ || !db_->tableExists("calendar_events")) {
        return result;
    }
    auto rows = query("SELECT uid, prospect_id, kind, sequence, start, minutes, summary, "
                      "description, status FROM calendar_events ORDER BY prospect_id, uid");
    while (rows->executeStep()) {
        CalendarEventRecord event;
        event.uid = rows->getColumn(0).getString();
        event.prospect_id = rows->getColumn(1).getInt64();
        event.kind = rows->getColumn(2).getString();
        event.sequence = rows->getColumn(3).getInt();
        event.start = rows->getColumn(4).getString();
        event.minutes = rows->getColumn(5).getInt();
        event.summary = rows->getColumn(6).getString();
        event.description = rows->getColumn(7).getString();
        event.status = rows->getColumn(8).getString();
        result.push_back(std::move(event));
    }
    return result;
}

void SqliteStore::save_calendar_event(const CalendarEventRecord& event) {
    auto upsert =
        query("INSERT INTO calendar_events (uid, prospect_id, kind, sequence, start, minutes, "
              "summary, description, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
              "(uid) DO UPDATE SET sequence = excluded.sequence, start = excluded.start, "
              "minutes = excluded.minutes, summary = excluded.summary, "
              "description = excluded.description, status = excluded.status");
    upsert->bind(1, event.uid);
    upsert->bind(2, event.prospect_id);
    upsert->bind(3, event.kind);
    upsert->bind(4, event.sequence);
    upsert->bind(5, event.start);
    upsert->bind(6, event.minutes);
    upsert->bind(7, event.summary);
    upsert->bind(8, event.description);
    upsert->bind(9, event.status);
    upsert->exec();
}

} // namespace followup
