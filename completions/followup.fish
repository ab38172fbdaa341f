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

# The --db given on the command line, to list that database's prospects.
function __followup_global
    set -l tokens (commandline -opc)
    set -l i 2
    while test $i -lt (count $tokens)
        switch $tokens[$i]
            case --db --today --color
                echo $tokens[$i]
                echo $tokens[(math $i + 1)]
        end
        set i (math $i + 1)
    end
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

function __followup_takes_prospect
    set -l command (__followup_command); or return 1
    __followup_value_kind >/dev/null; and return 1
    for line in (followup __complete commands 2>/dev/null)
        set -l fields (string split \t -- $line)
        test "$fields[1]" = "$command"; and test "$fields[2]" = prospect; and return 0
    end
    return 1
end

complete -c followup -f
complete -c followup -n 'not __followup_command; and not __followup_value_kind' \
    -a '(followup __complete commands 2>/dev/null | string replace -r "\t[^\t]*\t" "\t")'
complete -c followup -n '__followup_value_kind' -a '(__followup_values)'
complete -c followup -n 'string match -q -- "-*" (commandline -ct); and not __followup_value_kind' \
    -a '(__followup_options)'
complete -c followup -n '__followup_takes_prospect' \
    -a '(followup (__followup_global) __complete prospects 2>/dev/null)'
