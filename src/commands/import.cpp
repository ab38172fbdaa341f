#include "commands.hpp"
#include "followup/advice.hpp"
#include "followup/crm_import.hpp"
#include "followup/error.hpp"
#include "followup/exchange.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <cstdint>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <ostream>
#include <sstream>
#include <unordered_set>

namespace followup {

namespace {

// Past this, an "export" is not one; reading it all would only eat memory.
constexpr std::size_t max_input_bytes = std::size_t{1} << 30;
// Reports that can run long (duplicates, skipped rows) show this many.
constexpr std::size_t shown_per_report = 5;

std::string read_input(const std::string& file) {
    BoundedRead read;
    if (file == "-") {
        read = read_bounded(std::cin, max_input_bytes);
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            throw Error(fmt::format("cannot read {}", file));
        }
        read = read_bounded(in, max_input_bytes);
    }
    const std::string name = file == "-" ? "standard input" : file;
    if (read.end == ReadEnd::too_long) {
        throw Error(fmt::format("{} is over 1 GiB; split it", name));
    }
    if (read.end == ReadEnd::nul_byte) {
        throw Error(fmt::format("{} holds NUL bytes; is it a CSV or JSON export?", name));
    }
    return std::move(read.data);
}

struct Tally {
    int added = 0;
    int updated = 0;
    int skipped = 0;
    int bad = 0;
    std::vector<std::string> notes; // one per duplicate or skipped row
    // How many notes are listed before a count of the rest: a CSV import
    // names every row it skipped or changed.
    std::size_t shown = shown_per_report;
};

// Import rows overwrite what they say; tags are added.
void merge_into(Prospect& existing, const Prospect& imported) {
    const auto take = [](std::string& field, const std::string& value) {
        if (!value.empty()) {
            field = value;
        }
    };
    take(existing.company, imported.company);
    if (!imported.email.empty() && imported.email != existing.email) {
        existing.email_bouncing = false;
    }
    take(existing.email, imported.email);
    take(existing.phone, imported.phone);
    take(existing.top_priority, imported.top_priority);
    take(existing.notes, imported.notes);
    if (imported.preferred_channel) {
        existing.preferred_channel = imported.preferred_channel;
    }
    // A row without a stage column reads as a lead: never move a prospect back.
    existing.stage = std::max(existing.stage, imported.stage);
    if (imported.value > 0) {
        existing.value = imported.value;
    }
    std::unordered_set<std::string> seen(existing.tags.begin(), existing.tags.end());
    for (const std::string& tag : imported.tags) {
        // The prospect has a name: a row without one does not take it away.
        if (tag == needs_name_tag) {
            continue;
        }
        if (seen.insert(tag).second) {
            existing.tags.push_back(tag);
        }
    }
}

// What earlier rows of this import wrote, for finding duplicates without the
// database. Into a database that held no prospect when the import began, a
// row can only duplicate an earlier row: one whose email (or, without one,
// whose name and company) no earlier row had (compared as SQLite's NOCASE
// compares: ASCII letters folded) duplicates nothing, and skips the two index lookups of
// Store::find_duplicate. Any other row asks the database, which also knows
// what updates changed. Into a database that held prospects, every row asks.
//
// Only 64-bit hashes of the keys are kept, in one flat table: a row whose
// hash matches asks the database, so a collision costs a lookup, never a
// wrong answer. (A set of strings spent more time in cache misses than the
// lookups it saved.)
class EarlierRows {
public:
    EarlierRows(bool database_was_empty, std::size_t rows) : in_use_(database_was_empty) {
        if (in_use_) {
            std::size_t slots = 64;
            while (slots < rows * 4) {
                slots *= 2;
            }
            slots_.assign(slots, 0);
        }
    }

