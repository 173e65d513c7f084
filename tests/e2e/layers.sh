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

# The namespace is the folder: a file of src/LAYER/ declares its names in
# casebook::LAYER (or a namespace nested in it) or in an anonymous one. It may
# open another namespace only to declare a name of it ahead (a block of
# `class X;` lines), and the two files below only to extend a library.
# The layers below record/ still declare theirs in casebook (issue 16 moves
# them one by one, top down); they are left out until they do.
NOT_YET=" util json schema "
THIRD_PARTY="schema/valijson_re2.hpp:valijson util/fmt_impl.cpp:detail"
namespaces=""
while IFS= read -r file; do
    rel=${file#"$SRC"/}
    layer=${rel%%/*}
    [[ $NOT_YET == *" $layer "* ]] && continue
    found=$(awk -v layer="$layer" -v rel="$rel" -v third=" $THIRD_PARTY " '
        function fail(name, n) { printf "%s:%d: namespace %s\n", rel, n, (name == "" ? "{" : name) }
        { lines[NR] = $0 }
        END {
            own = 0
            for (i = 1; i <= NR; i++) {
                line = lines[i]
                if (line ~ "^}[ \t]*//[ \t]*namespace[ \t]+casebook::" layer "[ \t]*$") { own = 0; continue }
                if (line !~ /^[ \t]*namespace[ \t]+[A-Za-z_:]*[ \t]*\{/) continue
                name = line
                sub(/^[ \t]*namespace[ \t]+/, "", name)
                sub(/[ \t]*\{.*$/, "", name)
                if (name == "") continue
                if (name == "casebook::" layer || index(name, "casebook::" layer "::") == 1) {
                    if (line ~ "^namespace") own = 1
                    continue
                }
                if (own && name !~ /::/ && name != "casebook") continue
                if (index(third, " " rel ":" name " ")) continue
                ahead = 1
                for (j = i + 1; j <= NR && lines[j] !~ /^[ \t]*}/; j++)
                    if (lines[j] !~ /^[ \t]*((class|struct)[ \t]+[A-Za-z_][A-Za-z_0-9]*;)?[ \t]*$/) { ahead = 0; break }
                if (!ahead) fail(name, i)
            }
        }' "$file")
    [[ -z $found ]] || namespaces+="$found"$'\n'
done < <(find "$SRC" -name '*.cpp' -o -name '*.hpp' -o -name '*.inc' | sort)
[[ -z $namespaces ]] || fail "namespaces that are not the folder's (casebook::LAYER):"$'\n'"$namespaces"

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
