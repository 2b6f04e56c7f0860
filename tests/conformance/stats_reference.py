"""Reference values for core/stats from SciPy (Debian python3-scipy), no shared code.

Reads a JSON list of cases on stdin and writes a JSON list of results:
  {"kind": "chi-square", "observed": [...], "probabilities": [...], "extra": E, "min_expected": M}
      -> statistic, df, p, log_p, cells, tv, expected_tv
  {"kind": "survival", "x": X, "df": DF} -> p, log_p
  {"kind": "energy", "a": [x, y, ...], "b": [...]} -> energy_distance
The pooling rule (cells of expected count < M pooled into one; a pooled cell still below
M joins the smallest kept cell) is restated here; scipy.stats.chisquare tests the cells.
Near p = 1, log p is log1p(−cdf). Where scipy.stats.chi2.logsf underflows (SciPy 1.10 computes it as log(sf)), log Q(a, x)
comes from quadrature: Γ(a, x) = x^(a−1) e^(−x) ∫_0^∞ (1 + u/x)^(a−1) e^(−u) du.
"""
import json
import warnings
import math
import sys

import numpy as np
from scipy import integrate, special, stats
from scipy.spatial import distance


def log_chi2_sf(x, df):
    sf = stats.chi2.sf(x, df)
    if sf > 0.5:  # log(sf) would lose the digits of a small cdf
        return float(np.log1p(-stats.chi2.cdf(x, df)))
    if sf > 1e-280:
        return float(np.log(sf))
    a, h = df / 2.0, x / 2.0
    integral, _ = integrate.quad(lambda u: (1 + u / h) ** (a - 1) * math.exp(-u), 0, np.inf, epsabs=0, epsrel=1e-13)
    return -h + (a - 1) * math.log(h) - special.gammaln(a) + math.log(integral)


def chi_square(case):
    obs = np.asarray(case["observed"], dtype=float)
    p = np.asarray(case["probabilities"], dtype=float)
    extra = float(case.get("extra", 0))
    m = float(case.get("min_expected", 5))
    obs = np.concatenate([obs, np.zeros(len(p) - len(obs))])
    n = obs.sum() + extra
    p = p / p.sum()
    exp = n * p
    tv = 0.5 * (np.abs(obs / n - p).sum() + extra / n)
    # E|X − np| for X ~ Binomial(n, p) by summing the pmf (not De Moivre's closed form).
    k = np.arange(int(n) + 1)
    expected_tv = sum(float(np.sum(np.abs(k - n * q) * stats.binom.pmf(k, int(n), q))) for q in p) / (2 * n)
    out = {"tv": tv, "expected_tv": expected_tv}
    if extra > 0 or np.any((exp == 0) & (obs > 0)):
        return {**out, "statistic": None, "p": 0.0, "log_p": None}
    keep = exp >= m
    small = (exp < m) & (exp > 0)
    cells_e, cells_o = list(exp[keep]), list(obs[keep])
    if small.any():
        pe, po = exp[small].sum(), obs[small].sum()
        if pe >= m or not cells_e:
            cells_e.append(pe)
            cells_o.append(po)
        else:
            i = int(np.argmin(cells_e))
            cells_e[i] += pe
            cells_o[i] += po
    df = len(cells_e) - 1
    out["cells"] = len(cells_e)
    out["df"] = max(df, 0)
    if df < 1:
        return {**out, "statistic": float(sum((o - e) ** 2 / e for o, e in zip(cells_o, cells_e))), "p": None, "log_p": None}
    r = stats.chisquare(cells_o, cells_e)
    return {**out, "statistic": float(r.statistic), "p": float(r.pvalue), "log_p": log_chi2_sf(float(r.statistic), df)}


def energy(case):
    a = np.asarray(case["a"], dtype=float).reshape(-1, 2)
    b = np.asarray(case["b"], dtype=float).reshape(-1, 2)
    return {"energy_distance": float(2 * distance.cdist(a, b).mean() - distance.pdist(a).mean() - distance.pdist(b).mean())}


def main():
    warnings.simplefilter("ignore", RuntimeWarning)  # binom.pmf of p = 1 cells
    results = []
    for case in json.load(sys.stdin):
        if case["kind"] == "chi-square":
            results.append(chi_square(case))
        elif case["kind"] == "survival":
            results.append({"p": float(stats.chi2.sf(case["x"], case["df"])), "log_p": log_chi2_sf(case["x"], case["df"])})
        else:
            results.append(energy(case))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
