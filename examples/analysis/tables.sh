#!/usr/bin/env bash
# The publishable tables of a return-to-danger study, as markdown, with the
# usual disclosure controls: counts below SUPPRESS (default 5) hidden, and
# whatever would give them away; with ROUND, every shown count and total
# rounded to the nearest ROUND (Eurostat rounds asylum figures to 5).
#
#   examples/analysis/tables.sh DB [SUPPRESS [ROUND]]  > tables.md
#
# Each table's footnotes say which controls were applied. Uses only casebook.
set -euo pipefail
db=${1:?usage: tables.sh DB [SUPPRESS [ROUND]]}
suppress=${2:-5}
round=${3:-0}
casebook=${CASEBOOK:-casebook}

section() {
    printf '\n## %s\n\n' "$1"
    shift
    "$casebook" table "$@" --db "$db" --format markdown --suppress "$suppress" --round "$round"
}

printf '# Returned to danger: tables\n\n'
printf 'Cases in the database: %s. Counts below %s are hidden as "x", and so are\n' \
    "$("$casebook" query --db "$db" --count)" "$suppress"
printf 'other numbers chosen so that no small one can be worked out from the rest.\n'

section "Outcomes after return, by country of origin" outcomes
section "Outcomes counting only confirmed or corroborated harms" --rows origin --cols verified_outcome
section "Signs of refoulement, by country of origin (a case may have several)" flags --percent row
section "Harms after return, by country of origin (a case may have several)" harms
section "How people were returned, by the country that returned them" mechanisms
section "Outcomes by year of return" timeline --nonzero
section "Outcomes of people who were minors at flight" --rows outcome --where minor=yes
