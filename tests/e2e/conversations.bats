#!/usr/bin/env bats
# Conversations (issue 11): `log --talked` records a touch of direction
# `both`; a booked meeting logged on or after its day is held (a
# conversation) unless --no-show; a conversation ends the streak, counts as
# answered in the reply rates, fulfils a booked step and may book the next.

load helpers

setup() {
    fu_setup
}

# A prospect's touches from `export -o json`, one compact array a line:
# [date, direction, channel, purpose, next_step_on, next_step_channel]
touches_of() {
    fu export -o json | jq -c --arg name "$1" '.prospects[] | select(.name == $name) | .touches[]
        | [.date, .direction, .channel, .purpose, .next_step_on, .next_step_channel]'
}

# One field of `show -o json` as of a day: shown_on DAY NAME FIELD
shown_on() {
    fu_on "$1" show "$2" -o json | jq -r --arg field "$3" '.[$field]'
}

@test "log --talked records a conversation that ends the streak, on the live channel" {
    fu add Ada --email ada@example.com --phone 555-0100 >/dev/null
    touch_out 2026-11-02 Ada email value
    assert_equal "$(shown_on 2026-11-03 Ada streak)" 1 "streak before"
    # The suggestion is a call (not tried yet), a live channel: taken as it is.
    run --separate-stderr fu_on 2026-11-04 log Ada --talked
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged a conversation by call (value) for Ada #1 on 2026-11-04, as suggested. Next: 2026-11-06 (after-reply)."
    assert_equal "$(touches_of Ada | tail -n 1)" '["2026-11-04","both","call","value",null,null]' \
        "the stored conversation"
    assert_equal "$(shown_on 2026-11-04 Ada streak)" 0 "streak after the conversation"
    assert_equal "$(shown_on 2026-11-04 Ada last_reply_on)" 2026-11-04 "last_reply_on"
    assert_equal "$(due_field 2026-11-06 Ada suggestion_reason)" \
        "you talked on 2026-11-04: keep it going (not tried in this streak)" "the next suggestion"
}

@test "log --talked without --channel: a suggested email becomes a call with a phone, a video call without" {
    fu add Pat --email pat@example.com --phone 555-0101 >/dev/null
    fu add Eve --email eve@example.com >/dev/null
    assert_equal "$(due_field 2026-11-02 Pat suggested_channel)" email "Pat's suggestion"
    assert_equal "$(due_field 2026-11-02 Eve suggested_channel)" email "Eve's suggestion"
    run --separate-stderr fu log Pat --talked
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged a conversation by call (value) for Pat #1 on 2026-11-02, as suggested. Next: 2026-11-04 (after-reply)."
    run --separate-stderr fu log Eve --talked
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged a conversation by video (value) for Eve #2 on 2026-11-02, as suggested. Next: 2026-11-04 (after-reply)."
    assert_equal "$(touches_of Pat)" '["2026-11-02","both","call","value",null,null]' "Pat's touch"
    assert_equal "$(touches_of Eve)" '["2026-11-02","both","video","value",null,null]' "Eve's touch"
}

@test "log --talked keeps a suggested live channel even when the booked-step rule would pick another" {
    # They called back before; they prefer video: the suggestion is a call.
    fu add Cal --email cal@example.com --phone 555-0102 --channel video >/dev/null
    touch_out 2026-11-02 Cal email value
    fu_on 2026-11-03 log Cal --in --channel call >/dev/null
    assert_equal "$(due_field 2026-11-05 Cal suggested_channel)" call "the suggestion"
    run --separate-stderr fu_on 2026-11-05 log Cal --talked
    assert_status 0
    assert_stderr_empty
    assert_contains "$output" "Logged a conversation by call (value) for Cal #1 on 2026-11-05, as suggested."
    assert_equal "$(touches_of Cal | tail -n 1)" '["2026-11-05","both","call","value",null,null]' \
        "the stored conversation"
}

@test "log --talked when a reversing email is suggested: value on a live channel, not reversing" {
    fu add Ivy --email ivy@example.com --stage engaged >/dev/null
    local day
    for day in 2026-11-02 2026-11-04 2026-11-09 2026-11-16 2026-11-25; do
        touch_out "$day" Ivy email value
    done
    assert_equal "$(due_row 2026-12-09 Ivy | jq -r '"\(.reason) \(.suggested_channel) \(.suggested_purpose)"')" \
        "breakup email reversing" "the suggestion"
    run --separate-stderr fu_on 2026-12-09 log Ivy --talked
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged a conversation by video (value) for Ivy #1 on 2026-12-09, as suggested. Next: 2026-12-11 (after-reply)."
    assert_equal "$(touches_of Ivy | tail -n 1)" '["2026-12-09","both","video","value",null,null]' \
        "the stored conversation"
    assert_equal "$(shown_on 2026-12-09 Ivy state)" active "state after the conversation"
}

