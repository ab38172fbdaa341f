#!/usr/bin/env bats
# `followup calendar`: booked next steps as iCalendar, read back by two real
# clients (python3-icalendar and khal), updated in place on re-export.

load helpers

setup() {
    fu_setup
    export TZ=Europe/Madrid
    TODAY=2026-12-07 # a Monday
    PY=/usr/bin/python3
    "$PY" -c 'import icalendar' 2>/dev/null || skip "python3-icalendar is missing (scripts/install-deps --test)"
    fu add "Ada Lovelace" --company Analytical --priority "cut month-end close" >/dev/null
    fu add "Bob Byte" --company Bits >/dev/null
    fu add "Cy Clone" >/dev/null
    ICS="$BATS_TEST_TMPDIR/followup.ics"
}

# One line per VEVENT: UID|DTSTART|TZID or offset|SEQUENCE|STATUS|SUMMARY|alarm trigger
events() {
    "$PY" - "$1" <<'PY'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for tz in cal.walk('VTIMEZONE'):
    print('VTIMEZONE|%s' % tz['TZID'])
for e in sorted(cal.walk('VEVENT'), key=lambda e: str(e['SUMMARY'])):
    start = e['DTSTART']
    alarms = [str(a['TRIGGER'].to_ical().decode()) for a in e.walk('VALARM')]
    print('|'.join([str(e['UID']), start.dt.isoformat(), start.params.get('TZID', '-'),
                    str(e.get('SEQUENCE')), str(e.get('STATUS')), str(e['SUMMARY']),
                    ','.join(alarms) or '-']))
PY
}

@test "booked steps become events with a VTIMEZONE named by the Olson name and a 10-minute alarm" {
    fu log Ada --channel call --purpose value --next "wed 15:00" --duration 45m >/dev/null
    fu log Bob --channel call --purpose value --next "thu" >/dev/null
    run --separate-stderr fu calendar -o "$ICS"
    assert_status 0
    assert_stdout_empty
    ! grep -q freeassociation "$ICS" || fail "libical's TZID prefix leaked"
    run events "$ICS"
    assert_status 0
    local ada_uid bob_uid
    ada_uid=$(fu_export_jq '.prospects[] | select(.name == "Ada Lovelace") | .touches[].next_step_uid | values')
    bob_uid=$(fu_export_jq '.prospects[] | select(.name == "Bob Byte") | .touches[].next_step_uid | values')
    assert_equal "$output" "VTIMEZONE|Europe/Madrid
$ada_uid|2026-12-09T15:00:00+01:00|Europe/Madrid|0|CONFIRMED|video with Ada Lovelace (Analytical)|-PT10M
$bob_uid|2026-12-10|-|0|CONFIRMED|video with Bob Byte (Bits)|-" "events"
    grep -q '^DTEND;TZID=Europe/Madrid:20261209T154500' "$ICS" || fail "no 45-minute DTEND: $(cat "$ICS")"
    # Standard output without -o; Cy, not booked, only with --due.
    run --separate-stderr fu calendar
    assert_status 0
    assert_contains "$output" "BEGIN:VCALENDAR" "stdout"
    assert_not_contains "$output" "Cy Clone" "without --due"
    run --separate-stderr fu calendar --due -o "$ICS"
    assert_status 0
    run events "$ICS"
    assert_contains "$output" "|2026-12-07|-|0|CONFIRMED|Follow up with Cy Clone: " "a due follow-up as an all-day event"
}

@test "re-exporting keeps the UID, raises SEQUENCE only for changes, and cancels a fulfilled step once" {
    fu log Ada --channel call --purpose value --next "wed 15:00" >/dev/null
    fu log Bob --channel call --purpose value --next "wed 9:00" >/dev/null
    fu calendar -o "$ICS" >/dev/null
    run events "$ICS"
    local first=$output uid
    uid=$(grep "Ada Lovelace" <<<"$first" | cut -d'|' -f1)
    # Unchanged: the same sequence.
    fu calendar -o "$ICS" >/dev/null
    run events "$ICS"
    assert_equal "$output" "$first" "an unchanged re-export"
    # Moved: same UID, SEQUENCE 1.
    fu log Ada --channel call --purpose meeting --next "thu 16:30" >/dev/null
    fu calendar -o "$ICS" >/dev/null
    run events "$ICS"
    assert_contains "$output" "$uid|2026-12-10T16:30:00+01:00|Europe/Madrid|1|CONFIRMED|video with Ada Lovelace" "moved"
    assert_equal "$(grep -c "Ada Lovelace" <<<"$output")" 1 "Ada's events after the move"
    # Bob's meeting held (a touch on its day): cancelled once, then gone.
    fu_on 2026-12-09 log Bob --channel video --purpose meeting >/dev/null
    fu_on 2026-12-09 calendar -o "$ICS" >/dev/null
    run events "$ICS"
    assert_contains "$output" "|2026-12-09T09:00:00+01:00|Europe/Madrid|1|CANCELLED|video with Bob Byte (Bits)|-" "cancelled"
    fu_on 2026-12-09 calendar -o "$ICS" >/dev/null
    run events "$ICS"
    assert_not_contains "$output" "Bob Byte" "after the cancellation"
}

@test "khal imports the file; after moving the meeting a re-import replaces the event (still one)" {
    command -v khal >/dev/null || skip "khal is missing (scripts/install-deps --test)"
    local K="$BATS_TEST_TMPDIR/khal"
    mkdir -p "$K/cal"
    cat >"$K/config" <<CONF
[calendars]
[[followup]]
path = $K/cal
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Madrid
default_timezone = Europe/Madrid
[default]
default_calendar = followup
CONF
    export XDG_DATA_HOME="$K/data"
    fu log Ada --channel call --purpose value --next "wed 15:00" >/dev/null
    fu calendar -o "$ICS" >/dev/null
    run khal -c "$K/config" import --batch "$ICS"
    assert_status 0
    run khal -c "$K/config" list 2026-12-01 60d
    assert_status 0
    assert_contains "$output" "15:00-15:30 video with Ada Lovelace (Analytical)" "khal's list"
    assert_equal "$(ls "$K/cal" | wc -l)" 1 "events in khal"
    fu log Ada --channel call --purpose meeting --next "thu 10:00" >/dev/null
    fu calendar -o "$ICS" >/dev/null
    run khal -c "$K/config" import --batch "$ICS"
    assert_status 0
    run khal -c "$K/config" list 2026-12-01 60d
    assert_status 0
    assert_contains "$output" "10:00-10:30 video with Ada Lovelace" "the moved meeting"
    assert_not_contains "$output" "15:00" "the old time"
    assert_equal "$(ls "$K/cal" | wc -l)" 1 "events in khal after the re-import"
}
