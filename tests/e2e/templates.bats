#!/usr/bin/env bats
# Reversing-email drafts from the built-in and user templates, and a config
# that moves the breakup threshold.

load helpers

setup() {
    fu_setup
    fu add "Ada Byron" --company Engines --stage proposal --email ada@example.com
    local day
    for day in 2026-11-02 2026-11-04 2026-11-09; do
        fu_on "$day" log Ada --channel email --purpose value --note "note $day"
    done
}

@test "breakup.after = 3 in the config makes three unanswered touches enough" {
    run --separate-stderr fu_on 2026-11-09 breakup Ada
    assert_contains "$output" "is not ready" "before the config"
    printf '[breakup]\nafter = 3\n' >"$BATS_TEST_TMPDIR/config.toml"
    export FOLLOWUP_CONFIG="$BATS_TEST_TMPDIR/config.toml"
    fu_team_config
    run --separate-stderr fu_on 2026-11-09 breakup -o json
    assert_status 0
    assert_equal "$(jq -r '.[0].name' <<<"$output")" "Ada Byron" "ready prospect"
}

@test "a user template fills every placeholder and keeps literal braces" {
    printf '[breakup]\nafter = 3\n[sender]\nname = "Alex Seller"\n' >"$BATS_TEST_TMPDIR/config.toml"
    export FOLLOWUP_CONFIG="$BATS_TEST_TMPDIR/config.toml"
    fu_team_config
    printf 'Dear {first_name} of {company} ({email}), {attempts} tries {since}..{until} by {channels}; {{literal}} -- {sender}\n' \
        >"$BATS_TEST_TMPDIR/mine.txt"
    run --separate-stderr fu_on 2026-11-09 breakup Ada --template "$BATS_TEST_TMPDIR/mine.txt"
    assert_status 0
    assert_equal "$output" "Dear Ada of Engines (ada@example.com), 3 tries 2026-11-02..2026-11-09 by email; {literal} -- Alex Seller" "draft"
}

@test "an unknown placeholder or a stray brace is one error naming the file and line" {
    printf 'Hi {first_name},\nabout {budget}\n' >"$BATS_TEST_TMPDIR/bad.txt"
    run --separate-stderr fu breakup Ada --template "$BATS_TEST_TMPDIR/bad.txt"
    assert_status 1
    assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1 "stderr lines"
    assert_contains "$stderr" "bad.txt:2: unknown placeholder '{budget}'" "stderr"
    printf 'Hi {first_name\n' >"$BATS_TEST_TMPDIR/open.txt"
    run --separate-stderr fu breakup Ada --template "$BATS_TEST_TMPDIR/open.txt"
    assert_status 1
    assert_contains "$stderr" "open.txt:1:" "stderr"
    printf 'Hi {name:>99999}\n' >"$BATS_TEST_TMPDIR/spec.txt"
    run --separate-stderr fu breakup Ada --template "$BATS_TEST_TMPDIR/spec.txt"
    assert_status 1
    assert_contains "$stderr" "bad placeholder" "stderr"
}

@test "breakup --draft with no prospect separates drafts with a form-feed line" {
    fu add "Bo Ray" --stage engaged --email bo@example.com
    local day
    for day in 2026-11-02 2026-11-04 2026-11-09; do
        fu_on "$day" log Bo --channel call --purpose value
    done
    printf '[breakup]\nafter = 3\n' >"$BATS_TEST_TMPDIR/config.toml"
    export FOLLOWUP_CONFIG="$BATS_TEST_TMPDIR/config.toml"
    fu_team_config
    fu_on 2026-11-09 breakup --draft >"$BATS_TEST_TMPDIR/drafts.txt"
    assert_equal "$(grep -c $'^\f$' "$BATS_TEST_TMPDIR/drafts.txt")" 1 "separators"
    assert_equal "$(grep -c '^To: ' "$BATS_TEST_TMPDIR/drafts.txt")" 2 "drafts"
}
