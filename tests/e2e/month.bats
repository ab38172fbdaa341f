#!/usr/bin/env bats
# A scripted month: seven prospects in different situations, worked day by day
# from Monday 2026-11-02 to Tuesday 2026-12-01 as a salesperson would, with
# `followup due -o json` checked each working day for exactly who is due, in
# which order, why, and the suggested channel and purpose.
#
# The expectations come from PRODUCT.md and the README, not from the binary:
# - default cadence 2,3,5,7,10 business days; after a reply 2 business days;
#   a booked step is due on its day; breakup.after = 5 for invested prospects;
# - channel: never the one that just went unanswered (a voicemail counts as a
#   call), only reachable ones (email needs an address; call, voicemail and
#   text a phone; mail and visit a postal address; social a profile; video an
#   email or a phone; referral a referrer), preferring channels they replied
#   on, then their preferred one, then channels untried in the streak (in the
#   order email, call, social, text, mail, referral), else any other
#   reachable one, else the only one there is;
# - a booked step: the channel agreed, else the preferred one when live (call,
#   video, visit), else a call when there is a phone, else video;
# - a meeting logged on or after its booked day was held: a conversation,
#   which ends the streak as a reply does;
# - purpose: `value` first in a streak, one `intro` a streak from its third
#   touch, `meeting` for a booked step, `reversing` when the breakup rule is
#   met;
# - ranking: booked, replied in the last 14 days, stage, value, days overdue, id.
#
# November 2026: Mondays are the 2nd, 9th, 16th, 23rd and 30th.

load helpers

setup() {
    fu_setup
}

# The due list as of a day, one "name|reason|channel|purpose|days_overdue" a line.
due_lines() {
    _due_jq "$1" "" "" \
        '.[] | "\(.name)|\(.reason)|\(.suggested_channel)|\(.suggested_purpose)|\(.days_overdue)"'
}

