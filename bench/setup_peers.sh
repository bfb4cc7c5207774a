#!/usr/bin/env bash
# Installs what bench/compare_peers.py needs for its peers: PostgreSQL 15 with pg_trgm, and Debian's
# python3 with jellyfish (Jaro-Winkler) and psycopg2 (libpq client). Idempotent: installs only what
# is missing, so it is cheap to run before every comparison.
#
#   sudo bench/setup_peers.sh && /usr/bin/python3 bench/compare_peers.py
set -euo pipefail

missing=()
[[ -x /usr/lib/postgresql/15/bin/postgres ]] || missing+=(postgresql-15)
# pg_trgm ships inside postgresql-15 on Debian; postgresql-contrib is the portable name for it.
[[ -f /usr/share/postgresql/15/extension/pg_trgm.control ]] || missing+=(postgresql-contrib)
/usr/bin/python3 -c 'import jellyfish' 2>/dev/null || missing+=(python3-jellyfish)
/usr/bin/python3 -c 'import psycopg2' 2>/dev/null || missing+=(python3-psycopg2)

if ((${#missing[@]} == 0)); then
  echo "setup_peers: postgresql-15, pg_trgm, python3-jellyfish and python3-psycopg2 are present"
  exit 0
fi

sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "setup_peers: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi

echo "setup_peers: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# The Debian packages install a default cluster and try to start it; a container without an init
# system refuses that (policy-rc.d exit 101 is the Debian convention for "do not start services").
# The comparison starts its own throwaway cluster, so none is wanted.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod +x "$policy"
  created_policy=1
fi
remove_policy() { if ((created_policy)); then "${sudo[@]}" rm -f "$policy"; fi; }
trap remove_policy EXIT

"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
