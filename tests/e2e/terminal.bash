# Helpers of the tests that drive guided entry in a real terminal (tmux):
# sourced after lib.bash by terminal.sh and terminal_spanish.sh.
# TERMINAL_ENV: more NAME=VALUE words for casebook's environment (e.g. LANG=es_SV.UTF-8).
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 77; }
export XDG_STATE_HOME="$WORK/state"
SOCKET="casebook-e2e-$$"
SESSION=""
tmx() { tmux -L "$SOCKET" -f /dev/null "$@"; }
trap 'tmx kill-server 2>/dev/null; rm -rf "$WORK"' EXIT

# Starts casebook with these arguments in a new terminal; its pid goes to $WORK/pid, its exit code to $WORK/code.
start() {
    rm -f "$WORK/code" "$WORK/pid"
    local old=${SESSION:-}
    SESSION="entry$((${SESSION#entry} + 1))"
    # A script of its own: bash reads a script as it runs, so rewriting the
    # previous session's would feed it the new commands.
    printf '%s\n' "cd '$WORK' || exit 1" \
        "(echo \$BASHPID >'$WORK/pid'; exec env -u VISUAL -u EDITOR XDG_STATE_HOME='$XDG_STATE_HOME' ${TERMINAL_ENV:-} '$CASEBOOK' $*) >'$WORK/stdout'" \
        "echo \$? >'$WORK/code'" "sleep 600" >"$WORK/$SESSION.sh"
    # The new session first, then the old one goes: killing the last session
    # first would stop the server while the new session connects to it.
    tmx new-session -d -s "$SESSION" -x 200 -y 60 "bash '$WORK/$SESSION.sh'"
    [ -n "$old" ] && tmx kill-session -t "$old" 2>/dev/null
    return 0
}
screen() { tmx capture-pane -p -t "$SESSION" -S -200; }
# Waits (up to 30 s: the machine may be busy) until the terminal shows text.
wait_for() {
    for _ in $(seq 300); do
        case "$(screen)" in *"$1"*) return 0 ;; esac
        sleep 0.1
    done
    fail "the terminal never showed [$1]:"$'\n'"$(screen | tail -15)"
    finish
}
# Pastes text as the terminal does when the user pastes (bracketed: the application asked for it).
paste() {
    printf '%s' "$1" >"$WORK/paste.txt"
    tmx load-buffer -b story "$WORK/paste.txt"
    tmx paste-buffer -p -d -b story -t "$SESSION"
}
# Types answers, each followed by Enter.
type_answers() {
    for a in "$@"; do
        [ -n "$a" ] && tmx send-keys -t "$SESSION" -l -- "$a"
        tmx send-keys -t "$SESSION" Enter
    done
}
wait_exit() {
    for _ in $(seq 300); do [ -f "$WORK/code" ] && return 0; sleep 0.1; done
    fail "casebook did not exit:"$'\n'"$(screen | tail -15)"
    finish
}

# Types one long answer and Enter, in pieces: a tmux command carries at most 16 KiB.
type_long() {
    local text=$1 i
    for ((i = 0; i < ${#text}; i += 2000)); do
        tmx send-keys -t "$SESSION" -l -- "${text:i:2000}"
    done
    tmx send-keys -t "$SESSION" Enter
}
