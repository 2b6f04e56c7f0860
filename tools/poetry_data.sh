# Sourced by the poetry training scripts (train_poetry_bert.sh, train_poetry_ngram.sh) from
# the repository root: `source tools/poetry_data.sh PACKAGE...` installs the Debian
# packages given when missing, and fetches npm chinese-poetry@2.0.1 (MIT, 85 MB) into
# $poetry = $cache/poetry ($SAMPLING_CACHE, default ~/.cache/sampling-playground), outside
# the repository; it never becomes a dependency of the app.
cache=${SAMPLING_CACHE:-$HOME/.cache/sampling-playground}
poetry=$cache/poetry

missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "$(basename "$0"): installing ${missing[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d "$poetry/package/dist/quantangshi" ]; then
  mkdir -p "$poetry"
  (cd "$poetry" && npm pack chinese-poetry@2.0.1 --silent >/dev/null && tar xzf chinese-poetry-2.0.1.tgz)
fi