    bool may_duplicate(const Prospect& p) const {
        return !in_use_ || (p.email.empty() ? contains(identity_key(p)) : contains(email_key(p)));
    }
    // Whether a prospect with an email may share its name and company with
    // an earlier one (another person: the names must then be told apart).
    bool may_share_name(const Prospect& p) const { return !in_use_ || contains(identity_key(p)); }
    // Called with what was written (after an update, the merged prospect).
    void add(const Prospect& p) {
        if (!in_use_) {
            return;
        }
        if (!p.email.empty()) {
            insert(email_key(p));
        }
        insert(identity_key(p));
    }

private:
    // FNV-1a over the bytes, ASCII letters folded.
    static std::uint64_t folded_hash(std::uint64_t hash, std::string_view text) {
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            hash = (hash ^ byte) * 0x100000001b3;
        }
        return hash;
    }
    // Mixed so that the low bits (the slot) depend on every byte; never 0,
    // which marks a free slot.
    static std::uint64_t finish(std::uint64_t hash) {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        return hash == 0 ? 1 : hash;
    }
    static std::uint64_t email_key(const Prospect& p) {
        return finish(folded_hash(0xcbf29ce484222325, p.email));
    }
    // Name, a 0xFF byte (never in UTF-8), company: "ab" + "c" and "a" + "bc"
    // differ (were they to clash, that would only cost a lookup).
    static std::uint64_t identity_key(const Prospect& p) {
        const std::uint64_t name = folded_hash(0x84222325cbf29ce4, p.name);
        return finish(folded_hash((name ^ 0xff) * 0x100000001b3, p.company));
    }

    bool contains(std::uint64_t key) const {
        for (std::size_t slot = key & (slots_.size() - 1);;
             slot = (slot + 1) & (slots_.size() - 1)) {
            if (slots_[slot] == key) {
                return true;
            }
            if (slots_[slot] == 0) {
                return false;
            }
        }
    }
    // At most two keys a row into four slots a row: never over half full.
    void insert(std::uint64_t key) {
        std::size_t slot = key & (slots_.size() - 1);
        while (slots_[slot] != 0 && slots_[slot] != key) {
            slot = (slot + 1) & (slots_.size() - 1);
        }
        slots_[slot] = key;
    }

    bool in_use_;
    std::vector<std::uint64_t> slots_;
};

// Puts a prospect's tags and touches in the order storage gives them back
// (tags by name, once each; touches by day, same-day ones as they came, which
// is the order they are inserted in): its standing is worked out from them,
// and must be the one any later read of the prospect works out.
void put_in_stored_order(Prospect& prospect, std::vector<Touch>& touches) {
    std::sort(prospect.tags.begin(), prospect.tags.end());
    prospect.tags.erase(std::unique(prospect.tags.begin(), prospect.tags.end()),
                        prospect.tags.end());
    std::stable_sort(touches.begin(), touches.end(),
                     [](const Touch& left, const Touch& right) { return left.on < right.on; });
}

// Shows stderr progress for big imports on a terminal, nothing otherwise.
class Progress {
public:
    Progress(const Context& context, std::size_t total)
        : context_(context), total_(total),
          shown_(context.stderr_terminal && total >= noticeable_work) {}
    ~Progress() {
        if (shown_) {
            context_.err << "\r\x1b[K" << std::flush;
        }
    }
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void step(std::size_t done) {
        if (!shown_ || done * 100 / total_ == percent_) {
            return;
        }
        percent_ = done * 100 / total_;
        const std::size_t filled = percent_ / 4;
        context_.err << fmt::format("\rimporting [{}{}] {:3}%", std::string(filled, '#'),
                                    std::string(25 - filled, ' '), percent_)
                     << std::flush;
    }

private:
    const Context& context_;
    std::size_t total_;
    bool shown_;
    std::size_t percent_ = 0;
};

// Everything is read and checked before the database is opened: bad input
// never creates or changes it.
CrmImport parse_crm(const Context& context, const ImportOptions& options, const std::string& data) {
    CrmImport parsed;
    try {
        parsed = read_crm_csv(data, context.today);
    } catch (const Error& e) {
        const std::string message = e.what();
        // "line 12: ..." becomes "FILE:12: ...", like a compiler's errors.
        throw Error(message.starts_with("line ")
                        ? fmt::format("{}:{}", options.file, message.substr(5))
                        : fmt::format("{}: {}", options.file, message));
    }
    if (!parsed.bad_rows.empty() && !options.skip_bad) {
        const ImportProblem& first = parsed.bad_rows.front();
        throw Error(
            fmt::format("{}:{}: {}{}; nothing imported (--skip-bad imports the other rows)",
                        options.file, first.line, first.message,
                        parsed.bad_rows.size() > 1
                            ? fmt::format(" (and {} more bad {})", parsed.bad_rows.size() - 1,
                                          parsed.bad_rows.size() == 2 ? "row" : "rows")
                            : ""));
    }
    return parsed;
}

