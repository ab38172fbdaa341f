// `followup mail sync`: touches, replies, out-of-office replies and bounces
// from the user's Maildir folders (IMAP folders: see MailSource below).

#include "followup/mail.hpp"

#include "commands.hpp"
#include "followup/advice.hpp"
#include "followup/draft.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"
#include "mail/module.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ostream>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>

// GMime's header parsing and the IMAP client (libetpan's ImapSession,
// src/mail/imap.hpp) come from the mail module (src/mail/module.hpp), loaded
// when `mail sync` runs. The IMAP source below is an adapter over the
// client when this tree has it (CMakeLists.txt defines FOLLOWUP_HAVE_IMAP
// then), like the Maildir one.

namespace followup {

namespace {

// Messages classified and logged per transaction: a crash loses at most
// the batch under way, and a re-run finds the rest.
constexpr std::size_t batch_size = 500;
// A header block longer than this is skipped with a warning.
constexpr std::size_t max_header_bytes = 4 << 20;
// A bounce is read whole (for its delivery-status part) up to this size.
constexpr std::size_t max_bounce_bytes = 1 << 20;
// Subjects become notes of at most this many bytes (cut at a character).
constexpr std::size_t max_note_bytes = 500;

// One message read from a source, before it is classified.
struct Incoming {
    std::string name; // the Maildir file's base name, or "UID n"
    std::string path; // a Maildir file (for a bounce's delivery-status part); empty for IMAP
    // IMAP: the message's delivery-status part (a bounce's), fetched on demand.
    std::function<std::string()> status_part;
    std::string header_block;
    std::string skip_reason; // set when the message cannot be read
};

// What a sync did (or, with --dry-run, would do) with one message for one prospect.
struct Logged {
    std::string source;
    std::string message;    // file name or UID
    std::string message_id; // the key the touch keeps
    mail::Kind kind = mail::Kind::ignore;
    Prospect prospect;
    Touch touch;
    bool merged = false; // given to a hand-logged touch
};

struct Tally {
    std::size_t read = 0;
    std::size_t outbound = 0;
    std::size_t replies = 0;
    std::size_t auto_replies = 0;
    std::size_t bounces = 0;
    std::size_t merged = 0;
    std::size_t skipped = 0;
    std::size_t failed_sources = 0;
    std::size_t logged() const { return outbound + replies + auto_replies + bounces + merged; }
};

std::string cut_note(std::string text) {
    for (char& c : text) {
        if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        }
    }
    if (text.size() <= max_note_bytes) {
        return text;
    }
    std::size_t end = max_note_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
        --end;
    }
    text.resize(end);
    return text + "…";
}

// The subject line of a rendered email draft, or empty.
std::string draft_subject(const std::string& text) {
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string::npos) {
            end = text.size();
        }
        const std::string_view line(text.data() + at, end - at);
        if (line.empty()) {
            break;
        }
        if (line.starts_with("Subject:")) {
            return std::string(line.substr(8));
        }
        at = end + 1;
    }
    return {};
}

// The built-in email draft (its purpose and variant) whose subject matches
// `subject` (prefixes and case aside), among every purpose and variant.
struct Drafted {
    Purpose purpose = Purpose::value;
    int variant = 0;
};
std::optional<Drafted> drafted_purpose(const Prospect& prospect, std::span<const Touch> touches,
                                       const Assessment& assessment, const Config& config, Date day,
                                       const std::string& subject) {
    const std::string wanted = mail::subject_key(subject);
    if (wanted.empty()) {
        return std::nullopt;
    }
    const DraftFields fields = draft_fields(prospect, touches, assessment, config.sender_name, day);
    for (Purpose purpose : {Purpose::value, Purpose::intro, Purpose::proposal, Purpose::meeting,
                            Purpose::reversing}) {
        for (int variant = 0; variant < draft_variants; ++variant) {
            try {
                const std::string text = render_template(
                    builtin_template(purpose, Channel::email, variant), fields, "built-in");
                if (mail::subject_key(draft_subject(text)) == wanted) {
                    return Drafted{purpose, variant};
                }
            } catch (const Error&) {
                // A built-in template always renders; nothing to match if not.
            }
        }
    }
    return std::nullopt;
}

