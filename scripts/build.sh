#!/usr/bin/env bash
# Configures and builds casebook into build/ (Release unless BUILD_TYPE is set).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B "${BUILD_DIR:-build}" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" ${CMAKE_ARGS:-} >/dev/null
cmake --build "${BUILD_DIR:-build}" -j"$(nproc)"
