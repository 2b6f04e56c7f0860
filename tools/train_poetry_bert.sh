#!/usr/bin/env bash
# Trains the Gibbs lab's poetry BERT and writes web/public/models/poetry-bert/
# (config.json, vocab.txt, model.safetensors in F16). Resumable: rerun the same command
# after an interruption and it continues from its last checkpoint (every 5 minutes).
#
#   bash tools/train_poetry_bert.sh [--minutes 95 | --steps N] [--threads 1]
#   bash tools/train_poetry_bert.sh --eval      # held-out figures of the shipped model
#
# Installs Debian's python3-torch with libopenblas0-pthread, and fetches npm
# chinese-poetry@2.0.1 (MIT, 85 MB) into a cache outside the repository
# ($SAMPLING_CACHE, default ~/.cache/sampling-playground); it never becomes a
# dependency of the app.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source tools/poetry_data.sh python3-torch libopenblas0-pthread python3-numpy

exec /usr/bin/python3 "$root/tools/poetry_bert/train.py" --data "$poetry/package/dist" \
  --work "$cache/poetry-bert-run" --out "$root/web/public/models/poetry-bert" "$@"
