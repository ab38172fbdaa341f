// `followup due --interactive`: today's due list walked one prospect at a
// time, in the manner of `git add -p`. Every action goes through the command
// that does it on its own (log, snooze, cooldown, breakup), so each is one
// committed transaction with that command's checks and messages.
#include "commands.hpp"
#include "followup/advice.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"
#include "output/terminal.hpp"
#include "walk.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <ostream>
#include <unistd.h>

namespace followup {

namespace {

// One thing done in the walk, with what undoing it needs.
struct Done {
    WalkStep step;
    ProspectId id = 0;
    std::int64_t touch_id = 0;        // a touch: the one logged
    std::optional<Date> since, until; // a snooze or cool-down: as it was before
};

// What an action left the walk to do.
enum class Next { stay, move_on, end };

// A note typed this long is pasted text: the terminal line holds less anyway.
constexpr std::size_t max_edited_bytes = std::size_t{1} << 20;

class Walk {
public:
    Walk(const Context& context, Terminal& terminal, const DueOptions& options,
         std::vector<DueItem> items)
        : context_(context), terminal_(terminal), options_(options), items_(std::move(items)) {}

    void run();
    void print_summary();

private:
    // A line read after a prompt; none at the end of input.
    std::optional<std::string> ask(std::string_view prompt);
    // An optional note: empty for none; none at the end of input.
    std::optional<std::string> ask_note(std::string_view prompt = "Note (Enter for none): ");
    std::optional<std::string> key(std::string_view prompt);

    void show_card(const ProspectView& view, const Suggestion& suggestion);
    void show_help();
    Next act(WalkAction action, const ProspectView& view, const Suggestion& suggestion);
    // Runs one command; false (after saying why) when it refused or failed.
    bool attempt(const std::function<void()>& command);
    Next log_touch(const ProspectView& view, LogOptions options);
    Next snooze(const ProspectView& view);
    Next cool_down(const ProspectView& view);
    Next reversing(const ProspectView& view);
    Next edit(const ProspectView& view, const Suggestion& suggestion);
    Next open_editor(const ProspectView& view, const Suggestion& suggestion);
    void undo(const Done& done);
    std::string prospect_word(const ProspectView& view) const {
        return std::to_string(view.prospect.id);
    }
    void flush() {
        context_.out.flush();
        context_.err.flush();
    }

