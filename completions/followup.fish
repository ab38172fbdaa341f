# fish completion for followup. Every word comes from the binary itself
# (`followup __complete ...`), so the completions match the installed version.

# The subcommand on the command line, if one was typed yet.
function __followup_command
    set -l tokens (commandline -opc)
    set -e tokens[1]
    while set -q tokens[1]
        switch $tokens[1]
            case --db --today --color
                set -e tokens[1]
            case '-*'
            case '*'
                echo $tokens[1]
                return 0
        end
        set -e tokens[1]
    end
    return 1
end

# The --db given on the command line (before or after the command), to list
# that database's prospects (without one, followup reads FOLLOWUP_DB, else the
# default database).
function __followup_db
    set -l tokens (commandline -opc)
    set -l i 2
    set -l db
    while test $i -le (count $tokens)
        switch $tokens[$i]
            case --db
                set i (math $i + 1)
                set db $tokens[$i]
            case '--db=*'
                set db (string replace -- --db= '' $tokens[$i])
        end
        set i (math $i + 1)
    end
    if set -q db[1]
        echo --db
        string replace -r -- '^~/' "$HOME/" $db
    end
end

# The prospects the command acts on whose name starts with the token being
# completed (without its quotes and backslashes); digits give ids too, as
# "ID<tab>Name (Company)", which fish shows as a candidate and its description.
function __followup_prospects
    set -l typed (commandline -ct | string replace -r -- '^[\'"]' '' | string replace -a -- '\\' '')
    followup (__followup_db) __complete prospects (__followup_command) "$typed" 2>/dev/null
end

# The kind of value the previous token (an option) takes, if any.
function __followup_value_kind
    set -l previous (commandline -opc)[-1]
    string match -q -- '-*' $previous; or return 1
    for line in (followup __complete options (__followup_command) 2>/dev/null)
        set -l fields (string split \t -- $line)
        if test "$fields[1]" = "$previous"; and test "$fields[2]" != flag
            echo $fields[2]
            return 0
        end
    end
    return 1
end

function __followup_values
    set -l kind (__followup_value_kind); or return
    switch $kind
        case file
            __fish_complete_path (commandline -ct)
        case text
        case '*'
            followup __complete values $kind 2>/dev/null
    end
end

function __followup_options
    for line in (followup __complete options (__followup_command) 2>/dev/null)
        set -l fields (string split \t -- $line)
        printf '%s\t%s\n' $fields[1] $fields[3]
    end
end

# snooze PROSPECT WHEN: whether the prospect is on the line, so the day (a
# date or a duration; not today or before) comes next.
function __followup_snooze_day
    set -l command (__followup_command); or return 1
    test "$command" = snooze; or return 1
    __followup_value_kind >/dev/null; and return 1
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l words 0
    while set -q tokens[1]
        switch $tokens[1]
            case --db --today --color
                set -e tokens[1]
            case '-*'
            case '*'
                set words (math $words + 1)
        end
        set -e tokens[1]
    end
    # The command itself, then at least the prospect.
    test $words -ge 2
end

function __followup_days
    followup __complete values date 2>/dev/null | string match -v -r -- '^(today|yesterday)$'
    followup __complete values duration 2>/dev/null
end

function __followup_takes_prospect
    set -l command (__followup_command); or return 1
    __followup_value_kind >/dev/null; and return 1
    __followup_snooze_day; and return 1
    for line in (followup __complete commands 2>/dev/null)
        set -l fields (string split \t -- $line)
        test "$fields[1]" = "$command"; and test "$fields[2]" = prospect; and return 0
    end
    return 1
end

# A command group (mail) right after its name: its own commands.
function __followup_group_word
    set -l command (__followup_command); or return 1
    set -l tokens (commandline -opc)
    test "$tokens[-1]" = "$command"; or return 1
    for line in (followup __complete commands 2>/dev/null)
        set -l fields (string split \t -- $line)
        test "$fields[1]" = "$command"; and test "$fields[2]" = subcommand; and return 0
    end
    return 1
end

complete -c followup -f
complete -c followup -n '__followup_group_word' \
    -a '(followup __complete subcommands (__followup_command) 2>/dev/null)'
complete -c followup -n 'not __followup_command; and not __followup_value_kind' \
    -a '(followup __complete commands 2>/dev/null | string replace -r "\t[^\t]*\t" "\t")'
complete -c followup -n '__followup_value_kind' -a '(__followup_values)'
complete -c followup -n 'string match -q -- "-*" (commandline -ct); and not __followup_value_kind' \
    -a '(__followup_options)'
complete -c followup -n '__followup_takes_prospect; and not string match -q -- "-*" (commandline -ct)' \
    -a '(__followup_prospects)'
complete -c followup -n '__followup_snooze_day; and not string match -q -- "-*" (commandline -ct)' \
    -a '(__followup_days)'
