#!/usr/bin/env bats
# Timing rules, driven day by day with --today. Day 0 is Monday 2026-11-02.
# Default cadence: 2,3,5,7,10 business days; breakup.after = 5; nurture
# every 60 calendar days; 10 business days after a reversing email.

load helpers

setup() {
    fu_setup
}

# One field of a prospect's row in `due --upcoming 90 -o json` as of a day.
upcoming_field() {
    local day=$1 name=$2 field=$3
    due_field "$day" "$name" "$field" --upcoming 90
}

# The names `breakup` lists as of a day, joined with |.
breakup_names() {
    local json
    if ! json=$(fu_on "$1" breakup -o json) || ! jq -e 'type == "array"' <<<"$json" >/dev/null 2>&1; then
        echo "FAILED: followup breakup as of $1: $json"
        return 1
    fi
    jq -r '[.[].name] | join("|")' <<<"$json"
}

@test "invested prospect: five unanswered touches on the days due says, then breakup, reversing email, nurture" {
    fu_on 2026-11-02 add "Ada Lovelace" --company Analytical --stage proposal \
        --email ada@example.com --value 5000 >/dev/null
    assert_first_due_on 2026-11-02 "Ada Lovelace" first-touch

    touch_out 2026-11-02 "Ada Lovelace" email value # touch 1 (Mon)
    assert_first_due_on 2026-11-04 "Ada Lovelace" cadence # +2 business days: Wed

    touch_out 2026-11-04 "Ada Lovelace" call value # touch 2 (Wed)
    # +3 business days from a Wednesday: Thu, Fri, (weekend), Mon
    [[ -z "$(due_row 2026-11-06 "Ada Lovelace")" ]] || fail "due on Friday 2026-11-06"
    [[ -z "$(due_row 2026-11-07 "Ada Lovelace")" ]] || fail "due on Saturday 2026-11-07"
    assert_first_due_on 2026-11-09 "Ada Lovelace" cadence

    touch_out 2026-11-09 "Ada Lovelace" social intro # touch 3 (Mon)
    assert_first_due_on 2026-11-16 "Ada Lovelace" cadence # +5

    touch_out 2026-11-16 "Ada Lovelace" mail value # touch 4 (Mon)
    assert_first_due_on 2026-11-25 "Ada Lovelace" cadence # +7
    # four unanswered touches are not enough for a reversing email
    assert_equal "$(breakup_names 2026-11-24)" "" "breakup list after 4 touches"
    assert_equal "$(upcoming_field 2026-11-24 "Ada Lovelace" state)" active "state after 4 touches"

    touch_out 2026-11-25 "Ada Lovelace" email value # touch 5 (Wed)
    # ready for a reversing email from the moment the streak reaches 5
    assert_equal "$(breakup_names 2026-11-25)" "Ada Lovelace" "breakup list after 5 touches"
    run --separate-stderr fu_on 2026-11-25 breakup "Ada Lovelace"
    assert_status 0
    assert_contains "$output" "is ready"
    local row
    row=$(fu_on 2026-11-25 due --upcoming 30 -o json | jq -c '.[] | select(.name == "Ada Lovelace")')
    assert_equal "$(jq -r .state <<<"$row")" breakup "state"
    assert_equal "$(jq -r .reason <<<"$row")" breakup "reason"
    assert_equal "$(jq -r .suggested_purpose <<<"$row")" reversing "suggested_purpose"
    # the reversing email falls due one cadence gap (10) after the last touch
    assert_first_due_on 2026-12-09 "Ada Lovelace" breakup
    assert_equal "$(due_field 2026-12-09 "Ada Lovelace" suggested_purpose)" reversing "suggested_purpose on the day"
    assert_equal "$(due_field 2026-12-09 "Ada Lovelace" state)" breakup "state on the day"
    # not sent yet: still due the next day, one day late
    assert_equal "$(due_field 2026-12-10 "Ada Lovelace" days_overdue)" 1 "days_overdue on 2026-12-10"

    run --separate-stderr fu_on 2026-12-10 breakup "Ada Lovelace" --sent
    assert_status 0
    assert_not_contains "$stderr" "warning" "stderr of --sent"
    assert_equal "$(fu_export_jq '.prospects[] | select(.name == "Ada Lovelace") | .touches[-1] | "\(.date) \(.direction) \(.purpose)"')" \
        "2026-12-10 out reversing" "the recorded touch"

    # it leaves `due` and the breakup list...
    assert_equal "$(due_row 2026-12-10 "Ada Lovelace")" "" "due row after --sent"
    assert_equal "$(breakup_names 2026-12-10)" "" "breakup list after --sent"
    assert_equal "$(due_row 2026-12-23 "Ada Lovelace")" "" "due row two weeks later"
    assert_equal "$(breakup_names 2026-12-23)" "" "breakup list two weeks later"
    local state
    state=$(upcoming_field 2026-12-23 "Ada Lovelace" state)
    [[ "$state" != nurture && "$state" != breakup ]] ||
        fail "state 9 business days after the reversing email: $state"
    # ...and is in nurture 10 business days after the reversing email
    assert_equal "$(upcoming_field 2026-12-24 "Ada Lovelace" state)" nurture "state on 2026-12-24"
    assert_equal "$(upcoming_field 2026-12-24 "Ada Lovelace" reason)" nurture "reason on 2026-12-24"
    assert_equal "$(upcoming_field 2026-12-24 "Ada Lovelace" due_on)" 2027-02-08 "nurture due_on (60 days after)"
    # never deleted: due again, for nurture, 60 days after the last touch
    assert_first_due_on 2027-02-08 "Ada Lovelace" nurture
    assert_equal "$(due_field 2027-02-08 "Ada Lovelace" state)" nurture "state on 2027-02-08"
}

