#pragma once
// The MeanFlow regression target, shared by the objective and its test:
// one forward-mode pass of u_θ at inputs (z_t, t, t − r) with tangent (v, 1, 1), i.e.
// along the path (dz/dt = v, r fixed), gives u and du/dt; u_tgt = v − (t − r)·du/dt.
#include <vector>

#include "core/flow/flow_model.hpp"

namespace sampling::flow {

// z, v: batch × 2; t, gap (= t − r): batch. Fills u (the network's output) and target.
// The network keeps the primal activations, so backward can follow directly.
template <class T>
void meanflow_target(nn::Mlp<T>& net, const std::vector<T>& z, const std::vector<T>& v, const std::vector<T>& t,
                     const std::vector<T>& gap, std::vector<T>& inputs, std::vector<T>& tangent, std::vector<T>& u,
                     std::vector<T>& target) {
  const int batch = static_cast<int>(t.size());
  inputs.resize(static_cast<std::size_t>(batch) * kInputs), tangent.resize(inputs.size());
  for (int i = 0; i < batch; ++i) {
    T* row = inputs.data() + static_cast<std::size_t>(i) * kInputs;
    T* dot = tangent.data() + static_cast<std::size_t>(i) * kInputs;
    row[0] = z[2 * i], row[1] = z[2 * i + 1], row[2] = t[i], row[3] = gap[i];
    dot[0] = v[2 * i], dot[1] = v[2 * i + 1], dot[2] = 1, dot[3] = 1;  // d/dt of (z_t, t, t − r)
  }
  const T* du_dt = nullptr;
  const T* out = net.forward_jvp(inputs.data(), tangent.data(), batch, &du_dt);
  u.assign(out, out + 2 * batch);
  target.resize(2 * static_cast<std::size_t>(batch));
  for (int i = 0; i < 2 * batch; ++i) target[i] = v[i] - gap[i / 2] * du_dt[i];
}

}  // namespace sampling::flow
