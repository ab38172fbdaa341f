#!/usr/bin/env bats
# A salesperson's month, lived through the daily loop: 20 business days from
# Monday 2026-11-02, each morning `followup due`, then acting on every row as
# suggested (`followup log NAME`, no channel or purpose given) unless the
# script says something else happened that day: a call that got through, a
# meeting held, a snooze, a cool-down, a reply, the reversing email, a close.
#
# What a careful salesperson expects, checked every morning and after every
# touch (PRODUCT.md):
# - no channel is suggested that the prospect cannot be reached on (email
#   needs an address; call, voicemail and text a phone; mail and visit a
#   postal address; social a profile; video an email or a phone; referral a
#   referrer);
# - the reversing email goes by email whenever there is an address;
# - following the default cadence as suggested never overheats anyone;
# - taking the suggestion is confirmed on stdout, with no warning.

load helpers

setup() {
    fu_setup
}

# The business days of the month, Monday to Friday.
DAYS=(2026-11-02 2026-11-03 2026-11-04 2026-11-05 2026-11-06
    2026-11-09 2026-11-10 2026-11-11 2026-11-12 2026-11-13
    2026-11-16 2026-11-17 2026-11-18 2026-11-19 2026-11-20
    2026-11-23 2026-11-24 2026-11-25 2026-11-26 2026-11-27)

# What happened on a day besides following the due list: "DAY|NAME" -> the
# `followup` arguments after the name. A prospect with an event that day is
# not also touched as suggested.
declare -gA EVENT=(
    # Ann picks up the phone on her second touch and books a demo...
    ["2026-11-04|Ann Archer"]="log|--talked --note 'interested, wants a demo' --next 2026-11-10"
    # ...which takes place on the day (logged as due suggests: the meeting).
    ["2026-11-10|Ann Archer"]="log|"
    ["2026-11-24|Ann Archer"]="close|--won --note 'signed the annual plan'"
    # Cleo asks to be called after her trade fair.
    ["2026-11-04|Cleo Chen"]="snooze|2026-11-11"
    ["2026-11-17|Cleo Chen"]="log|--in --channel call --note 'not this year'"
    ["2026-11-19|Cleo Chen"]="close|--lost --note 'budget went elsewhere'"
    # Dev's manager says to give him room: a cool-down; he writes back in it.
    ["2026-11-04|Dev Das"]="cooldown|--for 3w"
    ["2026-11-12|Dev Das"]="log|--in --channel email --note 'ping me next week'"
)

# The events already acted on ("DAY|NAME" -> 1).
declare -gA DONE=()

# PROSPECT's fields as JSON, from the export.
fields() {
    fu_on "$1" export | jq -c --arg name "$2" '.prospects[] | select(.name == $name)
        | {email, phone, address, social, referrer}'
}

