#pragma once
// log Σ exp(v_i) without overflow: m + log Σ exp(v_i − m), m = max v_i.
#include <cstddef>

namespace sampling {

double log_sum_exp(const double* values, std::size_t n);

// log(exp(a) + exp(b)).
double log_add_exp(double a, double b);

}  // namespace sampling