@test "a lead that exhausts its cadence (6 unanswered touches) goes to nurture, due 60 days after" {
    # starts on a Thursday: +2 business days lands on Monday
    fu_on 2026-11-05 add "Bob Lead" --phone 555-0100 >/dev/null
    assert_first_due_on 2026-11-05 "Bob Lead" first-touch
    touch_out 2026-11-05 "Bob Lead" call value # 1 (Thu)
    local day
    for day in 2026-11-06 2026-11-07 2026-11-08; do
        [[ -z "$(due_row "$day" "Bob Lead")" ]] || fail "due on $day, before Monday"
    done
    assert_first_due_on 2026-11-09 "Bob Lead" cadence
    touch_out 2026-11-09 "Bob Lead" text value # 2
    assert_first_due_on 2026-11-12 "Bob Lead" cadence # +3
    touch_out 2026-11-12 "Bob Lead" social intro # 3
    assert_first_due_on 2026-11-19 "Bob Lead" cadence # +5
    touch_out 2026-11-19 "Bob Lead" call value # 4
    assert_first_due_on 2026-11-30 "Bob Lead" cadence # +7
    touch_out 2026-11-30 "Bob Lead" mail value # 5
    # a lead is not invested: no reversing email, the cadence goes on
    assert_equal "$(breakup_names 2026-11-30)" "" "breakup list with a lead at 5"
    assert_first_due_on 2026-12-14 "Bob Lead" cadence # +10
    assert_equal "$(due_field 2026-12-14 "Bob Lead" state)" active "state at touch 6"
    touch_out 2026-12-14 "Bob Lead" call value # 6: the cadence (5 gaps) allows 6
    assert_equal "$(upcoming_field 2026-12-14 "Bob Lead" state)" nurture "state after 6 touches"
    assert_equal "$(upcoming_field 2026-12-14 "Bob Lead" reason)" nurture "reason after 6 touches"
    assert_equal "$(breakup_names 2026-12-14)" "" "breakup list with a lead at 6"
    assert_first_due_on 2027-02-12 "Bob Lead" nurture # 2026-12-14 + 60 days (a Friday)
}

