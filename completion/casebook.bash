# bash completion for casebook(1).
# Commands and options come from the binary's own --help (so they are never
# stale), dimensions and their values from `casebook dims --format tsv` and,
# for countries, years and free text, from the values in the database; case ids
# from `casebook query`. Every lookup fails silently. Works with or without the
# bash-completion package.

# The casebook binary to ask: the word the user typed, if it runs.
__casebook_bin() {
    local bin=${__cb_words[0]:-${COMP_WORDS[0]:-casebook}}
    command -v -- "$bin" >/dev/null 2>&1 && printf '%s' "$bin" || printf 'casebook'
}

# The database named on the line (--db FILE or --db=FILE), else $CASEBOOK_DB, else ./casebook.db.
__casebook_db() {
    local i
    for ((i = 1; i < ${#__cb_words[@]} - 1; i++)); do
        if [[ ${__cb_words[i]} == --db ]]; then
            printf '%s' "${__cb_words[i + 1]}"
            return
        elif [[ ${__cb_words[i]} == --db=* ]]; then
            printf '%s' "${__cb_words[i]#--db=}"
            return
        fi
    done
    printf '%s' "${CASEBOOK_DB:-casebook.db}"
}

# Runs casebook against the database of the line, quietly; nothing when it is missing.
__casebook_read() {
    local db
    db=$(__casebook_db)
    [[ -f $db ]] || return 0
    "$(__casebook_bin)" "$@" --db "$db" 2>/dev/null </dev/null
}

__casebook_commands() {
    "$(__casebook_bin)" --help 2>/dev/null </dev/null |
        awk '/^Subcommands:/ { inside = 1; next } inside && /^  [a-z]/ { print $1 }'
}

# The options of a command (or of casebook itself), from its --help.
__casebook_options() {
    "$(__casebook_bin)" ${1:+"$1"} --help 2>/dev/null </dev/null |
        awk '/^Options:/ { inside = 1; next } /^[A-Za-z]/ { inside = 0 } inside' |
        grep -E '^  +-' | sed -E 's/^ +//; s/  .*//; s/ Excludes:.*//; s/\{[^}]*\}//g' |
        grep -oE '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | sed -E 's/^[ ,]//'
}

# The values an option lists in --help as TEXT:{a,b}, if any.
__casebook_option_choices() {
    "$(__casebook_bin)" "$1" --help 2>/dev/null </dev/null |
        grep -E "^  +$2 " | grep -oE ':\{[^}]*\}' | tr -d ':{}' | tr ',' '\n'
}

__casebook_dims() {
    "$(__casebook_bin)" dims --format tsv 2>/dev/null </dev/null | awk -F'\t' 'NR > 1 { print $1 }'
}

# The values of a dimension: its vocabulary, else the values in the database.
__casebook_dim_values() {
    local values
    values=$("$(__casebook_bin)" dims --format tsv 2>/dev/null </dev/null |
        awk -F'\t' -v d="$1" 'NR > 1 && $1 == d { print $4 }' | tr ';' '\n')
    if [[ -n $values ]]; then
        printf '%s\n' "$values"
    else
        __casebook_read table --rows "$1" --nonzero --no-totals --format tsv | awk -F'\t' 'NR > 1 { print $1 }'
    fi
}

__casebook_ids() {
    __casebook_read query --columns id --format tsv | awk 'NR > 1'
}

__casebook_query_columns() {
    printf '%s\n' id status origin returned_from returned_to mechanism return_date return_year flight_year \
        sex age_group minor outcome verified_outcome project flags revision created_at updated_at
    __casebook_dims
}

# COMPREPLY from a list of candidates (one per line) that start with $2; the
# part of $2 before the word bash is completing (after = or :) is removed.
__casebook_reply() {
    local candidates=$1 prefix=$2 line
    local cut=${prefix%[=:]*}
    [[ $cut == "$prefix" ]] && cut="" || cut=${prefix:0:${#cut}+1}
    COMPREPLY=()
    while IFS= read -r line; do
        [[ -n $line && $line == "$prefix"* ]] && COMPREPLY+=("${line#"$cut"}")
    done <<<"$candidates"
}

__casebook_files() {
    mapfile -t COMPREPLY < <(compgen -f -- "$1")
    compopt -o filenames 2>/dev/null
}

# --where DIM=V1,V2 / DIM!=V: dimension names first, then the values of one.
__casebook_where() {
    local cur=$1
    if [[ $cur =~ ^([a-z_]+)(!?=|>=|<=)(.*)$ ]]; then
        local dim=${BASH_REMATCH[1]} op=${BASH_REMATCH[2]} rest=${BASH_REMATCH[3]}
        local done=""
        [[ $rest == *,* ]] && done=${rest%,*},
        __casebook_reply "$(__casebook_dim_values "$dim" | sed "s/^/$dim$op$done/")" "$cur"
    else
        __casebook_reply "$(__casebook_dims | sed 's/$/=/')" "$cur"
        compopt -o nospace 2>/dev/null
    fi
}

_casebook() {
    COMPREPLY=()
    # Words split on blanks only, from the line up to the cursor (bash itself
    # also splits at = and :, which --where DIM=V must not be).
    local line=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}}
    local -a __cb_words
    read -r -a __cb_words <<<"$line"
    [[ $line =~ [[:space:]]$ || ${#__cb_words[@]} -eq 0 ]] && __cb_words+=("")
    local cword=$((${#__cb_words[@]} - 1))
    local cur=${__cb_words[cword]} prev=${__cb_words[cword - 1]:-}

    # The command: the first word after casebook that is not an option.
    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        [[ ${__cb_words[i]} != -* ]] && { cmd=${__cb_words[i]}; break; }
    done
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            __casebook_reply "$(__casebook_options)" "$cur"
        else
            __casebook_reply "$(__casebook_commands)" "$cur"
        fi
        return 0
    fi

    # The value of an option.
    case $prev in
    --db | --from | --schema | --csv | --mapping | --rejects | --out | --key | --signature | --export | --notes)
        __casebook_files "$cur"
        return 0
        ;;
    --rows | --cols | --by)
        __casebook_reply "$(__casebook_dims)" "$cur"
        return 0
        ;;
    --where)
        __casebook_where "$cur"
        return 0
        ;;
    --percent)
        __casebook_reply "$(__casebook_option_choices table --percent)" "$cur"
        return 0
        ;;
    --format)
        __casebook_reply "$(__casebook_option_choices "$cmd" --format)" "$cur"
        return 0
        ;;
    --prefer)
        __casebook_reply "$(__casebook_option_choices merge --prefer)" "$cur"
        return 0
        ;;
    --count | --dates | --mark | --kdf)
        __casebook_reply "$(__casebook_option_choices "$cmd" "$prev")" "$cur"
        return 0
        ;;
    --columns)
        local done=""
        [[ $cur == *,* ]] && done=${cur%,*},
        __casebook_reply "$(__casebook_query_columns | sed "s/^/$done/")" "$cur"
        return 0
        ;;
    --sort)
        __casebook_reply "$(__casebook_query_columns | sed 'p; s/^/-/')" "$cur"
        return 0
        ;;
    --note | --reviewer | --sql | --timeout | --suppress | --round | --limit | --reason | --field | --since | --pubkey)
        return 0
        ;;
    esac

    if [[ $cur == -* ]]; then
        __casebook_reply "$(__casebook_options "$cmd")" "$cur"
        return 0
    fi
    case $cmd in
    show | edit | delete | restore | log | review)
        __casebook_reply "$(__casebook_ids)" "$cur"
        ;;
    table)
        __casebook_reply $'outcomes\nflags\nharms\nmechanisms\ntimeline' "$cur"
        ;;
    validate | import | merge)
        __casebook_files "$cur"
        ;;
    export)
        # The FOLDER of --format package, stata or spss: a new folder, so only folders to go into.
        if [[ " ${__cb_words[*]} " =~ \ --format[\ =](package|stata|spss)\  ]]; then
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            compopt -o filenames 2>/dev/null
        fi
        ;;
    esac
    return 0
}

complete -F _casebook casebook
