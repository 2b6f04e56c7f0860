#!/usr/bin/env bash
# Installs what the build and the tests need: Debian packages, then npm packages.
# Idempotent and quiet when everything is already there. Runs before every npm script.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  build-essential cmake      # native build
  emscripten                 # wasm build (Debian's 3.1.6, uses the system clang-14)
  xtensor-dev doctest-dev nlohmann-json3-dev  # header-only libraries
  clang libclang-rt-14-dev   # libFuzzer and the sanitizer build of the test suite
  pkg-config sentencepiece libsentencepiece-dev  # conformance against SentencePiece
  fortunes fortunes-min      # English text for the conformance test's own model
  python3-numpy              # independent reader of our safetensors files (conformance)
  python3-scipy              # reference values of the statistics (conformance)
  python3-torch libopenblas0-pthread  # independent BERT implementation (conformance)
  chromium                   # headless browser tests
  fonts-wqy-microhei         # CJK glyphs in headless Chromium (screenshots, 中文 labels)
)

missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm packages: install when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
