#!/usr/bin/env bats
# Every command's --help lists exactly the output formats the command accepts.

load helpers

setup() {
    fu_setup
}

# The formats named on the -o,--format line of a command's --help.
help_formats() {
    "$FOLLOWUP_BIN" "$1" --help | grep -E '^ +-o,--format' |
        grep -oE '\b(table|tsv|csv|json)\b' | sort -u
}

@test "each command's --help lists the formats it accepts, and only those" {
    fu demo >/dev/null
    local commands
    commands=$("$FOLLOWUP_BIN" __complete commands | cut -f1)
    local cmd format listed checked=0
    for cmd in $commands; do
        "$FOLLOWUP_BIN" "$cmd" --help | grep -qE '^ +-o,--format' || continue
        listed=$(help_formats "$cmd")
        [[ -n $listed ]] || fail "followup $cmd --help names no format" || return 1
        local args=()
        [[ $cmd == show ]] && args=(Dana)
        for format in table tsv csv json; do
            run --separate-stderr fu "$cmd" "${args[@]}" -o "$format"
            if grep -qxF "$format" <<<"$listed"; then
                [[ $status -eq 0 ]] ||
                    fail "followup $cmd --help lists $format, but -o $format fails: $stderr" || return 1
            else
                [[ $status -eq 2 ]] ||
                    fail "followup $cmd -o $format works (status $status), but --help does not list it" ||
                    return 1
            fi
        done
        checked=$((checked + 1))
    done
    # due, cooldown, breakup, list, show, export, stats, config at least.
    ((checked >= 8)) || fail "only $checked commands have a --format option"
}
