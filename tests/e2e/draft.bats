#!/usr/bin/env bats
# `followup draft`: the built-in draft of the suggested touch, shaped for its
# channel; user templates from $XDG_CONFIG_HOME/followup/templates and
# --template, with the break-up template's checks; `breakup --draft` as the
# reversing case.

load helpers

TEMPLATES=

setup() {
    fu_setup
    TEMPLATES="$XDG_CONFIG_HOME/followup/templates"
    mkdir -p "$TEMPLATES"
    printf '[sender]\nname = "Alex Seller"\n' >"$BATS_TEST_TMPDIR/config.toml"
    export FOLLOWUP_CONFIG="$BATS_TEST_TMPDIR/config.toml"
    fu add "Ada Byron" --company Engines --stage proposal --email ada@example.com \
        --phone "+1 555 0100" --priority "faster tabulation" >/dev/null
    fu_on 2026-11-02 log Ada --channel email --purpose proposal --note "pricing v2" >/dev/null
    fu_on 2026-11-05 log Ada --channel call --purpose value >/dev/null
}

@test "draft prints the suggested touch: an email with a To:/Subject: block naming the priority" {
    run --separate-stderr fu_on 2026-11-10 draft Ada --channel email
    assert_status 0
    assert_equal "$(sed -n 1p <<<"$output")" "To: Ada Byron <ada@example.com>" "To: line"
    [[ "$(sed -n 2p <<<"$output")" == "Subject: "* ]] || fail "no Subject: line" "$output"
    assert_equal "$(sed -n 3p <<<"$output")" "" "the blank line after the headers"
    assert_contains "$output" "faster tabulation" "the priority"
    assert_contains "$output" "Alex Seller" "the sender"
}

@test "a text is at most 320 characters, a social message 300; a call has a short voicemail script" {
    run --separate-stderr fu_on 2026-11-10 draft Ada --channel text --purpose proposal
    assert_status 0
    [[ $(printf '%s' "$output" | wc -m) -le 320 ]] || fail "text too long: $output"
    assert_contains "$output" "faster tabulation" "the priority"
    run --separate-stderr fu_on 2026-11-10 draft Ada --channel call --purpose proposal
    assert_status 0
    assert_contains "$output" "Talking points:" "call"
    assert_contains "$output" "pricing v2" "the proposal's note"
    local script
    script=$(sed -n '/under 30 seconds/,$p' <<<"$output" | tail -n +2)
    [[ $(wc -w <<<"$script") -le 75 ]] || fail "voicemail script too long: $script"
}

@test "consecutive drafts of one purpose on one channel differ" {
    local first second
    first=$(fu_on 2026-11-10 draft Ada --channel email --purpose value)
    fu_on 2026-11-10 log Ada --channel email --purpose value >/dev/null
    second=$(fu_on 2026-11-13 draft Ada --channel email --purpose value)
    [[ "$first" != "$second" ]] || fail "the same draft twice:" "$first"
}

@test "the variant a draft was written from is recorded with the touch, and the next draft takes another" {
    # Three value emails in a row, each logged as suggested: each drafted
    # from the variant after the one before, whatever the note says.
    local drafts=() i
    for i in 10 11 12 13; do
        drafts+=("$(fu_on 2026-11-$i draft Ada --channel email --purpose value)")
        run --separate-stderr fu_on 2026-11-$i log Ada --channel email --purpose value --note "sent #$i"
        assert_status 0
    done
    for i in 1 2 3; do
        [[ "${drafts[i - 1]}" != "${drafts[i]}" ]] || fail "drafts $i and $((i + 1)) are the same:" "${drafts[i]}"
    done
    run --separate-stderr fu_on 2026-11-13 export -o json
    assert_status 0
    # The call of 2026-11-05 came first (variant 0 by count), then 1, 2, 0, 1.
    assert_equal "$(jq -c '[.prospects[0].touches[] | select(.purpose == "value") | .draft_variant]' <<<"$output")" \
        "[0,1,2,0,1]" "recorded variants"
    assert_equal "$(jq -c '[.prospects[0].touches[] | select(.purpose == "proposal") | .draft_variant]' <<<"$output")" \
        "[0]" "the proposal's"
    # What export writes, import keeps; and it decides the next draft there too.
    local exported=$output next
    next=$(fu_on 2026-11-16 draft Ada --channel email --purpose value)
    printf '%s' "$exported" >"$BATS_TEST_TMPDIR/export.json"
    rm -f "$DB"
    run --separate-stderr fu_on 2026-11-16 import "$BATS_TEST_TMPDIR/export.json"
    assert_status 0
    run --separate-stderr fu_on 2026-11-16 export -o json
    assert_equal "$(jq -c '[.prospects[0].touches[] | .draft_variant]' <<<"$output")" \
        "$(jq -c '[.prospects[0].touches[] | .draft_variant]' <<<"$exported")" "variants after import"
    assert_equal "$(fu_on 2026-11-16 draft Ada --channel email --purpose value)" "$next" "the next draft after import"
    # A reply is not drafted; nor is a touch written from the user's template.
    fu_on 2026-11-16 log Ada --in >/dev/null
    printf 'Hi {first_name}, mine.\n' >"$TEMPLATES/value.email.txt"
    fu_on 2026-11-17 log Ada --channel email --purpose value >/dev/null
    run --separate-stderr fu_on 2026-11-17 show Ada -o json
    assert_equal "$(jq -c '[.touches[-2:][] | .draft_variant]' <<<"$output")" "[null,null]" "a reply and a user template's touch"
    # A bad variant in an import is refused, naming it.
    jq '.prospects[0].touches[0].draft_variant = -1' "$BATS_TEST_TMPDIR/export.json" >"$BATS_TEST_TMPDIR/bad.json"
    rm -f "$DB"
    run --separate-stderr fu_on 2026-11-17 import "$BATS_TEST_TMPDIR/bad.json"
    assert_status 1
    assert_contains "$stderr" "draft_variant" "the bad key"
}

