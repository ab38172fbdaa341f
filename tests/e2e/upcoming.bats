#!/usr/bin/env bats
# due --upcoming N: by day, what is due today (overdue included) first, the
# usual ranking within each day.

load helpers

setup() {
    fu_setup
}

@test "due --upcoming lists by day, today's rows first, ranked within each day" {
    # Overdue since 2026-10-28: a lead worth 100.
    fu_on 2026-10-28 add "Olga Overdue" --value 100 >/dev/null
    # Due today: a lead worth nothing, and a proposal.
    fu add "Tina Today" >/dev/null
    fu add "Pia Proposal" --stage proposal --value 500 >/dev/null
    # Tomorrow: the biggest deal.
    fu add "Max Tomorrow" --stage proposal --value 90000 --next 2026-11-03 >/dev/null
    # Wednesday: a booked step, which would rank first of all.
    fu add "Bea Booked" >/dev/null
    fu log Bea --in --channel call --next 2026-11-04 >/dev/null 2>&1

    local expected=$'Pia Proposal\t2026-11-02
Olga Overdue\t2026-10-28
Tina Today\t2026-11-02
Max Tomorrow\t2026-11-03
Bea Booked\t2026-11-04'
    run --separate-stderr fu due --upcoming 5 -o tsv
    assert_status 0
    assert_equal "$(tail -n +2 <<<"$output" | cut -f2,4)" "$expected" "due --upcoming 5 -o tsv" || return 1
    run --separate-stderr fu due --upcoming 5 -o json
    assert_status 0
    assert_equal "$(jq -r '.[] | [.name, .due_on] | @tsv' <<<"$output")" "$expected" \
        "due --upcoming 5 -o json" || return 1
    # Without --upcoming: only today's, in the same order as above.
    run --separate-stderr fu due -o tsv
    assert_equal "$(tail -n +2 <<<"$output" | cut -f2,4)" "$(head -n 3 <<<"$expected")" "due -o tsv"
}
