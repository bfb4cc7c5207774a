#!/usr/bin/env bash
# Configures and builds cordon into build/ (Release by default; pass extra CMake options through).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${CORDON_BUILD_TYPE:-Release}" "$@" >/dev/null
cmake --build build
