#!/usr/bin/python3
"""Fits the rational approximation of erf used by core/nn/erf.hpp:

    erf(x) ≈ x·P(x²)/Q(x²)  on [0, 4],  P of degree 6, Q of degree 5 with Q(0) = 1,

minimizing the largest relative error (linearized least squares, iterated with Lawson
reweighting towards the minimax solution) on Chebyshev-spaced points. Prints the
coefficients and the largest relative error against math.erf, evaluated in double.

usage: tools/fit_erf.py   (Debian's /usr/bin/python3 with python3-numpy)
"""
import math

import numpy as np

LIMIT, P_TERMS, Q_TERMS = 4.0, 7, 5


def fit(iterations=60):
    xs = LIMIT * (0.5 - 0.5 * np.cos(np.linspace(0.0, math.pi, 4000)))[1:]
    f = np.array([math.erf(x) for x in xs])
    z = xs * xs
    weight, q, best = np.ones_like(xs), np.ones_like(xs), None
    for _ in range(iterations):
        # x·P(z) − f·(Q(z) − 1) = f, scaled by 1/(f·Q) so the residual is the relative error.
        a = np.hstack([xs[:, None] * z[:, None] ** np.arange(P_TERMS), -(f[:, None] * z[:, None] ** np.arange(1, Q_TERMS + 1))])
        scale = weight / (f * q)
        c, *_ = np.linalg.lstsq(a * scale[:, None], f * scale, rcond=None)
        p, b = c[:P_TERMS], c[P_TERMS:]
        q = 1 + (z[:, None] ** np.arange(1, Q_TERMS + 1)) @ b
        err = np.abs(xs * ((z[:, None] ** np.arange(P_TERMS)) @ p) / q - f) / f
        if best is None or err.max() < best[0]:
            best = (err.max(), p.copy(), b.copy())
        weight = weight * (err / err.max()) ** 0.3 + 1e-3
        weight /= weight.mean()
    return best


def main():
    _, p, b = fit()
    # Check on a fine grid, with Horner's rule as the C++ evaluates it.
    xs = np.concatenate([np.linspace(1e-6, LIMIT, 400001), np.logspace(-30, -6, 1000)])
    z = xs * xs
    num = np.full_like(xs, p[-1])
    for c in reversed(p[:-1]):
        num = num * z + c
    den = np.full_like(xs, b[-1])
    for c in reversed(b[:-1]):
        den = den * z + c
    den = den * z + 1.0
    ref = np.array([math.erf(x) for x in xs])
    worst = np.max(np.abs(xs * num / den - ref) / ref)
    print("P:", ", ".join(repr(float(v)) for v in p))
    print("Q:", "1, " + ", ".join(repr(float(v)) for v in b))
    print("max relative error on (0, %g]: %.3g" % (LIMIT, worst))


if __name__ == "__main__":
    main()
