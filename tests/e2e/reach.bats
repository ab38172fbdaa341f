#!/usr/bin/env bats
# Reachable channels (issue 11): a channel is suggested only when the
# prospect can be reached on it; the reversing email goes by email when there
# is an email; the booked step's channel; the new fields address, social and
# referrer in add, edit, show, list, export and import.

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

# Follows `due`'s suggestions for NAME for COUNT touches, each logged with a
# bare `log NAME` on the day it falls due; fails when a suggested or logged
# channel is not one of ALLOWED (space separated).
# follow_streak NAME COUNT ALLOWED
follow_streak() {
    local name=$1 count=$2 allowed=" $3 "
    local day=$DEFAULT_TODAY touch_no row channel
    for ((touch_no = 1; touch_no <= count; touch_no++)); do
        day=$(fu_on "$day" due --upcoming 120 -o json |
            jq -r --arg name "$name" '[.[] | select(.name == $name)][0].due_on')
        if [[ "$day" == null || -z "$day" ]]; then
            fail "touch $touch_no: $name is not due within 120 days"
            return 1
        fi
        row=$(due_row "$day" "$name")
        channel=$(jq -r '.suggested_channel' <<<"$row")
        if [[ "$allowed" != *" $channel "* ]]; then
            fail "touch $touch_no on $day: $name can be reached by$allowed but $channel is suggested: $row"
            return 1
        fi
        assert_equal "$(jq -r '.streak' <<<"$row")" "$((touch_no - 1))" \
            "streak before touch $touch_no on $day: $row" || return 1
        run --separate-stderr fu_on "$day" log "$name"
        assert_status 0 || return 1
        assert_contains "$output" "Logged $channel (" "touch $touch_no on $day" || return 1
    done
    # What was stored: COUNT outbound touches, each on a reachable channel.
    local stored
    stored=$(touches_of "$name" | jq -r 'select(.[1] == "out") | .[2]')
    assert_equal "$(wc -l <<<"$stored")" "$count" "touches stored for $name" || return 1
    while read -r channel; do
        if [[ "$allowed" != *" $channel "* ]]; then
            fail "$name: a touch by $channel was stored; reachable:$allowed" "stored: $stored"
            return 1
        fi
    done <<<"$stored"
}

@test "a prospect with only an email is only ever suggested email (or video)" {
    fu add Em --email em@example.com >/dev/null
    follow_streak Em 6 "email video"
}

@test "a prospect with only a phone is only ever suggested call, voicemail, text (or video)" {
    fu add Ph --phone 555-0100 >/dev/null
    follow_streak Ph 6 "call voicemail text video"
}

@test "a prospect with only an address is only ever suggested mail or visit" {
    fu add Ad --address "12 Mill Lane, Leeds" >/dev/null
    follow_streak Ad 6 "mail visit"
}

@test "a prospect with only a profile is only ever suggested social" {
    fu add So --social "https://www.linkedin.com/in/so" >/dev/null
    follow_streak So 6 "social"
}

@test "a prospect with only a referrer is only ever suggested a referral" {
    fu add Re --referrer "Bob Byte" >/dev/null
    follow_streak Re 6 "referral"
}

@test "a prospect with an email and a phone alternates between them" {
    fu add Both --email both@example.com --phone 555-0101 >/dev/null
    follow_streak Both 6 "email call voicemail text video"
    assert_equal "$(touches_of Both | jq -r '.[2]' | sort -u | tr '\n' ' ')" "call email text " \
        "the channels used"
}

@test "with nothing stored, social is suggested with a reason to find them" {
    fu add None >/dev/null
    run --separate-stderr fu due -o json
    assert_status 0
    assert_equal "$(jq -r '.[0] | "\(.suggested_channel) \(.suggested_purpose)"' <<<"$output")" \
        "social value" "suggestion"
    assert_equal "$(jq -r '.[0].suggestion_reason' <<<"$output")" \
        "first touch: open with something useful (no email, phone, address, profile or referrer stored: find them, then \`followup edit\` to keep it)" \
        "suggestion reason"
}

