#pragma once
// Goodness of fit of sample counts to a known distribution: Pearson's chi-square test
// and the total-variation distance, with the TV an exact sampler would show with the
// same number of draws (its noise floor).
#include <cstddef>
#include <vector>

namespace sampling::stats {

struct ChiSquareResult {
  double statistic = 0;    // Σ (O − E)² / E over the tested cells (∞ if a count is impossible)
  int df = 0;              // tested cells − 1 (0: nothing to test, p is NaN)
  double p_value = 0;      // P(χ²_df ≥ statistic); 0 when it is below the smallest double
  double log_p_value = 0;  // its natural logarithm, finite far below 1e-300
  int cells = 0;           // cells tested after pooling
  double n = 0;            // total count, extra_observed included
};

// Weights as probabilities: each over their sum, after dividing by the largest so that
// weights near the double maximum do not overflow the sum. Throws sampling::Error when
// the list is empty or every weight is 0 (weights must be finite and ≥ 0).
std::vector<double> normalized_probabilities(const std::vector<double>& weights, const char* what);

// Pearson's test of `observed` counts against category probabilities (normalized to sum
// to 1; with draws, probabilities that are all 0 are an error). Cells whose expected
// count is below `min_expected` are pooled into one cell ("the rest"); if that cell is
// still below it, it joins the smallest kept cell, so no count is dropped. Counts in a
// category of probability 0 (`extra_observed`: draws outside the list) make the fit
// impossible: statistic ∞, p = 0, log p = −∞.
ChiSquareResult chi_square_test(const std::vector<double>& observed, const std::vector<double>& probabilities,
                                double min_expected = 5, double extra_observed = 0);

// ½ Σ |observed_i / n − p_i|, with `extra_observed` draws outside the list and the
// probability mass missing from the list (1 − Σ p) both counted as differences.
double total_variation(const std::vector<double>& observed, const std::vector<double>& probabilities,
                       double extra_observed = 0);

// E[TV] of n independent exact draws from `probabilities` (summing to 1):
// ½ Σ E|X_i/n − p_i| with X_i ~ Binomial(n, p_i) and De Moivre's closed form
// E|X − np| = 2ν·C(n, ν)·p^ν·(1 − p)^(n − ν + 1), ν = ⌊np⌋ + 1.
double expected_total_variation(const std::vector<double>& probabilities, double n);

}  // namespace sampling::stats
