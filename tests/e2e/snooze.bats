#!/usr/bin/env bats
# `followup snooze PROSPECT WHEN` (issue 11): moves the next action to a later
# day without a touch, keeping its reason and suggestion; `--end` undoes it;
# a booked step wins; a reply or a conversation since the snooze ends it.

load helpers

setup() {
    fu_setup
    # Ada: emailed on Monday, a call suggested for Wednesday the 4th.
    fu add Ada --email ada@example.com --phone 555-0100 >/dev/null
    touch_out 2026-11-02 Ada email value
}

# The snooze as exported: [snoozed_on, snooze_until]
stored_snooze() {
    fu export -o json | jq -c --arg name "$1" '.prospects[] | select(.name == $name)
        | [.snoozed_on, .snooze_until]'
}

# reason, channel, purpose and why of the next action as of a day, from `show -o json`
next_of() {
    fu_on "$1" show "$2" -o json |
        jq -r '"\(.due_on) \(.reason) \(.suggested_channel) \(.suggested_purpose): \(.suggestion_reason)"'
}

@test "snooze until a date moves the next action there, keeping its reason and suggestion" {
    local before
    before=$(next_of 2026-11-03 Ada)
    assert_equal "$before" \
        "2026-11-04 cadence call value: touch 2 of the streak, email went unanswered (not tried in this streak); value: something useful" \
        "next action before"
    run --separate-stderr fu_on 2026-11-03 snooze Ada 2026-11-13
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" "Snoozed Ada #1 until 2026-11-13; next: 2026-11-13 (cadence)."
    assert_equal "$(next_of 2026-11-03 Ada)" "2026-11-13${before#2026-11-04}" "next action after"
    assert_equal "$(stored_snooze Ada)" '["2026-11-03","2026-11-13"]' "stored snooze"
    assert_first_due_on 2026-11-13 Ada cadence
    assert_equal "$(due_field 2026-11-13 Ada suggested_channel) $(due_field 2026-11-13 Ada state)" \
        "call active" "the suggestion and state on the day"
    # No touch was recorded.
    assert_equal "$(fu export -o json | jq '.prospects[0].touches | length')" 1 "touches"
}

@test "snooze for a duration counts calendar days from today" {
    run --separate-stderr fu_on 2026-11-03 snooze Ada 2w
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" "Snoozed Ada #1 until 2026-11-17; next: 2026-11-17 (cadence)."
    assert_equal "$(stored_snooze Ada)" '["2026-11-03","2026-11-17"]' "stored snooze"
    run --separate-stderr fu_on 2026-11-03 snooze Ada 3d
    assert_status 0
    assert_equal "$output" "Snoozed Ada #1 until 2026-11-06; next: 2026-11-06 (cadence)."
    assert_first_due_on 2026-11-06 Ada cadence
}

@test "a snooze never brings the next action earlier" {
    # After three touches the next one is due on Monday the 16th.
    touch_out 2026-11-04 Ada call value
    touch_out 2026-11-09 Ada text intro
    assert_equal "$(fu_on 2026-11-10 show Ada -o json | jq -r .due_on)" 2026-11-16 "due before"
    run --separate-stderr fu_on 2026-11-10 snooze Ada 2026-11-12
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" "Snoozed Ada #1 until 2026-11-12; next: 2026-11-16 (cadence)."
    assert_first_due_on 2026-11-16 Ada cadence
}

@test "snooze --end restores the schedule as it was" {
    local before
    before=$(fu_on 2026-11-03 due --upcoming 60 -o json)
    fu_on 2026-11-03 snooze Ada 2026-11-20 >/dev/null
    run --separate-stderr fu_on 2026-11-03 snooze Ada --end
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" "Ended the snooze of Ada #1; next: 2026-11-04 (cadence)."
    assert_equal "$(fu_on 2026-11-03 due --upcoming 60 -o json)" "$before" "due after --end"
    assert_equal "$(stored_snooze Ada)" '[null,null]' "stored snooze after --end"
    run --separate-stderr fu_on 2026-11-03 show Ada
    assert_not_contains "$output" "snoozed"
    # Not snoozed any more: nothing to end.
    run --separate-stderr fu_on 2026-11-03 snooze Ada --end
    assert_error 1
    assert_equal "$stderr" "followup: Ada #1 is not snoozed" "stderr"
}

