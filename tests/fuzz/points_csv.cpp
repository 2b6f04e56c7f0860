// libFuzzer target: a CSV file of 2-D points for the flow lab, then the point cloud
// made from it drawing a few samples.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/common/error.hpp"
#include "core/common/rng.hpp"
#include "core/flow/datasets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    std::vector<float> points = sampling::flow::parse_points_csv(std::string_view(reinterpret_cast<const char*>(data), size));
    if (points.size() % 2 != 0) std::abort();
    const auto cloud = sampling::flow::make_point_cloud(std::move(points));
    sampling::Rng rng(1);
    std::vector<float> out;
    cloud->sample(16, rng, out);
    if (out.size() != 32) std::abort();
  } catch (const sampling::Error&) {
  }
  return 0;
}