# Checks one morning's due list against what can reach each prospect.
check_morning() {
    local day=$1 due=$2 export
    export=$(fu_on "$day" export)
    local unreachable
    unreachable=$(jq -r --argjson people "$export" '
        def reachable($c; $p):
            if $c == "email" then $p.email != ""
            elif $c == "call" or $c == "voicemail" or $c == "text" then $p.phone != ""
            elif $c == "mail" or $c == "visit" then $p.address != ""
            elif $c == "social" then $p.social != ""
            elif $c == "video" then $p.email != "" or $p.phone != ""
            elif $c == "referral" then $p.referrer != ""
            else false end;
        .[] | . as $row
        | ($people.prospects[] | select(.id == $row.id)) as $p
        | select((reachable($row.suggested_channel; $p) | not)
                 or ($row.suggested_purpose == "reversing" and $p.email != ""
                     and $row.suggested_channel != "email"))
        | "\($row.name): \($row.suggested_channel) \($row.suggested_purpose)"' <<<"$due")
    assert_equal "$unreachable" "" "unreachable or misdirected suggestions on $day"
    assert_equal "$(fu_on "$day" cooldown -o json | jq -r '[.[] | select(.status == "overheated") | .name] | join(",")')" \
        "" "overheated prospects on $day"
}

# Acts on one prospect: its event of the day, else the suggestion.
act() {
    local day=$1 name=$2 purpose=$3 event=${EVENT["$1|$2"]:-}
    if [[ -n "$event" ]]; then
        local command=${event%%|*} args=${event#*|}
        eval "set -- $args"
        run --separate-stderr fu_on "$day" "$command" "$name" "$@"
        assert_status 0
        assert_not_contains "$stderr" "overheat" "stderr of $command $name on $day"
        DONE["$day|$name"]=1
        return
    fi
    if [[ "$purpose" == reversing ]]; then
        run --separate-stderr fu_on "$day" breakup "$name" --sent
        assert_status 0
        return
    fi
    run --separate-stderr fu_on "$day" log "$name"
    assert_status 0
    assert_contains "$output" "as suggested" "confirmation of $name on $day"
    assert_equal "$stderr" "" "stderr of log $name on $day"
}

@test "a month of following due as suggested, with conversations, snoozes, cool-downs, a break-up and closes" {
    local day
    fu_on 2026-11-02 add "Ann Archer" --company Archer --stage engaged --value 9000 \
        --email ann@archer.example --phone "+1 555 0101" --address "1 Elm St, Springfield" >/dev/null
    # Ben got his proposal in October and has not answered since.
    fu_on 2026-10-12 add "Ben Brooks" --company Brooks --stage proposal --value 40000 \
        --email ben@brooks.example --phone "+1 555 0102" >/dev/null
    for day in 2026-10-12 2026-10-14 2026-10-19 2026-10-26; do
        fu_on "$day" log "Ben Brooks" >/dev/null
    done
    fu_on 2026-11-02 add "Cleo Chen" --company Chen --phone "+1 555 0103" \
        --address "3 Oak Ave, Shelbyville" >/dev/null
    fu_on 2026-11-02 add "Dev Das" --company Das --email dev@das.example \
        --social "linkedin.com/in/dev-das" >/dev/null
    fu_on 2026-11-02 add "Eva Eng" --company Eng --email eva@eng.example >/dev/null
    fu_on 2026-11-02 add "Finn Ford" --company Ford --stage engaged --phone "+1 555 0106" \
        --referrer "Gia Gold" >/dev/null

    local due row name purpose key
    for day in "${DAYS[@]}"; do
        run --separate-stderr fu_on "$day" due -o json
        assert_status 0
        due=$output
        check_morning "$day" "$due"
        while IFS=$'\t' read -r name purpose; do
            [[ -n "$name" ]] || continue
            act "$day" "$name" "$purpose"
        done < <(jq -r '.[] | "\(.name)\t\(.suggested_purpose)"' <<<"$due")
        # Events of prospects not due that day: replies, snoozes, closes.
        for key in "${!EVENT[@]}"; do
            [[ "$key" == "$day|"* && -z "${DONE[$key]:-}" ]] || continue
            act "$day" "${key#*|}" ""
        done
    done

    local export
    export=$(fu_on 2026-11-27 export)
    # Ann: a conversation, the demo held (both conversations), then won.
    assert_equal "$(jq -r '.prospects[] | select(.name == "Ann Archer")
        | [.touches[] | select(.direction == "both") | "\(.date) \(.purpose)"] | join(", ")' <<<"$export")" \
        "2026-11-04 value, 2026-11-10 meeting" "Ann's conversations"
    assert_equal "$(jq -r '.prospects[] | select(.name == "Ann Archer") | .outcome' <<<"$export")" won "Ann's outcome"
    # Ben never answered: after five touches, the reversing email, by email.
    assert_equal "$(jq -r '.prospects[] | select(.name == "Ben Brooks")
        | [.touches[] | select(.purpose == "reversing") | .channel] | join(",")' <<<"$export")" \
        email "Ben's reversing email"
    assert_equal "$(jq -r '.prospects[] | select(.name == "Ben Brooks") | [.touches[] | select(.direction == "out")] | length' <<<"$export")" \
        6 "Ben's touches: five, then the reversing email"
    # Cleo: nothing between the snooze and its day, then lost.
    assert_equal "$(jq -r '.prospects[] | select(.name == "Cleo Chen")
        | [.touches[] | select(.date > "2026-11-04" and .date < "2026-11-11")] | length' <<<"$export")" \
        0 "Cleo's touches while snoozed"
    assert_equal "$(jq -r '.prospects[] | select(.name == "Cleo Chen") | .outcome' <<<"$export")" lost "Cleo's outcome"
    # Dev: his reply ended the cool-down (it ran to 11-25): two business
    # days after it the cadence starts again.
    assert_equal "$(jq -r '.prospects[] | select(.name == "Dev Das")
        | [.touches[] | select(.date > "2026-11-12" and .date < "2026-11-25") | .date] | join(" ")' <<<"$export")" \
        "2026-11-16 2026-11-18 2026-11-23" "Dev's touches after his reply, inside the cool-down"
    # Every touch the loop logged has a channel the prospect can be reached on.
    assert_equal "$(jq -r '.prospects[] | . as $p | .touches[] | select(.direction != "in")
        | select((.channel == "email" and $p.email == "") or
                 ((.channel == "call" or .channel == "text" or .channel == "voicemail") and $p.phone == "") or
                 ((.channel == "mail" or .channel == "visit") and $p.address == "") or
                 (.channel == "social" and $p.social == "") or
                 (.channel == "referral" and $p.referrer == ""))
        | "\($p.name) \(.date) \(.channel)"' <<<"$export")" "" "touches on unreachable channels"
}