@test "an engaged prospect qualifies for breakup too; a reply resets the count" {
    fu_on 2026-11-02 add Eve --stage engaged --email eve@example.com >/dev/null
    touch_out 2026-11-02 Eve email value
    touch_out 2026-11-04 Eve call value
    touch_out 2026-11-09 Eve social intro
    touch_out 2026-11-16 Eve mail value
    fu_on 2026-11-20 log Eve --in >/dev/null # a reply ends the streak
    touch_out 2026-11-25 Eve email value
    assert_equal "$(breakup_names 2026-11-25)" "" "breakup list after a reply and one touch"
    run --separate-stderr fu_on 2026-11-25 breakup Eve
    assert_status 0
    assert_contains "$output" "not ready"
}

@test "a booked next step: due exactly on its day, reason booked, purpose meeting, ranked first, overdue until a touch on/after it" {
    fu_on 2026-11-02 add "Dave Big" --stage proposal --value 99999 --phone 1 >/dev/null
    fu_on 2026-11-02 add "Carol Small" --phone 2 >/dev/null
    touch_out 2026-11-02 "Carol Small" call value
    fu_on 2026-11-03 log "Carol Small" --in --next 2026-11-06 >/dev/null
    assert_equal "$(upcoming_field 2026-11-03 "Carol Small" state)" booked "state once booked"
    assert_first_due_on 2026-11-06 "Carol Small" booked
    assert_equal "$(due_field 2026-11-06 "Carol Small" suggested_purpose)" meeting "suggested_purpose"
    # ranked first, above an overdue proposal with a bigger deal
    assert_equal "$(due_names 2026-11-06 | head -1)" "Carol Small" "first row on 2026-11-06"
    assert_equal "$(due_names 2026-11-06 | sed -n 2p)" "Dave Big" "second row on 2026-11-06"
    assert_equal "$(fu_on 2026-11-06 due -o tsv | sed -n 2p | cut -f2)" "Carol Small" "first tsv row"
    # stays due, days_overdue growing (calendar days)
    assert_equal "$(due_field 2026-11-09 "Carol Small" days_overdue)" 3 "days_overdue on 2026-11-09"
    assert_equal "$(due_field 2026-11-10 "Carol Small" due_on)" 2026-11-06 "due_on on 2026-11-10"
    assert_equal "$(due_field 2026-11-10 "Carol Small" days_overdue)" 4 "days_overdue on 2026-11-10"
    assert_equal "$(due_field 2026-11-10 "Carol Small" reason)" booked "reason on 2026-11-10"
    assert_equal "$(due_names 2026-11-10 | head -1)" "Carol Small" "first row on 2026-11-10"
    # a touch dated before the booked day does not clear it
    fu_on 2026-11-10 log "Carol Small" --channel email --purpose value --date 2026-11-05 >/dev/null
    assert_equal "$(due_field 2026-11-10 "Carol Small" reason)" booked "reason after a touch dated 11-05"
    assert_equal "$(due_field 2026-11-10 "Carol Small" days_overdue)" 4 "days_overdue after a touch dated 11-05"
    # a touch on/after the booked day does
    fu_on 2026-11-10 log "Carol Small" --channel call --purpose meeting >/dev/null
    assert_equal "$(due_row 2026-11-10 "Carol Small")" "" "due row after the meeting was logged"
    local reason
    reason=$(upcoming_field 2026-11-10 "Carol Small" reason)
    [[ "$reason" != booked ]] || fail "still booked after a touch on 2026-11-10"
}

@test "a touch logged on the booked day itself clears the booking" {
    fu_on 2026-11-02 add Mo >/dev/null
    fu_on 2026-11-02 log Mo --in --next 2026-11-04 >/dev/null 2>&1
    assert_equal "$(due_field 2026-11-04 Mo reason)" booked "reason on the booked day"
    fu_on 2026-11-04 log Mo --channel email --purpose value >/dev/null
    assert_equal "$(due_row 2026-11-04 Mo)" "" "due row after the touch on the day"
    assert_equal "$(upcoming_field 2026-11-04 Mo reason)" cadence "reason after the touch"
    assert_equal "$(upcoming_field 2026-11-04 Mo due_on)" 2026-11-06 "next after the touch"
}

