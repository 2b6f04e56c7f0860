#!/usr/bin/env bash
# Builds the two tokenizer models shipped with the web page and the English
# conformance corpus, from Debian packages only (no network access needed):
#
#   web/public/models/en-unigram.model      SentencePiece unigram model (spm_train)
#   web/public/models/zh-words.dict         jieba word-frequency dictionary (cut)
#   web/public/models/README.md             provenance, licences, sizes, sha256
#   tests/conformance/corpus/en-test.txt    held-out English lines + edge cases
#   tests/conformance/corpus/README.md      what the corpus contains
#
# Usage (from anywhere):  bash tools/build_models.sh
#
# Required Debian packages: sentencepiece, fortunes, fortunes-min, python3-jieba,
# python3. The script is deterministic: running it twice gives identical files.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODELS_DIR="$ROOT/web/public/models"
CORPUS_DIR="$ROOT/tests/conformance/corpus"
FORTUNE_DIR=/usr/share/games/fortunes
PYTHON=/usr/bin/python3

# Training settings of the English model (see README.md for the rationale).
EN_VOCAB_SIZE=4000
EN_INPUT_SENTENCE_SIZE=1000000   # larger than the corpus: every line is used
EN_SEED=20240101
HOLDOUT_EVERY=10                 # fortune k (0-based, per file) held out if k % 10 == 9
# Fortune files of the `fortunes`/`fortunes-min` packages that are left out:
# ascii-art (drawings, not prose) and translate-me (Latin/French one-liners).
EN_EXCLUDE="ascii-art translate-me"
# Chinese dictionary: words with a frequency below ZH_MIN_FREQ are dropped (single
# characters are always kept) so that the file stays under ZH_MAX_BYTES. With 3 the
# file would be 4.5 MB and still hold the rare idiom 今天天气 (freq 3), which makes
# "今天天气不错" segment as 今天天气 / 不错 (as jieba itself does); 4 gives 2.1 MB.
ZH_MIN_FREQ=4
ZH_MAX_BYTES=5000000

die() { echo "build_models.sh: error: $*" >&2; exit 1; }
log() { echo "build_models.sh: $*" >&2; }

# --- prerequisites -----------------------------------------------------------
need_pkg() {
  local pkg=$1 status
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = installed ] ||
    die "Debian package '$pkg' is not installed (apt-get install -y $pkg)"
}
command -v dpkg-query >/dev/null || die "dpkg-query not found: this script needs a Debian system"
for pkg in sentencepiece fortunes fortunes-min python3-jieba python3; do need_pkg "$pkg"; done
for cmd in spm_train spm_encode spm_export_vocab; do
  command -v "$cmd" >/dev/null || die "'$cmd' not found (Debian package 'sentencepiece')"
done
[ -x "$PYTHON" ] || die "$PYTHON not found (Debian package 'python3')"
JIEBA_DICT=$(dpkg -L python3-jieba | grep -E '/jieba/dict\.txt$' | head -n1 || true)
if [ -z "$JIEBA_DICT" ] || [ ! -f "$JIEBA_DICT" ]; then
  die "jieba/dict.txt not found (Debian package 'python3-jieba')"
fi

pkg_version() { dpkg-query -W -f='${Version}' "$1"; }

# English fortune files: plain-text files that the `fortunes` and `fortunes-min`
# packages install directly in $FORTUNE_DIR (not the .dat/.u8 index files, not
# subdirectories such as off/ holding offensive sets, not other packages' files
# such as fortunes-zh's chinese/song100/tang300), minus $EN_EXCLUDE.
mapfile -t EN_FILES < <(
  dpkg -L fortunes fortunes-min |
    grep -E "^$FORTUNE_DIR/[^/]+\$" |
    grep -v -E '\.(dat|u8)$' |
    while read -r f; do
      base=${f##*/}
      case " $EN_EXCLUDE " in *" $base "*) continue ;; esac
      [ -f "$f" ] && [ ! -L "$f" ] && echo "$f"
    done | LC_ALL=C sort -u
)
[ "${#EN_FILES[@]}" -gt 0 ] || die "no fortune files found in $FORTUNE_DIR (Debian package 'fortunes')"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# --- helper (Python, standard library only) ------------------------------------
cat >"$TMP/helper.py" <<'PY'
import json, math, os, random, re, struct, sys, unicodedata

