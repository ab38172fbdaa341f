#include "commands.hpp"
#include "followup/advice.hpp"
#include "followup/error.hpp"
#include "followup/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <ostream>

namespace followup {

namespace {

// The channel a reply most likely came on: the last one we used.
Channel reply_channel(const ProspectView& view) {
    for (auto touch = view.touches.rbegin(); touch != view.touches.rend(); ++touch) {
        if (touch->direction == Direction::out) {
            return touch->channel;
        }
    }
    return view.prospect.email.empty() ? Channel::call : Channel::email;
}

} // namespace

namespace {

// " HH:MM" when the next action is the step this touch booked with a time.
std::string booked_time(const Touch& touch, const NextAction& next) {
    if (next.reason == Reason::booked && touch.next_step_on == next.due_on &&
        touch.next_step_time) {
        return " " + touch.next_step_time->text();
    }
    return "";
}

int undo_last_touch(const Context& context, const LogOptions& options) {
    if (options.inbound || options.talked || options.no_show || options.out_of_office ||
        !options.until.empty() || !options.channel.empty() || !options.purpose.empty() ||
        !options.note.empty() || !options.date.empty() || !options.next.empty() ||
        !options.next_channel.empty() || !options.stage.empty()) {
        throw UsageError("--undo takes only the PROSPECT");
    }
    check_typed_text("PROSPECT", options.prospect);
    Store store = context.open(Access::write);
    ProspectView view;
    Touch removed;
    std::optional<NextAction> next;
    store.write(context.config, context.today, [&] {
        view = view_of(store, store.resolve(options.prospect), context);
        if (view.touches.empty()) {
            throw Error(fmt::format("{} has no touches to undo", display_name(view.prospect)));
        }
        // The most recently logged touch, whatever its date.
        removed = *std::max_element(
            view.touches.begin(), view.touches.end(),
            [](const Touch& left, const Touch& right) { return left.id < right.id; });
        store.delete_touch(removed.id);
        // A synced touch undone stays undone: the next `mail sync` leaves its message alone.
        if (!removed.message_id.empty()) {
            store.ignore_message(removed.message_id, view.prospect.id);
        }
    });
    next = store.next_action(view.prospect.id);
    context.out << fmt::format("Removed the {} {} touch of {} from {}.",
                               to_string(removed.direction), to_string(removed.channel),
                               removed.on.iso(), display_name(view.prospect));
    if (next) {
        context.out << fmt::format(" Next: {} ({}).", next->due_on.iso(), to_string(next->reason));
    }
    context.out << '\n';
    return 0;
}

} // namespace

int run_log(const Context& context, const LogOptions& options) {
    if (options.undo) {
        return undo_last_touch(context, options);
    }
    if (options.out_of_office && !options.inbound) {
        throw UsageError("--ooo records an auto-reply: use it with --in");
    }
    if (options.out_of_office && options.until.empty()) {
        throw UsageError("--ooo needs --until DATE: when they are back");
    }
    if (!options.until.empty() && !options.out_of_office) {
        throw UsageError("--until goes with --in --ooo");
    }
    if (options.inbound && !options.purpose.empty()) {
        throw UsageError("--purpose is for outbound touches; drop it with --in");
    }
    if (options.inbound && options.talked) {
        throw UsageError("--talked is a conversation, --in a reply: give one of them");
    }
    if (options.no_show && (options.inbound || options.talked)) {
        throw UsageError("--no-show is for a meeting they missed: drop --in and --talked");
    }
    if (!options.next_channel.empty() && options.next.empty()) {
        throw UsageError("--next-channel says how the booked step happens: give --next DATE too");
    }

    Touch touch;
    touch.direction = options.inbound  ? Direction::in
                      : options.talked ? Direction::both
                                       : Direction::out;
    touch.on = options.date.empty() ? context.today : parse_date(options.date, context.today);
    if (touch.on > context.today) {
        throw UsageError(fmt::format("--date {} is in the future; log touches once they happen",
                                     touch.on.iso()));
    }
    if (!options.duration.empty() && options.next.empty()) {
        throw UsageError("--duration is the booked step's length: give --next DATE TIME too");
    }
    if (!options.next.empty()) {
        const DayAndTime next = parse_day_and_time(options.next, context.today);
        touch.next_step_on = next.day;
        touch.next_step_time = next.at;
        if (!options.duration.empty()) {
            if (!next.at) {
                throw UsageError("--duration goes with a time: give --next DATE HH:MM, as in "
                                 "--next 'wed 15:00'");
            }
            touch.next_step_minutes = parse_meeting_minutes(options.duration);
        } else if (next.at) {
            touch.next_step_minutes = default_meeting_minutes;
        }
        touch.next_step_uid = random_uuid();
        if (*touch.next_step_on <= touch.on) {
            throw UsageError(fmt::format("--next {} must be after the touch ({})",
                                         touch.next_step_on->iso(), touch.on.iso()));
        }
        if (!options.next_channel.empty()) {
            touch.next_step_channel = channel_option("--next-channel", options.next_channel);
        }
    }
    if (options.out_of_office) {
        touch.out_of_office = true;
        touch.away_until = parse_date(options.until, context.today);
        if (*touch.away_until <= touch.on) {
            throw UsageError(fmt::format("--until {} must be after the auto-reply ({})",
                                         touch.away_until->iso(), touch.on.iso()));
        }
    }
    std::optional<Channel> channel;
    if (!options.channel.empty()) {
        channel = channel_option("--channel", options.channel);
    }
    std::optional<Purpose> purpose;
    if (!options.purpose.empty()) {
        purpose = purpose_option("--purpose", options.purpose);
    }
    std::optional<Stage> stage;
    if (!options.stage.empty()) {
        stage = stage_option("--stage", options.stage);
    }
    if (!options.note.empty()) {
        touch.note = note_option(options.note);
    }
    check_typed_text("PROSPECT", options.prospect);

    Store store = context.open(Access::write);
    ProspectView view;
    std::optional<NextAction> next;
    std::vector<std::string> warnings;
    // What the confirmation says was taken from the suggestion, or held.
    bool suggested_channel = false;
    bool suggested_purpose = false;
    bool meeting_held = false;
    // What was typed: a write run again (a conflict on a server) starts from it.
    const Touch typed = touch;
    const std::optional<Channel> typed_channel = channel;
    const std::optional<Purpose> typed_purpose = purpose;
    store.write(context.config, context.today, [&] {
        warnings.clear();
        touch = typed;
        channel = typed_channel;
        purpose = typed_purpose;
        suggested_channel = suggested_purpose = meeting_held = false;
        const ProspectId id = store.resolve(options.prospect);
        view = view_of(store, id, context);
        if (view.prospect.outcome) {
            throw Error(fmt::format("{} is closed ({}); `followup reopen {}` first",
                                    display_name(view.prospect), to_string(*view.prospect.outcome),
                                    id));
        }
        touch.prospect_id = id;
        // Booked again before the booked day: the same meeting moved, so the
        // same calendar event (followup calendar updates it in place).
        if (touch.next_step_on && view.assessment.booked_on &&
            touch.on < *view.assessment.booked_on) {
            const auto booking =
                std::find_if(view.touches.rbegin(), view.touches.rend(), [&](const Touch& t) {
                    return t.next_step_on == view.assessment.booked_on;
                });
            if (booking != view.touches.rend() && !booking->next_step_uid.empty()) {
                touch.next_step_uid = booking->next_step_uid;
            }
        }
        if (is_attempt(touch) && (!channel || !purpose)) {
            const Suggestion suggestion = suggest(view.prospect, view.touches, view.assessment);
            if (!channel) {
                // A conversation happens live: a suggested email is no way to talk.
                channel = touch.direction == Direction::both && !is_live(suggestion.channel)
                              ? live_channel(view.prospect, view.touches, touch.on)
                              : suggestion.channel;
                suggested_channel = true;
            }
            if (!purpose) {
                // Nobody backs away in a conversation: that is what the email is for.
                purpose =
                    touch.direction == Direction::both && suggestion.purpose == Purpose::reversing
                        ? Purpose::value
                        : suggestion.purpose;
                suggested_purpose = true;
            }
        }
        if (!channel) {
            channel = reply_channel(view);
            suggested_channel = true;
        }
        touch.channel = *channel;
        touch.purpose = purpose;
        // The booked meeting itself, on or after its day: it took place,
        // unless they did not come.
        const auto& booked_on = view.assessment.booked_on;
        const bool on_booked_day = booked_on && touch.on >= *booked_on;
        if (touch.direction == Direction::out && purpose == Purpose::meeting && on_booked_day &&
            !options.no_show) {
            touch.direction = Direction::both;
            meeting_held = true;
        }
        if (options.no_show && (purpose != Purpose::meeting || !on_booked_day)) {
            throw UsageError(fmt::format(
                "--no-show is for the booked meeting, logged on or after its day{}: {} has {}",
                purpose == Purpose::meeting ? "" : " with --purpose meeting",
                display_name(view.prospect),
                booked_on ? fmt::format("a step booked for {}", booked_on->iso())
                          : std::string("no booked step")));
        }
        for (std::string& warning :
             touch_warnings(view.prospect, view.touches, touch, context.config)) {
            warnings.push_back(std::move(warning));
        }
        if (auto booked_day = booked_day_warning(touch, context.config)) {
            warnings.push_back(std::move(*booked_day));
        }
        if (is_attempt(touch) && touch.purpose) {
            touch.draft_variant = drafted_variant(view, context, touch.channel, *touch.purpose);
        }
        touch.id = store.add_touch(touch);
        if (stage) {
            store.set_stage(id, *stage);
        }
    });
    next = next_after_write(store, view.prospect);
    if (options.logged != nullptr) {
        *options.logged = touch.id;
    }
    for (const std::string& warning : warnings) {
        context.warn(warning);
    }
    std::string what;
    if (meeting_held) {
        what = fmt::format("the meeting by {} (held: a conversation)", to_string(touch.channel));
    } else if (touch.direction == Direction::both) {
        what = fmt::format("a conversation by {} ({})", to_string(touch.channel),
                           to_string(*touch.purpose));
    } else if (touch.direction == Direction::out) {
        what = fmt::format("{} ({})", to_string(touch.channel), to_string(*touch.purpose));
    } else if (touch.out_of_office) {
        what = fmt::format("an out-of-office reply until {}", touch.away_until->iso());
    } else {
        what = fmt::format("a reply by {}", to_string(touch.channel));
    }
    // Taking the suggestion is the normal path: said once, here, not warned.
    std::string taken;
    if (touch.direction == Direction::in) {
        taken = suggested_channel ? " (the channel last used)" : "";
    } else if (suggested_channel && suggested_purpose) {
        taken = ", as suggested";
    } else if (suggested_channel) {
        taken = fmt::format(", {} as suggested", to_string(touch.channel));
    } else if (suggested_purpose) {
        taken = fmt::format(", {} as suggested", to_string(*touch.purpose));
    }
    context.out << fmt::format("Logged {} for {} on {}{}. Next: {}{} ({}).\n", what,
                               display_name(view.prospect), touch.on.iso(), taken,
                               next->due_on.iso(), booked_time(touch, *next),
                               to_string(next->reason));
    return 0;
}

} // namespace followup
