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
cache=${SAMPLING_CACHE:-$HOME/.cache/sampling-playground}
poetry=$cache/poetry

missing=()
for p in python3-torch libopenblas0-pthread python3-numpy; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "train_poetry_bert: installing ${missing[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d "$poetry/package/dist/quantangshi" ]; then
  mkdir -p "$poetry"
  (cd "$poetry" && npm pack chinese-poetry@2.0.1 --silent >/dev/null && tar xzf chinese-poetry-2.0.1.tgz)
fi

exec /usr/bin/python3 "$root/tools/poetry_bert/train.py" --data "$poetry/package/dist" \
  --work "$cache/poetry-bert-run" --out "$root/web/public/models/poetry-bert" "$@"
