#include "core/flow/datasets.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/common/decimal.hpp"
#include "core/common/error.hpp"

namespace sampling::flow {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Two interleaved half circles (scikit-learn's make_moons), centred and scaled.
class Moons : public Dataset {
 public:
  std::string name() const override { return "moons"; }
  void sample(std::size_t n, Rng& rng, std::vector<float>& out) const override {
    for (std::size_t i = 0; i < n; ++i) {
      const double a = kPi * rng.uniform();
      const bool upper = rng.uniform() < 0.5;
      const double x = upper ? std::cos(a) : 1 - std::cos(a);
      const double y = upper ? std::sin(a) : 0.5 - std::sin(a);
      out.push_back(static_cast<float>(2 * (x - 0.5) + 0.05 * rng.normal()));
      out.push_back(static_cast<float>(2 * (y - 0.25) + 0.05 * rng.normal()));
    }
  }
};

// A 4 × 4 checkerboard on [−2, 2]²: uniform over its 8 dark squares.
class Checkerboard : public Dataset {
 public:
  std::string name() const override { return "checkerboard"; }
  void sample(std::size_t n, Rng& rng, std::vector<float>& out) const override {
    for (std::size_t i = 0; i < n; ++i) {
      const int cell = static_cast<int>(rng.below(8));
      const int row = cell / 2, col = 2 * (cell % 2) + (row % 2);
      out.push_back(static_cast<float>(-2 + col + rng.uniform()));
      out.push_back(static_cast<float>(-2 + row + rng.uniform()));
    }
  }
};

// Eight Gaussians (sd 0.1) on a circle of radius 2.
class EightGaussians : public Dataset {
 public:
  std::string name() const override { return "8gaussians"; }
  void sample(std::size_t n, Rng& rng, std::vector<float>& out) const override {
    for (std::size_t i = 0; i < n; ++i) {
      const double a = 2 * kPi * static_cast<double>(rng.below(8)) / 8;
      out.push_back(static_cast<float>(2 * std::cos(a) + 0.1 * rng.normal()));
      out.push_back(static_cast<float>(2 * std::sin(a) + 0.1 * rng.normal()));
    }
  }
};

// A two-armed spiral: radius grows with the angle, arms opposite.
class Spiral : public Dataset {
 public:
  std::string name() const override { return "spiral"; }
  void sample(std::size_t n, Rng& rng, std::vector<float>& out) const override {
    for (std::size_t i = 0; i < n; ++i) {
      const double s = std::sqrt(rng.uniform());
      const double a = 3 * kPi * s + (rng.uniform() < 0.5 ? 0 : kPi);
      const double r = 2.2 * s;
      out.push_back(static_cast<float>(r * std::cos(a) + 0.05 * rng.normal()));
      out.push_back(static_cast<float>(r * std::sin(a) + 0.05 * rng.normal()));
    }
  }
};

// Three concentric rings (radii 0.6, 1.3, 2.0), points spread by ring length.
class Rings : public Dataset {
 public:
  std::string name() const override { return "rings"; }
  void sample(std::size_t n, Rng& rng, std::vector<float>& out) const override {
    static constexpr double radii[3] = {0.6, 1.3, 2.0};
    const double total = radii[0] + radii[1] + radii[2];
    for (std::size_t i = 0; i < n; ++i) {
      const double u = rng.uniform() * total;
      const double r = u < radii[0] ? radii[0] : u < radii[0] + radii[1] ? radii[1] : radii[2];
      const double a = 2 * kPi * rng.uniform();
      out.push_back(static_cast<float>(r * std::cos(a) + 0.04 * rng.normal()));
      out.push_back(static_cast<float>(r * std::sin(a) + 0.04 * rng.normal()));
    }
  }
};

class PointCloud : public Dataset {
 public:
  PointCloud(std::vector<float> points, double h) : points_(std::move(points)), h_(h) {}
  std::string name() const override { return "points"; }
  void sample(std::size_t n, Rng& rng, std::vector<float>& out) const override {
    const std::size_t count = points_.size() / 2;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t k = rng.below(count);
      out.push_back(static_cast<float>(points_[2 * k] + h_ * rng.normal()));
      out.push_back(static_cast<float>(points_[2 * k + 1] + h_ * rng.normal()));
    }
  }

 private:
  std::vector<float> points_;
  double h_;
};

}  // namespace

