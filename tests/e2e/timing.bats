#!/usr/bin/env bats
# The timing rules of PRODUCT.md that issue 11 settled: a reply ends a
# cool-down, the latest out-of-office reply sets the hold, business days are
# counted from the day after, and undo restores the schedule as it was.

load helpers

setup() {
    fu_setup
    CONFIG="$XDG_CONFIG_HOME/followup/config.toml"
    mkdir -p "${CONFIG%/*}"
}

@test "a reply ends a cool-down, and further touches follow the cadence" {
    fu add Ada >/dev/null
    touch_out 2026-11-02 Ada
    fu_on 2026-11-03 cooldown Ada --until 2026-11-30 >/dev/null
    fu_on 2026-11-04 log Ada --in --channel email >/dev/null
    # Wednesday's reply: due 2 business days later, not cooling any more.
    assert_first_due_on 2026-11-06 Ada after-reply
    assert_equal "$(due_field 2026-11-06 Ada state)" active "state after the reply"
    assert_equal "$(fu_on 2026-11-05 cooldown -o json | jq -c '[.[].name]')" '[]' \
        "cooling list after the reply"
    touch_out 2026-11-06 Ada
    assert_first_due_on 2026-11-10 Ada cadence
    assert_equal "$(due_field 2026-11-10 Ada state)" active "state after a further touch"
}

@test "the latest out-of-office reply sets the hold, even with an earlier return" {
    fu add Bo >/dev/null
    touch_out 2026-11-02 Bo
    fu_on 2026-11-03 log Bo --in --ooo --until 2026-11-20 --channel email >/dev/null
    assert_first_due_on 2026-11-20 Bo ooo-over
    # Back earlier after all: the newer auto-reply wins.
    fu_on 2026-11-05 log Bo --in --ooo --until 2026-11-10 --channel email >/dev/null
    assert_first_due_on 2026-11-10 Bo ooo-over
}

@test "business days count from the day after, whatever the day of the touch" {
    cat >"$CONFIG" <<'EOF'
[schedule]
holidays = ["2026-11-11", "2026-11-23"]
EOF
    fu_team_config
    fu add Sat >/dev/null
    fu add Hol >/dev/null
    fu add Ooo >/dev/null
    fu add Cool >/dev/null
    fu add Book >/dev/null
    # Saturday + 2 business days is Tuesday, as Friday + 2 is.
    touch_out 2026-11-07 Sat
    assert_first_due_on 2026-11-10 Sat cadence
    # A touch on the holiday Wednesday 11th counts like one on Tuesday: Friday.
    touch_out 2026-11-11 Hol
    assert_first_due_on 2026-11-13 Hol cadence
    # A hold until Saturday ends on Monday.
    touch_out 2026-11-02 Ooo
    fu_on 2026-11-02 log Ooo --in --ooo --until 2026-11-14 --channel email >/dev/null
    assert_first_due_on 2026-11-16 Ooo ooo-over
    # A cool-down until Saturday the 21st ends on Tuesday (Monday is a holiday).
    touch_out 2026-11-02 Cool
    fu_on 2026-11-03 cooldown Cool --until 2026-11-21 >/dev/null
    assert_first_due_on 2026-11-24 Cool reheat
    assert_equal "$(fu_on 2026-11-23 cooldown -o json | jq -r '.[] | "\(.name) \(.cooling_until) \(.days_left)"')" \
        "Cool 2026-11-21 1" "cooling on the holiday"
    # A booked step on a Sunday stays exact, and log warns.
    run --separate-stderr fu_on 2026-11-02 log Book --in --channel call --next 2026-11-15
    assert_status 0
    assert_contains "$stderr" "followup: warning: the next step is booked on 2026-11-15, a Sunday"
    assert_first_due_on 2026-11-15 Book booked
    run --separate-stderr fu_on 2026-11-02 log Book --in --channel call --next 2026-11-23
    assert_contains "$stderr" "followup: warning: the next step is booked on 2026-11-23, a holiday"
    run --separate-stderr fu_on 2026-11-02 log Book --in --channel call --next 2026-11-24
    assert_not_contains "$stderr" "booked on"
}

