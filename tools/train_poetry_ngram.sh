#!/usr/bin/env bash
# Builds the CGMH lab's left-to-right language model, web/public/models/poetry-ngram/
# poetry-ngram.bin: an interpolated modified Kneser–Ney character trigram model over the
# poetry BERT's vocabulary, on the same Tang poems with the same 500 held out
# (tools/poetry_ngram/train.py; it prints the held-out perplexity as JSON).
#
#   bash tools/train_poetry_ngram.sh [--min-bigram 2] [--min-trigram 2]
#
# The data loader and split are imported from tools/poetry_bert/train.py, which imports
# torch: tools/poetry_data.sh installs Debian's python3-torch when missing and fetches npm
# chinese-poetry@2.0.1 (MIT, 85 MB) into the cache outside the repository
# ($SAMPLING_CACHE, default ~/.cache/sampling-playground), as for the poetry BERT.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source tools/poetry_data.sh python3-torch libopenblas0-pthread python3-numpy

mkdir -p "$root/web/public/models/poetry-ngram"
exec /usr/bin/python3 "$root/tools/poetry_ngram/train.py" --data "$poetry/package/dist" \
  --vocab "$root/web/public/models/poetry-bert/vocab.txt" \
  --out "$root/web/public/models/poetry-ngram/poetry-ngram.bin" --min-bigram 2 --min-trigram 2 "$@"