# Compares the due list of a day with the expected lines (none: nothing due).
# A channel of `*` in an expected line matches any channel (for the rows
# whose channel has a test of its own). Mismatches are collected so that one
# run reports every wrong day.
MISMATCHES=""
expect_due() {
    local day=$1
    shift
    local expected="" line
    local -A any_channel=()
    for line in "$@"; do
        expected+="$line"$'\n'
        [[ "$line" != *"|*|"* ]] || any_channel[${line%%|*}]=1
    done
    local actual="" name rest
    while IFS= read -r line; do
        [[ -n "$line" ]] || continue
        name=${line%%|*}
        if [[ -n "${any_channel[$name]:-}" ]]; then
            rest=${line#*|}                    # reason|channel|purpose|overdue
            line="$name|${rest%%|*}|*|${rest#*|*|}"
        fi
        actual+="$line"$'\n'
    done < <(due_lines "$day")
    if [[ "$actual" != "$expected" ]]; then
        MISMATCHES+=$'\n'"due on $day:"$'\n'"  expected:"$'\n'"$(sed 's/^/    /' <<<"$expected")"
        MISMATCHES+=$'\n'"  actual:"$'\n'"$(sed 's/^/    /' <<<"$actual")"$'\n'
    fi
}

# A field of a prospect's row in `due --upcoming 90 -o json` as of a day.
upcoming() {
    due_field "$1" "$2" "$3" --upcoming 90
}

# An outbound touch logged on DAY with an explicit channel and purpose.
# out DAY NAME CHANNEL PURPOSE [log options...]
out() {
    local day=$1 name=$2 channel=$3 purpose=$4
    shift 4
    fu_on "$day" log "$name" --channel "$channel" --purpose "$purpose" "$@" >/dev/null ||
        fail "log $name on $day failed"
}

# A real reply logged on DAY: reply DAY NAME CHANNEL [log options...]
reply() {
    local day=$1 name=$2 channel=$3
    shift 3
    fu_on "$day" log "$name" --in --channel "$channel" "$@" >/dev/null ||
        fail "reply of $name on $day failed"
}

# The people of the month, added on Monday 2026-11-02 (Gus earlier).
add_cast() {
    # Gus: engaged, went quiet in October; becomes ready for a reversing email.
    fu_on 2026-10-12 add "Gus Ghent" --company "Ghent Freight" --stage engaged --value 12000 \
        --email gus@ghent.example --phone "+1 555 0101" >/dev/null
    out 2026-10-12 "Gus Ghent" email value
    out 2026-10-14 "Gus Ghent" call intro
    out 2026-10-19 "Gus Ghent" social value
    out 2026-10-26 "Gus Ghent" email intro
    # Bea: engaged; replies at once and books a demo.
    fu_on 2026-11-02 add "Bea Booth" --company "Booth Labs" --stage engaged --value 8000 \
        --email bea@booth.example --phone "+1 555 0102" >/dev/null
    # Carl: a lead who answers now and then.
    fu_on 2026-11-02 add "Carl Reyes" --company "Reyes Cargo" --email carl@reyes.example \
        --phone "+1 555 0103" >/dev/null
    # Dana: the big proposal.
    fu_on 2026-11-02 add "Dana Price" --company "Price Retail" --stage proposal --value 50000 \
        --email dana@price.example --phone "+1 555 0104" \
        --priority "cut shipping costs before Q1" >/dev/null
    # Eli: a lead with only an email address.
    fu_on 2026-11-02 add "Eli Marsh" --company "Marsh Media" --email eli@marsh.example >/dev/null
    # Pia: a lead with only a phone number; goes on holiday.
    fu_on 2026-11-02 add "Pia Novak" --company "Novak Design" --phone "+1 555 0106" >/dev/null
    # Hank: a lead the salesperson chases too hard.
    fu_on 2026-11-02 add "Hank Heat" --company "Heat Pumps" --email hank@heat.example \
        --phone "+1 555 0107" >/dev/null
}

@test "a scripted month: who is due each day, in which order, by which channel and for what" {
    add_cast
    # ids follow the order of adding
    assert_equal "$(fu_on 2026-11-02 list -o json | jq -r 'sort_by(.id) | [.[] | "\(.id):\(.name)"] | join(" ")')" \
        "1:Gus Ghent 2:Bea Booth 3:Carl Reyes 4:Dana Price 5:Eli Marsh 6:Pia Novak 7:Hank Heat" \
        "ids"

    # --- week 1 --------------------------------------------------------------
    # Mon 11-02: six first touches; proposal first, then engaged, then the
    # leads by id. Gus's 4th touch (10-26) is followed by a 7-day gap.
    expect_due 2026-11-02 \
        "Dana Price|first-touch|email|value|0" \
        "Bea Booth|first-touch|email|value|0" \
        "Carl Reyes|first-touch|email|value|0" \
        "Eli Marsh|first-touch|email|value|0" \
        "Pia Novak|first-touch|call|value|0" \
        "Hank Heat|first-touch|email|value|0"
    assert_equal "$(due_field 2026-11-02 "Dana Price" top_priority)" "cut shipping costs before Q1" \
        "Dana's top priority in due"
    assert_equal "$(upcoming 2026-11-02 "Gus Ghent" due_on)" 2026-11-04 "Gus's next touch"
    out 2026-11-02 "Dana Price" email proposal --note "sent the proposal"
    out 2026-11-02 "Bea Booth" email value
    out 2026-11-02 "Carl Reyes" email value
    out 2026-11-02 "Eli Marsh" email value
    out 2026-11-02 "Pia Novak" call value
    out 2026-11-02 "Hank Heat" email value

    # Tue 11-03: nothing due (every next touch is 2 business days out).
    expect_due 2026-11-03
    reply 2026-11-03 "Bea Booth" email --next 2026-11-10 --note "wants a demo"
    reply 2026-11-03 "Hank Heat" email --note "send me details"
    assert_equal "$(upcoming 2026-11-03 "Bea Booth" state)" booked "Bea's state once booked"
    assert_equal "$(upcoming 2026-11-03 "Hank Heat" due_on)" 2026-11-05 "Hank after his reply"

    # Wed 11-04: cadence day for everyone touched on Monday, and Gus's 5th.
    # The channel moves away from the one that went unanswered where another
    # reaches them (Eli has only an email address); second touches bring
    # value again.
    expect_due 2026-11-04 \
        "Dana Price|cadence|call|value|0" \
        "Gus Ghent|cadence|text|value|0" \
        "Carl Reyes|cadence|call|value|0" \
        "Eli Marsh|cadence|email|value|0" \
        "Pia Novak|cadence|text|value|0"
    out 2026-11-04 "Dana Price" call value
    out 2026-11-04 "Gus Ghent" text value
    out 2026-11-04 "Carl Reyes" call intro
    out 2026-11-04 "Eli Marsh" social intro
    out 2026-11-04 "Pia Novak" social intro
    out 2026-11-04 "Hank Heat" call value # a day early: the salesperson is keen
    # Gus: 5 unanswered touches, invested: ready now, the email due 10
    # business days after the last touch.
    assert_equal "$(fu_on 2026-11-04 breakup -o json | jq -r '[.[].name] | join("|")')" "Gus Ghent" \
        "breakup list on 11-04"
    assert_equal "$(upcoming 2026-11-04 "Gus Ghent" state)" breakup "Gus's state"
    assert_equal "$(upcoming 2026-11-04 "Gus Ghent" due_on)" 2026-11-18 "Gus's reversing email"

    # Thu 11-05 and Fri 11-06: nothing due; Hank gets two more touches and
    # overheats (3 unanswered within 3 days), so he is cooled for two weeks.
    expect_due 2026-11-05
    out 2026-11-05 "Hank Heat" text intro
    expect_due 2026-11-06
    run --separate-stderr fu_on 2026-11-06 log "Hank Heat" --channel email --purpose value
    assert_status 0
    assert_contains "$stderr" "followup: warning:" "stderr of Hank's third touch"
    assert_contains "$stderr" "overheat" "stderr of Hank's third touch"
    assert_equal "$(fu_on 2026-11-06 cooldown -o json | jq -r '[.[] | "\(.name):\(.status)"] | join("|")')" \
        "Hank Heat:overheated" "cooldown list on 11-06"
    fu_on 2026-11-06 cooldown "Hank Heat" --for 2w >/dev/null
    assert_equal "$(fu_on 2026-11-06 cooldown -o json | jq -r '[.[] | "\(.name):\(.cooling_until)"] | join("|")')" \
        "Hank Heat:2026-11-20" "cooldown list after the cool-down"
    reply 2026-11-06 "Carl Reyes" text --note "texted back: busy this week"

    # --- week 2 --------------------------------------------------------------
    # Mon 11-09: Dana's third touch is the streak's intro, by text (email and
    # call tried, no profile); Eli's only channel is email; Pia's intro was
    # made (by hand, on 11-04), so value.
    expect_due 2026-11-09 \
        "Dana Price|cadence|text|intro|0" \
        "Eli Marsh|cadence|email|value|0" \
        "Pia Novak|cadence|text|value|0"
    out 2026-11-09 "Dana Price" social intro
    out 2026-11-09 "Pia Novak" text value
    # (Eli is skipped today.)

    # Tue 11-10: Bea's booked demo first, then Carl who replied, then Eli a
    # day late. Carl answered by text: text it is. Bea's demo is live: she
    # has a phone, so a call.
    expect_due 2026-11-10 \
        "Bea Booth|booked|call|meeting|0" \
        "Carl Reyes|after-reply|text|value|0" \
        "Eli Marsh|cadence|email|value|1"
    assert_equal "$(due_field 2026-11-10 "Bea Booth" state)" booked "Bea's state on her day"
    out 2026-11-10 "Bea Booth" video meeting --note "demo done"
    out 2026-11-10 "Carl Reyes" text value
    out 2026-11-10 "Eli Marsh" mail value
    fu_on 2026-11-10 log "Pia Novak" --in --ooo --until 2026-11-20 --channel text >/dev/null

    expect_due 2026-11-11

    # Thu 11-12: both replied within 14 days; Bea is engaged, Carl a lead.
    # Bea's demo was held (a conversation): two business days later, by
    # email, where she replied. Carl's text went unanswered, email is untried.
    expect_due 2026-11-12 \
        "Bea Booth|after-reply|email|value|0" \
        "Carl Reyes|cadence|email|value|0"
    out 2026-11-12 "Bea Booth" email value --note "recap of the demo"
    out 2026-11-12 "Carl Reyes" email intro

    expect_due 2026-11-13
    reply 2026-11-13 "Carl Reyes" email
    reply 2026-11-13 "Dana Price" email --note "reviewing it with the CFO"

    # --- week 3 --------------------------------------------------------------
    # Mon 11-16: Dana's cadence day is replaced by her reply; Pia is away.
    # Bea's recap email went unanswered: a call.
    expect_due 2026-11-16 \
        "Bea Booth|cadence|call|value|0"
    reply 2026-11-16 "Bea Booth" call --next 2026-11-23 --note "called: pricing call on the 23rd"

    # Tue 11-17: replies answered by the channel they came on; Eli's intro
    # of this streak was made on 11-04.
    expect_due 2026-11-17 \
        "Dana Price|after-reply|email|value|0" \
        "Carl Reyes|after-reply|email|value|0" \
        "Eli Marsh|cadence|email|value|0"
    out 2026-11-17 "Dana Price" email value
    out 2026-11-17 "Carl Reyes" email value
    out 2026-11-17 "Eli Marsh" referral intro

    # Wed 11-18: Gus's reversing email, by email (PRODUCT.md: "send one
    # email"; his last touch was a text, so email is not a repeat).
    expect_due 2026-11-18 \
        "Gus Ghent|breakup|email|reversing|0"
    fu_on 2026-11-18 breakup "Gus Ghent" --sent >/dev/null
    assert_equal "$(fu_on 2026-11-18 breakup -o json)" "[]" "breakup list after --sent"

    # Thu 11-19: Dana has answered only by email, which just went unanswered:
    # the call is untried. Carl answered by text before: text.
    expect_due 2026-11-19 \
        "Dana Price|cadence|call|value|0" \
        "Carl Reyes|cadence|text|value|0"
    out 2026-11-19 "Dana Price" call intro
    out 2026-11-19 "Carl Reyes" text intro

    # Fri 11-20: Pia is back (her phone is all there is: a call after the
    # text), Hank's cool-down is over. Hank's suggested channel has its own
    # test below.
    local pia hank
    pia=$(due_lines 2026-11-20 | grep '^Pia Novak|' || true)
    assert_equal "$pia" "Pia Novak|ooo-over|call|value|0" "Pia on 11-20"
    hank=$(due_field 2026-11-20 "Hank Heat" reason)/$(due_field 2026-11-20 "Hank Heat" suggested_purpose)
    assert_equal "$hank" "reheat/value" "Hank's reason and purpose on 11-20"
    assert_equal "$(due_names 2026-11-20 | tr '\n' ' ')" "Pia Novak Hank Heat " "order on 11-20"
    out 2026-11-20 "Pia Novak" mail intro
    out 2026-11-20 "Hank Heat" social value

    # --- week 4 --------------------------------------------------------------
    # Bea last answered by call, and has a phone: the call.
    expect_due 2026-11-23 \
        "Bea Booth|booked|call|meeting|0"
    out 2026-11-23 "Bea Booth" call meeting --stage proposal --note "pricing call; quote sent"

    expect_due 2026-11-24 \
        "Dana Price|cadence|email|value|0" \
        "Carl Reyes|cadence|email|value|0"
    out 2026-11-24 "Dana Price" email value
    out 2026-11-24 "Carl Reyes" email value

    # Bea's pricing call took place: two business days later, by call, where
    # she last replied.
    expect_due 2026-11-25 \
        "Bea Booth|after-reply|call|value|0"
    out 2026-11-25 "Bea Booth" email value

    # Eli: every reachable channel tried; anything but the referral.
    expect_due 2026-11-26 \
        "Eli Marsh|cadence|email|value|0"
    out 2026-11-26 "Eli Marsh" email value
    assert_equal "$(fu_on 2026-11-26 breakup -o json)" "[]" "a lead never qualifies for breakup"

    expect_due 2026-11-27 \
        "Bea Booth|cadence|call|value|0"
    fu_on 2026-11-27 close "Bea Booth" --won --note "signed" >/dev/null

    # --- week 5 --------------------------------------------------------------
    expect_due 2026-11-30

    # Tue 12-01: the replies of 11-13 are 18 days old: no longer lift anyone,
    # so the proposal comes first, then the leads by id.
    expect_due 2026-12-01 \
        "Dana Price|cadence|text|value|0" \
        "Carl Reyes|cadence|text|value|0" \
        "Pia Novak|cadence|call|value|0" \
        "Hank Heat|cadence|email|value|0"

    # Gus moves to nurture 10 business days after the reversing email, and is
    # due again 60 days after it (2027-01-17 is a Sunday).
    assert_equal "$(upcoming 2026-12-02 "Gus Ghent" state)" nurture "Gus's state on 12-02"
    assert_equal "$(due_field 2026-12-02 "Gus Ghent" due_on --upcoming 60)" 2027-01-18 \
        "Gus's nurture touch"
    # Bea is closed: off every list but list --all.
    assert_equal "$(fu_on 2026-12-01 list -o json | jq -r '[.[].name] | index("Bea Booth")')" null \
        "Bea in list"
    assert_equal "$(fu_on 2026-12-01 list --all -o json | jq -r '.[] | select(.name == "Bea Booth") | .state')" \
        closed "Bea in list --all"

    [[ -z "$MISMATCHES" ]] || fail "$MISMATCHES"
}

# Hank replied by email, then got a call, a text and an email within three
# days; the cool-down was started right after the email (the day of the
# overheat warning). When it ends, the email is the touch that just went
# unanswered, so email must not be suggested; call and text were tried too,
# and he has no profile, address or referrer: a call, the first other way.
@test "after a cool-down started on the day of the last touch, reheat changes that touch's channel" {
    fu_on 2026-11-02 add "Hank Heat" --email hank@heat.example --phone "+1 555 0107" >/dev/null
    out 2026-11-02 "Hank Heat" email value
    reply 2026-11-03 "Hank Heat" email
    out 2026-11-04 "Hank Heat" call value
    out 2026-11-05 "Hank Heat" text intro
    out 2026-11-06 "Hank Heat" email value
    fu_on 2026-11-06 cooldown "Hank Heat" --for 2w >/dev/null
    assert_equal "$(due_field 2026-11-20 "Hank Heat" reason)" reheat "reason on 11-20"
    local channel
    channel=$(due_field 2026-11-20 "Hank Heat" suggested_channel)
    assert_equal "$channel" call "suggested channel on 11-20"
}

# A booked step happens live: Emma has only an email address, so no call;
# video needs an email or a phone.
@test "a booked step of a prospect with only an email address is a video call" {
    fu_on 2026-11-02 add "Emma Only" --email emma@only.example >/dev/null
    out 2026-11-02 "Emma Only" email value
    reply 2026-11-03 "Emma Only" email --next 2026-11-05
    assert_equal "$(due_field 2026-11-05 "Emma Only" reason)/$(due_field 2026-11-05 "Emma Only" suggested_purpose)" \
        booked/meeting "reason and purpose on the booked day"
    local channel
    channel=$(due_field 2026-11-05 "Emma Only" suggested_channel)
    assert_equal "$channel" video "suggested channel for the booked step"
}

# Bea (month, 11-10) answered by email and booked a demo; she has a phone:
# a call, unless she prefers video or the booking said how.
@test "a booked step is live: the channel agreed, else the preferred live one, else a call" {
    fu_on 2026-11-02 add "Bea Booth" --email bea@booth.example --phone "+1 555 0102" >/dev/null
    out 2026-11-02 "Bea Booth" email value
    reply 2026-11-03 "Bea Booth" email --next 2026-11-10
    assert_equal "$(due_field 2026-11-10 "Bea Booth" reason)" booked "reason on the booked day"
    local channel
    channel=$(due_field 2026-11-10 "Bea Booth" suggested_channel)
    assert_equal "$channel" call "suggested channel for the booked step"
    fu_on 2026-11-03 edit "Bea Booth" --channel video >/dev/null
    assert_equal "$(due_field 2026-11-10 "Bea Booth" suggested_channel)" video "preferring video"
    reply 2026-11-04 "Bea Booth" email --next 2026-11-10 --next-channel visit
    assert_equal "$(due_field 2026-11-10 "Bea Booth" suggested_channel)" visit "as agreed"
}
