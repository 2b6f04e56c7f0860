#!/usr/bin/python3
"""MeanFlow training steps per second in PyTorch on the CPU: the same model (MLP
4 → 128 → 128 → 128 → 2, SiLU), batch, objective and optimizer as our core, with the
JVP by forward-mode AD (torch.autograd.forward_ad); with METHOD fm, flow matching (inputs
z, t, 0; no JVP). Prints one JSON line.
usage: meanflow_torch.py THREADS STEPS [meanflow|fm]"""
import json
import math
import sys
import time

import torch
import torch.autograd.forward_ad as fwAD

threads, steps = int(sys.argv[1]), int(sys.argv[2])
method = sys.argv[3] if len(sys.argv) > 3 else "meanflow"
torch.set_num_threads(threads)
torch.manual_seed(0)
model = torch.nn.Sequential(
    torch.nn.Linear(4, 128), torch.nn.SiLU(),
    torch.nn.Linear(128, 128), torch.nn.SiLU(),
    torch.nn.Linear(128, 128), torch.nn.SiLU(),
    torch.nn.Linear(128, 2))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
batch = 256


def eight_gaussians(n):
    k = torch.randint(0, 8, (n,)).float() * (2 * math.pi / 8)
    return torch.stack([2 * torch.cos(k), 2 * torch.sin(k)], 1) + 0.1 * torch.randn(n, 2)


def fm_step():
    x = eight_gaussians(batch)
    eps = torch.randn(batch, 2)
    t = torch.rand(batch)
    z = (1 - t)[:, None] * x + t[:, None] * eps
    inputs = torch.cat([z, t[:, None], torch.zeros(batch, 1)], 1)
    loss = ((model(inputs) - (eps - x)) ** 2).sum(1).mean()
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()


def step():
    if method == "fm":
        return fm_step()
    x = eight_gaussians(batch)
    eps = torch.randn(batch, 2)
    a = torch.sigmoid(-0.4 + torch.randn(batch))
    b = torch.sigmoid(-0.4 + torch.randn(batch))
    b = torch.where(torch.rand(batch) < 0.75, a, b)
    t, r = torch.maximum(a, b), torch.minimum(a, b)
    z = (1 - t)[:, None] * x + t[:, None] * eps
    v = eps - x
    inputs = torch.cat([z, t[:, None], (t - r)[:, None]], 1)
    tangent = torch.cat([v, torch.ones(batch, 2)], 1)
    with fwAD.dual_level():
        out = model(fwAD.make_dual(inputs, tangent))
        u, du_dt = fwAD.unpack_dual(out)
    target = (v - (t - r)[:, None] * du_dt).detach()
    delta2 = ((u - target) ** 2).sum(1)
    w = 1.0 / (delta2.detach() + 1e-3)
    loss = (w * delta2).mean()
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()


for _ in range(10):
    step()
start = time.perf_counter()
for _ in range(steps):
    step()
elapsed = time.perf_counter() - start
print(json.dumps({"method": method, "threads": threads, "steps_per_s": steps / elapsed, "torch": torch.__version__,
                  "blas": torch.__config__.show().split("BLAS_INFO=")[-1].split(",")[0] if "BLAS_INFO=" in torch.__config__.show() else "?"}))
