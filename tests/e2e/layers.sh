# The house keeps its layers (src/README.md): a file in src/LAYER/ includes
# only headers of its own layer and of the layers below it; every header sits
# beside its source; the build lists every source file (no glob) and no file
# outside src/; only two files compile CLI11; only cli/ reads the environment;
# the unit tests of a layer sit in tests/unit/LAYER/. This test needs no
# binary: it reads the tree.
source "$(dirname "$0")/lib.bash"
SRC="$SOURCE_DIR/src"
# Bottom to top, as in src/README.md and CMakeLists.txt.
LAYERS=(util json schema record crypto store input output analysis ops cli)

rank() {
    local i
    for i in "${!LAYERS[@]}"; do
        [[ ${LAYERS[$i]} == "$1" ]] && { echo "$i"; return; }
    done
    echo -1
}

# Every folder of src/ is a layer of the list.
for dir in "$SRC"/*/; do
    name=$(basename "$dir")
    [[ $(rank "$name") -ge 0 ]] || fail "src/$name is not a layer of src/README.md"
done
top=$(find "$SRC" -maxdepth 1 -type f ! -name README.md -printf '%f ')
[[ -z $top ]] || fail "files at the top of src/: $top"

# Includes go down, never up.
violations=""
while IFS= read -r file; do
    layer=${file#"$SRC"/}
    layer=${layer%%/*}
    own=$(rank "$layer")
    while IFS= read -r included; do
        target=${included%%/*}
        [[ $included == */* ]] || { violations+="${file#"$SRC"/}: \"$included\" names no layer"$'\n'; continue; }
        theirs=$(rank "$target")
        if [[ $theirs -lt 0 ]]; then
            violations+="${file#"$SRC"/}: \"$included\" is in no layer"$'\n'
        elif [[ $theirs -gt $own ]]; then
            violations+="${file#"$SRC"/} ($layer) includes $included ($target, above it)"$'\n'
        elif [[ ! -f $SRC/$included ]]; then
            violations+="${file#"$SRC"/}: \"$included\" does not exist"$'\n'
        fi
    done < <(grep -oE '^#include "[^"]+"' "$file" | sed -E 's/^#include "([^"]+)"/\1/')
done < <(find "$SRC" -name '*.cpp' -o -name '*.hpp' -o -name '*.inc' -o -name '*.in' | sort)
[[ -z $violations ]] || fail "includes that go up or nowhere:"$'\n'"$violations"

# Each header beside its source: no header tree of its own.
[[ ! -d $SOURCE_DIR/include ]] || fail "include/ exists: headers belong beside their sources in src/"

# CMakeLists.txt lists each source of src/ exactly once, and no other.
listed=$(grep -oE '^\s+src/[a-z_/0-9]+\.cpp' "$SOURCE_DIR/CMakeLists.txt" | tr -d ' ' | sort)
present=$(cd "$SOURCE_DIR" && find src -name '*.cpp' ! -path src/cli/main.cpp | sort)
[[ $listed == "$present" ]] || fail "CMakeLists.txt's source lists and src/ differ:"$'\n'"$(diff <(echo "$listed") <(echo "$present"))"
grep -q 'GLOB' "$SOURCE_DIR/CMakeLists.txt" && fail "CMakeLists.txt globs for sources"

# CLI11 is slow to compile: only run.cpp (which parses) and option_set.cpp
# (which declares options) include it; commands see it through OptionSet.
cli11=$(cd "$SOURCE_DIR" && grep -rlE 'CLI/CLI\.hpp|CLI::' src | grep -vxE 'src/cli/(run\.cpp|option_set\.(cpp|hpp))' | sort)
[[ -z $cli11 ]] || fail "files other than cli/run.cpp and cli/option_set.* name CLI11: $cli11"

# The library reads no environment variable: the command line reads them
# (cli/environment.cpp) and hands the library values.
env_reads=$(cd "$SOURCE_DIR" && grep -rlE '\b(secure_)?getenv\b' src | grep -v '^src/cli/' | sort)
[[ -z $env_reads ]] || fail "files below cli/ read the environment: $env_reads"

# Unit tests follow the layers: tests/unit/LAYER/, beside only the shared
# helpers and main.cpp; tests/CMakeLists.txt lists each of them.
UNIT="$SOURCE_DIR/tests/unit"
for dir in "$UNIT"/*/; do
    name=$(basename "$dir")
    [[ $(rank "$name") -ge 0 ]] || fail "tests/unit/$name is not a layer of src/README.md"
done
loose=$(find "$UNIT" -maxdepth 1 -name '*.cpp' ! -name main.cpp -printf '%f ')
[[ -z $loose ]] || fail "unit tests outside the folder of a layer: $loose"
listed=$(grep -oE '^\s+unit/[a-z_/0-9]+\.cpp' "$SOURCE_DIR/tests/CMakeLists.txt" | tr -d ' ' | sort)
present=$(cd "$SOURCE_DIR/tests" && find unit -name '*.cpp' | sort)
[[ $listed == "$present" ]] || fail "tests/CMakeLists.txt's unit tests and tests/unit differ:"$'\n'"$(diff <(echo "$listed") <(echo "$present"))"
finish