@test "the meeting logged on its booked day was held: a conversation, not an unanswered touch" {
    fu_on 2026-11-02 add Mo >/dev/null
    fu_on 2026-11-02 log Mo --in --next 2026-11-04 >/dev/null 2>&1
    run --separate-stderr fu_on 2026-11-04 log Mo --channel video --purpose meeting
    assert_status 0
    assert_contains "$output" "held"
    assert_equal "$(upcoming_field 2026-11-04 Mo reason)" after-reply "reason after the meeting"
    assert_equal "$(upcoming_field 2026-11-04 Mo due_on)" 2026-11-06 "next after the meeting"
    assert_equal "$(fu_on 2026-11-04 export | jq -r '.prospects[0].touches[-1].direction')" both \
        "the meeting's direction"
}

@test "a booked next step is never moved off a weekend day" {
    fu_on 2026-11-02 add Sunny >/dev/null
    fu_on 2026-11-02 log Sunny --in --next 2026-11-08 >/dev/null # a Sunday
    assert_first_due_on 2026-11-08 Sunny booked
}

@test "a booked next step inside a cool-down wins" {
    fu_on 2026-11-02 add Jo >/dev/null
    fu_on 2026-11-02 log Jo --in --next 2026-11-12 >/dev/null
    fu_on 2026-11-02 cooldown Jo --until 2026-11-30 >/dev/null
    assert_first_due_on 2026-11-12 Jo booked
}

@test "cooldown --for 2w: absent from due until then, listed with its end, due on the end day as reheat" {
    fu_on 2026-11-02 add Erin --email erin@example.com >/dev/null
    fu_on 2026-11-02 add Other >/dev/null
    run --separate-stderr fu_on 2026-11-02 cooldown Erin --for 2w
    assert_status 0
    assert_contains "$output" "2026-11-16"
    # gone from due at once (Other stays)
    assert_equal "$(due_names 2026-11-02 | tr '\n' '|')" "Other|" "due on 2026-11-02"
    # listed by `cooldown` with its end date, in json and in the table
    local listed
    listed=$(fu_on 2026-11-05 cooldown -o json)
    assert_equal "$(jq -r '[.[].name] | join("|")' <<<"$listed")" Erin "cooldown list"
    assert_equal "$(jq -r '.[0].cooling_until' <<<"$listed")" 2026-11-16 "cooling_until"
    run --separate-stderr fu_on 2026-11-05 cooldown
    assert_status 0
    assert_contains "$output" "Erin"
    assert_contains "$output" "2026-11-16"
    assert_equal "$(upcoming_field 2026-11-05 Erin state)" cooling "state while cooling"
    # 2w is 14 calendar days: due on Monday 2026-11-16, not before
    assert_first_due_on 2026-11-16 Erin reheat
    assert_equal "$(due_field 2026-11-16 Erin state)" active "state on the end day"
    assert_equal "$(fu_on 2026-11-16 cooldown -o json | jq -r '[.[].name] | join("|")')" "" \
        "cooldown list on the end day"
}

@test "cooldown --until DATE, then --end undoes it: due as before the cool-down" {
    fu_on 2026-11-02 add Finn >/dev/null
    run --separate-stderr fu_on 2026-11-02 cooldown Finn --until 2026-11-20
    assert_status 0
    assert_equal "$(fu_on 2026-11-02 cooldown -o json | jq -r '.[0].cooling_until')" 2026-11-20 "cooling_until"
    assert_equal "$(due_row 2026-11-05 Finn)" "" "due row while cooling"
    assert_equal "$(upcoming_field 2026-11-05 Finn due_on)" 2026-11-20 "due_on while cooling"
    run --separate-stderr fu_on 2026-11-05 cooldown Finn --end
    assert_status 0
    assert_equal "$(due_field 2026-11-05 Finn due_on)" 2026-11-02 "due_on after --end"
    assert_equal "$(due_field 2026-11-05 Finn reason)" first-touch "reason after --end"
    assert_equal "$(fu_on 2026-11-05 cooldown -o json)" "[]" "cooldown list after --end"
    # ending a cool-down that is not running is an error (exit 1)
    run --separate-stderr fu_on 2026-11-05 cooldown Finn --end
    assert_error 1
}

