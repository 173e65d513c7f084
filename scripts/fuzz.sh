#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time
# (FUZZ_SECONDS, default 60), seeded from the examples. Crashes are saved in
# build-fuzz/crashes/ and make this script fail; turn each into a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
# Absolute paths: a target may change its working folder (fuzz_sql runs in its
# fixture's folder so that relative ATTACH or VACUUM INTO paths land where it looks).
root=$PWD
seconds=${FUZZ_SECONDS:-60}
command -v clang++ >/dev/null || { echo "fuzz: clang++ is needed (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCASEBOOK_FUZZ=ON -DCASEBOOK_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz
mkdir -p build-fuzz/crashes
for target in "$root"/build-fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  corpus=$root/build-fuzz/corpus/$name
  mkdir -p "$corpus"
  if [ -d "fuzz/seeds/$name" ]; then cp fuzz/seeds/"$name"/* "$corpus"/ 2>/dev/null || true; fi
  if [ "$name" = fuzz_record ]; then cp examples/northern-triangle/*.json examples/invalid/*.json* "$corpus"/; fi
  echo "fuzz: $name for ${seconds}s" >&2
  "$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$root"/build-fuzz/crashes/"$name"- "$corpus" 2>"$root"/build-fuzz/"$name".log \
    || { tail -50 "$root"/build-fuzz/"$name".log >&2; echo "fuzz: $name found a crash (build-fuzz/crashes/)" >&2; exit 1; }
  grep -E "^#[0-9]+.*DONE" "$root"/build-fuzz/"$name".log | tail -1 >&2 || true
done
