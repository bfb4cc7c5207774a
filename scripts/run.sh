#!/usr/bin/env bash
# Quick start, step one: install what is missing, build, screen the example names against the
# bundled lists (OFAC SDN, OFAC consolidated, UN Security Council), then serve the HTTP API on
# them at 127.0.0.1:8080 (CORDON_PORT to change it) until Ctrl-C.
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
port="${CORDON_PORT:-8080}"
cat <<MSG

Serving the bundled lists on http://127.0.0.1:$port (Ctrl-C stops it). Try, from another shell:
  curl -s 127.0.0.1:$port/v1/screen -d '{"name": "Kim Sang-man", "birth_date": "1965"}'
  curl -s '127.0.0.1:$port/v1/search?q=jinyong'
  curl -s 127.0.0.1:$port/match/default -d '{"queries": {"q1": {"schema": "Person", "properties": {"name": ["Kim Sang Man"]}}}}'
Logs are JSON lines on stderr.
MSG
exec ./build/apps/cordon/cordon serve --host 127.0.0.1 --port "$port"
