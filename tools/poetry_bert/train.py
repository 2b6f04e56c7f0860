"""Trains the shipped poetry BERT of the Gibbs lab (HF BertForMaskedLM layout).

Character-level masked LM on the Tang poems of npm `chinese-poetry` (poet.tang.*.json):
four- and eight-line regulated verse of five or seven characters per line. 500 Tang
poems are held out (fixed seed) and never trained on; Song poems are never read here
except by `--eval`, which scores 300 Song quatrains as the out-of-period test.

Resumable: a checkpoint is written every few minutes to --work; rerunning the same
command continues where it stopped. When the planned number of steps is reached the
script writes config.json, vocab.txt and model.safetensors (F16) to --out and prints
the held-out figures.

usage: train.py --data DIST_DIR --work DIR --out DIR [--minutes M | --steps N] [--threads T]

With --minutes the learning rate decays linearly to zero over that wall-clock budget (the
step count reached is printed and recorded, so `--steps N` repeats the schedule).
       train.py --data DIST_DIR --work DIR --out DIR --eval     (figures of --out only)
"""
import argparse
import glob
import json
import math
import os
import random
import re
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PAD, UNK, CLS, SEP, MASK = range(5)
PUNCT = "，。"


# ---------------------------------------------------------------- data
def regulated_verse(paragraphs):
    """The poem as one string if it is 4 or 8 lines of 5 or 7 characters with ，。 alternating."""
    text = "".join(paragraphs)
    verses = re.findall(r"([^，。]+)([，。])", text)
    if "".join(v + p for v, p in verses) != text or len(verses) not in (4, 8):
        return None
    widths = {len(v) for v, _ in verses}
    if len(widths) != 1 or widths.pop() not in (5, 7):
        return None
    if any(p != ("，" if i % 2 == 0 else "。") for i, (_, p) in enumerate(verses)):
        return None
    if any(ch.isspace() or ch in "？！；、：「」『』（）《》□" for v, _ in verses for ch in v):
        return None
    return text


def load_poems(dist, period):
    poems = []
    for path in sorted(glob.glob(os.path.join(dist, "quantangshi", f"poet.{period}.*.json")),
                       key=lambda p: int(p.rsplit(".", 2)[-2])):
        with open(path, encoding="utf-8") as f:
            for p in json.load(f):
                text = regulated_verse(p.get("paragraphs", []))
                if text:
                    poems.append(text)
    return poems


def split_tang(dist):
    poems = load_poems(dist, "tang")
    order = list(range(len(poems)))
    random.Random(20261130).shuffle(order)
    held = sorted(order[:500])
    held_set = set(held)
    train = [poems[i] for i in range(len(poems)) if i not in held_set]
    return train, [poems[i] for i in held]


def song_quatrains(dist):
    quatrains = [p for p in load_poems(dist, "song") if len(p) in (24, 32)]
    rng = random.Random(20261130)
    return rng.sample(quatrains, 300)


def build_vocab(train, min_count):
    counts = {}
    for p in train:
        for ch in p:
            counts[ch] = counts.get(ch, 0) + 1
    chars = sorted((c for c, n in counts.items() if n >= min_count and c not in PUNCT),
                   key=lambda c: (-counts[c], c))
    return SPECIALS + list(PUNCT) + chars


def encode(text, index):
    return [CLS] + [index.get(ch, UNK) for ch in text] + [SEP]


# ---------------------------------------------------------------- model (HF names)
class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, ids):
        pos = torch.arange(ids.shape[1])
        x = self.word_embeddings(ids) + self.position_embeddings(pos)[None] \
            + self.token_type_embeddings.weight[0]
        return self.LayerNorm(x)


class SelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden_size"]
        self.heads = c["num_attention_heads"]
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)


class DenseNorm(nn.Module):
    def __init__(self, c, n_in):
        super().__init__()
        self.dense = nn.Linear(n_in, c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = SelfAttention(c)
        self.output = DenseNorm(c, c["hidden_size"])


class Intermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["intermediate_size"])


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = Attention(c)
        self.intermediate = Intermediate(c)
        self.output = DenseNorm(c, c["intermediate_size"])

    def forward(self, x):
        b, n, h = x.shape
        a = self.attention.self
        heads, d = a.heads, h // a.heads
        q = a.query(x).view(b, n, heads, d).transpose(1, 2)
        k = a.key(x).view(b, n, heads, d).transpose(1, 2)
        v = a.value(x).view(b, n, heads, d).transpose(1, 2)
        w = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-1)
        ctx = (w @ v).transpose(1, 2).reshape(b, n, h)
        o = self.attention.output
        x = o.LayerNorm(x + o.dense(ctx))
        y = self.output.dense(F.gelu(self.intermediate.dense(x)))
        return self.output.LayerNorm(x + y)


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList(Layer(c) for _ in range(c["num_hidden_layers"]))


class Bert(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = Embeddings(c)
        self.encoder = Encoder(c)

    def forward(self, ids):
        x = self.embeddings(ids)
        for layer in self.encoder.layer:
            x = layer(x)
        return x


class Transform(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])


