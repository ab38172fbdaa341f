#!/usr/bin/env bats
# The daily loop (issue 11): following `due`'s suggestions with a bare
# `log PROSPECT` is the normal path. The confirmation says what was taken
# from the suggestion, and nothing is warned that the tool itself proposed.

load helpers

setup() {
    fu_setup
}

# Follows the suggestions for NAME from DAY on, COUNT touches, each logged
# with `log NAME [EXTRA...]` on the day it falls due (EXTRA only for the
# touch numbered AT); fails on any stderr, on a confirmation without
# "as suggested", or on a logged channel/purpose other than the suggested one.
# follow NAME DAY COUNT [AT EXTRA...]
follow() {
    local name=$1 day=$2 count=$3 at=${4:-0}
    shift 4 2>/dev/null || shift $#
    local touch_no row suggested
    for ((touch_no = 1; touch_no <= count; touch_no++)); do
        day=$(fu_on "$day" due --upcoming 120 -o json |
            jq -r --arg name "$name" '[.[] | select(.name == $name)][0].due_on')
        [[ "$day" != null && -n "$day" ]] || {
            fail "touch $touch_no: $name is not due within 120 days"
            return 1
        }
        row=$(due_row "$day" "$name")
        suggested=$(jq -r '"\(.suggested_channel) (\(.suggested_purpose))"' <<<"$row")
        if ((touch_no == at)); then
            run --separate-stderr fu_on "$day" log "$name" "$@"
        else
            run --separate-stderr fu_on "$day" log "$name"
        fi
        assert_status 0 || return 1
        if [[ -n "$stderr" ]]; then
            fail "touch $touch_no on $day ($suggested) printed on stderr: $stderr" "stdout: $output"
            return 1
        fi
        assert_contains "$output" ", as suggested. Next: " "touch $touch_no on $day" || return 1
        case "$output" in
        "Logged $suggested for $name #"* | "Logged the meeting by ${suggested% *} (held: a conversation) for $name #"*) ;;
        *)
            fail "touch $touch_no on $day: suggested $suggested, logged: $output"
            return 1
            ;;
        esac
        LAST_DAY=$day
    done
}

@test "log without --channel and --purpose records the suggestion, says so, and warns nothing" {
    fu add Ada --email ada@example.com --phone 555-0100 >/dev/null
    assert_equal "$(due_row 2026-11-02 Ada | jq -r '"\(.suggested_channel) \(.suggested_purpose)"')" \
        "email value" "the suggestion"
    run --separate-stderr fu log Ada
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged email (value) for Ada #1 on 2026-11-02, as suggested. Next: 2026-11-04 (cadence)."
    assert_equal "$(fu export -o json | jq -c '.prospects[0].touches[] | [.direction, .channel, .purpose]')" \
        '["out","email","value"]' "the stored touch"
}

@test "log with one of --channel and --purpose says which one was taken from the suggestion" {
    fu add Ada --email ada@example.com --phone 555-0100 >/dev/null
    run --separate-stderr fu log Ada --purpose intro
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged email (intro) for Ada #1 on 2026-11-02, email as suggested. Next: 2026-11-04 (cadence)."
    # Now a call (value) is suggested.
    run --separate-stderr fu_on 2026-11-04 log Ada --channel text
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged text (value) for Ada #1 on 2026-11-04, value as suggested. Next: 2026-11-09 (cadence)."
    run --separate-stderr fu_on 2026-11-05 log Ada --in
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged a reply by text for Ada #1 on 2026-11-05 (the channel last used). Next: 2026-11-09 (after-reply)."
    assert_equal "$(fu export -o json | jq -c '[.prospects[0].touches[] | [.direction, .channel, .purpose]]')" \
        '[["out","email","intro"],["out","text","value"],["in","text",null]]' "the stored touches"
}

@test "a repeated short note such as 'no answer' is no repetition; a repeated message is" {
    fu add Ada --email ada@example.com --phone 555-0100 >/dev/null
    fu log Ada --channel call --purpose value --note "no answer" >/dev/null
    run --separate-stderr fu_on 2026-11-04 log Ada --channel call --purpose value --note "no answer"
    assert_status 0
    assert_stderr_empty
    run --separate-stderr fu_on 2026-11-09 log Ada --channel text --purpose intro --note "left voicemail"
    assert_status 0
    assert_stderr_empty
    fu_on 2026-11-16 log Ada --channel email --purpose value \
        --note "Sent the pricing sheet for the spring range" >/dev/null 2>&1
    run --separate-stderr fu_on 2026-11-25 log Ada --channel text --purpose value \
        --note "Sent the pricing sheet for the spring range"
    assert_status 0
    assert_equal "$stderr" \
        "followup: warning: same note as the unanswered touch of 2026-11-16; vary the message" "stderr"
    assert_equal "$(fu export -o json | jq -r '.prospects[0].touches[].note' | sort | uniq -c | sed 's/^ *//')" \
        $'2 Sent the pricing sheet for the spring range\n1 left voicemail\n2 no answer' "stored notes"
}

@test "following the default cadence as suggested through a held meeting never overheats" {
    fu add Ada --email ada@example.com --phone 555-0100 --stage engaged >/dev/null
    # Monday's email, then Wednesday's call books a meeting for Friday: three
    # touches in five days, but the third is the meeting, held.
    follow Ada 2026-11-02 2 2 --next 2026-11-06
    assert_equal "$LAST_DAY" 2026-11-04 "day of the second touch"
    run --separate-stderr fu_on 2026-11-06 log Ada
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" \
        "Logged the meeting by call (held: a conversation) for Ada #1 on 2026-11-06, as suggested. Next: 2026-11-10 (after-reply)."
    # A whole new streak, to the reversing email and into nurture.
    follow Ada 2026-11-06 8
    assert_equal "$(fu export -o json | jq -c '[.prospects[0].touches[] | .direction] | group_by(.) | map([.[0], length])')" \
        '[["both",1],["out",10]]' "directions stored"
    assert_equal "$(fu export -o json | jq -r '[.prospects[0].touches[] | select(.purpose == "reversing")] | length')" \
        1 "reversing emails"
    assert_equal "$(fu_on "$LAST_DAY" cooldown -o json | jq -c '[.[].name]')" '[]' "cooling or overheated"
}

@test "following the only way to reach them stored does not warn to vary the channel" {
    fu add Em --email em@example.com >/dev/null
    follow Em 2026-11-02 6
    assert_equal "$(fu export -o json | jq -c '[.prospects[0].touches[] | .channel] | unique')" \
        '["email"]' "channels stored"
}