@test "a user template overrides the built-in one: PURPOSE.CHANNEL.txt, then PURPOSE.txt, then --template" {
    printf 'Any channel: {priority} at {org}, {tried}\n' >"$TEMPLATES/value.txt"
    printf 'Text: {first_name}, {purpose} by {channel}; {{braces}}\n' >"$TEMPLATES/value.text.txt"
    run --separate-stderr fu_on 2026-11-10 draft Ada --channel email --purpose value
    assert_status 0
    assert_equal "$output" "Any channel: faster tabulation at Engines, 1 attempt in this streak (by call)" "PURPOSE.txt"
    run --separate-stderr fu_on 2026-11-10 draft Ada --channel text --purpose value
    assert_equal "$output" "Text: Ada, value by text; {braces}" "PURPOSE.CHANNEL.txt"
    # a check-in uses the value templates, and says so
    run --separate-stderr fu_on 2026-11-10 draft Ada --channel text --purpose checkin
    assert_status 0
    assert_equal "$output" "Text: Ada, value by text; {braces}" "check-in drafted as value"
    assert_contains "$stderr" "drafted as a value touch" "stderr"
    printf 'Mine: {proposal_on} {proposal_note}\n' >"$BATS_TEST_TMPDIR/mine.txt"
    run --separate-stderr fu_on 2026-11-10 draft Ada --channel text --purpose value --template "$BATS_TEST_TMPDIR/mine.txt"
    assert_equal "$output" "Mine: 2026-11-02 pricing v2" "--template"
}

@test "a template with an unknown placeholder is a one-line error naming it" {
    printf 'Hi {first_name},\nabout {budget}\n' >"$TEMPLATES/intro.email.txt"
    run --separate-stderr fu_on 2026-11-10 draft Ada --channel email --purpose intro
    assert_status 1
    assert_stdout_empty
    assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1 "stderr lines"
    assert_contains "$stderr" "followup: $TEMPLATES/intro.email.txt:2: unknown placeholder '{budget}'" "stderr"
    printf 'Hi {name:>99999}\n' >"$BATS_TEST_TMPDIR/spec.txt"
    run --separate-stderr fu_on 2026-11-10 draft Ada --template "$BATS_TEST_TMPDIR/spec.txt"
    assert_status 1
    assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1 "stderr lines"
    assert_contains "$stderr" "bad placeholder '{name:>99999}'" "stderr"
}

@test "a user's text template longer than 320 characters is printed as written, with a warning" {
    printf '%0400d\n' 0 >"$TEMPLATES/value.text.txt"
    run --separate-stderr fu_on 2026-11-10 draft Ada --channel text --purpose value
    assert_status 0
    assert_equal "${#output}" 400 "the draft"
    assert_contains "$stderr" "followup: warning: the draft is 400 characters; a text message holds 320" "stderr"
}

@test "breakup --draft is the reversing email: built-in, and from the user's reversing template" {
    run --separate-stderr fu_on 2026-11-10 breakup Ada --draft
    assert_status 0
    assert_equal "$(sed -n 2p <<<"$output")" "Subject: Should I close your file, Ada?" "subject"
    assert_contains "$output" "If there is still room on your list for faster tabulation" "the priority"
    local via_draft
    via_draft=$(fu_on 2026-11-10 draft Ada --purpose reversing --channel email)
    assert_equal "$output" "$via_draft" "draft --purpose reversing"
    printf 'Reversing {first_name}: {attempts} tries\n' >"$TEMPLATES/reversing.txt"
    run --separate-stderr fu_on 2026-11-10 breakup Ada --draft
    assert_status 0
    assert_equal "$output" "Reversing Ada: 1 tries" "the user's reversing template"
}

@test "bad --purpose or --channel is a usage error" {
    run --separate-stderr fu draft Ada --purpose pitch
    assert_error 2
    assert_contains "$stderr" "pitch"
    run --separate-stderr fu draft Ada --channel pigeon
    assert_error 2
    run --separate-stderr fu draft
    assert_error 2
}

@test "on a terminal a draft's stored text is neutralised; piped, it is as stored" {
    # Only an import can store controls: typed text refuses them.
    printf 'Name,Email,Phone,Priority\nZed Stranger,zed@example.com,+1 555 0199,"tabulation \e]0;pwned\a now"\n' \
        >"$BATS_TEST_TMPDIR/strangers.csv"
    fu import "$BATS_TEST_TMPDIR/strangers.csv" >/dev/null
    local command
    command=$(printf '%q ' "$FOLLOWUP_BIN" --db "$DB" --today 2026-11-10 draft Zed --channel text)
    script -qec "$command" /dev/null </dev/null >"$BATS_TEST_TMPDIR/pty.out"
    if grep -q $'\e' "$BATS_TEST_TMPDIR/pty.out"; then
        fail "raw ESC on the terminal:" "$(cat -v "$BATS_TEST_TMPDIR/pty.out")"
    fi
    assert_contains "$(cat "$BATS_TEST_TMPDIR/pty.out")" 'tabulation \x1b]0;pwned\x07 now' "escaped"
    run --separate-stderr fu_on 2026-11-10 draft Zed --channel text
    assert_contains "$output" $'tabulation \e]0;pwned\a now' "piped"
}