// The file's header block: the bytes before the first empty line.
std::string read_header_block(const std::string& path, std::string& skip_reason) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        skip_reason = fmt::format("cannot read it: {}", std::strerror(errno));
        return {};
    }
    std::string data;
    char buffer[16384];
    std::size_t searched = 0;
    while (true) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0) {
            skip_reason = fmt::format("cannot read it: {}", std::strerror(errno));
            break;
        }
        if (got == 0) {
            break;
        }
        data.append(buffer, static_cast<std::size_t>(got));
        const std::size_t from = searched > 3 ? searched - 3 : 0;
        const auto lf = data.find("\n\n", from);
        const auto crlf = data.find("\r\n\r\n", from);
        const auto end = std::min(lf, crlf);
        if (end != std::string::npos) {
            data.resize(end + 1);
            break;
        }
        searched = data.size();
        if (data.size() > max_header_bytes) {
            skip_reason = fmt::format("its header is over {} MB", max_header_bytes >> 20);
            break;
        }
    }
    ::close(fd);
    return data;
}

std::string read_whole(const std::string& path, std::size_t limit) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return {};
    }
    std::string data;
    char buffer[16384];
    ssize_t got = 0;
    while (data.size() < limit && (got = ::read(fd, buffer, sizeof buffer)) > 0) {
        data.append(buffer, static_cast<std::size_t>(got));
    }
    ::close(fd);
    return data;
}

std::int64_t mtime_ns(const struct stat& info) {
    return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000LL + info.st_mtim.tv_nsec;
}

class Sync {
public:
    Sync(const Context& context, Store& store, const mail::MailModule& module, bool dry_run)
        : context_(context), store_(store), module_(module), dry_run_(dry_run) {
        for (const std::string& address : context.config.mail_me) {
            me_.push_back(mail::fold_address(address));
        }
        store.for_each_open_email([&](ProspectId id, const std::string& email) {
            by_email_[mail::fold_address(email)].push_back(id);
        });
    }

    // One Maildir folder: its new/ and cur/ files not read before, in
    // batches. Throws Error when the folder is missing or unreadable.
    void maildir(const std::string& folder) {
        const std::string& source = folder;
        struct stat new_info {};
        struct stat cur_info {};
        if (::stat((folder + "/new").c_str(), &new_info) != 0 || !S_ISDIR(new_info.st_mode) ||
            ::stat((folder + "/cur").c_str(), &cur_info) != 0 || !S_ISDIR(cur_info.st_mode)) {
            throw Error(
                fmt::format("maildir {}: not a Maildir folder (no new/ and cur/ in it)", folder));
        }
        MailSourcePosition position = store_.mail_source(source);
        // Nothing was added, removed or renamed since the last sync.
        if (position.known && position.new_mtime == mtime_ns(new_info) &&
            position.cur_mtime == mtime_ns(cur_info)) {
            return;
        }
        std::unordered_set<std::string> seen;
        store_.for_each_maildir_seen(source, [&](std::string_view name) { seen.emplace(name); });
        std::vector<std::pair<std::string, std::string>> files; // base name, path
        for (const char* sub : {"new", "cur"}) {
            const std::string dir = folder + "/" + sub;
            DIR* stream = ::opendir(dir.c_str());
            if (!stream) {
                throw Error(fmt::format("maildir {}: cannot read {}: {}", folder, sub,
                                        std::strerror(errno)));
            }
            while (const dirent* entry = ::readdir(stream)) {
                const std::string_view name(entry->d_name);
                if (name.empty() || name.front() == '.') {
                    continue;
                }
                // Flags changes rename name:2,FLAGS; the part before ':' stays.
                const std::string base(name.substr(0, name.find(':')));
                if (seen.contains(base)) {
                    continue;
                }
                seen.insert(base);
                files.emplace_back(base, dir + "/" + std::string(name));
            }
            ::closedir(stream);
        }
        // Maildir names start with the delivery time: oldest first.
        std::sort(files.begin(), files.end());
        position.known = true;
        position.new_mtime = mtime_ns(new_info);
        position.cur_mtime = mtime_ns(cur_info);
        std::size_t at = 0;
        do {
            std::vector<Incoming> batch;
            for (; at < files.size() && batch.size() < batch_size; ++at) {
                Incoming incoming;
                incoming.name = files[at].first;
                incoming.path = files[at].second;
                incoming.header_block = read_header_block(incoming.path, incoming.skip_reason);
                batch.push_back(std::move(incoming));
            }
            // The folder's times are stored with its last batch only: until
            // then, the next sync lists it again and skips what was seen.
            apply(
                source, batch, at == files.size() ? &position : nullptr,
                [&](const Incoming& incoming) { store_.add_maildir_seen(source, incoming.name); });
        } while (at < files.size());
    }

#ifdef FOLLOWUP_HAVE_IMAP
    // One IMAP folder: the messages after the last UID read, in batches, each
    // committed with the folder's UIDVALIDITY and last UID. A new UIDVALIDITY
    // reads the folder again from the start: Message-IDs keep that from
    // logging anything twice.
    void imap(const std::string& url_text, const std::string& password) {
        const mail::ImapUrl url = module_.parse_imap_url(url_text);
        const std::unique_ptr<mail::ImapConnection> session = module_.connect_imap(url, password);
        const mail::FolderState state = session->examine(url.folder);
        const std::string& source = url_text;
        MailSourcePosition position = store_.mail_source(source);
        if (position.known && position.uidvalidity != state.uidvalidity) {
            position = {};
        }
        position.known = true;
        position.uidvalidity = state.uidvalidity;
        const std::vector<std::string> fields(mail::header_fields().begin(),
                                              mail::header_fields().end());
        std::vector<Incoming> batch;
        std::int64_t last_uid = position.last_uid;
        bool saved = false;
        const auto flush = [&] {
            MailSourcePosition next = position;
            next.last_uid = last_uid;
            apply(source, batch, &next, [](const Incoming&) {});
            position = next;
            batch.clear();
            saved = true;
        };
        session->fetch_headers(static_cast<std::uint32_t>(position.last_uid + 1), fields,
                               [&](const mail::FetchedHeaders& fetched) {
                                   Incoming incoming;
                                   incoming.name = fmt::format("UID {}", fetched.uid);
                                   incoming.header_block = fetched.header_block;
                                   const std::uint32_t uid = fetched.uid;
                                   incoming.status_part = [connection = session.get(), uid] {
                                       return connection->fetch_section(uid, "2", max_bounce_bytes);
                                   };
                                   batch.push_back(std::move(incoming));
                                   last_uid = std::max<std::int64_t>(last_uid, fetched.uid);
                                   if (batch.size() >= batch_size) {
                                       flush();
                                   }
                               });
        if (!batch.empty() || !saved) {
            flush();
        }
    }
#endif