@test "a meeting logged on its booked day is held: a conversation" {
    fu add Mia --email mia@example.com --phone 555-0103 >/dev/null
    fu log Mia --in --channel email --next 2026-11-10 >/dev/null
    assert_equal "$(due_row 2026-11-10 Mia | jq -r '"\(.reason) \(.suggested_channel) \(.suggested_purpose)"')" \
        "booked call meeting" "the booked step's suggestion"
    run --separate-stderr fu_on 2026-11-10 log Mia
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged the meeting by call (held: a conversation) for Mia #1 on 2026-11-10, as suggested. Next: 2026-11-12 (after-reply)."
    assert_equal "$(touches_of Mia | tail -n 1)" '["2026-11-10","both","call","meeting",null,null]' \
        "the stored meeting"
    assert_equal "$(shown_on 2026-11-10 Mia state)" active "no longer booked"
}

@test "a meeting logged after its booked day with --channel is held too" {
    fu add Max --email max@example.com --phone 555-0104 >/dev/null
    fu log Max --in --channel email --next 2026-11-10 >/dev/null
    run --separate-stderr fu_on 2026-11-12 log Max --channel video --purpose meeting --date 2026-11-11
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged the meeting by video (held: a conversation) for Max #1 on 2026-11-11. Next: 2026-11-13 (after-reply)."
    assert_equal "$(touches_of Max | tail -n 1)" '["2026-11-11","both","video","meeting",null,null]' \
        "the stored meeting"
}

@test "--no-show keeps a missed meeting outbound, and the streak goes on" {
    fu add Ned --email ned@example.com --phone 555-0105 >/dev/null
    fu log Ned --in --channel email --next 2026-11-10 >/dev/null
    run --separate-stderr fu_on 2026-11-10 log Ned --purpose meeting --no-show
    assert_status 0
    assert_stderr_empty
    assert_contains "$output" "Logged call (meeting) for Ned #1 on 2026-11-10, call as suggested. Next: "
    assert_not_contains "$output" "held"
    assert_equal "$(touches_of Ned | tail -n 1)" '["2026-11-10","out","call","meeting",null,null]' \
        "the stored touch"
    assert_equal "$(shown_on 2026-11-10 Ned streak)" 1 "streak after a no-show"
    assert_equal "$(shown_on 2026-11-10 Ned reason)" cadence "reason after a no-show"
}

@test "--no-show without a booked day, without purpose meeting, or with --talked is a usage error" {
    fu add Ola --email ola@example.com --phone 555-0106 >/dev/null
    run --separate-stderr fu log Ola --purpose meeting --channel call --no-show
    assert_error 2
    assert_contains "$stderr" "no booked step"
    fu log Ola --in --channel email --next 2026-11-10 >/dev/null
    # Before the booked day.
    run --separate-stderr fu_on 2026-11-09 log Ola --purpose meeting --channel call --no-show
    assert_error 2
    assert_contains "$stderr" "a step booked for 2026-11-10"
    # Not a meeting.
    run --separate-stderr fu_on 2026-11-10 log Ola --purpose value --channel call --no-show
    assert_error 2
    assert_contains "$stderr" "--purpose meeting"
    run --separate-stderr fu_on 2026-11-10 log Ola --talked --no-show
    assert_error 2
    # Nothing was recorded: only the reply.
    assert_equal "$(touches_of Ola)" '["2026-11-02","in","email",null,"2026-11-10",null]' "touches"
}

@test "--next-channel says how the booked step happens" {
    fu add Pia --email pia@example.com --phone 555-0107 --address "1 Harbour Road" >/dev/null
    run --separate-stderr fu log Pia --talked --channel call --next 2026-11-10 --next-channel visit
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged a conversation by call (value) for Pia #1 on 2026-11-02, value as suggested. Next: 2026-11-10 (booked)."
    assert_equal "$(touches_of Pia)" '["2026-11-02","both","call","value","2026-11-10","visit"]' "touches"
    assert_equal "$(due_row 2026-11-10 Pia | jq -r '"\(.reason) \(.suggested_channel) \(.suggested_purpose) \(.suggestion_reason)"')" \
        "booked visit meeting the next step booked for 2026-11-10 (as agreed)" "the booked step"
    # Held by the agreed channel when logged without one.
    run --separate-stderr fu_on 2026-11-10 log Pia
    assert_status 0
    assert_contains "$output" "Logged the meeting by visit (held: a conversation) for Pia #1 on 2026-11-10, as suggested."
}