@test "the reversing email goes by email when there is an email, even after an email" {
    # They prefer calls; the last touches were emails.
    fu add Rex --email rex@example.com --phone 555-0102 --channel call --stage engaged >/dev/null
    fu add Tel --phone 555-0103 --stage engaged >/dev/null
    local day
    for day in 2026-11-02 2026-11-04 2026-11-09 2026-11-16 2026-11-25; do
        touch_out "$day" Rex email value
        touch_out "$day" Tel call value
    done
    assert_equal "$(due_row 2026-12-09 Rex | jq -r '"\(.reason) \(.suggested_channel) \(.suggested_purpose)"')" \
        "breakup email reversing" "Rex's suggestion"
    run --separate-stderr fu_on 2026-12-09 log Rex
    assert_status 0
    assert_contains "$output" "Logged email (reversing) for Rex #1 on 2026-12-09, as suggested."
    assert_equal "$(touches_of Rex | tail -n 1)" '["2026-12-09","out","email","reversing",null,null]' \
        "Rex's reversing touch"
    # Without an email: a way they can be reached.
    local tel
    tel=$(due_row 2026-12-09 Tel | jq -r '"\(.reason) \(.suggested_channel) \(.suggested_purpose)"')
    case "$tel" in
    "breakup text reversing" | "breakup call reversing" | "breakup voicemail reversing") ;;
    *) fail "Tel's reversing suggestion: $tel" ;;
    esac
}

@test "the booked step's channel: as agreed, else a live preferred channel, else call with a phone, else video" {
    fu add Agreed --email ag@example.com --phone 555-0104 --channel call >/dev/null
    fu add Video --email vi@example.com --phone 555-0105 --channel video >/dev/null
    fu add Visit --address "3 Quay Street" --phone 555-0106 --channel visit >/dev/null
    fu add NoAddress --phone 555-0107 --channel visit >/dev/null
    fu add EmailFirst --email ef@example.com --phone 555-0108 --channel email >/dev/null
    fu add OnlyEmail --email oe@example.com >/dev/null
    local name
    for name in Video Visit NoAddress EmailFirst OnlyEmail; do
        fu log "$name" --in --channel email --next 2026-11-10 >/dev/null
    done
    run --separate-stderr fu log Agreed --in --channel email --next 2026-11-10 --next-channel text
    assert_status 0
    assert_stderr_empty
    assert_equal "$(touches_of Agreed)" '["2026-11-02","in","email",null,"2026-11-10","text"]' \
        "the stored reply"
    assert_equal "$(fu_on 2026-11-10 due -o json |
        jq -r '.[] | "\(.name): \(.reason) \(.suggested_channel) \(.suggested_purpose) (\(.suggestion_reason))"' | sort)" \
        "$(
            cat <<'EOF'
Agreed: booked text meeting (the next step booked for 2026-11-10 (as agreed))
EmailFirst: booked call meeting (the next step booked for 2026-11-10 (a call: they have a phone))
NoAddress: booked call meeting (the next step booked for 2026-11-10 (a call: they have a phone))
OnlyEmail: booked video meeting (the next step booked for 2026-11-10 (a video call))
Video: booked video meeting (the next step booked for 2026-11-10 (their preferred channel))
Visit: booked visit meeting (the next step booked for 2026-11-10 (their preferred channel))
EOF
        )" "the booked steps' suggestions"
}

@test "add, show and list carry address, social and referrer" {
    run --separate-stderr fu add Ada --email ada@example.com --address "1 Main St, Springfield" \
        --social "https://www.linkedin.com/in/ada" --referrer "Bob Byte"
    assert_status 0
    assert_stderr_empty
    assert_equal "$output" "Added Ada #1; first touch due 2026-11-02."
    run --separate-stderr fu show Ada
    assert_status 0
    assert_stderr_empty
    assert_contains "$output" $'\n  address        1 Main St, Springfield\n'
    assert_contains "$output" $'\n  social         https://www.linkedin.com/in/ada\n'
    assert_contains "$output" $'\n  referrer       Bob Byte\n'
    assert_equal "$(fu show Ada -o json | jq -c '[.address, .social, .referrer]')" \
        '["1 Main St, Springfield","https://www.linkedin.com/in/ada","Bob Byte"]' "show -o json"
    assert_equal "$(fu list -o json | jq -c '.[0] | [.address, .social, .referrer]')" \
        '["1 Main St, Springfield","https://www.linkedin.com/in/ada","Bob Byte"]' "list -o json"
    assert_equal "$(fu export -o json | jq -c '.prospects[0] | [.address, .social, .referrer]')" \
        '["1 Main St, Springfield","https://www.linkedin.com/in/ada","Bob Byte"]' "export -o json"
    # CSV export: the three columns side by side, after every older column.
    local csv
    csv=$(fu export -o csv | csv_to_json)
    assert_contains "$(jq -c '.[0]' <<<"$csv")" '"reason","address","social","referrer"' "CSV header"
    assert_equal "$(jq -c '.[0] as $h | .[1] | [.[($h | index("address")):($h | index("referrer")) + 1][]]' <<<"$csv")" \
        '["1 Main St, Springfield","https://www.linkedin.com/in/ada","Bob Byte"]' "CSV row"
}