    const Context& context_;
    Terminal& terminal_;
    const DueOptions& options_;
    std::vector<DueItem> items_;
    std::vector<Done> done_;
    std::size_t position_ = 0;
};

std::optional<std::string> Walk::ask(std::string_view prompt) {
    context_.out << prompt;
    flush();
    return terminal_.line();
}

std::optional<std::string> Walk::ask_note(std::string_view prompt) {
    for (;;) {
        auto note = ask(prompt);
        // `log --note -` reads standard input: here that would be the terminal.
        if (note && std::string(trim(*note)) == "-") {
            context_.out << "A note of only '-' would mean standard input; type more, or Enter "
                            "for none.\n";
            continue;
        }
        return note;
    }
}

std::optional<std::string> Walk::key(std::string_view prompt) {
    terminal_.keys_on();
    context_.out << prompt;
    flush();
    auto typed = terminal_.key();
    if (typed) {
        context_.out << neutralise(*typed) << '\n';
    } else {
        context_.out << '\n';
    }
    return typed;
}

void Walk::show_card(const ProspectView& view, const Suggestion& suggestion) {
    const Prospect& p = view.prospect;
    const Assessment& a = view.assessment;
    std::ostream& out = context_.out;
    const auto fit = [&](const std::string& line) {
        return context_.style.width > 0 ? truncate_to_width(line, context_.style.width) : line;
    };
    const std::string header = display_name(p);
    out << '\n' << (context_.style.color ? "\x1b[1m" + header + "\x1b[0m" : header) << '\n';
    out << fit(p.value > 0 ? fmt::format("  stage     {}, value {}", to_string(p.stage), p.value)
                           : fmt::format("  stage     {}", to_string(p.stage)))
        << '\n';
    out << fit(fmt::format("  priority  {}",
                           p.top_priority.empty() ? "(none stored)" : neutralise(p.top_priority)))
        << '\n';
    if (a.next) {
        const int overdue = days_between(a.next->due_on, context_.today);
        out << fmt::format(
            "  state     {}, due {}{} ({}){}\n", to_string(a.state), a.next->due_on.iso(),
            a.next_at ? " " + a.next_at->text() : "", to_string(a.next->reason),
            overdue > 0 ? fmt::format(", {} overdue", counted(overdue, "day", "days")) : "");
    }
    // The last three touches, oldest first, with their notes.
    const std::size_t shown = std::min<std::size_t>(3, view.touches.size());
    if (shown == 0) {
        out << "  touches   none yet\n";
    }
    for (std::size_t i = view.touches.size() - shown; i < view.touches.size(); ++i) {
        const Touch& touch = view.touches[i];
        const std::string row =
            fmt::format("{}  {:<4} {:<9} {:<9} {}", touch.on.iso(), to_string(touch.direction),
                        to_string(touch.channel), touch.purpose ? to_string(*touch.purpose) : "",
                        neutralise(touch.note));
        out << fit(fmt::format("  {}{}",
                               i + shown == view.touches.size() ? "touches   " : "          ",
                               trim(row)))
            << '\n';
    }
    out << fit(fmt::format("  suggested {} {}: {}", to_string(suggestion.channel),
                           to_string(suggestion.purpose), neutralise(suggestion.reason)))
        << '\n';
    if (options_.explain && position_ < items_.size()) {
        out << fit(fmt::format("  rank      {}", explain_rank(items_[position_], context_.today)))
            << '\n';
    }
    out << fmt::format("\nDraft ({} {}):\n", to_string(suggestion.channel),
                       to_string(suggestion.purpose));
    try {
        std::string draft = draft_text(view, context_, suggestion.channel, suggestion.purpose, "");
        out << draft << (draft.ends_with('\n') ? "" : "\n");
    } catch (const std::exception& e) {
        flush();
        context_.err << "followup: " << neutralise(e.what()) << '\n';
    }
}

void Walk::show_help() {
    for (const WalkKey& entry : walk_keys()) {
        context_.out << entry.key << " - " << entry.help << '\n';
    }
}

bool Walk::attempt(const std::function<void()>& command) {
    flush();
    try {
        command();
        flush();
        return true;
    } catch (const std::exception& e) {
        flush();
        context_.err << "followup: " << neutralise(e.what()) << '\n';
        return false;
    }
}

Next Walk::log_touch(const ProspectView& view, LogOptions options) {
    std::int64_t logged = 0;
    options.prospect = prospect_word(view);
    options.logged = &logged;
    if (!attempt([&] { run_log(context_, options); }) || logged == 0) {
        return Next::stay;
    }
    Done done;
    done.step.kind = WalkStep::Kind::touch;
    done.step.position = position_;
    done.id = view.prospect.id;
    done.touch_id = logged;
    // What it became (a meeting logged on its day is a conversation).
    const Store store = context_.open(Access::read);
    for (const Touch& touch : store.touches(view.prospect.id, Notes::skip)) {
        if (touch.id == logged) {
            done.step.conversation = touch.direction == Direction::both;
            done.step.booked = touch.next_step_on.has_value();
        }
    }
    done_.push_back(done);
    return Next::move_on;
}

Next Walk::snooze(const ProspectView& view) {
    const auto when = ask("Snooze until (a day or a while: fri, 2026-12-14, 3d, 2w): ");
    if (!when) {
        return Next::end;
    }
    if (is_blank(*when)) {
        return Next::stay;
    }
    Done done;
    done.step.kind = WalkStep::Kind::snooze;
    done.step.position = position_;
    done.id = view.prospect.id;
    done.since = view.prospect.snoozed_on;
    done.until = view.prospect.snooze_until;
    SnoozeOptions options;
    options.prospect = prospect_word(view);
    options.until = std::string(trim(*when));
    if (!attempt([&] { run_snooze(context_, options); })) {
        return Next::stay;
    }
    done_.push_back(done);
    return Next::move_on;
}

Next Walk::cool_down(const ProspectView& view) {
    const auto when =
        ask(fmt::format("Cool down for (Enter: {}; or a while: 10d, 3w; or until a day): ",
                        context_.config.cooldown_default.text()));
    if (!when) {
        return Next::end;
    }
    CooldownOptions options;
    options.prospect = prospect_word(view);
    const std::string typed(trim(*when));
    if (!typed.empty()) {
        (try_parse_duration(typed) ? options.for_duration : options.until) = typed;
    }
    Done done;
    done.step.kind = WalkStep::Kind::cooling;
    done.step.position = position_;
    done.id = view.prospect.id;
    done.since = view.prospect.cooling_since;
    done.until = view.prospect.cooling_until;
    if (!attempt([&] { run_cooldown(context_, options); })) {
        return Next::stay;
    }
    done_.push_back(done);
    return Next::move_on;
}

Next Walk::reversing(const ProspectView& view) {
    BreakupOptions options;
    options.prospect = prospect_word(view);
    // Whether it is ready, and why not, as `breakup PROSPECT` says; then the
    // draft `breakup --draft` prints.
    if (!attempt([&] { run_breakup(context_, options); })) {
        return Next::stay;
    }
    options.draft = true;
    context_.out << '\n';
    if (!attempt([&] { run_breakup(context_, options); })) {
        return Next::stay;
    }
    if (view.assessment.state != State::breakup) {
        return Next::stay;
    }
    for (;;) {
        const auto answer = key("\nRecord the reversing email as sent [y,n]? ");
        if (!answer) {
            return Next::end;
        }
        if (*answer == "n" || *answer == "N") {
            return Next::stay;
        }
        if (*answer == "y" || *answer == "Y") {
            break;
        }
        context_.out << "Press y to record it, n not to.\n";
    }
    std::int64_t recorded = 0;
    options.draft = false;
    options.sent = true;
    options.recorded = &recorded;
    if (!attempt([&] { run_breakup(context_, options); }) || recorded == 0) {
        return Next::stay;
    }
    Done done;
    done.step.kind = WalkStep::Kind::touch;
    done.step.position = position_;
    done.id = view.prospect.id;
    done.touch_id = recorded;
    done_.push_back(done);
    return Next::move_on;
}

Next Walk::edit(const ProspectView& view, const Suggestion& suggestion) {
    LogOptions options;
    const auto channel = ask(fmt::format("Channel (Enter: {}): ", to_string(suggestion.channel)));
    if (!channel) {
        return Next::end;
    }
    const auto purpose = ask(fmt::format("Purpose (Enter: {}): ", to_string(suggestion.purpose)));
    if (!purpose) {
        return Next::end;
    }
    const auto note = ask_note();
    if (!note) {
        return Next::end;
    }
    // Left empty, log takes the suggestion and says so.
    options.channel = std::string(trim(*channel));
    options.purpose = std::string(trim(*purpose));
    options.note = *note;
    return log_touch(view, options);
}

// The draft in a private file (0600, from mkstemps), the editor run on its
// path alone, and what was written logged as the note of the suggested touch.
Next Walk::open_editor(const ProspectView& view, const Suggestion& suggestion) {
    std::string editor;
    for (const char* name : {"VISUAL", "EDITOR"}) {
        if (const char* value = std::getenv(name); value && *value && editor.empty()) {
            editor = value;
        }
    }
    if (editor.empty()) {
        editor = "vi";
    }
    // The file gets the draft as stored: an editor shows it safely.
    Context plain = context_;
    plain.style.terminal = false;
    std::string draft;
    if (!attempt(
            [&] { draft = draft_text(view, plain, suggestion.channel, suggestion.purpose, ""); })) {
        return Next::stay;
    }
    const char* tmpdir = std::getenv("TMPDIR");
    std::string path =
        fmt::format("{}/followup-draft-XXXXXX.txt", tmpdir && *tmpdir ? tmpdir : "/tmp");
    const int fd = mkstemps(path.data(), 4);
    if (fd < 0) {
        flush();
        context_.err << "followup: cannot make a file for the draft in "
                     << neutralise(tmpdir && *tmpdir ? tmpdir : "/tmp") << '\n';
        return Next::stay;
    }
    // Removed however this ends.
    struct Remove {
        std::string path;
        ~Remove() { std::remove(path.c_str()); }
    } remove{path};
    bool written = true;
    for (std::size_t at = 0; at < draft.size();) {
        const ssize_t wrote = write(fd, draft.data() + at, draft.size() - at);
        if (wrote <= 0) {
            written = false;
            break;
        }
        at += static_cast<std::size_t>(wrote);
    }
    close(fd);
    if (!written) {
        flush();
        context_.err << "followup: cannot write the draft to " << neutralise(path) << '\n';
        return Next::stay;
    }
    flush();
    const int status = terminal_.run_editor(editor, path);
    if (status != 0) {
        context_.out << (status < 0 ? std::string("The editor did not finish")
                                    : fmt::format("The editor exited with {}", status))
                     << "; nothing logged.\n";
        return Next::stay;
    }
    std::ifstream file(path, std::ios::binary);
    BoundedRead read = read_bounded(file, max_edited_bytes);
    if (!file.eof() || read.end != ReadEnd::whole) {
        context_.out << "What the editor left is not a note (over 1 MiB, or not text); nothing "
                        "logged.\n";
        return Next::stay;
    }
    const std::string note(trim(read.data));
    if (is_blank(note)) {
        context_.out << "The draft was left empty; nothing logged.\n";
        return Next::stay;
    }
    LogOptions options;
    options.note = note == "-" ? std::string("- ") : note;
    return log_touch(view, options);
}

Next Walk::act(WalkAction action, const ProspectView& view, const Suggestion& suggestion) {
    LogOptions options;
    switch (action) {
    case WalkAction::done:
    case WalkAction::talked:
    case WalkAction::replied: {
        const auto note = ask_note();
        if (!note) {
            return Next::end;
        }
        options.note = *note;
        options.talked = action == WalkAction::talked;
        options.inbound = action == WalkAction::replied;
        return log_touch(view, options);
    }
    case WalkAction::no_answer: {
        const auto& booked_on = view.assessment.booked_on;
        const bool missed_meeting =
            suggestion.purpose == Purpose::meeting && booked_on && context_.today >= *booked_on;
        const auto note =
            ask_note(missed_meeting ? "Note (Enter: did not come): " : "Note (Enter: no answer): ");
        if (!note) {
            return Next::end;
        }
        options.note = is_blank(*note) ? (missed_meeting ? "did not come" : "no answer") : *note;
        if (missed_meeting) {
            options.purpose = "meeting";
            options.no_show = true;
        }
        return log_touch(view, options);
    }
    case WalkAction::book: {
        const auto when = ask("Booked for (a day, and a time if agreed: 'wed 15:00', "
                              "2026-12-09T15:00, 'tomorrow 9:30'): ");
        if (!when) {
            return Next::end;
        }
        if (is_blank(*when)) {
            return Next::stay;
        }
        // Checked before the note is asked for, as `log --next` checks it.
        if (!attempt([&] {
                const Date day = parse_day_and_time(trim(*when), context_.today).day;
                if (day <= context_.today) {
                    throw UsageError(fmt::format("the booked day {} must be after today ({})",
                                                 day.iso(), context_.today.iso()));
                }
            })) {
            return Next::stay;
        }
        const auto note = ask_note();
        if (!note) {
            return Next::end;
        }
        options.talked = true;
        options.next = std::string(trim(*when));
        options.note = *note;
        return log_touch(view, options);
    }
    case WalkAction::snooze:
        return snooze(view);
    case WalkAction::cool_down:
        return cool_down(view);
    case WalkAction::reversing:
        return reversing(view);
    case WalkAction::edit:
        return edit(view, suggestion);
    case WalkAction::open_editor:
        return open_editor(view, suggestion);
    case WalkAction::skip:
    case WalkAction::undo:
    case WalkAction::quit:
    case WalkAction::help:
        break;
    }
    return Next::stay;
}

// "the conversation by call (meeting)", "the reply by email", "the email (value)".
std::string touch_words(const Touch& touch) {
    const std::string purpose =
        touch.purpose ? fmt::format(" ({})", to_string(*touch.purpose)) : std::string();
    switch (touch.direction) {
    case Direction::both:
        return fmt::format("the conversation by {}{}", to_string(touch.channel), purpose);
    case Direction::in:
        return fmt::format("the reply by {}", to_string(touch.channel));
    case Direction::out:
        break;
    }
    return fmt::format("the {}{}", to_string(touch.channel), purpose);
}

void Walk::undo(const Done& done) {
    Store store = context_.open(Access::write);
    ProspectView view;
    Touch removed;
    std::optional<NextAction> next;
    store.write(context_.config, context_.today, [&] {
        view = view_of(store, done.id, context_, Notes::skip);
        switch (done.step.kind) {
        case WalkStep::Kind::touch: {
            const auto found = std::find_if(view.touches.begin(), view.touches.end(),
                                            [&](const Touch& t) { return t.id == done.touch_id; });
            if (found == view.touches.end()) {
                throw Error(fmt::format("the touch this walk logged for {} is gone already",
                                        display_name(view.prospect)));
            }
            removed = *found;
            store.delete_touch(done.touch_id);
            break;
        }
        case WalkStep::Kind::snooze:
            store.set_snooze(done.id, done.since, done.until);
            break;
        case WalkStep::Kind::cooling:
            store.set_cooling(done.id, done.since, done.until);
            break;
        case WalkStep::Kind::skip:
            break;
        }
    });
    next = store.next_action(done.id);
    const std::string name = display_name(view.prospect);
    const std::string then =
        next ? fmt::format(" Next: {} ({}).", next->due_on.iso(), to_string(next->reason)) : "";
    switch (done.step.kind) {
    case WalkStep::Kind::touch:
        context_.out << fmt::format("Removed {} of {} from {}.{}\n", touch_words(removed),
                                    removed.on.iso(), name, then);
        break;
    case WalkStep::Kind::snooze:
        context_.out << (done.until ? fmt::format("Put back the snooze of {} until {}.{}\n", name,
                                                  done.until->iso(), then)
                                    : fmt::format("Ended the snooze of {}.{}\n", name, then));
        break;
    case WalkStep::Kind::cooling:
        context_.out << (done.until ? fmt::format("Put back the cool-down of {} until {}.{}\n",
                                                  name, done.until->iso(), then)
                                    : fmt::format("Ended the cool-down of {}.{}\n", name, then));
        break;
    case WalkStep::Kind::skip:
        context_.out << fmt::format("Back to {}.\n", name);
        break;
    }
}

void Walk::run() {
    const std::string keys = walk_key_list();
    while (position_ < items_.size()) {
        const ProspectId id = items_[position_].prospect.id;
        ProspectView view;
        Suggestion suggestion;
        try {
            const Store store = context_.open(Access::read);
            view = view_of(store, id, context_);
            suggestion = suggest(view.prospect, view.touches, view.assessment);
        } catch (const Error&) {
            context_.out << fmt::format("\n#{} is gone; moving on.\n", id);
            ++position_;
            continue;
        }
        const auto& next = view.assessment.next;
        if (view.prospect.outcome || !next || next->due_on > context_.today) {
            context_.out << fmt::format(
                "\n{} is no longer due today{}; moving on.\n", display_name(view.prospect),
                next ? fmt::format(" (next: {}, {})", next->due_on.iso(), to_string(next->reason))
                     : std::string(" (closed)"));
            ++position_;
            continue;
        }
        show_card(view, suggestion);
        const std::string prompt = fmt::format("\n({}/{}) {} [{}]? ", position_ + 1, items_.size(),
                                               neutralise(view.prospect.name), keys);
        // Again after a hint or the help, without the blank line: the card
        // is on the screen already.
        const std::string again = prompt.substr(1);
        std::string_view asking = prompt;
        for (;;) {
            const auto typed = key(asking);
            if (!typed) {
                return;
            }
            asking = again;
            const auto action = walk_action(*typed);
            if (!action) {
                context_.out << fmt::format("Press one of {} (? explains them).\n", keys);
                continue;
            }
            if (*action == WalkAction::help) {
                show_help();
                continue;
            }
            if (*action == WalkAction::quit) {
                return;
            }
            if (*action == WalkAction::skip) {
                done_.push_back({{WalkStep::Kind::skip, position_, false, false}, id, 0, {}, {}});
                ++position_;
                break;
            }
            if (*action == WalkAction::undo) {
                if (done_.empty()) {
                    context_.out << "Nothing to undo in this walk.\n";
                    continue;
                }
                const Done last = done_.back();
                if (!attempt([&] { undo(last); })) {
                    continue;
                }
                done_.pop_back();
                position_ = last.step.position;
                break;
            }
            const Next next_step = act(*action, view, suggestion);
            if (next_step == Next::end) {
                return;
            }
            if (next_step == Next::move_on) {
                ++position_;
                break;
            }
        }
    }
}

void Walk::print_summary() {
    std::vector<WalkStep> steps;
    for (const Done& done : done_) {
        steps.push_back(done.step);
    }
    context_.out << '\n' << walk_summary(walk_tally(steps), items_.size()) << '\n';
    // What is due today now: the skipped, the ones not reached, the ones
    // still due after what was done (past the capacity too).
    DueOptions today = options_;
    today.interactive = false;
    today.all = true;
    today.limit = 0;
    today.explain = false;
    std::vector<DueItem> left;
    try {
        left = due_list(context_, today).items;
    } catch (const std::exception& e) {
        flush();
        context_.err << "followup: " << neutralise(e.what()) << '\n';
        return;
    }
    if (left.empty()) {
        context_.out << "Nothing left for today.\n";
        return;
    }
    constexpr std::size_t named = 5;
    std::string names;
    for (std::size_t i = 0; i < left.size() && i < named; ++i) {
        names += (i == 0 ? "" : ", ") + display_name(left[i].prospect);
    }
    if (left.size() > named) {
        names += fmt::format(" and {} more", left.size() - named);
    }
    context_.out << fmt::format("Left for today ({}): {}. `followup due` lists them.\n",
                                left.size(), names);
}

} // namespace

int run_due_interactive(const Context& context, const DueOptions& options) {
    if (options.format != "table") {
        throw UsageError(fmt::format("--interactive walks the list on the terminal; -o {} is for "
                                     "lists: drop one of them",
                                     neutralise(options.format)));
    }
    if (options.quiet) {
        throw UsageError("--quiet prints nothing and --interactive asks: drop one of them");
    }
    if (options.upcoming != 0) {
        throw UsageError("--interactive walks what is due today; --upcoming lists later days: "
                         "drop one of them");
    }
    int signal = 0;
    {
        // Refuses a standard input that is no terminal before anything is read.
        Terminal terminal;
        // Everything the walk writes goes to a person at a terminal.
        Context walk_context = context;
        walk_context.style.terminal = true;
        DueOptions listing = options;
        listing.interactive = false;
        DueList list = due_list(walk_context, listing);
        if (list.waiting > 0) {
            context.err << fmt::format("followup: {} more due past your daily capacity of {}; "
                                       "`followup due -i --all` walks them too\n",
                                       list.waiting, context.config.daily_capacity);
        }
        if (list.items.empty()) {
            context.out << "Nothing due today.\n";
            return 0;
        }
        Walk walk(walk_context, terminal, options, std::move(list.items));
        walk.run();
        walk.print_summary();
        context.out.flush();
        signal = terminal.signal();
    }
    if (signal != 0) {
        context.out.flush();
        context.err.flush();
        die_of_signal(signal);
    }
    return 0;
}

} // namespace followup