@test "cooldown --until with a weekday name and --for in weeks/months count calendar days" {
    fu_on 2026-11-02 add A1 >/dev/null
    fu_on 2026-11-02 add A2 >/dev/null
    fu_on 2026-11-02 add A3 >/dev/null
    fu_on 2026-11-02 cooldown A1 --for 3w >/dev/null
    fu_on 2026-11-02 cooldown A2 --until fri >/dev/null
    fu_on 2026-11-02 cooldown A3 --for 1m >/dev/null
    local json
    json=$(fu_on 2026-11-02 cooldown -o json)
    assert_equal "$(jq -r '.[] | select(.name == "A1") | .cooling_until' <<<"$json")" 2026-11-23 "--for 3w"
    assert_equal "$(jq -r '.[] | select(.name == "A2") | .cooling_until' <<<"$json")" 2026-11-06 "--until fri"
    assert_equal "$(jq -r '.[] | select(.name == "A3") | .cooling_until' <<<"$json")" 2026-12-02 "--for 1m"
}

@test "+1m from January 31 ends on the last day of February" {
    fu_on 2027-01-29 add Feb >/dev/null
    fu_on 2027-01-31 cooldown Feb --for 1m >/dev/null
    assert_equal "$(fu_on 2027-01-31 cooldown -o json | jq -r '.[0].cooling_until')" 2027-02-28 "--for 1m"
    fu_on 2027-01-31 cooldown Feb --end >/dev/null
    fu_on 2027-01-31 log Feb --in --next +1m >/dev/null
    assert_equal "$(upcoming_field 2027-01-31 Feb due_on)" 2027-02-28 "--next +1m"
}

@test "cooldown: a past --until, two of --for/--until/--end, or --for without a prospect are usage errors" {
    fu_on 2026-11-02 add Finn >/dev/null
    run --separate-stderr fu_on 2026-11-02 cooldown Finn --until 2026-11-01
    assert_error 2
    run --separate-stderr fu_on 2026-11-02 cooldown Finn --for 2w --until 2026-11-20
    assert_error 2
    run --separate-stderr fu_on 2026-11-02 cooldown --for 2w
    assert_error 2
    run --separate-stderr fu_on 2026-11-02 cooldown Finn --for 2x
    assert_error 2
    assert_equal "$(fu_on 2026-11-02 cooldown -o json)" "[]" "nothing cooling"
}

@test "a reply ends the streak: due 2 business days later as after-reply, and the cadence restarts" {
    fu_on 2026-11-02 add Gina --email gina@example.com >/dev/null
    touch_out 2026-11-02 Gina email value
    touch_out 2026-11-04 Gina call value # next by cadence: Mon 2026-11-09
    run --separate-stderr fu_on 2026-11-06 log Gina --in # a Friday
    assert_status 0
    # Friday + 2 business days = Tuesday
    assert_equal "$(upcoming_field 2026-11-06 Gina streak)" 0 "streak after the reply"
    [[ -z "$(due_row 2026-11-09 Gina)" ]] || fail "still due by cadence on 2026-11-09"
    assert_first_due_on 2026-11-10 Gina after-reply
    # replied recently: ranked above a proposal that did not
    fu_on 2026-11-10 add Prop --stage proposal --value 100 >/dev/null
    assert_equal "$(due_names 2026-11-10 | head -1)" Gina "first row on 2026-11-10"
    # the next attempt is touch 1 of a new streak: +2 business days
    touch_out 2026-11-10 Gina email value
    assert_first_due_on 2026-11-12 Gina cadence
}