    const std::vector<Logged>& logged() const {
        return logged_;
    }
    Tally& tally() {
        return tally_;
    }

private:
    std::vector<ProspectId> prospects_of(const std::string& folded) const {
        auto found = by_email_.find(folded);
        return found == by_email_.end() ? std::vector<ProspectId>{} : found->second;
    }

    void warn(const std::string& source, const Incoming& incoming, std::string_view why,
              const std::string& message_id = {}) {
        ++tally_.skipped;
        context_.warn(fmt::format("mail: {}: message {}{}: skipped: {}", source, incoming.name,
                                  message_id.empty() ? "" : fmt::format(" <{}>", message_id), why));
    }

    // Classifies a batch, then logs it in one transaction with the source's
    // position, so a crash loses nothing and doubles nothing.
    void apply(const std::string& source, const std::vector<Incoming>& batch,
               const MailSourcePosition* position,
               const std::function<void(const Incoming&)>& mark_read) {
        struct Ready {
            const Incoming* incoming;
            mail::Headers headers;
            mail::Classified classified;
            std::string key;
            Date day;
        };
        std::vector<Ready> ready;
        for (const Incoming& incoming : batch) {
            ++tally_.read;
            if (!incoming.skip_reason.empty()) {
                warn(source, incoming, incoming.skip_reason);
                continue;
            }
            mail::Headers headers = module_.parse_headers(incoming.header_block);
            std::vector<std::string> failed;
            if (mail::is_bounce(headers) && headers.failed_recipients.empty()) {
                if (!incoming.path.empty()) {
                    failed = module_.final_recipients(read_whole(incoming.path, max_bounce_bytes));
                } else if (incoming.status_part) {
                    // The part's own text, read as a message of that type.
                    failed = module_.final_recipients("Content-Type: message/delivery-status\n\n" +
                                                      incoming.status_part());
                }
            }
            mail::Classified classified = mail::classify(
                headers, me_, [&](const std::string& folded) { return prospects_of(folded); },
                failed);
            if (classified.kind == mail::Kind::ignore) {
                continue;
            }
            std::string key = mail::message_key(headers);
            if (!headers.date) {
                warn(source, incoming,
                     headers.has_date_header ? "its Date header cannot be read"
                                             : "it has no Date header",
                     headers.message_id);
                continue;
            }
            const std::optional<Date> day = mail::local_day(*headers.date);
            if (!day || *day > context_.today) {
                warn(source, incoming, "its Date is in the future", headers.message_id);
                continue;
            }
            if (!is_valid_utf8(key) || key.size() > 998) {
                warn(source, incoming, "its Message-ID is not usable");
                continue;
            }
            ready.push_back(
                {&incoming, std::move(headers), std::move(classified), std::move(key), *day});
        }
        const std::size_t logged_before = logged_.size();
        const Tally tally_before = tally_;
        try {
            store_.write(
                context_.config, context_.today,
                [&] {
                    // A retried write starts again from what was logged before it.
                    logged_.resize(logged_before);
                    tally_ = tally_before;
                    for (const Ready& item : ready) {
                        for (ProspectId id : item.classified.prospects) {
                            log_one(source, *item.incoming, item.headers, item.classified.kind,
                                    item.key, item.day, id);
                        }
                    }
                    for (const Incoming& incoming : batch) {
                        mark_read(incoming);
                    }
                    if (position) {
                        store_.save_mail_source(source, *position);
                    }
                },
                dry_run_ ? Commit::no : Commit::yes);
        } catch (...) {
            logged_.resize(logged_before);
            tally_ = tally_before;
            throw;
        }
    }

