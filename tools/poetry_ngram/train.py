"""Builds the CGMH lab's left-to-right language model: an interpolated modified
Kneser–Ney character trigram model (Chen & Goodman 1998, as KenLM estimates it) over the
poetry BERT's vocabulary, written as web/public/models/poetry-ngram/poetry-ngram.bin.

Data: the regulated Tang verse the poetry BERT trains on, with the same 500 poems held
out (its loader and split are imported from tools/poetry_bert/train.py). A sentence is
one verse line without its punctuation: [CLS] c_1 .. c_n [SEP], so [CLS] is <s> and
[SEP] is </s>; characters outside the vocabulary are [UNK].

Estimation (order 3): adjusted counts a(·) — raw counts for trigrams and for n-grams
that start with <s>, continuation counts N1+(• g) for the others; discounts D_n(1),
D_n(2), D_n(3+) from each order's count-of-counts; p_n(w|h) = (a(hw) − D(a(hw)))/S(h)
+ γ(h)·p_{n−1}(w|h'), the unigram level interpolated with the uniform law over the
tokens a sentence can hold. Pruning: trigrams seen fewer than --min-trigram times and
bigrams (not starting with <s>) whose adjusted count is below --min-bigram are dropped
after the estimate; each context's γ is then 1 − Σ over the kept words, so every
conditional still sums to 1. Stored as backoff: log p of every kept n-gram and log γ of
every context with a kept continuation (a bigram that is such a context is kept too).

File layout (little-endian), read by core/text/ngram_lm.cpp:
  8 bytes  "SPNGRAM1"
  u32      order (3)
  u32      V, the vocabulary size
  u32      T, then T bytes: the V tokens in id order, each followed by "\\n"
  u32 ×3   ids of <s> ([CLS]), </s> ([SEP]) and [UNK]
  V ×      (f32 log p(w), f32 log γ(w))            unigrams; log p = −inf: never predicted
  u32 N2, N2 × (u16 v, u16 w, f32 log p(w|v), f32 log γ(v w)), strictly ascending (v, w)
  u32 N3, N3 × (u16 u, u16 v, u16 w, f32 log p(w|u v)),      strictly ascending (u, v, w)
Natural logarithms. Nothing follows the trigrams.

usage: train.py --data DIST_DIR --vocab VOCAB_TXT --out FILE [--min-bigram 1] [--min-trigram 2]
"""
import argparse
import json
import math
import os
import re
import struct
import sys
import time
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "poetry_bert"))
import train as poetry_bert  # noqa: E402  (load_poems, split_tang: the BERT's data and split)

BOS, EOS = "[CLS]", "[SEP]"


def lines_of(poems, index, unk):
    out = []
    for poem in poems:
        for verse in re.findall(r"[^，。]+", poem):
            out.append([index[BOS]] + [index.get(ch, unk) for ch in verse] + [index[EOS]])
    return out


def discounts(counts):
    n = [0, 0, 0, 0, 0]
    for c in counts.values():
        if c <= 4:
            n[c] += 1
    y = n[1] / (n[1] + 2 * n[2])
    return [0.0, 1 - 2 * y * n[2] / n[1], 2 - 3 * y * n[3] / n[2], 3 - 4 * y * n[4] / n[3]]


def disc(d, c):
    return d[min(c, 3)]


def estimate(sentences, vocab_size, predictable, bos, min_bigram, min_trigram):
    c3 = defaultdict(int)
    c2_bos = defaultdict(int)  # bigrams starting with <s>: raw counts
    for s in sentences:
        c2_bos[(s[0], s[1])] += 1
        for i in range(2, len(s)):
            c3[(s[i - 2], s[i - 1], s[i])] += 1
    # adjusted counts of bigrams: continuation counts (distinct left words), raw after <s>
    a2 = defaultdict(int)
    for (u, v, w) in c3:
        if v != bos:
            a2[(v, w)] += 1
    for k, c in c2_bos.items():
        a2[k] = c
    a1 = defaultdict(int)
    for (v, w) in a2:
        a1[w] += 1
    d3, d2, d1 = discounts(c3), discounts(a2), discounts(a1)

    # unigrams
    total1 = sum(a1.values())
    g1 = sum(disc(d1, c) for c in a1.values()) / total1
    uniform = 1.0 / len(predictable)
    p1 = [0.0] * vocab_size
    for w in predictable:
        a = a1.get(w, 0)
        p1[w] = (max(a - disc(d1, a), 0) if a else 0) / total1 + g1 * uniform

    def grouped(counts):
        by = defaultdict(list)
        for k, c in counts.items():
            by[k[:-1]].append((k[-1], c))
        return by

    # bigrams
    p2, bow1 = {}, {}
    for (v,), items in grouped(a2).items():
        s = sum(c for _, c in items)
        kept = 0.0
        full = {}
        for w, c in items:
            full[w] = (c - disc(d2, c)) / s
        for w, c in items:
            if v == bos or c >= min_bigram:
                kept += full[w]
        gamma = 1 - kept
        bow1[v] = gamma
        for w, c in items:
            if v == bos or c >= min_bigram:
                p2[(v, w)] = full[w] + gamma * p1[w]

    def prob2(v, w):
        if (v, w) in p2:
            return p2[(v, w)]
        return bow1.get(v, 1.0) * p1[w]

    # trigrams
    p3, bow2 = {}, {}
    for (u, v), items in grouped(c3).items():
        s = sum(c for _, c in items)
        kept_items = [(w, c) for w, c in items if c >= min_trigram]
        if not kept_items:
            continue  # γ = 1: p(w | u v) = p(w | v) for every w, nothing to store
        gamma = 1 - sum((c - disc(d3, c)) / s for w, c in kept_items)
        bow2[(u, v)] = gamma
        for w, c in kept_items:
            p3[(u, v, w)] = (c - disc(d3, c)) / s + gamma * prob2(v, w)
    # every trigram context needs a bigram entry to carry its γ
    for (u, v) in bow2:
        if (u, v) not in p2:
            p2[(u, v)] = prob2(u, v)
    return p1, bow1, p2, bow2, p3, {"D3": d3[1:], "D2": d2[1:], "D1": d1[1:]}