@test "out-of-office: holds follow-ups until the date (ooo-over) and keeps the streak" {
    fu_on 2026-11-02 add Hal --phone 555 >/dev/null
    touch_out 2026-11-02 Hal call value
    touch_out 2026-11-04 Hal text value # streak 2, next by cadence 2026-11-09
    run --separate-stderr fu_on 2026-11-05 log Hal --in --ooo --until 2026-11-18
    assert_status 0
    assert_equal "$(upcoming_field 2026-11-05 Hal streak)" 2 "streak after the auto-reply"
    [[ -z "$(due_row 2026-11-09 Hal)" ]] || fail "due by cadence on 2026-11-09 despite the auto-reply"
    assert_first_due_on 2026-11-18 Hal ooo-over
    # the streak went on: touch 3 is followed by the third gap (5), not the first (2)
    touch_out 2026-11-18 Hal call value
    assert_first_due_on 2026-11-25 Hal cadence
}

@test "an out-of-office shorter than the cadence gap changes nothing" {
    fu_on 2026-11-02 add Ida --phone 555 >/dev/null
    touch_out 2026-11-02 Ida call value
    touch_out 2026-11-04 Ida text value # next by cadence 2026-11-09
    fu_on 2026-11-04 log Ida --in --ooo --until 2026-11-06 >/dev/null
    assert_first_due_on 2026-11-09 Ida cadence
}

@test "three unanswered touches within 7 days: a warning on stderr and listed as overheated" {
    fu_on 2026-11-04 add Ivy --phone 555 >/dev/null
    run --separate-stderr fu_on 2026-11-04 log Ivy --channel call --purpose value --date 2026-11-02
    assert_status 0
    assert_not_contains "$stderr" "overheat" "stderr of the first touch"
    fu_on 2026-11-04 log Ivy --channel text --purpose value --date 2026-11-03 >/dev/null 2>&1
    run --separate-stderr fu_on 2026-11-04 log Ivy --channel social --purpose intro
    assert_status 0
    assert_contains "$stderr" "followup: warning:"
    assert_contains "$stderr" "overheat"
    local listed
    listed=$(fu_on 2026-11-04 cooldown -o json)
    assert_equal "$(jq -r '.[] | select(.name == "Ivy") | .status' <<<"$listed")" overheated "status"
}

@test "the default cadence never overheats by itself, and default channel/purpose are announced" {
    fu_on 2026-11-02 add Kay --email kay@example.com --phone 555 >/dev/null
    local day
    for day in 2026-11-02 2026-11-04 2026-11-09 2026-11-16; do
        run --separate-stderr fu_on "$day" log Kay
        assert_status 0
        assert_not_contains "$stderr" "overheat" "stderr on $day"
        # taking the suggestion is the normal path: said once, not warned
        assert_equal "$stderr" "" "stderr on $day"
        assert_contains "$output" "as suggested" "stdout on $day"
    done
    assert_equal "$(fu_on 2026-11-16 cooldown -o json)" "[]" "cooldown list"
    # what was recorded is what due suggested
    assert_equal "$(fu_export_jq '[.prospects[].touches[] | select(.channel == null or .purpose == null)] | length')" 0 \
        "touches without channel or purpose"
}

@test "log records the suggestion that due showed" {
    fu_on 2026-11-02 add Lu --email lu@example.com --phone 555 >/dev/null
    touch_out 2026-11-02 Lu email value
    local channel purpose
    channel=$(due_field 2026-11-04 Lu suggested_channel)
    purpose=$(due_field 2026-11-04 Lu suggested_purpose)
    [[ -n "$channel" && -n "$purpose" ]] || fail "no suggestion on 2026-11-04"
    fu_on 2026-11-04 log Lu >/dev/null 2>&1
    assert_equal "$(fu_export_jq '.prospects[] | select(.name == "Lu") | .touches[-1] | "\(.channel) \(.purpose)"')" \
        "$channel $purpose" "recorded touch"
}

