# An edit that does not end (casebook killed by SIGHUP, SIGTERM or SIGKILL
# while the editor is open, or the record left invalid) keeps the record where
# the next casebook run finds it: $XDG_STATE_HOME/casebook (0700), mode 0600,
# not a forgotten file in $TMPDIR. Every command that opens the database says
# that it is waiting; 'casebook edit ID' resumes it, --discard throws it away.
source "$SOURCE_DIR/tests/robustness/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
export CASEBOOK_DB="$WORK/cases.db"
export TMPDIR="$WORK/tmp" XDG_STATE_HOME="$WORK/state"
mkdir "$TMPDIR"
umask 000
"$CASEBOOK" init 2>/dev/null && "$CASEBOOK" import --quiet "$EXAMPLES" 2>/dev/null || fail "setup"
STATE="$XDG_STATE_HOME/casebook"
TRIED=0
# An editor that makes a change, says where, and waits to be killed.
cat >slow.sh <<'SH'
#!/bin/sh
sed -i 's/"pseudonym": "Marisol"/"pseudonym": "M-KEPT"/' "$1"
echo "$$ $1" >"$WORK_DIR/editing"
exec sleep 60
SH
# An editor that checks it got the kept record, and saves it.
cat >check.sh <<'SH'
#!/bin/sh
grep -q '"pseudonym": "M-KEPT"' "$1" || { echo "not the kept record" >&2; exit 1; }
SH
cat >break.sh <<'SH'
#!/bin/sh
sed -i 's/"status": "complete"/"status": "finished"/' "$1"
SH
chmod +x slow.sh check.sh break.sh
export WORK_DIR=$WORK

first=
for signal in HUP TERM KILL; do
    TRIED=$((TRIED + 1))
    rm -f editing
    EDITOR="$WORK/slow.sh" "$CASEBOOK" edit sv-001 </dev/null >edit.out 2>edit.err &
    pid=$!
    for _ in $(seq 100); do [ -s editing ] && break; sleep 0.1; done
    read -r editor file <editing || fail "$signal: the editor did not start"
    kill -s "$signal" "$pid"
    wait "$pid" 2>/dev/null
    kill "$editor" 2>/dev/null
    [ -f "$file" ] || fail "SIG$signal: the record being edited is gone ($file)"
    case $file in "$STATE"/edit-*-sv-001-r1-*.json) ;; *) fail "SIG$signal: the edit file is not in $STATE: $file" ;; esac
    [ "$(stat -c %a "$file")" = 600 ] || fail "SIG$signal: the kept edit has mode $(stat -c %a "$file")"
    [ "$(stat -c %a "$STATE")" = 700 ] || fail "SIG$signal: $STATE has mode $(stat -c %a "$STATE")"
    grep -q M-KEPT "$file" || fail "SIG$signal: the kept edit lacks the change"
    [ -z "$(ls -A "$TMPDIR")" ] || fail "SIG$signal: files in \$TMPDIR: $(ls -A "$TMPDIR")"
    if [ -z "$first" ]; then
        first=$file
    else
        [ "$file" = "$first" ] || fail "SIG$signal: the kept edit was not resumed ($file, first $first)"
        grep -q "casebook: resuming your unsaved edit of sv-001, kept in $first ('casebook edit sv-001 --discard' throws it away)" edit.err ||
            fail "SIG$signal: resuming not said: $(cat edit.err)"
    fi
    # Every command that opens the database says so.
    for cmd in "show sv-001" "query --count" "export" "log sv-001"; do
        # shellcheck disable=SC2086
        runt $cmd
        expect_code 0 "$cmd after SIG$signal"
        expect_err_contains "casebook: an unsaved edit of sv-001 is kept in $file: 'casebook edit sv-001' resumes it, 'casebook edit sv-001 --discard' throws it away" "$cmd after SIG$signal"
    done
    [ "$(ls "$STATE" | grep -c '\.json$')" = 1 ] || fail "SIG$signal: more than one kept edit: $(ls "$STATE")"
done

