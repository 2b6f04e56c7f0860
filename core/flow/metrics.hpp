#pragma once
// Distances between two 2-D point sets (rows x, y), to compare generated samples with
// fresh target samples:
//   energy distance  D² = 2·E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖   (core/stats/energy_distance)
//   sliced W2        sqrt(mean over random directions θ of W2²(θ·X, θ·Y)), each 1-D W2
//                    from sorted projections (equal sample sizes)
#include <vector>

#include "core/common/rng.hpp"

namespace sampling::flow {

double energy_distance(const std::vector<float>& a, const std::vector<float>& b);
double sliced_wasserstein2(const std::vector<float>& a, const std::vector<float>& b, int directions, Rng& rng);

}  // namespace sampling::flow
