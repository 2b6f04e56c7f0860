"""Exports an HF-layout BERT folder (config.json, model.safetensors) to ONNX for the
Gibbs benchmark's onnxruntime baselines: input `input_ids` int64 [1, LENGTH], output
`logits` float32 [1, LENGTH, vocab] (the full MLM head at every position, as a user of
onnxruntime would run a BertForMaskedLM export).

usage: bert_onnx.py MODEL_DIR LENGTH OUT.onnx
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "poetry_bert"))
from train import BertForMaskedLM, load_safetensors  # noqa: E402  (the training script's HF-named module)

class FullLogits(torch.nn.Module):
    def __init__(self, mlm):
        super().__init__()
        self.mlm = mlm

    def forward(self, input_ids):
        return self.mlm.head(self.mlm.bert(input_ids))


def main():
    model_dir, length, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(os.path.join(model_dir, "config.json")) as f:
        config = json.load(f)
    mlm = BertForMaskedLM(config)
    missing, _ = mlm.load_state_dict(load_safetensors(os.path.join(model_dir, "model.safetensors")), strict=False)
    if missing:
        raise SystemExit(f"bert_onnx: missing tensors {missing}")
    mlm.eval()
    ids = torch.full((1, length), 5, dtype=torch.long)
    torch.onnx.export(FullLogits(mlm), (ids,), out, input_names=["input_ids"], output_names=["logits"],
                      opset_version=14, do_constant_folding=True)
    print(json.dumps({"onnx": out, "length": length, "vocab_size": config["vocab_size"]}))


if __name__ == "__main__":
    main()
