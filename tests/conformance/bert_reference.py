#!/usr/bin/python3
"""Independent reference for the BERT engine (core/nn/bert, core/text/bert_tokenizer),
run by tests/conformance/bert.test.mjs with Debian's python3, python3-torch and
python3-numpy. Nothing here is shared with the C++ code:

  * safetensors is read and written by hand (struct + json);
  * the tokenizer is a fresh implementation of Hugging Face's BasicTokenizer
    (do_lower_case) + WordPiece, on Python's unicodedata and str.lower();
  * the encoder is torch.nn.TransformerEncoderLayer (post-LN, erf GELU, batch_first)
    loaded with the model's Hugging Face tensors, plus embeddings and the MLM head in
    plain torch.

usage:
  bert_reference.py make-model DIR --dtype F32|F16|BF16 --seed S [--variant plain|old-names|untied]
                    [--vocab FILE] [--max-position N]
      a random-weight BertForMaskedLM with odd sizes (hidden 48, 2 heads of 24,
      intermediate 100, 2 layers, ~40 tokens with CJK characters and WordPiece pieces)
  bert_reference.py mlm DIR < lines        one JSON object per line, as `sampling-cli mlm --top 0`
  bert_reference.py tokenize DIR < lines   one JSON array of ids per line (no [CLS]/[SEP])
"""
import argparse
import io
import json
import math
import struct
import sys
import unicodedata

import numpy as np
import torch

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


# ------------------------------------------------------------------ safetensors by hand
def write_safetensors(path, tensors, dtype):
    """tensors: name -> float32 numpy array; stored as dtype (F32, F16 or BF16)."""
    header, chunks, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name], dtype=np.float32)
        if dtype == "F32":
            raw = a.astype("<f4").tobytes()
        elif dtype == "F16":
            raw = a.astype("<f2").tobytes()
        elif dtype == "BF16":
            raw = torch.from_numpy(a).to(torch.bfloat16).view(torch.int16).numpy().astype("<i2").tobytes()
        else:
            raise ValueError(dtype)
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


