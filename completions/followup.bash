# bash completion for followup                               -*- shell-script -*-
# Every word comes from the binary itself (`followup __complete ...`), so the
# completions always match the installed version. Prospect names are read
# line by line, never through `compgen -W`, so spaces and quotes survive.

_followup_lines() {
    local line
    while IFS= read -r line; do
        printf '%s\n' "$line"
    done < <("$@" 2>/dev/null)
}

# A word as the command will get it, in $_followup_word: quotes and
# backslashes taken away (also from an unfinished quote), a leading ~/ made
# $HOME/. Variables and globs are left as they are.
_followup_unquote() {
    local word=$1 out="" quote="" c i
    for ((i = 0; i < ${#word}; i++)); do
        c=${word:i:1}
        if [[ $quote == "'" ]]; then
            if [[ $c == "'" ]]; then quote=""; else out+=$c; fi
        elif [[ $quote == '"' ]]; then
            if [[ $c == '"' ]]; then
                quote=""
            elif [[ $c == '\' && ${word:i+1:1} == [\"\\\$\`] ]]; then
                out+=${word:i+1:1}
                ((i++))
            else
                out+=$c
            fi
        elif [[ $c == "'" || $c == '"' ]]; then
            quote=$c
        elif [[ $c == '\' ]]; then
            out+=${word:i+1:1}
            ((i++))
        else
            out+=$c
        fi
    done
    [[ $word != '~/'* ]] || out=$HOME/${out:2}
    _followup_word=$out
}

_followup() {
    local cur prev words cword
    _init_completion || return

    local bin=${words[0]} command="" at=0 i _followup_word
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --db | --today | --color)
                # "--db=PATH" comes as three words when = breaks words.
                [[ ${words[i + 1]} != = ]] || ((i++))
                ((i++))
                ;;
            -*) ;;
            *)
                command=${words[i]}
                at=$i
                break
                ;;
        esac
    done
    # The --db of the line being completed (before or after the command), for
    # the prospects; without one, followup reads FOLLOWUP_DB, else the default.
    local -a db=()
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --db)
                [[ ${words[i + 1]} != = ]] || ((i++))
                if ((i + 1 < cword)); then
                    _followup_unquote "${words[i + 1]}"
                    db=(--db "$_followup_word")
                fi
                ;;
            --db=*)
                _followup_unquote "${words[i]#--db=}"
                db=(--db "$_followup_word")
                ;;
        esac
    done

    # The value of the option just typed.
    if [[ $prev == -* ]]; then
        local name kind rest
        while IFS=$'\t' read -r name kind rest; do
            [[ $name == "$prev" ]] || continue
            case $kind in
                flag) break ;;
                file)
                    _filedir
                    return
                    ;;
                text) return ;;
                *)
                    local value
                    while IFS= read -r value; do
                        [[ $value == "$cur"* ]] && COMPREPLY+=("$value")
                    done < <(_followup_lines "$bin" __complete values "$kind")
                    return
                    ;;
            esac
        done < <(_followup_lines "$bin" __complete options $command)
    fi

    if [[ -z $command ]]; then
        local name rest
        if [[ $cur == -* ]]; then
            while IFS=$'\t' read -r name rest; do
                [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
            done < <(_followup_lines "$bin" __complete options)
        else
            while IFS=$'\t' read -r name rest; do
                [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
            done < <(_followup_lines "$bin" __complete commands)
        fi
        return
    fi

    if [[ $cur == -* ]]; then
        local name rest
        while IFS=$'\t' read -r name rest; do
            [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
        done < <(_followup_lines "$bin" __complete options "$command")
        return
    fi

    # snooze PROSPECT WHEN: after the prospect, the day (a date or a
    # duration; not today or before).
    if [[ $command == snooze ]]; then
        local given=0 value
        for ((i = at + 1; i < cword; i++)); do
            case ${words[i]} in
                --db | --today | --color)
                    [[ ${words[i + 1]} != = ]] || ((i++))
                    ((i++))
                    ;;
                -*) ;;
                *) given=$((given + 1)) ;;
            esac
        done
        if ((given)); then
            while IFS= read -r value; do
                [[ $value != today && $value != yesterday && $value == "$cur"* ]] &&
                    COMPREPLY+=("$value")
            done < <(
                _followup_lines "$bin" __complete values date
                _followup_lines "$bin" __complete values duration
            )
            return
        fi
    fi

    local takes name kind rest
    while IFS=$'\t' read -r name kind rest; do
        [[ $name == "$command" ]] && takes=$kind
    done < <(_followup_lines "$bin" __complete commands)
    # A command group (mail): its own commands, as the word after it.
    if [[ $takes == subcommand ]]; then
        if ((cword == at + 1)); then
            while IFS=$'\t' read -r name rest; do
                [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
            done < <(_followup_lines "$bin" __complete subcommands "$command")
        fi
        return
    fi
    [[ $takes == prospect ]] || return

    # The prospects the command acts on whose name starts with what was
    # typed (unquoted), matched case-insensitively; digits give ids too
    # ("ID<tab>Name (Company)" lines: the id is the candidate).
    _followup_unquote "$cur"
    local typed=$_followup_word line prospect quoted
    local lower=${typed,,}
    while IFS= read -r line; do
        prospect=${line%%$'\t'*}
        [[ ${prospect,,} == "$lower"* ]] || continue
        case $cur in
            # Inside '...' a quote is written '\'' (readline adds the closing quote).
            \'*) COMPREPLY+=("${prospect//\'/\'\\\'\'}") ;;
            # Inside "...", \ " $ and ` need a backslash.
            \"*)
                quoted=${prospect//\\/\\\\}
                quoted=${quoted//\"/\\\"}
                quoted=${quoted//\$/\\\$}
                COMPREPLY+=("${quoted//\`/\\\`}")
                ;;
            *)
                printf -v quoted '%q' "$prospect"
                COMPREPLY+=("$quoted")
                ;;
        esac
    done < <("$bin" "${db[@]}" __complete prospects "$command" "$typed" 2>/dev/null)
} &&
    complete -F _followup followup

# ex: filetype=sh
