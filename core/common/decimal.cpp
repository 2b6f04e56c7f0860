#include "core/common/decimal.hpp"

#include <cmath>
#include <cstdlib>

#include "core/common/error.hpp"

namespace sampling {

bool read_plain_decimal(std::string_view text, double& out) {
  if (text.empty() || text.find_first_not_of("0123456789.eE+-") != std::string_view::npos) return false;
  const std::string t(text);
  char* end = nullptr;
  out = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size();
}

double parse_decimal(std::string_view text, const std::string& what, const std::string& not_a_number) {
  const std::string t(text);
  double v = 0;
  const bool decimal = read_plain_decimal(t, v);
  const bool named = t == "inf" || t == "-inf" || t == "nan" || t == "NaN" || t == "Infinity" || t == "-Infinity";
  if (named) v = std::strtod(t.c_str(), nullptr);
  if (!(decimal || named)) throw Error(not_a_number.empty() ? what + " needs a number, got '" + t + "'" : not_a_number);
  if (decimal && std::isinf(v))
    throw Error(what + ": '" + t + "' is beyond the range of a double (magnitudes up to 1.8e308)");
  // Underflow to 0: a nonzero digit before the exponent, yet the value is 0.
  if (decimal && v == 0 && t.substr(0, t.find_first_of("eE")).find_first_of("123456789") != std::string::npos)
    throw Error(what + ": '" + t + "' is too small for a double (nonzero magnitudes from 4.9e-324)");
  return v;
}

}  // namespace sampling
