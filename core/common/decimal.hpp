#pragma once
// A number as a person types it, read strictly: the one parser of numbers typed on the
// command line, in stats input and in schedules such as 2:0.05.
#include <string>
#include <string_view>

namespace sampling {

// The number `text` holds, when it is a plain decimal ("5", "-2.5e3", ".5") or one of
// inf, -inf, nan, NaN, Infinity, -Infinity. strtod alone also takes leading spaces, hex
// ("0x10") and a value out of range (1e400 as inf, 1e-400 as 0); those throw
// sampling::Error: `not_a_number` when the text is no decimal number (empty: WHAT needs
// a number, got 'TEXT'), and "WHAT: 'TEXT' is ..." when it overflows a double or is not 0
// yet rounds to 0. Subnormal values (down to 4.9e-324) are kept.
double parse_decimal(std::string_view text, const std::string& what, const std::string& not_a_number = "");

// The same syntax without throwing or a range check: true when `text` is a plain decimal
// that strtod reads whole, its value (inf when it overflows, 0 when it underflows) in out.
bool read_plain_decimal(std::string_view text, double& out);

}  // namespace sampling