@test "--next-channel without --next, or with a bad channel, is a usage error" {
    fu add Quin --email quin@example.com --phone 555-0108 >/dev/null
    run --separate-stderr fu log Quin --talked --next-channel visit
    assert_error 2
    assert_equal "$stderr" \
        "followup: --next-channel says how the booked step happens: give --next DATE too" "stderr"
    run --separate-stderr fu log Quin --talked --next 2026-11-10 --next-channel pigeon
    assert_error 2
    assert_contains "$stderr" "followup: invalid --next-channel 'pigeon': use one of email, call,"
    assert_equal "$(touches_of Quin)" "" "touches"
}

@test "stats counts a conversation as an answered touch in the reply rates" {
    fu add Ray --email ray@example.com --phone 555-0109 >/dev/null
    fu add Sam --email sam@example.com --phone 555-0110 >/dev/null
    touch_out 2026-11-02 Ray email value
    fu_on 2026-11-04 log Ray --talked --channel call --purpose value >/dev/null
    touch_out 2026-11-02 Sam call intro
    run --separate-stderr fu_on 2026-11-06 stats -o json
    assert_status 0
    assert_stderr_empty
    assert_equal "$(jq -c '.reply_rate_by_channel' <<<"$output")" \
        '{"call":{"rate":0.5,"replies":1,"touches":2},"email":{"rate":0,"replies":0,"touches":1}}' \
        "reply rate by channel"
    assert_equal "$(jq -c '.reply_rate_by_purpose' <<<"$output")" \
        '{"intro":{"rate":0,"replies":0,"touches":1},"value":{"rate":0.5,"replies":1,"touches":2}}' \
        "reply rate by purpose"
    # From the day of the conversation on: only it, answered.
    run --separate-stderr fu_on 2026-11-06 stats -o json --since 2026-11-04
    assert_status 0
    assert_equal "$(jq -c '.reply_rate_by_channel' <<<"$output")" \
        '{"call":{"rate":1,"replies":1,"touches":1}}' "reply rate by channel since the conversation"
}

@test "a conversation on or after a booked day fulfils the booked step, one before it does not" {
    fu add Tia --email tia@example.com --phone 555-0111 >/dev/null
    fu log Tia --in --channel email --next 2026-11-10 >/dev/null
    # The day before: a conversation, but the step is still ahead.
    run --separate-stderr fu_on 2026-11-09 log Tia --talked --channel call --purpose value
    assert_status 0
    assert_contains "$output" "Next: 2026-11-10 (booked)."
    assert_equal "$(shown_on 2026-11-09 Tia state)" booked "state after a conversation before the day"
    # On the day: fulfilled.
    run --separate-stderr fu_on 2026-11-10 log Tia --talked --channel call --purpose value
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged a conversation by call (value) for Tia #1 on 2026-11-10. Next: 2026-11-12 (after-reply)."
    assert_equal "$(shown_on 2026-11-10 Tia state)" active "state after the conversation on the day"
    assert_equal "$(due_field 2026-11-12 Tia reason)" after-reply "reason on 2026-11-12"
}

@test "a conversation books the next step with --next" {
    fu add Uma --email uma@example.com --phone 555-0112 >/dev/null
    run --separate-stderr fu log Uma --talked --channel call --purpose value --next 2026-11-12
    assert_status 0
    assert_stderr_empty
    assert_contains "$output" "Next: 2026-11-12 (booked)."
    assert_equal "$(touches_of Uma)" '["2026-11-02","both","call","value","2026-11-12",null]' "touches"
    assert_first_due_on 2026-11-12 Uma booked
    assert_equal "$(due_field 2026-11-12 Uma suggested_channel)" call "booked step channel"
}

@test "log --undo removes a conversation: the streak, the schedule and the reply rates as before" {
    fu add Val --email val@example.com --phone 555-0113 >/dev/null
    touch_out 2026-11-02 Val email value
    local before
    before=$(fu_on 2026-11-04 due --upcoming 60 -o json)
    fu_on 2026-11-04 log Val --talked --channel call --purpose value >/dev/null
    assert_equal "$(fu_on 2026-11-04 stats -o json | jq -c '.reply_rate_by_channel.call')" \
        '{"rate":1,"replies":1,"touches":1}' "call rate with the conversation"
    run --separate-stderr fu_on 2026-11-04 log Val --undo
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" "Removed the both call touch of 2026-11-04 from Val #1. Next: 2026-11-04 (cadence)."
    assert_equal "$(touches_of Val)" '["2026-11-02","out","email","value",null,null]' "touches after undo"
    assert_equal "$(shown_on 2026-11-04 Val streak)" 1 "streak after undo"
    assert_equal "$(fu_on 2026-11-04 due --upcoming 60 -o json)" "$before" "due after undo"
    assert_equal "$(fu_on 2026-11-04 stats -o json | jq -c '.reply_rate_by_channel')" \
        '{"email":{"rate":0,"replies":0,"touches":1}}' "reply rates after undo"
}