# An edit in progress is not one that waits: the others say nothing of it.
TRIED=$((TRIED + 1))
rm -f editing
EDITOR="$WORK/slow.sh" "$CASEBOOK" edit sv-001 </dev/null >edit.out 2>edit.err &
pid=$!
for _ in $(seq 100); do [ -s editing ] && break; sleep 0.1; done
read -r editor file <editing || fail "in progress: the editor did not start"
runt show sv-001
expect_err "" "an edit in progress"
kill "$pid" "$editor"
wait "$pid" 2>/dev/null

# Resumed and saved: the kept record is stored, and the file is gone.
TRIED=$((TRIED + 1))
EDITOR="$WORK/check.sh" runt edit sv-001
expect_code 0 "resume and save"
expect_err "casebook: resuming your unsaved edit of sv-001, kept in $first ('casebook edit sv-001 --discard' throws it away)
sv-001: saved revision 2" "resume and save"
[ ! -e "$first" ] || fail "the resumed edit was saved but its file kept"
runt show sv-001 --format json
expect_out_contains '"pseudonym": "M-KEPT"' "the resumed edit was stored"
expect_err "" "nothing waits any more"

# An abandoned (invalid) edit is kept the same way; --discard throws it away.
TRIED=$((TRIED + 1))
printf 'n\n' | EDITOR="$WORK/break.sh" "$CASEBOOK" edit sv-002 >/dev/null 2>edit.err
[ $? = 1 ] || fail "abandoned edit: exit code"
kept=$(ls "$STATE"/edit-*-sv-002-r1-*.json 2>/dev/null)
[ -n "$kept" ] || fail "the abandoned edit was not kept in $STATE"
grep -q "nothing saved; your edited record is kept in $kept ('casebook edit sv-002' resumes it)" edit.err || fail "abandoned: $(cat edit.err)"
runt edit sv-002 --discard
expect_code 0 "--discard"
expect_err "sv-002: 1 kept edit discarded" "--discard"
[ ! -e "$kept" ] || fail "--discard left the file"
runt show sv-002
expect_err "" "nothing waits after --discard"
runt edit sv-002 --discard
expect_err "sv-002: no kept edit to discard" "--discard twice"

# The case changed after the edit began: resuming says so.
TRIED=$((TRIED + 1))
printf 'n\n' | EDITOR="$WORK/break.sh" "$CASEBOOK" edit sv-003 >/dev/null 2>&1
runt delete sv-004 # another case: nothing to say about sv-003's edit but that it waits
expect_err_contains "casebook: an unsaved edit of sv-003 is kept in " "delete, another case"
sed 's/"pseudonym": "[^"]*"/"pseudonym": "Changed"/' "$EXAMPLES/sv-003.json" >changed.json
runt import --update changed.json
cat >fix.sh <<'SH'
#!/bin/sh
sed -i 's/"status": "finished"/"status": "complete"/' "$1"
SH
chmod +x fix.sh
EDITOR="$WORK/fix.sh" runt edit sv-003
expect_code 0 "resume after a change"
expect_err_contains "casebook: sv-003 changed since that edit began (revision 1, now 2): saving it stores your version over revision 2 ('casebook log sv-003' keeps both)" "resume after a change"

# Kept edits belong to one database file: a copy of it does not see them.
TRIED=$((TRIED + 1))
printf 'n\n' | EDITOR="$WORK/break.sh" "$CASEBOOK" edit gt-001 >/dev/null 2>&1
"$CASEBOOK" backup other.db 2>/dev/null || fail "backup"
runt show gt-001 --db other.db
expect_err "" "another database's kept edit"
runt show gt-001
expect_err_contains "an unsaved edit of gt-001 is kept in " "this database's kept edit"

# The folder of kept edits must be the user's own and private.
TRIED=$((TRIED + 1))
chmod 755 "$STATE"
printf 'n\n' | EDITOR="$WORK/break.sh" "$CASEBOOK" edit gt-002 >/dev/null 2>&1
[ "$(stat -c %a "$STATE")" = 700 ] || fail "the folder of kept edits was not made private again"

echo "attacks tried: $TRIED"
finish
