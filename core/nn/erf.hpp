#pragma once
// erf, erfc and the exact (erf) GELU from + − × ÷ and the portable exp only, so they
// round identically natively and in wasm (std::erf may differ between glibc and musl).
// Within 1 ulp of the true value in double (the FreeBSD/SunPro algorithm).
namespace sampling::nn {

double erf(double x);
double erfc(double x);
// GELU(x) = x·Φ(x) = ½·x·erfc(−x/√2): Hugging Face's "gelu" (torch.nn.functional.gelu).
double gelu(double x);

}  // namespace sampling::nn
