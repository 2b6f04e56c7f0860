#!/usr/bin/env bash
# Native build: library, doctest suite (registered with ctest) and build/native/bin/sampling-cli.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j "$(nproc)"
