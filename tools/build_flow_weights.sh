#!/usr/bin/env bash
# Trains the shipped weights of the one-step generation lab with sampling-cli, so the
# page shows samples the moment it opens: two datasets × four methods, MLP 3 × 128,
# 4000 steps, batch 256, seed 1. Deterministic: rerunning writes the same files.
# Writes web/public/models/flows/<dataset>-<method>.safetensors and their README.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build_native.sh >/dev/null
cli=${SAMPLING_NATIVE_BUILD:-build/native}/bin/sampling-cli
out=web/public/models/flows
mkdir -p "$out"
datasets=(moons 8gaussians)
methods=(fm meanflow shortcut consistency)
steps=4000
jobs=()
for data in "${datasets[@]}"; do
  for method in "${methods[@]}"; do
    "$cli" flow train --method "$method" --data "$data" --steps "$steps" --seed 1 \
      --hidden 128,128,128 --out "$out/$data-$method.safetensors" 2>/dev/null &
    jobs+=($!)
    if [ ${#jobs[@]} -ge "${SAMPLING_JOBS:-$(nproc)}" ]; then wait "${jobs[0]}"; jobs=("${jobs[@]:1}"); fi
  done
done
wait
{
  echo "# Shipped flow weights"
  echo
  echo "Made by \`bash tools/build_flow_weights.sh\` (sampling-cli flow train, MLP 3 × 128 with"
  echo "SiLU, batch 256, Adam lr 1e-3, EMA 0.99, $steps steps, seed 1). Training data is generated"
  echo "by the project's own dataset code (no external data); licence MIT like the project."
  echo "Convention: data at t = 0, noise at t = 1, z_t = (1 − t)·x + t·ε; inputs (z_x, z_y, t, s)."
  echo
  echo "Energy distance to the dataset at 1, 2 and 8 steps (\`flow eval --n 2000 --seed 2\`)."
  echo
  echo "| file | method | dataset | NFE 1 | NFE 2 | NFE 8 | bytes | sha256 |"
  echo "|---|---|---|---|---|---|---|---|"
  for data in "${datasets[@]}"; do
    for method in "${methods[@]}"; do
      f="$out/$data-$method.safetensors"
      eds=""
      for nfe in 1 2 8; do
        eds="$eds$("$cli" flow eval --weights "$f" --data "$data" --nfe $nfe --seed 2 | sed 's/.*"energy_distance":\([^,]*\),.*/\1/') | "
      done
      echo "| \`$(basename "$f")\` | $method | $data | $eds$(stat -c %s "$f") | \`$(sha256sum "$f" | cut -c1-16)…\` |"
    done
  done
} > "$out/README.md"
cat "$out/README.md"