    void log_one(const std::string& source, const Incoming& incoming, const mail::Headers& headers,
                 mail::Kind kind, const std::string& key, Date day, ProspectId id) {
        if (store_.message_known(key, id)) {
            return;
        }
        Logged logged;
        logged.source = source;
        logged.message = incoming.name;
        logged.message_id = key;
        logged.kind = kind;
        logged.prospect = store_.prospect(id, Tags::skip);
        if (kind == mail::Kind::bounce) {
            store_.set_email_bouncing(id, true);
            store_.ignore_message(key, id);
            ++tally_.bounces;
            logged_.push_back(std::move(logged));
            return;
        }
        Touch touch;
        touch.prospect_id = id;
        touch.on = day;
        touch.channel = Channel::email;
        touch.note = cut_note(headers.subject);
        touch.message_id = key;
        touch.direction = kind == mail::Kind::outbound ? Direction::out : Direction::in;
        if (kind == mail::Kind::auto_reply) {
            touch.out_of_office = true;
            touch.away_until =
                context_.config.calendar().add_working_days(day, context_.config.mail_ooo_hold);
        }
        // Hand edits win: a touch logged by hand that day keeps its fields
        // and gets the message's id.
        if (auto hand =
                store_.unsynced_email_touch(id, day, touch.direction, touch.out_of_office)) {
            store_.set_touch_message_id(*hand, key);
            logged.merged = true;
            logged.touch = touch;
            ++tally_.merged;
            logged_.push_back(std::move(logged));
            return;
        }
        if (kind == mail::Kind::outbound) {
            std::vector<Touch> history = store_.touches(id, Notes::read);
            std::erase_if(history, [&](const Touch& t) { return t.on > day; });
            const Assessment assessment = assess(logged.prospect, history, context_.config, day);
            if (auto drafted = drafted_purpose(logged.prospect, history, assessment,
                                               context_.config, day, headers.subject)) {
                // Written from that draft: the next one of its purpose takes another.
                touch.purpose = drafted->purpose;
                touch.draft_variant = drafted->variant;
            } else {
                touch.purpose = suggest(logged.prospect, history, assessment).purpose;
                touch.purpose_inferred = true;
            }
            ++tally_.outbound;
        } else if (kind == mail::Kind::reply) {
            ++tally_.replies;
        } else {
            ++tally_.auto_replies;
        }
        touch.id = store_.add_touch(touch);
        logged.touch = touch;
        logged_.push_back(std::move(logged));
    }

    const Context& context_;
    Store& store_;
    const mail::MailModule& module_;
    bool dry_run_ = false;
    std::vector<std::string> me_;
    std::unordered_map<std::string, std::vector<ProspectId>> by_email_;
    std::vector<Logged> logged_;
    Tally tally_;
};

nlohmann::json logged_row(const Logged& logged) {
    nlohmann::json row = {
        {"source", logged.source},           {"message", logged.message},
        {"message_id", logged.message_id},   {"kind", std::string(mail::to_string(logged.kind))},
        {"id", logged.prospect.id},          {"name", logged.prospect.name},
        {"company", logged.prospect.company}};
    if (logged.kind == mail::Kind::bounce) {
        row["on"] = nullptr;
        row["direction"] = nullptr;
        row["channel"] = "email";
        row["purpose"] = nullptr;
        row["purpose_inferred"] = false;
        row["away_until"] = nullptr;
        row["note"] = fmt::format("{} bounced", logged.prospect.email);
        row["merged"] = false;
        return row;
    }
    const Touch& touch = logged.touch;
    row["on"] = touch.on.iso();
    row["direction"] = std::string(to_string(touch.direction));
    row["channel"] = std::string(to_string(touch.channel));
    row["purpose"] = touch.purpose ? nlohmann::json(std::string(to_string(*touch.purpose)))
                                   : nlohmann::json(nullptr);
    row["purpose_inferred"] = touch.purpose_inferred;
    row["away_until"] =
        touch.away_until ? nlohmann::json(touch.away_until->iso()) : nlohmann::json(nullptr);
    row["note"] = touch.note;
    row["merged"] = logged.merged;
    return row;
}

