#!/usr/bin/env bash
# libFuzzer targets of the parsers: tests/fuzz/NAME.cpp, seeds in tests/fuzz/corpus/NAME/.
#   npm run fuzz                       list the targets
#   npm run fuzz -- NAME [SECONDS]     build with clang (libFuzzer + ASan + UBSan) and fuzz NAME
#                                      for SECONDS (default 60)
#   npm run fuzz -- all SECONDS        every target in turn; fails if any fails
# The build goes to SAMPLING_FUZZ_BUILD (default build/fuzz); inputs the fuzzer finds go to
# its corpus/NAME/ (the seeds in the repository are only read), a crashing input to
# its artifacts/ with the command that replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${SAMPLING_FUZZ_BUILD:-build/fuzz}")
targets=()
for f in tests/fuzz/*.cpp; do targets+=("$(basename "$f" .cpp)"); done

if [ $# -eq 0 ]; then
  echo "fuzz targets (npm run fuzz -- NAME [SECONDS]):"
  printf '  %s\n' "${targets[@]}"
  exit 0
fi
name=$1
seconds=${2:-60}
if [ "$name" = all ]; then
  run=("${targets[@]}")
else
  [ -f "tests/fuzz/$name.cpp" ] || { echo "fuzz: no target '$name' (known: ${targets[*]})" >&2; exit 2; }
  run=("$name")
fi
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz: SECONDS must be a whole number, got '$seconds'" >&2; exit 2; }

cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ \
  -DSAMPLING_FUZZ=ON -DSAMPLING_SANITIZE=address,undefined >/dev/null
cmake --build "$dir" -j "${SAMPLING_JOBS:-$(nproc)}" --target "${run[@]/#/fuzz_}"

status=0
for t in "${run[@]}"; do
  mkdir -p "$dir/corpus/$t" "$dir/artifacts"
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  echo "fuzz: $t for $seconds s"
  # -malloc_limit_mb: one allocation above 512 MB from an input of a few KB is a finding.
  if ! "$dir/bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$dir/artifacts/$t-" "${dict[@]}" \
      "$dir/corpus/$t" "tests/fuzz/corpus/$t" 2>"$dir/$t.log"; then
    tail -n 60 "$dir/$t.log"
    echo "fuzz: $t FAILED (replay: $dir/bin/fuzz_$t $dir/artifacts/$t-*)"
    status=1
  else
    grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units)' "$dir/$t.log" | tail -n 2
    echo "fuzz: $t passed"
  fi
done
exit $status
