#!/usr/bin/env bash
# Quick start, first command: installs what is missing, builds, and runs the
# main job on the bundled examples: validate them, load them into a new
# database (build/demo.db) and print the outcomes table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh
db=build/demo.db
rm -f "$db" "$db-wal" "$db-shm"
set -x
./build/casebook validate examples/northern-triangle
./build/casebook init --db "$db"
./build/casebook import --db "$db" examples/northern-triangle
./build/casebook table outcomes --db "$db" --format table