def log_prob(sentence, p1, bow1, p2, bow2, p3):
    """Σ log p over the sentence's tokens after <s> (the end included), by backoff."""
    total = 0.0
    for i in range(1, len(sentence)):
        w, v = sentence[i], sentence[i - 1]
        u = sentence[i - 2] if i >= 2 else None
        if u is not None and (u, v, w) in p3:
            p = p3[(u, v, w)]
        else:
            b = bow2.get((u, v), 1.0) if u is not None else 1.0
            p = b * (p2[(v, w)] if (v, w) in p2 else bow1.get(v, 1.0) * p1[w])
        total += math.log(p)
    return total


def write(path, tokens, ids, p1, bow1, p2, bow2, p3):
    neg_inf = float("-inf")
    lg = lambda x: math.log(x) if x > 0 else neg_inf
    text = "".join(t + "\n" for t in tokens).encode("utf-8")
    out = bytearray(b"SPNGRAM1")
    out += struct.pack("<III", 3, len(tokens), len(text)) + text
    out += struct.pack("<III", *ids)
    for w in range(len(tokens)):
        out += struct.pack("<ff", lg(p1[w]), lg(bow1.get(w, 1.0)))
    out += struct.pack("<I", len(p2))
    for (v, w) in sorted(p2):
        out += struct.pack("<HHff", v, w, lg(p2[(v, w)]), lg(bow2.get((v, w), 1.0)))
    out += struct.pack("<I", len(p3))
    for (u, v, w) in sorted(p3):
        out += struct.pack("<HHHf", u, v, w, lg(p3[(u, v, w)]))
    with open(path, "wb") as f:
        f.write(out)
    return len(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--vocab", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--min-bigram", type=int, default=1)
    ap.add_argument("--min-trigram", type=int, default=2)
    args = ap.parse_args()
    start = time.time()
    with open(args.vocab, encoding="utf-8") as f:
        tokens = f.read().split("\n")
    if tokens and tokens[-1] == "":
        tokens.pop()
    index = {t: i for i, t in enumerate(tokens)}
    unk, bos, eos = index["[UNK]"], index[BOS], index[EOS]
    # tokens a sentence can hold: characters, [UNK] and </s> (never <s>, [PAD], [MASK], punctuation)
    predictable = [i for i, t in enumerate(tokens)
                   if t not in ("[PAD]", "[CLS]", "[MASK]", "，", "。") and not (t.startswith("[") and t != "[UNK]" and t != EOS)]
    train, held = poetry_bert.split_tang(args.data)
    train_lines, held_lines = lines_of(train, index, unk), lines_of(held, index, unk)
    p1, bow1, p2, bow2, p3, d = estimate(train_lines, len(tokens), predictable, bos, args.min_bigram, args.min_trigram)
    size = write(args.out, tokens, (bos, eos, unk), p1, bow1, p2, bow2, p3)
    total = sum(log_prob(s, p1, bow1, p2, bow2, p3) for s in held_lines)
    n = sum(len(s) - 1 for s in held_lines)
    oov = sum(1 for s in held_lines for t in s if t == unk)
    figures = {"train_poems": len(train), "heldout_poems": len(held), "train_lines": len(train_lines),
               "heldout_lines": len(held_lines), "heldout_tokens": n, "heldout_unk": oov,
               "heldout_perplexity": round(math.exp(-total / n), 2), "bigrams": len(p2), "trigrams": len(p3),
               "bytes": size, "discounts": {k: [round(x, 4) for x in v] for k, v in d.items()},
               "min_bigram": args.min_bigram, "min_trigram": args.min_trigram,
               "seconds": round(time.time() - start, 1)}
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