// Another person (another email) with the same name and company as a
// prospect already there: the name and company are one prospect's identity,
// so this one's name gets its email, and the summary says so.
void tell_apart(Prospect& prospect, std::size_t line, Tally& tally, const Store& store) {
    Prospect without_email = prospect;
    without_email.email.clear();
    if (const auto namesake = store.find_duplicate(without_email)) {
        std::string name = fmt::format("{} ({})", prospect.name, prospect.email);
        tally.notes.push_back(fmt::format("{}{} is #{}, with another email: imported as {}",
                                          line > 0 ? fmt::format("line {}: ", line) : "",
                                          neutralise(prospect.name), *namesake, neutralise(name)));
        prospect.name = std::move(name);
    }
}

void import_crm(const Context& context, const ImportOptions& options, const CrmImport& parsed,
                Tally& tally, Store& store) {
    if (!parsed.unknown_columns.empty()) {
        std::string columns;
        for (const std::string& column : parsed.unknown_columns) {
            columns += (columns.empty() ? "" : ", ") + neutralise(column);
        }
        context.warn(fmt::format("skipped unknown columns: {}", columns));
    }
    for (const auto& [value, rows] : parsed.unmapped_stages) {
        std::string used;
        if (const auto found = parsed.unmapped_used_as.find(value);
            found != parsed.unmapped_used_as.end()) {
            for (const std::string& stage : found->second) {
                used += (used.empty() ? "" : ", ") + stage;
            }
        }
        context.warn(fmt::format("stage '{}' ({}) is not one we know: imported as {}",
                                 neutralise(value), counted(rows, "row", "rows"),
                                 used.empty() ? "lead" : used));
    }
    for (const ImportProblem& problem : parsed.bad_rows) {
        tally.notes.push_back(fmt::format("line {}: {}: skipped", problem.line, problem.message));
        ++tally.bad;
    }
    for (const ImportProblem& clash : parsed.changes) {
        tally.notes.push_back(fmt::format("line {}: {}", clash.line, clash.message));
    }
    Progress progress(context, parsed.rows.size());
    // A write run again (a conflict on a server) counts from the start.
    const Tally before = tally;
    store.write(
        context.config, context.today,
        [&] {
            tally = before;
            std::size_t done = 0;
            EarlierRows earlier(!store.has_prospects(), parsed.rows.size());
            for (const ImportedProspect& row : parsed.rows) {
                progress.step(++done);
                Prospect prospect = row.prospect;
                std::optional<ProspectId> id;
                if (earlier.may_duplicate(prospect)) {
                    id = store.find_duplicate(prospect);
                }
                if (id && !options.update) {
                    tally.notes.push_back(fmt::format("line {}: {} is already #{}: skipped",
                                                      row.line, neutralise(prospect.name), *id));
                    ++tally.skipped;
                    continue;
                }
                std::vector<Touch> touches;
                bool was_closed = false;
                if (id) {
                    Prospect existing = store.prospect(*id);
                    was_closed = existing.outcome.has_value();
                    merge_into(existing, prospect);
                    store.update_prospect(existing);
                    if (prospect.outcome && !existing.outcome) {
                        existing.outcome = prospect.outcome;
                        existing.closed_on = context.today;
                        store.set_outcome(*id, existing.outcome, existing.closed_on, "imported");
                    }
                    prospect = existing;
                    touches = store.touches(*id);
                    tally.notes.push_back(fmt::format("line {}: {} is already #{}: updated",
                                                      row.line, neutralise(prospect.name), *id));
                    ++tally.updated;
                }
                // "Bad Timing": not now, so a cool-down from today.
                if (row.bad_timing && !prospect.outcome && !prospect.cooling_until) {
                    prospect.cooling_since = context.today;
                    prospect.cooling_until = context.config.cooldown_default.after(context.today);
                    if (id) {
                        store.set_cooling(*id, prospect.cooling_since, prospect.cooling_until);
                    }
                }
                bool newer = row.last_contacted &&
                             (touches.empty() || touches.back().on < *row.last_contacted);
                if (newer && was_closed) {
                    // As `log` refuses: a closed prospect takes no touches.
                    tally.notes.push_back(fmt::format(
                        "line {}: #{} is closed ({}): last contact {} not recorded", row.line, *id,
                        to_string(*prospect.outcome), row.last_contacted->iso()));
                    newer = false;
                }
                if (newer) {
                    Touch touch;
                    touch.on = *row.last_contacted;
                    // "Connected": they were reached, a conversation by phone.
                    touch.direction = row.connected ? Direction::both : Direction::out;
                    touch.channel =
                        row.connected || prospect.email.empty() ? Channel::call : Channel::email;
                    touch.note = "imported";
                    touches.push_back(touch);
                }
                // Worked out before the insert, so a new prospect is written once.
                put_in_stored_order(prospect, touches);
                const Standing standing = standing_of(
                    prospect, touches, assess(prospect, touches, context.config, context.today));
                if (id) {
                    if (newer) {
                        touches.back().prospect_id = *id;
                        // Newer than every touch it had: the latest.
                        store.add_touch(touches.back(), Placement::latest);
                    }
                    // After the touch: the standing is this one, not worked out again.
                    store.set_standing(*id, standing);
                } else {
                    if (!prospect.email.empty() && earlier.may_share_name(prospect)) {
                        tell_apart(prospect, row.line, tally, store);
                    }
                    // A new prospect's only touch, if any, is the newer one.
                    id = store.add_history(prospect, touches, standing);
                    ++tally.added;
                }
                earlier.add(prospect);
            }
        },
        options.dry_run ? Commit::no : Commit::yes);
}

