#!/usr/bin/env bash
# Writes po/casebook.pot: every message casebook translates, from the sources
# (tr, say, tr_in calls) and from the case schema (scripts/schema_messages.py).
# Then: msgmerge --update po/es.po po/casebook.pot, and translate what is new.
# Usage: scripts/po-template.sh [OUTPUT]   (default: po/casebook.pot)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/po/casebook.pot}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
xgettext --language=C++ --from-code=UTF-8 --keyword=tr --keyword=say --keyword=tr_in:1c,2 --keyword=tr_plural:1,2 --keyword=N_ --keyword=NC_:1c,2 --keyword=add_option:3 --keyword=add_jobs_option:3 --keyword=add_flag:2 --keyword=add_flag:3 \
    --add-comments=TRANSLATORS: --add-location=file --package-name=casebook --msgid-bugs-address=casebook --sort-by-file \
    --output="$tmp/code.pot" src/*/*.cpp
python3 scripts/schema_messages.py schemas/case.schema.json >"$tmp/schema.pot"
msgcat --use-first --sort-by-file --add-location=file "$tmp/code.pot" "$tmp/schema.pot" -o "$tmp/all.pot"
# No creation date: the template changes only when a message does.
sed '/^"POT-Creation-Date:/d' "$tmp/all.pot" >"$out"