@test "undo reaches every kind of change: cooldown --end, reopen and log --undo restore the schedule" {
    fu add Dee --stage engaged >/dev/null
    touch_out 2026-11-02 Dee
    local before
    before=$(fu_on 2026-11-03 due --upcoming 60 -o json)
    assert_equal "$(jq -r '.[0].reason' <<<"$before")" cadence "reason before"

    # An accidental cool-down, ended at once.
    fu_on 2026-11-03 cooldown Dee --for 30d >/dev/null
    run --separate-stderr fu_on 2026-11-03 cooldown Dee --end
    assert_status 0
    assert_contains "$output" "due 2026-11-04 (cadence)"
    assert_equal "$(fu_on 2026-11-03 due --upcoming 60 -o json)" "$before" "due after cooldown --end"

    # Closed by mistake, reopened.
    fu_on 2026-11-03 close Dee --lost >/dev/null
    fu_on 2026-11-03 reopen Dee >/dev/null
    assert_equal "$(fu_on 2026-11-03 due --upcoming 60 -o json)" "$before" "due after reopen"

    # A reply logged by mistake during a cool-down ends it; undoing it brings it back.
    fu_on 2026-11-03 cooldown Dee --until 2026-11-30 >/dev/null
    local cooling
    cooling=$(fu_on 2026-11-04 due --upcoming 60 -o json)
    assert_equal "$(jq -r '.[0].reason' <<<"$cooling")" reheat "reason while cooling"
    fu_on 2026-11-04 log Dee --in --channel email >/dev/null
    fu_on 2026-11-04 log Dee --undo >/dev/null
    assert_equal "$(fu_on 2026-11-04 due --upcoming 60 -o json)" "$cooling" "due after log --undo"

    # A newer auto-reply undone: the earlier hold is back.
    fu_on 2026-11-04 cooldown Dee --end >/dev/null
    fu_on 2026-11-04 log Dee --in --ooo --until 2026-11-18 --channel email >/dev/null
    local held
    held=$(fu_on 2026-11-05 due --upcoming 60 -o json)
    assert_equal "$(jq -r '.[0].due_on' <<<"$held")" 2026-11-18 "due_on while held"
    fu_on 2026-11-05 log Dee --in --ooo --until 2026-11-09 --channel email >/dev/null
    fu_on 2026-11-05 log Dee --undo >/dev/null
    assert_equal "$(fu_on 2026-11-05 due --upcoming 60 -o json)" "$held" "due after undoing an auto-reply"
}

@test "next actions stored under the old rules are recomputed: in memory by due, stored by the next write" {
    sqlite_only "forges an old build's stored next actions and config fingerprint in the file"
    fu add Sat >/dev/null
    touch_out 2026-11-07 Sat
    # As the build before these rules left it: Saturday + 2 stored as
    # Wednesday, under its fingerprint of the default config.
    sqlite3 "$DB" "UPDATE prospects SET next_on = '2026-11-11';
                   UPDATE meta SET value = '5854727a8c629d47'
                   WHERE key IN ('next_action_config', 'standing_config')"
    assert_first_due_on 2026-11-10 Sat cadence
    fu_on 2026-11-09 add Other >/dev/null
    assert_equal "$(sqlite3 "$DB" "SELECT next_on FROM prospects WHERE name = 'Sat'")" 2026-11-10 \
        "stored after a write"
}

@test "a cool-down set after the day's conversation holds; cooldown --end undoes one still pending" {
    fu_on 2026-12-07 add "Ann Lee" --email ann@x.example --phone 555 --stage engaged >/dev/null
    fu_on 2026-12-07 log Ann --talked --note "try me next quarter" >/dev/null
    run --separate-stderr fu_on 2026-12-07 cooldown Ann --until 2027-03-08
    assert_status 0
    assert_contains "$output" "next: 2027-03-08 (reheat)"
    # On its last day the reheat is still pending: --end undoes it.
    fu_on 2026-12-07 add Mo --email mo@x.example >/dev/null
    fu_on 2026-12-07 cooldown Mo --until 2026-12-08 >/dev/null
    run --separate-stderr fu_on 2026-12-08 cooldown Mo --end
    assert_status 0
    assert_contains "$output" "(first-touch)"
    # Behind a booked step, too.
    fu_on 2026-12-07 add Lu --email lu@x.example --phone 555 >/dev/null
    fu_on 2026-12-07 log Lu --in --next 2026-12-15 >/dev/null
    fu_on 2026-12-07 cooldown Lu --for 3w >/dev/null
    run --separate-stderr fu_on 2026-12-08 cooldown Lu --end
    assert_status 0
    assert_equal "$(fu_on 2026-12-08 show Lu -o json | jq -r .cooling_until)" null "Lu's cool-down"
}
