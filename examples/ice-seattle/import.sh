#!/bin/sh
# Imports both ICE Seattle removal files (UWCHR/ice-air, FOIA) into one database.
# Usage: import.sh DATA_DIR DB      (CASEBOOK: the casebook binary, default "casebook")
set -eu
if [ $# -ne 2 ]; then
    echo "usage: $0 DATA_DIR DB" >&2
    exit 2
fi
data=$1
db=$2
here=$(cd "$(dirname "$0")" && pwd)
casebook=${CASEBOOK:-casebook}
[ -e "$db" ] || "$casebook" init --db "$db"
"$casebook" import --db "$db" --quiet --csv "$data/SeattleAORExpeditedRemovals.csv" --mapping "$here/expedited-removals.mapping.json"
"$casebook" import --db "$db" --quiet --csv "$data/SeattleAOROtherRemovals.csv" --mapping "$here/other-removals.mapping.json"
