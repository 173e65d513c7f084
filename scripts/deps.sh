#!/usr/bin/env bash
# Installs the Debian 12 packages casebook needs to build and test (sudo when
# not root), plus any package named as an argument.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libglpk-dev
  libreadstat-dev
  libltdl-dev
  glpk-utils
  libcli11-dev libsqlitecpp-dev libsqlite3-dev libfmt-dev nlohmann-json3-dev catch2 libvalijson-dev
  libsodium-dev
  iso-codes sqlite3 python3 mandoc bash-completion
  libre2-dev
  tmux
  gettext
  minisign
  r-base-core
  python3-pandas
  r-cran-haven
  json-schema-test-suite
  "$@"
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "casebook: installing ${missing[*]}" >&2
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