@test "ranking: booked, then replied in the last 14 days, then stage, value, days overdue, id" {
    fu_on 2026-11-02 add L1 >/dev/null
    fu_on 2026-11-02 add P-small --stage proposal --value 10 >/dev/null
    fu_on 2026-11-02 add E-big --stage engaged --value 100000 >/dev/null
    fu_on 2026-11-02 add P-big --stage proposal --value 500 >/dev/null
    fu_on 2026-11-02 add L-replied >/dev/null
    fu_on 2026-11-02 log L-replied --in >/dev/null 2>&1
    fu_on 2026-11-03 add P-big-later --stage proposal --value 500 >/dev/null
    fu_on 2026-11-02 add P-big-2 --stage proposal --value 500 >/dev/null
    fu_on 2026-11-02 add Booked >/dev/null
    fu_on 2026-11-02 log Booked --in --next 2026-11-05 >/dev/null 2>&1
    assert_equal "$(due_names 2026-11-05 | tr '\n' ' ')" \
        "Booked L-replied P-big P-big-2 P-big-later P-small E-big L1 " "ranked names on 2026-11-05"
    # --explain keeps the order and says why
    run --separate-stderr fu_on 2026-11-05 due --explain -o json
    assert_status 0
    assert_equal "$(jq -r '[.[].name] | join(" ")' <<<"$output")" \
        "Booked L-replied P-big P-big-2 P-big-later P-small E-big L1" "--explain order"
    jq -e 'all(.[]; has("rank"))' <<<"$output" >/dev/null || fail "--explain rows lack a rank: $output"
    # a reply more than 14 days ago no longer lifts L-replied above the proposals
    fu_on 2026-11-17 log Booked --channel call --purpose meeting >/dev/null
    local names
    names=$(due_names 2026-11-17 | tr '\n' ' ')
    [[ "$names" == "P-big "* ]] || fail "ranked names on 2026-11-17: $names"
    [[ "$names" == *" L1 "* && "$names" == *"L-replied"* ]] || fail "ranked names on 2026-11-17: $names"
}

@test "overheating: 3 unanswered touches less than 7 days apart overheat; 7 days apart do not" {
    fu_on 2026-11-09 add Hot --phone 555 >/dev/null
    fu_on 2026-11-09 add Warm --phone 555 >/dev/null
    local day
    for day in 2026-11-02 2026-11-04 2026-11-08; do
        fu_on 2026-11-09 log Hot --channel call --purpose value --date "$day" >/dev/null 2>&1
    done
    for day in 2026-11-02 2026-11-04 2026-11-09; do
        fu_on 2026-11-09 log Warm --channel call --purpose value --date "$day" >/dev/null 2>&1
    done
    assert_equal "$(fu_on 2026-11-09 cooldown -o json | jq -r '[.[] | "\(.name):\(.status)"] | join("|")')" \
        "Hot:overheated" "cooldown list"
    # a reply ends the streak, and with it the overheating
    fu_on 2026-11-09 log Hot --in >/dev/null
    assert_equal "$(fu_on 2026-11-09 cooldown -o json)" "[]" "cooldown list after a reply"
}

@test "--upcoming N counts calendar days; a weekday name means its next occurrence after today" {
    fu_on 2026-11-02 add Wes >/dev/null
    fu_on 2026-11-02 log Wes --in --next mon >/dev/null 2>&1 # today is a Monday: the next one
    assert_equal "$(due_field 2026-11-02 Wes due_on --upcoming 7)" 2026-11-09 "due_on with --upcoming 7"
    assert_equal "$(due_row 2026-11-02 Wes --upcoming 6)" "" "row with --upcoming 6"
    assert_equal "$(due_row 2026-11-02 Wes)" "" "row without --upcoming"
}
