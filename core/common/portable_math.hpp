#pragma once
// exp and log written with + - * / only, so they round identically on every IEEE-754
// machine: the native build (glibc may pick FMA variants at run time) and wasm (musl)
// then give bit-identical samples for the same seed. Accuracy is within 1 ulp.
// The algorithms are the classic argument reduction + minimax polynomial ones:
//   exp(x) = 2^k · exp(r),   r = x − k·ln2,  |r| ≤ ln2/2
//   log(x) = k·ln2 + log(1+f),  log(1+f) = 2·atanh(s), s = f/(2+f)
namespace sampling::pmath {

double exp(double x);
double log(double x);
// cos(π·p) for p in [0, 1] (clamped), within a few ulp, exactly 1, 0 and −1 at 0, ½ and 1:
// the cosine learning-rate schedule, the same on every machine. Symmetry takes p to
// [0, ¼] (cos) or (¼, ½] (sin of π(½ − p)), then a Taylor series, |y| ≤ π/4.
double cos_pi(double p);

}  // namespace sampling::pmath
