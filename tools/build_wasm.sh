#!/usr/bin/env bash
# WebAssembly build with Debian's emscripten, into build/wasm: the full module sampling.js
# (the ES-module entry), sampling_raw.js (Emscripten's factory) and sampling.wasm, and one
# smaller module per lab worker the same way (sampling-tokenize, sampling-mcmc,
# sampling-flow, sampling-text: see CMakeLists.txt); every entry wraps its factory with
# api.js (wasm/api.js).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emscripten 3.1.6's JS optimizer needs Debian's acorn
# SAMPLING_WASM_DIR moves the output (default build/wasm; the tests and Vite read the same
# variable), SAMPLING_WASM_BUILD the CMake folder (default build/wasm-cmake).
out=$(realpath -m "${SAMPLING_WASM_DIR:-build/wasm}")
mkdir -p "$out"
emcmake cmake -S . -B "${SAMPLING_WASM_BUILD:-build/wasm-cmake}" -DCMAKE_BUILD_TYPE=Release -DSAMPLING_WASM_OUT="$out" >/dev/null
cmake --build "${SAMPLING_WASM_BUILD:-build/wasm-cmake}" -j "${SAMPLING_JOBS:-$(nproc)}"
cp wasm/api.js "$out/api.js"
for name in sampling sampling-tokenize sampling-mcmc sampling-flow sampling-text; do
  cat > "$out/$name.js" <<EOF
// Written by tools/build_wasm.sh: the API of api.js over ${name}_raw.js and $name.wasm.
import createRawModule from './${name}_raw.js';
import { samplingModule } from './api.js';

export default samplingModule(createRawModule, () => new URL('$name.wasm', import.meta.url).href);
EOF
done
cp wasm/sampling.d.ts "$out/sampling.d.ts"