std::string plural(std::size_t count, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", count, count == 1 ? one : many);
}

std::string summary(const Tally& tally, std::size_t sources, bool dry_run) {
    std::vector<std::string> parts;
    if (tally.outbound) {
        parts.push_back(plural(tally.outbound, "email", "emails"));
    }
    if (tally.replies) {
        parts.push_back(plural(tally.replies, "reply", "replies"));
    }
    if (tally.auto_replies) {
        parts.push_back(plural(tally.auto_replies, "out-of-office reply", "out-of-office replies"));
    }
    if (tally.bounces) {
        parts.push_back(plural(tally.bounces, "bounce", "bounces"));
    }
    if (tally.merged) {
        parts.push_back(
            plural(tally.merged, "hand-logged touch matched", "hand-logged touches matched"));
    }
    std::string what = parts.empty() ? "nothing new" : fmt::format("{}", fmt::join(parts, ", "));
    return fmt::format("Mail: {} {} from {} ({} read{}).", what,
                       parts.empty() ? "to log" : (dry_run ? "would be logged" : "logged"),
                       plural(sources, "source", "sources"),
                       plural(tally.read, "message", "messages"),
                       tally.skipped ? fmt::format(", {} skipped", tally.skipped) : "");
}

} // namespace

int run_mail_sync(const Context& context, const MailSyncOptions& options) {
    const Format format = format_option(options.format);
    const Config& config = context.config;
    if (config.mail_maildir.empty() && config.mail_imap.empty()) {
        throw Error("no mail sources: set [mail] maildir or imap in the config file (see `man "
                    "followup`, THE CONFIG FILE)");
    }
    if (config.mail_me.empty()) {
        throw Error("[mail] me is empty: list your own addresses in the config file, so that "
                    "mail from you counts as outbound");
    }
    // Loaded before the database is opened: without it, nothing is synced.
    const auto& module = reinterpret_cast<const mail::MailModule&>(load_module("mail", "Mail"));
    Store store = context.open(Access::write);
    Sync sync(context, store, module, options.dry_run);
    std::size_t failed = 0;
    for (const std::string& folder : config.mail_maildir) {
        try {
            sync.maildir(folder);
        } catch (const Error& e) {
            context.err << "followup: " << neutralise(e.what()) << '\n';
            ++failed;
        }
    }
#ifdef FOLLOWUP_HAVE_IMAP
    std::optional<std::string> password;
    for (const std::string& url : config.mail_imap) {
        try {
            if (!password) {
                if (config.mail_password_command.empty()) {
                    throw Error("[mail] password_command is empty: set it to a command that "
                                "prints the IMAP password");
                }
                password = module.run_password_command(config.mail_password_command);
            }
            sync.imap(url, *password);
        } catch (const Error& e) {
            context.err << "followup: imap " << neutralise(url) << ": " << neutralise(e.what())
                        << '\n';
            ++failed;
        }
    }
#else
    for (const std::string& url : config.mail_imap) {
        // Without the IMAP client an IMAP source is a one-line error, and the
        // others are still synced.
        context.err << "followup: imap " << neutralise(url)
                    << ": IMAP sources are not supported by this build yet\n";
        ++failed;
    }
#endif
    const std::size_t sources = config.mail_maildir.size() + config.mail_imap.size();
    const auto& logged = sync.logged();
    if (format != Format::table || options.dry_run) {
        nlohmann::json rows = nlohmann::json::array();
        for (const Logged& item : logged) {
            rows.push_back(logged_row(item));
        }
        if (format != Format::table || !rows.empty()) {
            const std::vector<Column> columns = {{"kind", "KIND"},
                                                 {"on", "DATE"},
                                                 {"id", "ID"},
                                                 {"name", "NAME"},
                                                 {"purpose", "PURPOSE"},
                                                 {"note", "SUBJECT"},
                                                 {"message_id", "MESSAGE-ID"}};
            write_list(context.out, format, columns, rows, context.style);
        }
    }
    if (format == Format::table && (context.style.terminal || sync.tally().logged() > 0)) {
        context.out << summary(sync.tally(), sources, options.dry_run) << '\n';
    }
    return failed ? 1 : 0;
}

} // namespace followup
