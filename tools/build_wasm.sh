#!/usr/bin/env bash
# WebAssembly build with Debian's emscripten: build/wasm/sampling.js (the ES-module entry,
# wasm/api.js), sampling_raw.js (Emscripten's factory) and sampling.wasm.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emscripten 3.1.6's JS optimizer needs Debian's acorn
# SAMPLING_WASM_DIR moves the output (default build/wasm; the tests and Vite read the same
# variable), SAMPLING_WASM_BUILD the CMake folder (default build/wasm-cmake).
out=$(realpath -m "${SAMPLING_WASM_DIR:-build/wasm}")
mkdir -p "$out"
emcmake cmake -S . -B "${SAMPLING_WASM_BUILD:-build/wasm-cmake}" -DCMAKE_BUILD_TYPE=Release -DSAMPLING_WASM_OUT="$out" >/dev/null
cmake --build "${SAMPLING_WASM_BUILD:-build/wasm-cmake}" -j "${SAMPLING_JOBS:-$(nproc)}"
cp wasm/api.js "$out/sampling.js"
cp wasm/sampling.d.ts "$out/sampling.d.ts"