ExportRead parse_export(const Context& context, const ImportOptions& options,
                        const std::string& data) {
    try {
        return read_export(data, context.today,
                           options.skip_bad ? BadRecords::skip : BadRecords::refuse);
    } catch (const Error& e) {
        throw Error(fmt::format("{}: {}", options.file, e.what()));
    }
}

void import_json(const Context& context, const ImportOptions& options,
                 std::vector<ExportRecord>& records, Tally& tally, Store& store,
                 const std::vector<std::string>& skipped) {
    for (const std::string& problem : skipped) {
        tally.notes.push_back(fmt::format("{}: skipped", problem));
        ++tally.bad;
    }
    const Tally before = tally;
    store.write(
        context.config, context.today,
        [&] {
            tally = before;
            // A copy each run: tell_apart() renames, add_history() numbers.
            for (ExportRecord record : records) {
                if (auto existing = store.find_duplicate(record.prospect)) {
                    tally.notes.push_back(fmt::format("{} is already #{}: skipped",
                                                      neutralise(record.prospect.name), *existing));
                    ++tally.skipped;
                    continue;
                }
                // Another email is another person (as in a CSV import), even
                // under a name and company already taken.
                if (!record.prospect.email.empty()) {
                    tell_apart(record.prospect, 0, tally, store);
                }
                put_in_stored_order(record.prospect, record.touches);
                store.add_history(record.prospect, record.touches,
                                  standing_of(record.prospect, record.touches,
                                              assess(record.prospect, record.touches,
                                                     context.config, context.today)));
                ++tally.added;
            }
        },
        options.dry_run ? Commit::no : Commit::yes);
}

// A dry run into a database that does not exist yet must not create it: an
// empty in-memory one gives the same answer.
Store open_target(const Context& context, const ImportOptions& options) {
    if (options.dry_run && !context.open(Access::read).exists()) {
        return context.open_in_memory();
    }
    return context.open(Access::write);
}

} // namespace

int run_import(const Context& context, const ImportOptions& options) {
    std::string format = options.format;
    if (format.empty()) {
        format =
            options.file.ends_with(".json") || options.file.ends_with(".JSON") ? "json" : "csv";
    }
    if (format != "csv" && format != "json") {
        throw UsageError(fmt::format("invalid --format '{}': use csv or json", neutralise(format)));
    }
    if (options.update && format == "json") {
        throw UsageError("--update is for CSV imports");
    }
    const std::string data = read_input(options.file);
    Tally tally;
    if (format == "csv") {
        const CrmImport parsed = parse_crm(context, options, data);
        Store store = open_target(context, options);
        tally.shown = tally.notes.max_size();
        import_crm(context, options, parsed, tally, store);
    } else {
        ExportRead read = parse_export(context, options, data);
        Store store = open_target(context, options);
        import_json(context, options, read.records, tally, store, read.skipped);
    }
    for (std::size_t i = 0; i < tally.notes.size() && i < tally.shown; ++i) {
        context.warn(tally.notes[i]);
    }
    if (tally.notes.size() > tally.shown) {
        context.warn(fmt::format("... and {} more like these", tally.notes.size() - tally.shown));
    }
    context.out << fmt::format("{} {} from {}: {} updated, {} skipped, {} skipped.\n",
                               options.dry_run ? "Would import" : "Imported",
                               counted(tally.added, "prospect", "prospects"),
                               options.file == "-" ? "standard input" : neutralise(options.file),
                               tally.updated, counted(tally.skipped, "duplicate", "duplicates"),
                               counted(tally.bad, "bad row", "bad rows"));
    return 0;
}

} // namespace followup