const std::vector<std::string>& dataset_names() {
  static const std::vector<std::string> names{"moons", "checkerboard", "8gaussians", "spiral", "rings"};
  return names;
}

std::unique_ptr<Dataset> make_dataset(const std::string& name) {
  if (name == "moons") return std::make_unique<Moons>();
  if (name == "checkerboard") return std::make_unique<Checkerboard>();
  if (name == "8gaussians") return std::make_unique<EightGaussians>();
  if (name == "spiral") return std::make_unique<Spiral>();
  if (name == "rings") return std::make_unique<Rings>();
  throw Error("unknown dataset '" + name + "': use moons, checkerboard, 8gaussians, spiral, rings or a CSV file of points");
}

namespace {
// x, y pairs, at least 10 points, every coordinate finite and within ±10000.
template <class T>
void check_points(const std::vector<T>& points) {
  if (points.size() % 2 != 0) throw Error("points: coordinates must come in x, y pairs");
  if (points.size() / 2 < 10)
    throw Error("points: at least 10 points are needed to train on, got " + std::to_string(points.size() / 2));
  for (std::size_t i = 0; i < points.size(); ++i)
    if (!std::isfinite(points[i]) || std::abs(points[i]) > 1e4)
      throw Error("points: point " + std::to_string(i / 2) + " is not a finite coordinate within ±10000, got " +
                  show(static_cast<double>(points[i])));
}
}  // namespace

std::vector<float> points_from_doubles(const std::vector<double>& values) {
  check_points(values);
  return std::vector<float>(values.begin(), values.end());
}

std::unique_ptr<Dataset> make_point_cloud(std::vector<float> points, double bandwidth) {
  check_points(points);
  if (!(std::isfinite(bandwidth) && bandwidth > 0 && bandwidth < 10))
    throw Error("points: bandwidth must be in (0, 10), got " + show(bandwidth));
  return std::make_unique<PointCloud>(std::move(points), bandwidth);
}

namespace {
std::string_view trimmed(std::string_view field) {
  const std::size_t first = field.find_first_not_of(" \t"), last = field.find_last_not_of(" \t");
  return first == std::string_view::npos ? std::string_view() : field.substr(first, last - first + 1);
}
// A decimal number with optional spaces around it ("1", "-2.5e3"); false for anything
// else, hex and inf or nan included. The range is checked by the caller, on the double.
bool parse_coordinate(std::string_view field, double& out) { return read_plain_decimal(trimmed(field), out); }
// Whether a field is anything strtod reads whole: a decimal of any size, hex, inf, nan.
bool number_like(std::string_view field) {
  const std::string t(trimmed(field));
  char* end = nullptr;
  std::strtod(t.c_str(), &end);
  return !t.empty() && end == t.c_str() + t.size();
}
// Whether any comma-separated field of `line` looks like a number: a first line with one
// is a damaged point ("1e39,1e39", "0x10,0x20", "nan,nan"), not a header.
bool has_number_field(std::string_view line) {
  for (std::size_t start = 0;;) {
    const std::size_t comma = line.find(',', start);
    if (number_like(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)))
      return true;
    if (comma == std::string_view::npos) return false;
    start = comma + 1;
  }
}
}  // namespace

std::vector<float> parse_points_csv(std::string_view text) {
  std::vector<float> out;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string line(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    // Exactly two numbers: "1,2-5", "3,4 5" and "5,6,7" are not points.
    const std::size_t comma = line.find(',');
    double x = 0, y = 0;
    const bool ok = comma != std::string::npos && line.find(',', comma + 1) == std::string::npos &&
                    parse_coordinate(std::string_view(line).substr(0, comma), x) &&
                    parse_coordinate(std::string_view(line).substr(comma + 1), y);
    if (!ok) {
      if (line_number == 1 && !has_number_field(line)) continue;  // a header line such as "x,y"
      throw Error("points CSV line " + std::to_string(line_number) + ": expected 'x,y' (two finite numbers), got '" +
                  line.substr(0, 60) + "'");
    }
    // Checked as read, before rounding to float (10000.0001 would round to 10000).
    for (const double v : {x, y})
      if (!(std::abs(v) <= 1e4))
        throw Error("points CSV line " + std::to_string(line_number) +
                    ": a coordinate must be a finite number within ±10000, got " + show(v));
    out.push_back(static_cast<float>(x)), out.push_back(static_cast<float>(y));
  }
  return out;
}

}  // namespace sampling::flow