@test "show prints the snooze and a timeline row on the day it was set" {
    fu_on 2026-11-03 snooze Ada 2026-11-13 >/dev/null
    run --separate-stderr fu_on 2026-11-05 show Ada
    assert_status 0
    assert_stderr_empty
    assert_contains "$output" $'\n  snoozed until  2026-11-13\n'
    assert_contains "$output" $'\n  next           2026-11-13 (cadence): call value,'
    # The timeline: the touch, then the snooze on the 3rd.
    local rows
    rows=$(sed -n '/^TOUCH /,$p' <<<"$output" | tail -n +2 | sed 's/ *$//' | tr -s ' ')
    assert_equal "$rows" $'1 2026-11-02 out email value\n 2026-11-03 snoozed until 2026-11-13' "timeline"
    assert_equal "$(fu_on 2026-11-05 show Ada -o json | jq -c '[.snoozed_on, .snooze_until]')" \
        '["2026-11-03","2026-11-13"]' "show -o json"
}

@test "a booked step wins over a snooze" {
    fu_on 2026-11-03 log Ada --in --channel email --next 2026-11-10 >/dev/null
    run --separate-stderr fu_on 2026-11-04 snooze Ada 2026-11-20
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Snoozed Ada #1 until 2026-11-20, but the step booked for 2026-11-10 still stands; \`followup log\` a new --next to move it."
    assert_first_due_on 2026-11-10 Ada booked
    assert_equal "$(due_field 2026-11-10 Ada suggested_purpose)" meeting "booked step purpose"
}

@test "snoozing a closed prospect is an error" {
    fu_on 2026-11-03 close Ada --lost >/dev/null
    run --separate-stderr fu_on 2026-11-03 snooze Ada 2026-11-20
    assert_error 1
    assert_equal "$stderr" "followup: Ada #1 is closed; nothing to snooze" "stderr"
    assert_equal "$(stored_snooze Ada)" '[null,null]' "stored snooze"
}

@test "a WHEN that is not after today, not a date, or missing is a usage error" {
    local when
    for when in 2026-11-03 today yesterday 0d banana; do
        run --separate-stderr fu_on 2026-11-03 snooze Ada "$when"
        assert_error 2
    done
    run --separate-stderr fu_on 2026-11-03 snooze Ada 2026-11-03
    assert_equal "$stderr" \
        "followup: 2026-11-03 is not after today (2026-11-03): a snooze moves the next action later" "stderr"
    run --separate-stderr fu_on 2026-11-03 snooze Ada
    assert_error 2
    assert_contains "$stderr" "snooze needs WHEN"
    run --separate-stderr fu_on 2026-11-03 snooze Ada 2026-11-20 --end
    assert_error 2
    assert_equal "$(stored_snooze Ada)" '[null,null]' "stored snooze"
    assert_first_due_on 2026-11-04 Ada cadence
}

@test "a reply since the snooze ends it" {
    fu_on 2026-11-03 snooze Ada 2026-11-20 >/dev/null
    run --separate-stderr fu_on 2026-11-04 log Ada --in --channel email
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" "Logged a reply by email for Ada #1 on 2026-11-04. Next: 2026-11-06 (after-reply)."
    assert_first_due_on 2026-11-06 Ada after-reply
}

@test "a conversation since the snooze ends it" {
    fu_on 2026-11-03 snooze Ada 2026-11-20 >/dev/null
    run --separate-stderr fu_on 2026-11-04 log Ada --talked --channel call --purpose value
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged a conversation by call (value) for Ada #1 on 2026-11-04. Next: 2026-11-06 (after-reply)."
    assert_first_due_on 2026-11-06 Ada after-reply
}

@test "once a reply ended the snooze, show no longer says snoozed until" {
    fu_on 2026-11-03 snooze Ada 2026-11-20 >/dev/null
    fu_on 2026-11-04 log Ada --in --channel email >/dev/null
    run --separate-stderr fu_on 2026-11-04 show Ada
    assert_status 0
    assert_contains "$output" $'\n  next           2026-11-06 (after-reply):'
    assert_not_contains "$output" "  snoozed until  2026-11-20"
}
