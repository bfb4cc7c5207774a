#!/usr/bin/env bash
# Quick start, step one: install what is missing, build, and screen the example names against the
# bundled lists (OFAC SDN, OFAC consolidated, UN Security Council).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
./build/apps/cordon/cordon lists
echo
mapfile -t names < <(grep -v -e '^#' -e '^$' examples/names.txt)
rc=0
./build/apps/cordon/cordon screen "${names[@]}" || rc=$?
# cordon exits 1 when it found matches, as grep does; that is the expected outcome here.
[ "$rc" -le 1 ] || exit "$rc"
