#pragma once
// The network every method of the lab trains: an MLP from (z_x, z_y, t, s) to a 2-D
// vector. Time convention for all methods (specs/flows.md): data x at t = 0, noise ε at
// t = 1, z_t = (1 − t)·x + t·ε, conditional velocity v = ε − x. The second time input s
// is what each method conditions on besides t:
//   flow matching   v_θ(z, t)           s = 0
//   MeanFlow        u_θ(z, r, t)        s = t − r
//   Shortcut        s_θ(z, t, d)        s = d (the step size)
//   Consistency     F_θ(z, t), f_θ = z − t·F_θ(z, t)   s = 0
#include <cstdint>
#include <string>
#include <vector>

#include "core/nn/mlp.hpp"

namespace sampling::flow {

enum class Method { flow_matching, meanflow, shortcut, consistency };
Method parse_method(const std::string& name);  // fm | meanflow | shortcut | consistency
const char* method_name(Method m);

constexpr int kInputs = 4;  // z_x, z_y, t, s

// Rows (z_x, z_y, t, s) for a batch: z is batch × 2; t and s per row.
void make_inputs(const float* z, const float* t, const float* s, int batch, std::vector<float>& out);
// The same with one t and one s for every row.
void make_inputs(const float* z, float t, float s, int batch, std::vector<float>& out);

// {4, hidden..., 2}; throws when a width is out of 1..4096 or the network would have more
// than kMaxParameters parameters (training keeps six copies: weights, gradients, Adam's two
// moments, the EMA and the last good weights).
std::vector<int> network_sizes(const std::vector<int>& hidden);
constexpr std::uint64_t kMaxParameters = std::uint64_t{1} << 24;

// Memory a pass over `rows` points needs: `per_unit` bytes per row for every hidden unit
// (activations the network keeps) plus `per_row` bytes of the caller's per point. Throws,
// before anything is allocated, when that is over limits::kMaxFlowWorkBytes; `what` says
// what was asked ("sampling 200000 points at NFE 1000 with the trajectory").
void check_work(const std::vector<int>& sizes, std::uint64_t rows, std::uint64_t per_unit, std::uint64_t per_row,
                const std::string& what, const char* advice);

}  // namespace sampling::flow
