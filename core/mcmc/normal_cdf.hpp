#pragma once
// The standard normal distribution function and its upper tail, written with + − × ÷,
// sqrt and pmath::exp only, so native and wasm builds agree to the bit. Relative
// accuracy 1e-14 + 1e-15·z² (the upper tail keeps it far into the tail, down to 1e-300).
namespace sampling::mcmc {

double normal_cdf(double z);   // Φ(z)
double normal_tail(double z);  // 1 − Φ(z), without cancellation for large z

}  // namespace sampling::mcmc
