#!/usr/bin/env bash
# Installs the Debian 12 packages cordon builds and tests with (as root; skips what is present).
set -euo pipefail
pkgs=(cmake ninja-build g++ pkg-config libicu-dev libpugixml-dev libsimdjson-dev nlohmann-json3-dev
      libcli11-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev libboost-dev libssl-dev
      python3 python3-jsonschema wrk)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
