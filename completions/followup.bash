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

_followup() {
    local cur prev words cword
    _init_completion || return

    local bin=${words[0]} command="" i
    local -a global=()
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --db | --today | --color)
                global+=("${words[i]}" "${words[i + 1]}")
                ((i++))
                ;;
            -*) ;;
            *)
                command=${words[i]}
                break
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

    local takes name kind rest
    while IFS=$'\t' read -r name kind rest; do
        [[ $name == "$command" ]] && takes=$kind
    done < <(_followup_lines "$bin" __complete commands)
    [[ $takes == prospect ]] || return

    # Match case-insensitively against what was typed, without its opening quote.
    local typed=${cur#[\"\']} prospect
    typed=${typed,,}
    while IFS= read -r prospect; do
        [[ ${prospect,,} == "$typed"* ]] || continue
        case $cur in
            # Inside '...' a quote is written '\'' (readline adds the closing quote).
            \'*) COMPREPLY+=("${prospect//\'/\'\\\'\'}") ;;
            # Inside "...", \ " $ and ` need a backslash.
            \"*)
                local quoted=${prospect//\\/\\\\}
                quoted=${quoted//\"/\\\"}
                quoted=${quoted//\$/\\\$}
                COMPREPLY+=("${quoted//\`/\\\`}")
                ;;
            *) COMPREPLY+=("$(printf '%q' "$prospect")") ;;
        esac
    done < <(_followup_lines "$bin" "${global[@]}" __complete prospects)
} &&
    complete -F _followup followup

# ex: filetype=sh
