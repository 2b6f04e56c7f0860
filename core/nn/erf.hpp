#pragma once
// erf and the exact (erf) GELU from + − × ÷ only, so they round identically natively
// and in wasm (std::erf differs between glibc and musl), and branch-free, so loops over
// them vectorize.
//
//   erf(x) = x·P(x²)/Q(x²) for |x| ≤ 4, a rational fit made by tools/fit_erf.py with a
//            relative error below 3e-9 (in double); ±1 beyond (|erf(x) ∓ 1| < 1.6e-8).
namespace sampling::nn {

inline double erf(double x) {
  const double u = x < -4.0 ? -4.0 : (x > 4.0 ? 4.0 : x);
  const double z = u * u;
  const double p =
      1.1283791693537633 +
      z * (0.1852049450046617 +
           z * (0.05431673615939077 +
                z * (0.003849627703201288 +
                     z * (0.00037959257826861723 + z * (4.684315216350876e-06 + z * -1.3200023851744902e-08)))));
  const double q =
      1.0 + z * (0.4974670225237885 +
                 z * (0.11395877093552195 +
                      z * (0.015462067625075794 + z * (0.0013075509106323256 + z * 6.310614753561768e-05))));
  const double r = u * p / q;
  return x < -4.0 ? -1.0 : (x > 4.0 ? 1.0 : r);  // NaN stays NaN
}

// GELU(x) = ½·x·(1 + erf(x/√2)): Hugging Face's "gelu" (torch.nn.functional.gelu).
inline double gelu(double x) { return 0.5 * x * (1.0 + erf(x * 0.70710678118654752440)); }

}  // namespace sampling::nn