def read_safetensors(path):
    """name -> float32 torch tensor (F16/BF16 widened exactly)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        chunk = data[b:end]
        shape = e["shape"]
        if e["dtype"] == "F32":
            t = torch.from_numpy(np.frombuffer(chunk, dtype="<f4").copy())
        elif e["dtype"] == "F16":
            t = torch.from_numpy(np.frombuffer(chunk, dtype="<f2").astype(np.float32))
        elif e["dtype"] == "BF16":
            bits = np.frombuffer(chunk, dtype="<u2").astype(np.uint32) << 16
            t = torch.from_numpy(bits.view(np.float32).copy())
        else:
            continue
        out[name] = t.reshape(shape)
    return out


# ------------------------------------------------------------------ tokenizer
def is_whitespace(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def is_control(ch):
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch).startswith("C")


def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


CJK_RANGES = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
              (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]


def is_cjk(ch):
    cp = ord(ch)
    return any(a <= cp <= b for a, b in CJK_RANGES)


def basic_words(text):
    cleaned = []
    for ch in text:
        if ord(ch) == 0 or ord(ch) == 0xFFFD or is_control(ch):
            continue
        if is_whitespace(ch):
            cleaned.append(" ")
        elif is_cjk(ch):
            cleaned.append(" " + ch + " ")
        else:
            cleaned.append(ch)
    words = []
    for token in "".join(cleaned).split():
        token = token.lower()
        token = "".join(c for c in unicodedata.normalize("NFD", token) if unicodedata.category(c) != "Mn")
        current = ""
        for ch in token:
            if is_punctuation(ch):
                if current:
                    words.append(current)
                current = ""
                words.append(ch)
            else:
                current += ch
        if current:
            words.append(current)
    return words


def split_specials(text):
    """Pieces of text and special tokens, leftmost match first."""
    pieces = []
    while True:
        hits = [(text.find(s), -len(s), s) for s in SPECIALS if text.find(s) >= 0]
        if not hits:
            pieces.append((False, text))
            return pieces
        at, _, s = min(hits)
        pieces.append((False, text[:at]))
        pieces.append((True, s))
        text = text[at + len(s):]


def wordpiece(word, vocab):
    if len(word) > 100:
        return [vocab["[UNK]"]]
    ids, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while start < end:
            piece = ("##" if start > 0 else "") + word[start:end]
            if piece in vocab:
                found = vocab[piece]
                break
            end -= 1
        if found is None:
            return [vocab["[UNK]"]]
        ids.append(found)
        start = end
    return ids


def encode(text, vocab):
    ids = []
    for special, piece in split_specials(text):
        if special:
            ids.append(vocab[piece])
            continue
        for word in basic_words(piece):
            ids.extend(wordpiece(word, vocab))
    return ids


def load_vocab(path):
    vocab = {}
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f.read().split("\n")):
            vocab[line.rstrip("\r")] = i
    return vocab


# ------------------------------------------------------------------ model
class Reference(torch.nn.Module):
    def __init__(self, config, weights):
        super().__init__()
        H, heads, eps = config["hidden_size"], config["num_attention_heads"], config["layer_norm_eps"]
        self.eps = eps
        g = lambda name: weights[name]

        def ln(prefix):
            w = weights.get(prefix + ".weight", weights.get(prefix + ".gamma"))
            b = weights.get(prefix + ".bias", weights.get(prefix + ".beta"))
            return w, b

        self.word = g("bert.embeddings.word_embeddings.weight")
        self.position = g("bert.embeddings.position_embeddings.weight")
        self.token_type = g("bert.embeddings.token_type_embeddings.weight")
        self.emb_ln = ln("bert.embeddings.LayerNorm")
        self.layers = torch.nn.ModuleList()
        for l in range(config["num_hidden_layers"]):
            p = "bert.encoder.layer.%d." % l
            layer = torch.nn.TransformerEncoderLayer(
                d_model=H, nhead=heads, dim_feedforward=config["intermediate_size"], dropout=0.0,
                activation="gelu", layer_norm_eps=eps, batch_first=True, norm_first=False)
            sd = {
                "self_attn.in_proj_weight": torch.cat([g(p + "attention.self.%s.weight" % s) for s in ("query", "key", "value")]),
                "self_attn.in_proj_bias": torch.cat([g(p + "attention.self.%s.bias" % s) for s in ("query", "key", "value")]),
                "self_attn.out_proj.weight": g(p + "attention.output.dense.weight"),
                "self_attn.out_proj.bias": g(p + "attention.output.dense.bias"),
                "linear1.weight": g(p + "intermediate.dense.weight"),
                "linear1.bias": g(p + "intermediate.dense.bias"),
                "linear2.weight": g(p + "output.dense.weight"),
                "linear2.bias": g(p + "output.dense.bias"),
            }
            sd["norm1.weight"], sd["norm1.bias"] = ln(p + "attention.output.LayerNorm")
            sd["norm2.weight"], sd["norm2.bias"] = ln(p + "output.LayerNorm")
            layer.load_state_dict(sd)
            self.layers.append(layer)
        self.transform_w = g("cls.predictions.transform.dense.weight")
        self.transform_b = g("cls.predictions.transform.dense.bias")
        self.transform_ln = ln("cls.predictions.transform.LayerNorm")
        self.decoder = weights.get("cls.predictions.decoder.weight", self.word)
        self.bias = g("cls.predictions.bias")
        self.eval()

    @torch.no_grad()
    def logits(self, ids):
        n = len(ids)
        ids_t = torch.tensor(ids)
        x = self.word[ids_t] + self.token_type[0] + self.position[:n]
        H = x.shape[-1]
        x = torch.nn.functional.layer_norm(x, (H,), self.emb_ln[0], self.emb_ln[1], self.eps).unsqueeze(0)
        for layer in self.layers:
            x = layer(x)
        x = x[0]
        t = torch.nn.functional.gelu(x @ self.transform_w.T + self.transform_b)
        t = torch.nn.functional.layer_norm(t, (H,), self.transform_ln[0], self.transform_ln[1], self.eps)
        return t @ self.decoder.T + self.bias


# ------------------------------------------------------------------ random model
def make_model(out, dtype, seed, variant, vocab_file=None, max_position=40):
    rng = np.random.default_rng(seed)
    vocab = SPECIALS + ["，", "。", "!", "春", "花", "月", "夜", "山", "水", "風", "人", "明", "光",
                        "the", "cat", "sat", "on", "mat", "un", "##aff", "##able", "##s", "##ing",
                        "play", "cafe", "naive", "a", "##b", "##c", "b", "c", "resume", "über", "x"]
    if vocab_file:
        with open(vocab_file, encoding="utf-8") as f:
            vocab = f.read().split("\n")
        if vocab[-1] == "":
            vocab.pop()
    V, H, heads, I, L, P = len(vocab), 48, 2, 100, 2, max_position
    config = {"architectures": ["BertForMaskedLM"], "model_type": "bert", "vocab_size": V, "hidden_size": H,
              "num_hidden_layers": L, "num_attention_heads": heads, "intermediate_size": I,
              "hidden_act": "gelu", "max_position_embeddings": P, "type_vocab_size": 2,
              "layer_norm_eps": 1e-12, "position_embedding_type": "absolute",
              "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1}
    def normal(*shape, std=0.3):
        return rng.normal(0.0, std, size=shape).astype(np.float32)
    ln_w = "gamma" if variant == "old-names" else "weight"
    ln_b = "beta" if variant == "old-names" else "bias"
    t = {}
    def add_ln(prefix):
        t[prefix + "." + ln_w] = 1.0 + normal(H, std=0.1)
        t[prefix + "." + ln_b] = normal(H, std=0.1)
    t["bert.embeddings.word_embeddings.weight"] = normal(V, H, std=1.0)
    t["bert.embeddings.position_embeddings.weight"] = normal(P, H, std=0.5)
    t["bert.embeddings.token_type_embeddings.weight"] = normal(2, H, std=0.5)
    add_ln("bert.embeddings.LayerNorm")
    for l in range(L):
        p = "bert.encoder.layer.%d." % l
        for s in ("query", "key", "value"):
            t[p + "attention.self.%s.weight" % s] = normal(H, H, std=0.25)
            t[p + "attention.self.%s.bias" % s] = normal(H, std=0.1)
        t[p + "attention.output.dense.weight"] = normal(H, H, std=0.15)
        t[p + "attention.output.dense.bias"] = normal(H, std=0.1)
        add_ln(p + "attention.output.LayerNorm")
        t[p + "intermediate.dense.weight"] = normal(I, H, std=0.2)
        t[p + "intermediate.dense.bias"] = normal(I, std=0.1)
        t[p + "output.dense.weight"] = normal(H, I, std=0.1)
        t[p + "output.dense.bias"] = normal(H, std=0.1)
        add_ln(p + "output.LayerNorm")
    t["cls.predictions.transform.dense.weight"] = normal(H, H, std=0.2)
    t["cls.predictions.transform.dense.bias"] = normal(H, std=0.1)
    add_ln("cls.predictions.transform.LayerNorm")
    t["cls.predictions.bias"] = normal(V, std=0.5)
    # Accepted and ignored by BertForMaskedLM.
    t["bert.pooler.dense.weight"] = normal(H, H)
    t["bert.pooler.dense.bias"] = normal(H)
    t["cls.seq_relationship.weight"] = normal(2, H)
    t["cls.seq_relationship.bias"] = normal(2)
    if variant == "untied":
        t["cls.predictions.decoder.weight"] = normal(V, H, std=0.5)
    import os
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    write_safetensors(os.path.join(out, "model.safetensors"), t, dtype)


def load(dirname):
    import os
    with open(os.path.join(dirname, "config.json")) as f:
        config = json.load(f)
    vocab = load_vocab(os.path.join(dirname, "vocab.txt"))
    weights = read_safetensors(os.path.join(dirname, "model.safetensors"))
    return config, vocab, weights


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["make-model", "mlm", "tokenize"])
    ap.add_argument("dir")
    ap.add_argument("--dtype", default="F32")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--variant", default="plain", choices=["plain", "old-names", "untied"])
    ap.add_argument("--vocab", help="make-model: this vocab.txt instead of the built-in one")
    ap.add_argument("--max-position", type=int, default=40)
    args = ap.parse_args()
    torch.set_num_threads(1)
    if args.command == "make-model":
        make_model(args.dir, args.dtype, args.seed, args.variant, args.vocab, args.max_position)
        return
    # UTF-8 whatever the locale, and no newline translation: lines end at "\n" only.
    lines = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline="\n").read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if args.command == "tokenize":
        import os
        vocab = load_vocab(os.path.join(args.dir, "vocab.txt"))
        for line in lines:
            print(json.dumps(encode(line, vocab)))
        return
    config, vocab, weights = load(args.dir)
    model = Reference(config, weights)
    for line in lines:
        ids = [vocab["[CLS]"]] + encode(line, vocab) + [vocab["[SEP]"]]
        masked = [i for i, t in enumerate(ids) if t == vocab["[MASK]"]]
        out = []
        if masked:
            logits = model.logits(ids)
            for i in masked:
                lp = torch.log_softmax(logits[i].double(), dim=-1)
                out.append({"index": i, "logprobs": [float(v) for v in lp]})
        print(json.dumps({"ids": ids, "masked": out}))


if __name__ == "__main__":
    main()
