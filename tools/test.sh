#!/usr/bin/env bash
# npm test: every suite, in order of what stands on what.
#   1. native doctest suite (ctest), the same suite again under ASan and UBSan, and
#      every parser fuzzed for a short fixed time (tools/fuzz.sh, tests/fuzz/)
#   2. the wasm module in Node (node:test), including native-vs-wasm identity
#   3. headless Chromium against the built page (node:test + playwright-core)
#   4. conformance checks against independent implementations (when present)
# Ends with the names of what failed, if anything did, and one line "npm test: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
passed=0
failed=0
status=0
failures=()   # names of what failed, repeated at the end: a CI log is often cut to its tail

note_node_failures() {  # node:test "not ok N - name" lines of the top level
  local line
  while IFS= read -r line; do failures+=("$1: ${line#not ok }"); done < <(grep -E '^not ok [0-9]+ - ' "$log")
}

step() { echo; echo "=== $*"; }

count_node() {  # node:test TAP summary lines "# pass N" / "# fail N"
  local p f
  p=$(grep -E '^# pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}

step "native build and doctest suite"
if bash tools/build_native.sh >"$log" 2>&1; then
  (cd "${SAMPLING_NATIVE_BUILD:-build/native}" && ctest -j "$(nproc)" --output-on-failure) | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  p=$(grep -oE '[0-9]+ tests failed out of [0-9]+' "$log" | awk '{print $6 - $1}')
  f=$(grep -oE '[0-9]+ tests failed out of [0-9]+' "$log" | awk '{print $1}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  while IFS= read -r line; do failures+=("native: $line"); done < <(
    sed -n '/The following tests FAILED:/,$p' "$log" | grep -E '^[[:space:]]+[0-9]+ - ' | sed -E 's/^[[:space:]]+//')
  # Every doctest case must be one ctest entry: a name that ctest splits or drops runs nothing.
  ran=$(grep -oE '[0-9]+ tests failed out of [0-9]+' "$log" | awk '{print $6}')
  cases=$("${SAMPLING_NATIVE_BUILD:-build/native}/bin/core_tests" --count | grep -oE 'passing the current filters: [0-9]+' | awk '{print $5}')
  if [ -z "$cases" ] || [ "${ran:-0}" != "$cases" ]; then
    echo "doctest has ${cases:-?} test cases but ctest ran ${ran:-0} entries (a case name with ';'?)"
    status=1; failed=$((failed + 1)); failures+=("native: doctest cases and ctest entries differ")
  fi
else
  cat "$log"; echo "native build failed"; status=1; failed=$((failed + 1)); failures+=("native build")
fi

step "native doctest suite under AddressSanitizer and UndefinedBehaviorSanitizer"
sanitize_dir=${SAMPLING_SANITIZE_BUILD:-build/sanitize}
# The native build's compiler (GCC); float-cast-overflow is not in GCC's "undefined" group.
if cmake -S . -B "$sanitize_dir" -DCMAKE_BUILD_TYPE=Release \
     -DSAMPLING_SANITIZE=address,undefined,float-cast-overflow >"$log" 2>&1 &&
   cmake --build "$sanitize_dir" -j "${SAMPLING_JOBS:-$(nproc)}" --target core_tests >>"$log" 2>&1; then
  if "$sanitize_dir/bin/core_tests" >"$log" 2>&1; then
    tail -n 3 "$log"; passed=$((passed + 1))
  else
    tail -n 80 "$log"; echo "the doctest suite failed under ASan/UBSan"; status=1; failed=$((failed + 1))
    failures+=("ASan/UBSan: $(grep -m1 -E '^[^ ]+:[0-9]+: (ERROR|FATAL)|ERROR: (Address|Undefined)Sanitizer|runtime error' "$log" || echo 'see above')")
  fi
else
  tail -n 80 "$log"; echo "sanitizer build failed"; status=1; failed=$((failed + 1)); failures+=("sanitizer build")
fi

fuzz_seconds=${SAMPLING_FUZZ_SECONDS:-12}
step "every parser fuzzed for $fuzz_seconds s (libFuzzer with ASan and UBSan, tests/fuzz/)"
bash tools/fuzz.sh all "$fuzz_seconds" >"$log" 2>&1
fuzz_status=$?
grep -E '^fuzz: ' "$log"
p=$(grep -cE '^fuzz: [a-z_]+ passed$' "$log")
f=$(grep -cE '^fuzz: [a-z_]+ FAILED' "$log")
while IFS= read -r line; do failures+=("$line"); done < <(grep -E '^fuzz: [a-z_]+ FAILED' "$log")
if [ "$fuzz_status" -ne 0 ]; then
  tail -n 120 "$log"; status=1
  [ "$f" -gt 0 ] || { echo "fuzz build failed"; f=1; failures+=("fuzz build"); }
fi
passed=$((passed + p)); failed=$((failed + f))

step "wasm build and Node tests of the module"
if bash tools/build_wasm.sh >"$log" 2>&1; then
  node --test tests/wasm/ | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  count_node; note_node_failures wasm
else
  cat "$log"; echo "wasm build failed"; status=1; failed=$((failed + 1)); failures+=("wasm build")
fi

step "page build and headless-Chromium tests"
if npx vite build --config web/vite.config.js --logLevel warn >"$log" 2>&1; then
  node --test --test-concurrency=1 tests/browser/ | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  count_node; note_node_failures browser
else
  cat "$log"; echo "page build failed"; status=1; failed=$((failed + 1)); failures+=("page build")
fi

if compgen -G "tests/conformance/*.test.mjs" >/dev/null; then
  step "conformance against independent implementations"
  node --test tests/conformance/ | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  count_node; note_node_failures conformance
fi

rm -f "$log"
echo
if [ "${#failures[@]}" -gt 0 ]; then
  echo "what failed:"
  printf '  %s\n' "${failures[@]}"
fi
echo "npm test: $passed passed, $failed failed"
exit $status
