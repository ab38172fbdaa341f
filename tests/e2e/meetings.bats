#!/usr/bin/env bats
# Meeting times: `--next` takes a local time, `due` shows it, ranks a day's
# booked steps by it and gives it with its UTC offset in JSON.

load helpers

setup() {
    fu_setup
    export TZ=Europe/Madrid
    TODAY=2026-12-07 # a Monday
    fu add "Ada Lovelace" --company Analytical --value 100 >/dev/null
    fu add "Bob Byte" --company Bits --value 5000 >/dev/null
    fu add "Cy Clone" --company Clones --value 90000 >/dev/null
    fu add "Di Dee" --company Dees --value 1 >/dev/null
}

@test "log --next takes a time in every form; the step is stored with it and its length" {
    run --separate-stderr fu log Ada --channel call --purpose value --next "wed 15:00" --duration 45m
    assert_status 0
    assert_contains "$output" "Next: 2026-12-09 15:00 (booked)" "log's confirmation"
    run --separate-stderr fu log Bob --channel call --purpose value --next 2026-12-09T09:30
    assert_status 0
    run --separate-stderr fu log Cy --channel call --purpose value --next "tomorrow 9:30"
    assert_status 0
    run --separate-stderr fu log Di --channel call --purpose value --next wed
    assert_status 0
    assert_contains "$output" "Next: 2026-12-09 (booked)" "an all-day step"
    assert_equal "$(fu_export_jq '[.prospects[] | .name as $n | .touches[] | select(.next_step_on != null)
        | "\($n)|\(.next_step_on)|\(.next_step_time // "-")|\(.next_step_minutes // "-")"] | join(" ")')" \
        "Ada Lovelace|2026-12-09|15:00|45 Bob Byte|2026-12-09|09:30|30 Cy Clone|2026-12-08|09:30|30 Di Dee|2026-12-09|-|-" \
        "stored steps"
    # Each booked step has its own random UUID for the calendar.
    assert_equal "$(fu_export_jq '[.prospects[].touches[].next_step_uid | select(. != null and test("^[^-]{8}-[^-]{4}-4[^-]{3}-[^-]{4}-[^-]{12}$"))] | unique | length')" 4 "UUIDs"
    run --separate-stderr fu show Ada -o json
    assert_status 0
    assert_equal "$(jq -r '.touches[-1] | "\(.next_step_on) \(.next_step_time) \(.next_step_minutes)"' <<<"$output")" \
        "2026-12-09 15:00 45" "show's touch"
}

@test "due shows the time, ranks a day's booked steps by it, and JSON carries due_at with the offset" {
    fu log Ada --channel call --purpose value --next "wed 15:00" >/dev/null
    fu log Bob --channel call --purpose value --next "wed 9:30" >/dev/null
    fu log Cy --channel call --purpose value --next wed >/dev/null
    fu log Di --channel call --purpose value --next "wed 11:00" >/dev/null
    local format
    # From stored standings (table, tsv) and from histories (json, --explain).
    run --separate-stderr fu_on 2026-12-09 due -o json
    assert_status 0
    assert_equal "$(jq -r '[.[] | "\(.name)=\(.due_on)=\(.due_at)"] | join(" ")' <<<"$output")" \
        "Bob Byte=2026-12-09=2026-12-09T09:30:00+01:00 Di Dee=2026-12-09=2026-12-09T11:00:00+01:00 Ada Lovelace=2026-12-09=2026-12-09T15:00:00+01:00 Cy Clone=2026-12-09=null" \
        "json"
    run --separate-stderr fu_on 2026-12-09 due -o tsv
    assert_status 0
    assert_equal "$(head -1 <<<"$output" | tr '\t' ' ')" \
        "id name company due_on days_overdue state reason suggested_channel suggested_purpose top_priority due_at" "tsv header"
    assert_equal "$(tail -n +2 <<<"$output" | cut -f2,4,11 | tr '\t\n' '= ')" \
        "Bob Byte=2026-12-09=2026-12-09T09:30:00+01:00 Di Dee=2026-12-09=2026-12-09T11:00:00+01:00 Ada Lovelace=2026-12-09=2026-12-09T15:00:00+01:00 Cy Clone=2026-12-09= " "tsv"
    run --separate-stderr fu_on 2026-12-09 due
    assert_status 0
    assert_contains "$output" "2026-12-09 09:30" "the table's time"
    assert_equal "$(tail -n +2 <<<"$output" | awk '{print $2}' | tr '\n' ' ')" "Bob Di Ada Cy " "table order"
    run --separate-stderr fu_on 2026-12-09 due --explain
    assert_status 0
    assert_contains "$output" "booked 2026-12-09 09:30 >" "--explain"
    # Other days' lists: not due yet; the upcoming view orders them the same.
    run --separate-stderr fu_on 2026-12-08 due --upcoming 1 -o json
    assert_equal "$(jq -r '[.[] | .name] | join(",")' <<<"$output")" "Bob Byte,Di Dee,Ada Lovelace,Cy Clone" "upcoming"
}

