#!/usr/bin/env python3
"""Reference values for tests/core/test_diagnostics.cpp: ESS and split R-hat as the Stan
reference manual defines them ("Posterior Analysis": potential scale reduction, split
R-hat, effective sample size), written from the formulas with numpy, independently of
core/mcmc/diagnostics.cpp (direct sums instead of an FFT, pairs instead of lags).

Details the manual leaves to Stan's code (stan/analyze/mcmc/ess.hpp): rho_0 = 1; a pair
P_k = rho_2k + rho_2k+1 is examined only while 2k + 1 <= n - 3 and the previous pair was
positive; the sum stops before the first pair that is not positive (a pair summing to
exactly 0 is not covered here), and that pair's even term is added once if positive (the
antithetic correction); when every allowed pair is positive, the last allowed pair's even
term (after the monotone step) enters the sum, its raw value the correction, and its odd
term is left out; the monotone step lowers a pair above the one before it to that one,
split equally between its two terms; tau >= 1 / log10(M N).

Input (argv[1]): blocks "case NAME M N" followed by M lines of N numbers.
Output: one line per case: "NAME ess rhat" (rhat "nan" when N < 4).
"""
import sys
import numpy as np


def acov(x):
    # gamma_t = (1/N) sum_{i} (x_i - mean)(x_{i+t} - mean), t = 0..N-1
    n = len(x)
    d = x - x.mean()
    return np.array([np.dot(d[: n - t], d[t:]) / n for t in range(n)])


def ess(chains):
    m, n = chains.shape
    g = np.array([acov(c) for c in chains])          # m x n
    s2 = g[:, 0] * n / (n - 1)                         # unbiased within-chain variances
    w = s2.mean()
    var_plus = (n - 1) / n * w + (chains.mean(axis=1).var(ddof=1) if m > 1 else 0.0)
    rho = 1.0 - (w - g.mean(axis=0)) / var_plus      # rho_t for t >= 1
    rho[0] = 1.0
    total = m * n
    pairs = [rho[0] + rho[1]]                         # P_0, P_1, ...
    k = 1
    while pairs[-1] > 0 and 2 * k + 1 <= n - 3:
        pairs.append(rho[2 * k] + rho[2 * k + 1])
        k += 1
    if len(pairs) == 1:
        # no pair after P_0 was examined (n < 6, or P_0 <= 0): rho_0 and a correction of 1
        tau = -1 + 2 * rho[0] + 1.0
    elif pairs[-1] <= 0:
        # stopped at a pair that is not positive: it is dropped, its even term corrects
        even = rho[2 * (len(pairs) - 1)]
        tau = -1 + 2 * sum(np.minimum.accumulate(pairs[:-1])) + (even if even > 0 else 0.0)
    else:
        # every allowed pair positive: the last one gives only its even term to the sum
        even = rho[2 * (len(pairs) - 1)]
        mono = np.minimum.accumulate(pairs)
        last_even = mono[-1] / 2 if pairs[-1] > mono[-2] else even
        tau = -1 + 2 * (sum(mono[:-1]) + last_even) + (even if even > 0 else 0.0)
    tau = max(tau, 1 / np.log10(total))
    return total / tau


def split_rhat(chains):
    m, n = chains.shape
    if n < 4:
        return float("nan")
    h = n // 2
    halves = np.concatenate([chains[:, :h], chains[:, n - h:]])
    means = halves.mean(axis=1)
    w = halves.var(axis=1, ddof=1).mean()
    b = h * means.var(ddof=1)
    return float(np.sqrt(((h - 1) / h * w + b / h) / w))


def main():
    lines = open(sys.argv[1]).read().split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].startswith("case "):
            i += 1
            continue
        _, name, m, n = lines[i].split()
        m, n = int(m), int(n)
        chains = np.array([[float(v) for v in lines[i + 1 + c].split()] for c in range(m)])
        assert chains.shape == (m, n)
        print(name, repr(float(ess(chains))), repr(split_rhat(chains)))
        i += 1 + m


main()
