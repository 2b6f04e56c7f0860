#pragma once
// The 2-D targets of the one-step generation lab: moons, checkerboard, 8 Gaussians,
// spiral, rings, and a point cloud the user brings (drawn points, or a CSV file) as a
// mixture of small Gaussians around its points. Points are rows (x, y) of a flat array.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/rng.hpp"

namespace sampling::flow {

class Dataset {
 public:
  virtual ~Dataset() = default;
  virtual std::string name() const = 0;
  // Appends n points (2n floats) to `out`.
  virtual void sample(std::size_t n, Rng& rng, std::vector<float>& out) const = 0;
};

const std::vector<std::string>& dataset_names();  // moons, checkerboard, 8gaussians, spiral, rings
std::unique_ptr<Dataset> make_dataset(const std::string& name);
// A user's points: at least 10, finite; each draw picks a point and adds N(0, h²) noise.
std::unique_ptr<Dataset> make_point_cloud(std::vector<float> points, double bandwidth = 0.05);
// Points given as doubles (the page's numbers), checked as make_point_cloud checks them
// but before rounding to float (10000.0001 would round to 10000), then converted.
std::vector<float> points_from_doubles(const std::vector<double>& values);
// "x,y" lines (blank lines, and a first line with no number in it, a header, are
// skipped). Throws naming the line.
std::vector<float> parse_points_csv(std::string_view text);

}  // namespace sampling::flow