@test "edit sets and clears address, social and referrer" {
    fu add Bea --email bea@example.com --address "Old Road 1" --social "@bea" --referrer "Cy" >/dev/null
    run --separate-stderr fu edit Bea --address "New Road 2" --social ""
    assert_status 0
    assert_stderr_empty
    assert_equal "$(fu show Bea -o json | jq -c '[.address, .social, .referrer]')" \
        '["New Road 2","","Cy"]' "after edit"
    run --separate-stderr fu show Bea
    assert_not_contains "$output" "  social "
    run --separate-stderr fu edit Bea --referrer ""
    assert_status 0
    assert_equal "$(fu export -o json | jq -c '.prospects[0] | [.address, .social, .referrer]')" \
        '["New Road 2","",""]' "after clearing the referrer"
}

@test "CSV import joins Street and City into the address and reads LinkedIn and Referred By" {
    cat >"$BATS_TEST_TMPDIR/crm.csv" <<'EOF'
Name,Email,Street,City,Postal Code,LinkedIn,Twitter,Referred By
Ada Lovelace,ada@example.com,1 Main St,Springfield,12345,https://www.linkedin.com/in/ada,@ada,Bob Byte
Cy,cy@example.com,,Shelbyville,,,@cy,
EOF
    run --separate-stderr fu import "$BATS_TEST_TMPDIR/crm.csv"
    assert_status 0
    assert_stderr_empty
    assert_contains "$output" "Imported 2 prospects"
    assert_equal "$(fu export -o json | jq -c '.prospects[] | [.name, .address, .social, .referrer]')" \
        "$(
            cat <<'EOF'
["Ada Lovelace","1 Main St, Springfield, 12345","https://www.linkedin.com/in/ada","Bob Byte"]
["Cy","Shelbyville","@cy",""]
EOF
        )" "imported fields"
}

@test "export JSON then import JSON keeps address, social, referrer, conversations, booked channels and snoozes" {
    fu add Ada --email ada@example.com --address "1 Main St" --social "@ada" --referrer "Bob" >/dev/null
    fu add Bo --phone 555-0109 >/dev/null
    fu log Ada --talked --channel video --purpose value --next 2026-11-10 --next-channel visit >/dev/null
    touch_out 2026-11-02 Bo call value
    fu_on 2026-11-03 snooze Bo 2026-11-12 >/dev/null
    local exported
    exported=$(fu_on 2026-11-03 export -o json)
    assert_equal "$(jq -c '.prospects[] | [.name, .address, .social, .referrer, .snoozed_on, .snooze_until]' <<<"$exported")" \
        "$(
            cat <<'EOF'
["Ada","1 Main St","@ada","Bob",null,null]
["Bo","","","","2026-11-03","2026-11-12"]
EOF
        )" "exported prospects"
    printf '%s\n' "$exported" >"$BATS_TEST_TMPDIR/all.json"
    DB=$(fu_new_db copy)
    run --separate-stderr fu_on 2026-11-03 import "$BATS_TEST_TMPDIR/all.json"
    assert_status 0
    assert_stderr_empty
    assert_equal "$(fu_on 2026-11-03 export -o json | jq -S 'del(.exported_on)')" \
        "$(jq -S 'del(.exported_on)' <<<"$exported")" "the export of the copy"
    assert_equal "$(touches_of Ada)" '["2026-11-02","both","video","value","2026-11-10","visit"]' \
        "Ada's conversation in the copy"
    # Still a conversation: answered in the rates, the streak ended, the booked channel kept.
    assert_equal "$(fu_on 2026-11-03 stats -o json | jq -c '.reply_rate_by_channel.video')" \
        '{"rate":1,"replies":1,"touches":1}' "the conversation's rate in the copy"
    assert_equal "$(fu_on 2026-11-03 show Ada -o json | jq -r '.streak')" 0 "Ada's streak in the copy"
    assert_equal "$(due_field 2026-11-10 Ada suggested_channel)" visit "Ada's booked channel in the copy"
    assert_first_due_on 2026-11-12 Bo cadence
}
