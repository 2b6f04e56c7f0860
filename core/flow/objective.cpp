#include "core/flow/objective.hpp"

#include "core/common/error.hpp"

namespace sampling::flow {

std::unique_ptr<Objective> make_flow_matching();
std::unique_ptr<Objective> make_meanflow(const ObjectiveOptions&);
std::unique_ptr<Objective> make_shortcut(const ObjectiveOptions&);
std::unique_ptr<Objective> make_consistency(const ObjectiveOptions&);

std::unique_ptr<Objective> make_objective(Method method, const ObjectiveOptions& o) {
  switch (method) {
    case Method::flow_matching: return make_flow_matching();
    case Method::meanflow: return make_meanflow(o);
    case Method::shortcut: return make_shortcut(o);
    case Method::consistency: return make_consistency(o);
  }
  throw Error("flow: unknown method");
}

void interpolate(const std::vector<float>& x, const std::vector<float>& eps, const std::vector<float>& t,
                 std::vector<float>& z, std::vector<float>& v) {
  z.resize(x.size()), v.resize(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float ti = t[i / 2];
    z[i] = (1 - ti) * x[i] + ti * eps[i];
    v[i] = eps[i] - x[i];
  }
}

}  // namespace sampling::flow