class Predictions(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.transform = Transform(c)
        self.bias = nn.Parameter(torch.zeros(c["vocab_size"]))


class Cls(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.predictions = Predictions(c)


class BertForMaskedLM(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bert = Bert(c)
        self.cls = Cls(c)
        for m in self.modules():  # BERT initialisation
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, std=c["initializer_range"])
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)

    def head(self, hidden):
        """Logits for the given rows of hidden states only (decoder tied to the word embeddings)."""
        t = self.cls.predictions.transform
        y = t.LayerNorm(F.gelu(t.dense(hidden)))
        return y @ self.bert.embeddings.word_embeddings.weight.t() + self.cls.predictions.bias


def make_config(vocab_size, args):
    return {
        "architectures": ["BertForMaskedLM"], "model_type": "bert",
        "vocab_size": vocab_size, "hidden_size": args.hidden, "num_hidden_layers": args.layers,
        "num_attention_heads": args.heads, "intermediate_size": 4 * args.hidden,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0,
        "max_position_embeddings": 66, "type_vocab_size": 2, "initializer_range": 0.02,
        "layer_norm_eps": 1e-12, "pad_token_id": PAD, "torch_dtype": "float16",
    }


# ---------------------------------------------------------------- training batches
class Batches:
    """Whole poems (or, for half of the eight-line ones, one of their two quatrains),
    grouped by length so a batch has no padding; ~tokens per batch is fixed."""

    def __init__(self, poems, index, tokens, rng):
        self.by_len = {}
        for p in poems:
            self.by_len.setdefault(len(p), []).append(encode(p, index))
        self.lengths = sorted(self.by_len)
        self.tokens, self.rng = tokens, rng
        self.weights = [len(self.by_len[n]) for n in self.lengths]
        self.vocab_lo = len(SPECIALS) + len(PUNCT)

    def next(self, vocab_size):
        rng = self.rng
        n = rng.choices(self.lengths, self.weights)[0]
        pool = self.by_len[n]
        half = n in (48, 64) and rng.random() < 0.5
        seq_len = (n // 2 if half else n) + 2
        rows = []
        for _ in range(max(1, self.tokens // seq_len)):
            ids = pool[rng.randrange(len(pool))]
            if half:
                start = 1 + (n // 2) * rng.randrange(2)
                ids = [CLS] + ids[start:start + n // 2] + [SEP]
            rows.append(ids)
        ids = torch.tensor(rows)
        # choose 15-50 % of the characters (never punctuation or specials) of each row
        chars = ids >= self.vocab_lo
        chars |= ids == UNK
        rate = torch.empty(len(rows), 1).uniform_(0.15, 0.5)
        chosen = (torch.rand(ids.shape) < rate) & chars
        targets = ids[chosen]
        inputs = ids.clone()
        r = torch.rand(targets.shape)
        replaced = torch.where(r < 0.9, torch.full_like(targets, MASK),
                               torch.where(r < 0.95, torch.randint(self.vocab_lo, vocab_size, targets.shape),
                                           targets))
        inputs[chosen] = replaced
        return inputs, chosen, targets


# ---------------------------------------------------------------- evaluation
@torch.no_grad()
def top1(model, poems, index, batch=512):
    """Top-1 accuracy with one character masked at a time (punctuation excluded).
    An out-of-vocabulary target counts as a miss."""
    model.eval()
    hits = total = 0
    rows, pos, gold = [], [], []

    def flush():
        nonlocal hits, rows, pos, gold
        if not rows:
            return
        ids = torch.tensor(rows)
        hidden = model.bert(ids)[torch.arange(len(rows)), torch.tensor(pos)]
        pred = model.head(hidden).argmax(-1)
        hits += int((pred == torch.tensor(gold)).sum())
        rows, pos, gold = [], [], []

    for p in poems:
        ids = encode(p, index)
        for i, ch in enumerate(p, start=1):
            if ch in PUNCT:
                continue
            total += 1
            if ids[i] == UNK:
                continue
            masked = list(ids)
            masked[i] = MASK
            rows.append(masked); pos.append(i); gold.append(ids[i])
            if len(rows) == batch:
                flush()
        flush()  # rows of one poem share a length
    model.train()
    return hits / total


# ---------------------------------------------------------------- files
def save_safetensors(path, tensors, metadata):
    header, chunks, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(tensors):
        data = tensors[name].detach().to(torch.float16).contiguous().numpy().astype("<f2").tobytes()
        header[name] = {"dtype": "F16", "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    blob = json.dumps(header, separators=(",", ":")).encode()
    blob += b" " * (-len(blob) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(blob)))
        f.write(blob)
        for c in chunks:
            f.write(c)
    os.replace(path + ".tmp", path)


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        b, e = meta["data_offsets"]
        if meta["dtype"] == "BF16":  # the high half of a float32
            arr = (np.frombuffer(data[b:e], dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            arr = np.frombuffer(data[b:e], dtype={"F32": "<f4", "F16": "<f2"}[meta["dtype"]]).astype(np.float32)
        out[name] = torch.from_numpy(arr.reshape(meta["shape"]).copy())
    return out


def export(model, config, vocab, out, metadata):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    save_safetensors(os.path.join(out, "model.safetensors"), model.state_dict(), metadata)


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="the package's dist/ folder")
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=95, help="time budget of the run (lr decays to 0 by then)")
    ap.add_argument("--steps", type=int, default=0, help="a fixed number of steps instead of a time budget")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--tokens", type=int, default=4096, help="tokens per batch")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--eval", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)

    train, held = split_tang(args.data)
    vocab = build_vocab(train, args.min_count)
    index = {t: i for i, t in enumerate(vocab)}
    config = make_config(len(vocab), args)

    if args.eval:
        with open(os.path.join(args.out, "config.json")) as f:
            config = json.load(f)
        with open(os.path.join(args.out, "vocab.txt"), encoding="utf-8") as f:
            vocab = f.read().split("\n")[:-1]
        index = {t: i for i, t in enumerate(vocab)}
        model = BertForMaskedLM(config)
        model.load_state_dict(load_safetensors(os.path.join(args.out, "model.safetensors")), strict=False)
        print(json.dumps({"tang_heldout_top1": round(top1(model, held, index), 4),
                          "song_quatrain_top1": round(top1(model, song_quatrains(args.data), index), 4)}))
        return

    os.makedirs(args.work, exist_ok=True)
    ckpt_path = os.path.join(args.work, "checkpoint.pt")
    model = BertForMaskedLM(config)
    decay = [p for n, p in model.named_parameters() if p.dim() > 1]
    no_decay = [p for n, p in model.named_parameters() if p.dim() <= 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.98), eps=1e-6)
    state = {"step": 0, "elapsed": 0.0, "log": []}
    rng = random.Random(1)
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        rng.setstate(ck["rng"])
        torch.set_rng_state(ck["torch_rng"])
        print(f"resumed at step {state['step']}, {state['elapsed'] / 60:.1f} min", flush=True)
    batches = Batches(train, index, args.tokens, rng)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"{len(train)} training poems, {len(held)} held out, vocabulary {len(vocab)}, "
          f"{n_params / 1e6:.2f}M parameters", flush=True)

    warmup = 300
    last_save = time.time()
    t0 = time.time() - state["elapsed"]
    loss_avg = None
    def progress():  # fraction of the run done: by steps when --steps is given, else by time
        if args.steps:
            return state["step"] / args.steps
        return (time.time() - t0) / (60 * args.minutes)

    while progress() < 1.0:
        step = state["step"]
        lr = args.lr * min(1.0, (step + 1) / warmup) * max(0.0, 1.0 - progress())
        for g in opt.param_groups:
            g["lr"] = lr
        inputs, chosen, targets = batches.next(len(vocab))
        hidden = model.bert(inputs)[chosen]
        loss = F.cross_entropy(model.head(hidden), targets)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        state["step"] = step + 1
        loss_avg = loss.item() if loss_avg is None else 0.98 * loss_avg + 0.02 * loss.item()
        if state["step"] % 100 == 0:
            state["elapsed"] = time.time() - t0
            print(f"step {state['step']} loss {loss_avg:.3f} lr {lr:.2e} "
                  f"{state['elapsed'] / 60:.1f} min", flush=True)
        if state["step"] % 2000 == 0:
            acc = top1(model, held[:100], index)
            state["log"].append([state["step"], round(state["elapsed"] / 60, 1), round(loss_avg, 3), round(acc, 4)])
            print(f"step {state['step']} held-out top-1 (100 poems) {acc:.4f}", flush=True)
        if time.time() - last_save > 300:
            state["elapsed"] = time.time() - t0
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state,
                        "rng": rng.getstate(), "torch_rng": torch.get_rng_state()}, ckpt_path + ".tmp")
            os.replace(ckpt_path + ".tmp", ckpt_path)
            last_save = time.time()

    state["elapsed"] = time.time() - t0
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state,
                "rng": rng.getstate(), "torch_rng": torch.get_rng_state()}, ckpt_path)
    tang = top1(model, held, index)
    song = top1(model, song_quatrains(args.data), index)
    figures = {"tang_heldout_top1": round(tang, 4), "song_quatrain_top1": round(song, 4),
               "steps": state["step"], "train_minutes": round(state["elapsed"] / 60, 1),
               "parameters": n_params, "vocab_size": len(vocab), "train_poems": len(train),
               "threads": args.threads, "tokens_per_batch": args.tokens, "lr": args.lr}
    export(model, config, vocab, args.out,
           {k: str(v) for k, v in figures.items()} | {"format": "pt", "data": "chinese-poetry 2.0.1 poet.tang"})
    with open(os.path.join(args.work, "figures.json"), "w") as f:
        json.dump(figures | {"log": state["log"]}, f, indent=1)
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
