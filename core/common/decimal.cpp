#include "core/common/decimal.hpp"

#include <cmath>
#include <cstdlib>

#include "core/common/error.hpp"

namespace sampling {

double parse_decimal(std::string_view text, const std::string& what, const std::string& not_a_number) {
  const std::string t(text);
  const bool decimal = !t.empty() && t.find_first_not_of("0123456789.eE+-") == std::string::npos;
  const bool named = t == "inf" || t == "-inf" || t == "nan" || t == "NaN" || t == "Infinity" || t == "-Infinity";
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (!(decimal || named) || end != t.c_str() + t.size())
    throw Error(not_a_number.empty() ? what + " needs a number, got '" + t + "'" : not_a_number);
  if (decimal && std::isinf(v))
    throw Error(what + ": '" + t + "' is beyond the range of a double (magnitudes up to 1.8e308)");
  // Underflow to 0: a nonzero digit before the exponent, yet the value is 0.
  if (decimal && v == 0 && t.substr(0, t.find_first_of("eE")).find_first_of("123456789") != std::string::npos)
    throw Error(what + ": '" + t + "' is too small for a double (nonzero magnitudes from 4.9e-324)");
  return v;
}

}  // namespace sampling