def die(msg):
    sys.stderr.write("build_models.sh: error: " + msg + "\n")
    sys.exit(1)

# ---------------------------------------------------------------- English ----
CTRL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
ESC = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

def fix_mojibake(s):
    # Some files contain UTF-8 that was decoded as Latin-1 and re-encoded (once or
    # twice), e.g. "donÃ¢ÂÂt". Undo that while it round-trips cleanly.
    for _ in range(3):
        try:
            t = s.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            break
        if t == s:
            break
        s = t
    return s

def clean_line(s):
    s = ESC.sub("", s)
    while True:                     # overstrike: "_\bX" (underline), "X\bX" (bold)
        t = re.sub(r"[^\x08]\x08", "", s)
        if t == s:
            break
        s = t
    s = fix_mojibake(s)
    s = CTRL.sub("", s)             # keeps \t
    return s.rstrip()

def read_fortunes(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", errors="replace").replace("\r\n", "\n")
    fortunes, cur = [], []
    for line in text.split("\n"):
        if line.rstrip() == "%":
            fortunes.append(cur)
            cur = []
        else:
            cur.append(line)
    fortunes.append(cur)
    out = []
    for fo in fortunes:
        lines = [clean_line(l) for l in fo]
        lines = [l for l in lines if l.strip()]
        if lines:
            out.append(lines)
    return out

def special_lines():
    L = []
    add = L.append
    # Full-width and compatibility forms (NFKC folds them).
    add("ＡＢＣ１２３")
    add("Ｈｅｌｌｏ，　ｗｏｒｌｄ！　ＦＵＬＬ－ＷＩＤＴＨ　ｔｅｘｔ　１２３４５")
    add("half-width katakana ｶﾀｶﾅ and full-width カタカナ")
    add("ligatures: ﬁnd the ﬂow, ﬀ ﬃ ﬄ ﬆ")
    add("circled ①②③ ⑳, parenthesized ⑴⑵, roman Ⅻ ⅷ, fractions ½ ¼ ¾ ⅞")
    add("superscripts x² + y³ = z⁴, subscripts H₂O, ™ ℠ ℃ ℉ № ㎏ ㎞ ㍻")
    add("compatibility: ｱｲｳ ＄１００ ＠ｈｏｍｅ ＃ｔａｇ ～ ￥ ￡")
    # Combining marks versus precomposed characters.
    add("cafe\u0301 versus caf\u00e9")
    add("e\u0301 \u00e9 E\u0301 \u00c9")
    add("n\u0303 \u00f1 u\u0308 \u00fc a\u030a \u00e5 \u212b \u00c5 A\u030a")
    add("stacked marks: a\u0301\u0302\u0303 o\u0308\u0304 q\u0323\u0307")
    add("\u0301 a combining mark at the start of the line")
    add("Hangul jamo \u1100\u1161\u11a8 versus precomposed \uac01")
    add("Vietnamese: Ti\u1ebfng Vi\u1ec7t c\u00f3 d\u1ea5u, Tie\u0302\u0301ng Vie\u0323\u0302t")
    add("na\u00efve co\u00f6perate r\u00e9sum\u00e9 fa\u00e7ade jalape\u00f1o \u00c5ngstr\u00f6m")
    # Emoji: single, modifiers, ZWJ sequences, flags, keycaps, variation selectors.
    add("😀 😂 🙃 🤖 🐍 🍕")
    add("thumbs up 👍 👍🏻 👍🏽 👍🏿")
    add("family 👨‍👩‍👧‍👦 and 👩‍💻 and 🧑‍🚀 and 🏳️‍🌈 and 🏴‍☠️")
    add("flags 🇯🇵🇫🇷🇺🇸🇩🇪 🇨🇳 🇧🇷")
    add("subdivision flag 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f")
    add("keycaps 1️⃣ 2️⃣ #️⃣ and hearts ❤ ❤️ ♥")
    add("I ❤️ NY 🗽 — see you at 3pm ☕")
    # CJK and other scripts.
    add("今天天气不错")
    add("我爱自然语言处理，也喜欢采样算法。")
    add("日本語のテキストとカタカナ、ひらがな。")
    add("한국어 문장을 토큰화합니다.")
    add("Hello мир 世界 مرحبا שלום नमस्ते Γειά σου ภาษาไทย")
    add("mixed: naïve Straße Ελληνικά Русский 中文 日本語 한국어 العربية")
    add("the word 東京 in an English sentence about Tokyo")
    add("abc123def456 CamelCaseWord snake_case_word kebab-case-word")
    # Tabs and spaces.
    add("a\tb")
    add("\tleading tab")
    add("trailing tab\t")
    add("a\t\t\tb\t \tc")
    add("two  spaces")
    add("many          spaces          here")
    add("   leading spaces")
    add("trailing spaces   ")
    add("  both sides  ")
    add("no-break\u00a0space and em\u2003space and ideographic\u3000space")
    add("zero\u200bwidth space, soft\u00adhyphen, word\u2060joiner, zwj\u200dalone")
    add("byte order mark \ufeff in the middle")
    # Characters outside the vocabulary.
    add("ⰀⰁⰂ")
    add("abc ⰀⰁⰂ def")
    add("Glagolitic ⰀⰁⰂⰃⰄ ⰰⰱⰲ")
    add("Cherokee ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ")
    add("runes ᚠᚢᚦᚨᚱᚲ and Ogham ᚁᚂᚃ")
    add("Linear B 𐀀𐀁𐀂 and cuneiform 𒀀𒀁")
    add("math ∀x∈ℝ: x²≥0 ∧ ∃y∉ℚ, ∮E⋅da = Q/ε₀, ∑ ∏ ∫ √ ∞ ≈ ≠ ≤ ⊂ ⊕")
    add("math alphanumerics 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝐀𝐁𝐂 𝑥𝑦𝑧 𝟘𝟙𝟚")
    add("box drawing ┌─┐│└┘ and arrows ← ↑ → ↓ ⇒ ⇔")
    add("private use \ue000\ue001 and replacement \ufffd character")
    add("the meta symbol ▁ itself, ▁▁ twice, and ▁leading")
    add("<unk> <s> </s> <pad> look like special pieces but are plain text")
    add("Ǆ ǅ ǆ Ǳ ǲ ǳ title-case digraphs")
    # ASCII edge cases.
    add("a")
    add("I")
    add("1234567890")
    add("3.14159 2,718 1e-10 0x1F -42 +7 100%")
    add("!!!???...;;;:::,,,")
    add("\"quoted\" 'single' `back` (paren) [bracket] {brace} <angle>")
    add("https://example.org/path?query=1&x=2#frag and user@example.com")
    add("for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; }")
    add("C:\\Windows\\System32 /usr/share/games/fortunes ~/.bashrc")
    add("ALL CAPS SENTENCE WITH SHOUTING")
    add("Don't won't can't shouldn't y'all o'clock")
    add("hyphen-ated em—dash en–dash ellipsis… “curly” ‘quotes’ «guillemets»")
    # Deterministic pseudo-random mixtures.
    rng = random.Random(20240101)
    alphabet = (list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                + list(" " * 12) + list(".,;:!?'\"()-") + ["\t"]
                + list("éèüößçñÅ") + ["e\u0301"] + list("ＡＢ１２")
                + list("今天天气中文日本") + list("ⰀⰁᏣᎳ∀∑") + ["😀", "👍🏽", "🇯🇵", "👨‍👩‍👧"])
    words = "the of and to in is that it was for on are with as his they at be this from".split()
    for i in range(100):
        n = rng.randint(5, 120)
        parts = []
        for _ in range(n):
            parts.append(rng.choice(words) + " " if rng.random() < 0.3 else rng.choice(alphabet))
        add("".join(parts))
    # Very long lines (a few thousand characters).
    add(("the quick brown fox jumps over the lazy dog " * 100).strip())
    add("a" * 5000)
    add("ab" * 2000)
    add(" ".join(str(i) for i in range(1, 1001)))
    add("Ⰰ" * 2000)
    add("今天天气不错" * 400)
    add(("naïve café 😀 ＡＢＣ ⰀⰁⰂ 中文 " * 150).strip())
    add(("Supercalifragilisticexpialidocious" * 80))
    return L

def cmd_en(outdir, holdout_every, *files):
    holdout_every = int(holdout_every)
    train, held, held_fortunes = [], [], []
    n_fortunes = n_held = 0
    per_file = []
    for path in files:
        fos = read_fortunes(path)
        k_held = 0
        for k, fo in enumerate(fos):
            n_fortunes += 1
            if k % holdout_every == holdout_every - 1:
                held.extend(fo)
                held_fortunes.append(fo)
                n_held += 1
                k_held += 1
            else:
                train.extend(fo)
        per_file.append((os.path.basename(path), len(fos), k_held))
    train_set = set(train)
    seen = set()
    held_lines = []
    for l in held:
        if l in train_set or l in seen:   # duplicated across files / fortunes
            continue
        seen.add(l)
        held_lines.append(l)
    # Whole held-out fortunes of several lines as one line (lines joined by a space).
    joined_lines = []
    for fo in held_fortunes:
        if len(fo) < 2:
            continue
        l = " ".join(x.strip() for x in fo)
        if l in train_set or l in seen:
            continue
        seen.add(l)
        joined_lines.append(l)
    special = special_lines()
    test = special + held_lines + joined_lines
    if len(test) < 5000:
        die("the test corpus has only %d lines (at least 5000 wanted)" % len(test))
    for i, l in enumerate(test):
        if not l.strip():
            die("test corpus line %d is blank" % (i + 1))
        if len(l.splitlines()) != 1 or "\r" in l or "\n" in l:
            die("test corpus line %d contains a line break character" % (i + 1))
        l.encode("utf-8")  # raises on lone surrogates
    with open(os.path.join(outdir, "train.txt"), "w", encoding="utf-8", newline="\n") as f:
        for l in train:
            f.write(l.strip() + "\n")
    with open(os.path.join(outdir, "en-test.txt"), "w", encoding="utf-8", newline="\n") as f:
        for l in test:
            f.write(l + "\n")
    stats = dict(files=[p[0] for p in per_file], fortunes=n_fortunes, held_fortunes=n_held,
                 train_lines=len(train), held_lines=len(held_lines), special_lines=len(special),
                 joined_lines=len(joined_lines),
                 test_lines=len(test), longest=max(len(l) for l in test))
    json.dump(stats, open(os.path.join(outdir, "en-stats.json"), "w"), indent=1)

# ---------------------------------------------------------------- Chinese ----
def cmd_zh(src, dst, min_freq, max_bytes):
    min_freq, max_bytes = int(min_freq), int(max_bytes)
    rows, seen = [], set()
    dup = 0
    with open(src, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line:
                continue
            parts = line.split(" ")
            if len(parts) not in (2, 3) or not parts[1].isdigit():
                die("%s:%d: unexpected line %r" % (src, n, line))
            if parts[0] in seen:
                dup += 1
                continue
            seen.add(parts[0])
            rows.append(parts)
    kept = [r for r in rows if int(r[1]) >= min_freq or len(r[0]) == 1]
    data = "".join(" ".join(r) + "\n" for r in kept).encode("utf-8")
    if len(data) > max_bytes:
        die("zh-words.dict would be %d bytes (> %d): raise ZH_MIN_FREQ" % (len(data), max_bytes))
    for w in ("今天", "天气", "不错"):
        if w not in {r[0] for r in kept}:
            die("zh-words.dict lacks %s" % w)
    with open(dst, "wb") as f:
        f.write(data)
    stats = dict(source_words=len(rows), duplicates_dropped=dup, kept=len(kept),
                 dropped=len(rows) - len(kept),
                 singles=sum(1 for r in kept if len(r[0]) == 1),
                 total_freq=sum(int(r[1]) for r in kept), bytes=len(data))
    print(json.dumps(stats))

def viterbi(text, dic):
    logz = math.log(sum(dic.values()))
    maxlen = max(len(w) for w in dic)
    best = [0.0] + [-math.inf] * len(text)
    route = [0] * (len(text) + 1)
    for e in range(1, len(text) + 1):
        for b in range(max(0, e - maxlen), e):
            w = text[b:e]
            if w in dic and best[b] > -math.inf:
                v = best[b] + math.log(dic[w]) - logz
                if v > best[e]:
                    best[e], route[e] = v, b
    if best[-1] == -math.inf:
        return None, None
    out, e = [], len(text)
    while e > 0:
        out.append(text[route[e]:e])
        e = route[e]
    return out[::-1], best[-1]

def cmd_zhcheck(dictfile, text, expected):
    dic = {}
    with open(dictfile, encoding="utf-8") as f:
        for line in f:
            p = line.split(" ")
            dic[p[0]] = int(p[1])
    seg, score = viterbi(text, dic)
    got = " / ".join(seg or [])
    print("%s -> %s (score %.4f)" % (text, got, score))
    if got != expected:
        die("Viterbi segmentation of %s is %r, expected %r" % (text, got, expected))

# ------------------------------------------------------- model inspection ----
def varint(buf, i):
    x = s = 0
    while True:
        b = buf[i]; i += 1
        x |= (b & 0x7F) << s; s += 7
        if b < 0x80:
            return x, i

def fields(buf):
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(buf, i)
        elif wt == 1:
            v = buf[i:i + 8]; i += 8
        elif wt == 2:
            n, i = varint(buf, i); v = buf[i:i + n]; i += n
        elif wt == 5:
            v = buf[i:i + 4]; i += 4
        else:
            die("unsupported wire type %d" % wt)
        yield num, wt, v

def cmd_inspect(model):
    buf = open(model, "rb").read()
    pieces = 0
    trainer = normalizer = None
    for num, wt, v in fields(buf):
        if num == 1: pieces += 1
        elif num == 2: trainer = v
        elif num == 3: normalizer = v
    ts = {num: v for num, wt, v in fields(trainer)}
    ns = {num: v for num, wt, v in fields(normalizer)}
    model_type = {1: "UNIGRAM", 2: "BPE", 3: "WORD", 4: "CHAR"}[ts.get(3, 1)]
    info = dict(pieces=pieces, model_type=model_type, vocab_size=ts.get(4),
                byte_fallback=bool(ts.get(35, 0)),
                normalizer=ns.get(1, b"").decode(),
                charsmap_bytes=len(ns.get(2, b"")))
    print(json.dumps(info))
    if model_type != "UNIGRAM":
        die("%s is not a unigram model" % model)

cmd = sys.argv[1]
{"en": cmd_en, "zh": cmd_zh, "zhcheck": cmd_zhcheck, "inspect": cmd_inspect}[cmd](*sys.argv[2:])
PY

export LC_ALL=C.UTF-8 PYTHONHASHSEED=0 PYTHONIOENCODING=utf-8

# --- English: corpus, held-out test lines, unigram model -----------------------
log "assembling the English corpus from ${#EN_FILES[@]} fortune files"
"$PYTHON" "$TMP/helper.py" en "$TMP" "$HOLDOUT_EVERY" "${EN_FILES[@]}"

log "training the unigram model (spm_train, vocab $EN_VOCAB_SIZE)"
# Run inside $TMP with relative names: the model's trainer_spec records --input and
# --model_prefix, so absolute temporary paths would make every build differ.
# --num_threads=1 keeps the scores independent of the thread count (the EM sums
# floats per thread), so the model is the same on every machine.
(cd "$TMP" && spm_train \
  --input=train.txt \
  --model_prefix=en-unigram \
  --model_type=unigram \
  --vocab_size="$EN_VOCAB_SIZE" \
  --byte_fallback=false \
  --input_sentence_size="$EN_INPUT_SENTENCE_SIZE" \
  --shuffle_input_sentence=false \
  --num_threads=1 \
  --random_seed="$EN_SEED" \
  >spm_train.log 2>&1) || { tail -n 30 "$TMP/spm_train.log" >&2; die "spm_train failed"; }
EN_INFO=$("$PYTHON" "$TMP/helper.py" inspect "$TMP/en-unigram.model")
head -n 3 "$TMP/en-test.txt" | spm_encode --model="$TMP/en-unigram.model" --output_format=piece >/dev/null ||
  die "spm_encode cannot read the new model"

# --- Chinese: jieba dictionary --------------------------------------------------
log "cutting the jieba dictionary ($JIEBA_DICT)"
ZH_INFO=$("$PYTHON" "$TMP/helper.py" zh "$JIEBA_DICT" "$TMP/zh-words.dict" "$ZH_MIN_FREQ" "$ZH_MAX_BYTES")
ZH_CHECK=$("$PYTHON" "$TMP/helper.py" zhcheck "$TMP/zh-words.dict" "今天天气不错" "今天 / 天气 / 不错")

# --- install the outputs ----------------------------------------------------------
mkdir -p "$MODELS_DIR" "$CORPUS_DIR"
install_file() { # src dst: replace only if the content changed
  if ! cmp -s "$1" "$2"; then cp "$1" "$2.tmp.$$" && mv -f "$2.tmp.$$" "$2"; fi
}
install_file "$TMP/en-unigram.model" "$MODELS_DIR/en-unigram.model"
install_file "$TMP/zh-words.dict" "$MODELS_DIR/zh-words.dict"
install_file "$TMP/en-test.txt" "$CORPUS_DIR/en-test.txt"

size() { stat -c %s "$1"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
stat_of() { "$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$TMP/en-stats.json" "$1"; }
json_of() { "$PYTHON" -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

EN_MODEL="$MODELS_DIR/en-unigram.model"
ZH_DICT="$MODELS_DIR/zh-words.dict"
EN_TEST="$CORPUS_DIR/en-test.txt"
EN_FILE_NAMES=$(for f in "${EN_FILES[@]}"; do printf '%s ' "${f##*/}"; done | sed 's/ $//')
V_SP=$(pkg_version sentencepiece)
V_FORT=$(pkg_version fortunes)
V_FMIN=$(pkg_version fortunes-min)
V_JIEBA=$(pkg_version python3-jieba)

# --- documentation ------------------------------------------------------------------
cat >"$TMP/models-README.md" <<EOF
# Shipped tokenizer models

Generated by \`bash tools/build_models.sh\` (run from the repository root on Debian 12;
needs the Debian packages \`sentencepiece\`, \`fortunes\`, \`fortunes-min\`,
\`python3-jieba\`, \`python3\`). Do not edit these files by hand: rerun the script.
The script is deterministic; a second run reproduces the same bytes (spm_train runs
with one thread, no shuffling and relative file names, all recorded in the model's
trainer_spec; with several threads its scores would depend on the thread count).

| File | Source data | Licence | Size (bytes) | sha256 |
|---|---|---|---|---|
| \`en-unigram.model\` | Debian \`fortunes\` $V_FORT + \`fortunes-min\` $V_FMIN (English fortune files), trained with Debian \`sentencepiece\` $V_SP \`spm_train\` | BSD-3-Clause (fortune-mod, see /usr/share/doc/fortunes/copyright); the fortunes are quotations by many authors | $(size "$EN_MODEL") | \`$(sha "$EN_MODEL")\` |
| \`zh-words.dict\` | jieba word-frequency dictionary \`jieba/dict.txt\` from Debian \`python3-jieba\` $V_JIEBA, cut (below) | MIT (Expat), Copyright 2012-2017 Sun Junyi | $(size "$ZH_DICT") | \`$(sha "$ZH_DICT")\` |

## en-unigram.model

SentencePiece unigram model (protobuf \`ModelProto\`), $(json_of "$EN_INFO" pieces) pieces
(\`<unk>\` = 0, \`<s>\` = 1, \`</s>\` = 2), normalization \`$(json_of "$EN_INFO" normalizer)\`
(the default), no byte fallback: characters outside the vocabulary become \`<unk>\`.

- Corpus: the plain-text fortune files installed by \`fortunes\` and \`fortunes-min\`
  directly in /usr/share/games/fortunes ($EN_FILE_NAMES). Not used: the .dat/.u8 index
  files, offensive sets (package \`fortunes-off\`, subdirectory off/), the Chinese files
  of \`fortunes-zh\` (chinese, song100, tang300), \`ascii-art\` (drawings) and
  \`translate-me\` (Latin and French one-liners).
- Cleaning: \`%\` separators removed, overstrike sequences (\`_\\bX\`) and control
  characters removed, doubly encoded UTF-8 (e.g. in \`law\`) repaired, blank lines
  dropped; one line of a fortune = one training sentence.
- Held out for testing: fortune number k (counted from 0 in each file) with
  k mod $HOLDOUT_EVERY = $((HOLDOUT_EVERY - 1)). Training used the other $(stat_of fortunes) − $(stat_of held_fortunes)
  fortunes, $(stat_of train_lines) lines.
- Command (inside the script):

      spm_train --input=train.txt --model_prefix=en-unigram --model_type=unigram \\
        --vocab_size=$EN_VOCAB_SIZE --byte_fallback=false \\
        --input_sentence_size=$EN_INPUT_SENTENCE_SIZE --shuffle_input_sentence=false \\
        --num_threads=1 --random_seed=$EN_SEED

  The \`.vocab\` file that spm_train also writes is not shipped (the model contains it).

## zh-words.dict

One \`word freq tag\` line per word (UTF-8, space separated, jieba format); the score of a
word is s(w) = log f(w) − log Σf with Σf = $(json_of "$ZH_INFO" total_freq), the sum over this file.

- Cut: jieba's dict.txt has $(json_of "$ZH_INFO" source_words) distinct words (5.07 MB, over the 5 MB budget).
  Words with frequency < $ZH_MIN_FREQ (the rarest ones: 2 or 3) are dropped, except single
  characters, which are all kept ($(json_of "$ZH_INFO" singles)) so that every text made of them has a
  segmentation: $(json_of "$ZH_INFO" kept) words kept, $(json_of "$ZH_INFO" dropped) dropped. The one duplicate line of
  dict.txt (\`B超\`) is kept once. Order as in dict.txt.
- Why $ZH_MIN_FREQ and not 3 (which would fit, at 4.5 MB): the full dictionary holds the idiom
  \`今天天气 3 i\`, so that Viterbi over it (and jieba itself) segments 今天天气不错 as
  今天天气 / 不错. The cut removes it, and the file is half the size for the page.
- Check (Viterbi, s(w) = log f(w) − log Σf): $ZH_CHECK.

## Test corpus

\`tests/conformance/corpus/en-test.txt\` ($(stat_of test_lines) lines) is built by the same script; see
\`tests/conformance/corpus/README.md\`.
EOF

cat >"$TMP/corpus-README.md" <<EOF
# Conformance corpus

Generated by \`bash tools/build_models.sh\`; do not edit by hand.

| File | Lines | Size (bytes) | sha256 |
|---|---|---|---|
| \`en-test.txt\` | $(stat_of test_lines) | $(size "$EN_TEST") | \`$(sha "$EN_TEST")\` |

\`en-test.txt\` is a corpus for checking Viterbi segmentation against SentencePiece
(\`spm_encode --model web/public/models/en-unigram.model --output_format=piece\`).
UTF-8, one item per line, LF line ends, no blank lines, and no character that Python's
\`str.splitlines\` treats as a line break (so no CR, VT, FF, U+0085, U+2028, U+2029).

1. Lines 1–$(stat_of special_lines): edge cases generated by the script: full-width and other
   NFKC compatibility forms (ＡＢＣ１２３), combining accents next to precomposed
   letters (e + U+0301, é), emoji (skin tones, ZWJ sequences, flags, keycaps), CJK, tabs,
   runs of spaces, leading and trailing spaces, characters outside the vocabulary
   (Glagolitic ⰀⰁⰂ, Cherokee, runes, math symbols), the meta symbol ▁ itself, mixed
   scripts, 100 pseudo-random mixtures (Python \`random.Random(20240101)\`), and 8
   very long lines (up to $(stat_of longest) characters).
2. Lines $(( $(stat_of special_lines) + 1 ))–$(( $(stat_of special_lines) + $(stat_of held_lines) )): $(stat_of held_lines) English lines from the held-out fortunes
   (fortune k of each file with k mod $HOLDOUT_EVERY = $((HOLDOUT_EVERY - 1)), $(stat_of held_fortunes) fortunes), which were not used
   to train \`en-unigram.model\`; lines that also occur in the training text and
   repeated lines are left out. They keep their leading tabs and spaces.
3. Lines $(( $(stat_of special_lines) + $(stat_of held_lines) + 1 ))–$(stat_of test_lines): $(stat_of joined_lines) held-out fortunes of two or more lines, each
   on one line (its lines stripped and joined by one space).

Parts 2 and 3: licence BSD-3-Clause (Debian \`fortunes\`, \`fortunes-min\`).
EOF
install_file "$TMP/models-README.md" "$MODELS_DIR/README.md"
install_file "$TMP/corpus-README.md" "$CORPUS_DIR/README.md"

log "en-unigram.model: $EN_INFO"
log "zh-words.dict: $ZH_INFO"
log "$ZH_CHECK"
for f in "$EN_MODEL" "$ZH_DICT" "$EN_TEST"; do
  printf '%10d  %s  %s\n' "$(size "$f")" "$(sha "$f")" "${f#"$ROOT"/}"
done
