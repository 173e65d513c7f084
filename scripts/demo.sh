#!/usr/bin/env bash
# Quick start, first command: installs what is missing, builds, and runs the
# main job on the bundled examples.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh
echo "== casebook validate examples/northern-triangle" >&2
./build/casebook validate examples/northern-triangle
