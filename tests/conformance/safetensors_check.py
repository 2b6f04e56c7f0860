#!/usr/bin/python3
"""Independent check of an MLP file written by the C++ core (core/nn/safetensors.cpp,
core/nn/mlp_io.cpp), run by tests/conformance/nn.test.mjs with Debian's python3 and
python3-numpy. It parses the safetensors format by hand (struct + json, no code shared
with the C++ reader), checks names, shapes, dtypes, offsets and metadata, then computes
the MLP forward pass in numpy (float64) from those weights, in PyTorch's layout
(y = x @ W.T + b, SiLU between layers), and compares it with the C++ float32 output.

usage: safetensors_check.py DIR   (DIR holds mlp.safetensors, input.bin, output.bin)
Exits 0 when every check passes, 1 with a message otherwise.
"""
import json
import os
import re
import struct
import sys

import numpy as np


def fail(message):
    print("safetensors_check: FAIL: " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    check(len(raw) >= 8, "file shorter than 8 bytes")
    (n,) = struct.unpack("<Q", raw[:8])
    check(8 + n <= len(raw), "header length past the end of the file")
    check(n % 8 == 0, "header length %d is not a multiple of 8 (the reference writer pads it)" % n)
    header_bytes = raw[8:8 + n]
    header = json.loads(header_bytes.decode("utf-8"))
    check(isinstance(header, dict), "header is not a JSON object")
    data = raw[8 + n:]
    metadata = header.pop("__metadata__", {})
    check(isinstance(metadata, dict) and all(isinstance(v, str) for v in metadata.values()),
          "__metadata__ must map strings to strings")
    tensors = {}
    spans = []
    for name, entry in header.items():
        check(entry.get("dtype") == "F32", "%s: dtype %r, expected F32" % (name, entry.get("dtype")))
        shape = entry["shape"]
        begin, end = entry["data_offsets"]
        count = int(np.prod(shape)) if shape else 1
        check(end - begin == 4 * count, "%s: offsets [%d, %d] do not match shape %s" % (name, begin, end, shape))
        check(0 <= begin <= end <= len(data), "%s: offsets out of range" % name)
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(shape)
        spans.append((begin, end))
    # The layout the format asks writers for: contiguous, no gaps, covering all the data.
    spans.sort()
    position = 0
    for begin, end in spans:
        check(begin == position, "gap or overlap in the data at byte %d" % begin)
        position = end
    check(position == len(data), "data has %d bytes after the last tensor" % (len(data) - position))
    return tensors, metadata


def main():
    if len(sys.argv) != 2:
        fail("usage: safetensors_check.py DIR")
    folder = sys.argv[1]
    tensors, metadata = read_safetensors(os.path.join(folder, "mlp.safetensors"))

    check(metadata.get("activation") == "silu", "metadata activation is %r" % metadata.get("activation"))
    check(metadata.get("note") == "参考 — référence \"quoted\"", "non-ASCII metadata came back as %r" % metadata.get("note"))
    sizes = [int(s) for s in metadata["sizes"].split(",")]

    names = sorted(tensors)
    expected = sorted(["layers.%d.weight" % l for l in range(len(sizes) - 1)] +
                      ["layers.%d.bias" % l for l in range(len(sizes) - 1)])
    check(names == expected, "tensor names %s, expected %s" % (names, expected))
    for l in range(len(sizes) - 1):
        w, b = tensors["layers.%d.weight" % l], tensors["layers.%d.bias" % l]
        check(w.shape == (sizes[l + 1], sizes[l]), "layers.%d.weight has shape %s, expected [out, in] = %s"
              % (l, list(w.shape), [sizes[l + 1], sizes[l]]))
        check(b.shape == (sizes[l + 1],), "layers.%d.bias has shape %s" % (l, list(b.shape)))
        bound = 1.0 / np.sqrt(sizes[l])  # nn.Linear's default init range
        check(np.all(np.abs(w) <= bound) and np.all(np.abs(b) <= bound),
              "layers.%d values outside the init range +-%g" % (l, bound))
        check(np.std(w) > bound / 4, "layers.%d.weight looks constant" % l)

    x = np.fromfile(os.path.join(folder, "input.bin"), dtype="<f4").astype(np.float64).reshape(-1, sizes[0])
    y_cpp = np.fromfile(os.path.join(folder, "output.bin"), dtype="<f4").astype(np.float64).reshape(-1, sizes[-1])
    check(x.shape[0] == y_cpp.shape[0], "input has %d rows, output %d" % (x.shape[0], y_cpp.shape[0]))
    h = x
    for l in range(len(sizes) - 1):
        a = h @ tensors["layers.%d.weight" % l].astype(np.float64).T + tensors["layers.%d.bias" % l]
        h = a / (1.0 + np.exp(-a)) if l + 2 < len(sizes) else a
    error = np.max(np.abs(h - y_cpp) / (1.0 + np.abs(h)))
    check(error < 1e-5, "C++ float32 forward differs from numpy by %g (relative)" % error)
    print("safetensors_check: ok: %d tensors, %d rows, max relative difference %.2e" % (len(tensors), x.shape[0], error))


if __name__ == "__main__":
    main()
