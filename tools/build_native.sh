#!/usr/bin/env bash
# Native build: library, doctest suite (registered with ctest) and build/native/bin/sampling-cli.
set -euo pipefail
cd "$(dirname "$0")/.."
# SAMPLING_NATIVE_BUILD moves the build folder (default build/native), e.g. to keep two
# work trees' builds apart.
dir=${SAMPLING_NATIVE_BUILD:-build/native}
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$dir" -j "${SAMPLING_JOBS:-$(nproc)}"