@test "due_at follows TZ, and a meeting booked across a daylight-saving change keeps its local time" {
    TODAY=2026-10-23 # Friday, summer time in Madrid
    fu log Ada --channel call --purpose value --next "mon 10:00" >/dev/null
    run --separate-stderr fu_on 2026-10-26 due -o json
    assert_equal "$(jq -r '.[] | select(.name == "Ada Lovelace") | .due_at' <<<"$output")" "2026-10-26T10:00:00+01:00" "winter offset"
    TZ=America/New_York run --separate-stderr fu_on 2026-10-26 due -o json
    assert_equal "$(jq -r '.[] | select(.name == "Ada Lovelace") | .due_at' <<<"$output")" "2026-10-26T10:00:00-04:00" "New York"
    # The hour skipped in spring does not exist: refused.
    TODAY=2027-03-22
    run --separate-stderr fu log Bob --channel call --purpose value --next "2027-03-28 02:30"
    assert_error 2
    assert_contains "$stderr" "does not exist in the local time zone" "stderr"
}

@test "bad times and lengths are one-line usage errors; nothing is logged; good ones go through" {
    local args
    for args in "--next wed\ 25:00" "--next 2026-12-09T9" "--next 15:00" \
        "--next wed\ 15:00 --duration 45d" "--next wed\ 15:00 --duration 0m" \
        "--next wed --duration 45m" "--duration 45m"; do
        eval "run --separate-stderr fu log Ada --channel call --purpose value $args"
        assert_error 2
    done
    assert_equal "$(fu_count touches)" 0 "touches"
    # The same with a good time and length goes through.
    run --separate-stderr fu log Ada --channel call --purpose value --next "wed 15:00" --duration 1h30m
    assert_status 0
    assert_equal "$(fu_export_jq '.prospects[].touches[].next_step_minutes')" 90 "the length"
}

@test "export and import keep a booked step's time, length and UID" {
    fu log Ada --channel call --purpose value --next "wed 15:00" --duration 1h >/dev/null
    run --separate-stderr fu export
    assert_status 0
    local exported=$output
    assert_equal "$(jq -r '.prospects[] | select(.name == "Ada Lovelace") | .touches[0] | "\(.next_step_time) \(.next_step_minutes)"' <<<"$exported")" "15:00 60" "exported"
    printf '%s' "$exported" >"$BATS_TEST_TMPDIR/all.json"
    DB=$(fu_new_db copy)
    run --separate-stderr fu import "$BATS_TEST_TMPDIR/all.json"
    assert_status 0
    assert_equal "$(fu_export_jq '.prospects[].touches[] | select(.next_step_on != null) | "\(.next_step_time) \(.next_step_minutes) \(.next_step_uid)"')" \
        "15:00 60 $(jq -r '.prospects[] | select(.name == "Ada Lovelace") | .touches[0].next_step_uid' <<<"$exported")" "imported"
    run --separate-stderr fu_on 2026-12-09 due -o json
    assert_equal "$(jq -r '.[0].due_at' <<<"$output")" "2026-12-09T15:00:00+01:00" "due_at after import"
}

@test "add --next takes a time too: the first touch is due then, with due_at" {
    run --separate-stderr fu add "Eve Early" --next "tomorrow 8:15"
    assert_status 0
    assert_contains "$output" "first touch due 2026-12-08 08:15" "add's confirmation"
    run --separate-stderr fu_on 2026-12-08 due -o json
    assert_equal "$(jq -r '.[] | select(.name == "Eve Early") | "\(.reason) \(.due_at)"' <<<"$output")" \
        "first-touch 2026-12-08T08:15:00+01:00" "json"
    run --separate-stderr fu_on 2026-12-08 due
    assert_contains "$output" "2026-12-08 08:15" "table"
    # Once touched, the time is gone with the first touch.
    fu_on 2026-12-08 log Eve --channel email --purpose value >/dev/null
    run --separate-stderr fu_on 2026-12-20 due -o json
    assert_equal "$(jq -r '.[] | select(.name == "Eve Early") | .due_at' <<<"$output")" null "after the touch"
    run --separate-stderr fu add "Fay Late" --next "tomorrow 24:00"
    assert_error 2
}
