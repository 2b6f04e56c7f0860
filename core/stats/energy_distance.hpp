#pragma once
// Energy distance between two 2-D point sets (interleaved x, y), to compare generated
// samples with target samples:
//   D² = 2·E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖   (0 iff the laws are equal)
// with the within-set means over distinct pairs (U-statistics), so two samples of one
// distribution give about 0 (it can come out slightly negative).
#include <cstddef>

namespace sampling::stats {

// a: n × 2 values, b: m × 2 values (counts of doubles `a_size`, `b_size`); at least two
// points each, all finite.
double energy_distance(const double* a, std::size_t a_size, const double* b, std::size_t b_size);

}  // namespace sampling::stats
