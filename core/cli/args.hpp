#pragma once
// Command-line flags of the form --name value (or --flag alone), shared by every subcommand.
#include <cstdint>
#include <iosfwd>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sampling::cli {

class Args {
 public:
  // `known` lists the accepted flag names (without --); `switches` those that take no value.
  Args(const std::vector<std::string>& argv, const std::set<std::string>& known,
       const std::set<std::string>& switches = {});
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string text(const std::string& name, const std::string& fallback) const;
  double number(const std::string& name, double fallback) const;
  std::uint64_t count(const std::string& name, std::uint64_t fallback) const;  // non-negative integer
  // The same, refusing a value above `most` with the value as typed (not clamped).
  std::uint64_t count(const std::string& name, std::uint64_t fallback, std::uint64_t most) const;

 private:
  std::map<std::string, std::string> values_;
};

// A JSON string literal: quotes, backslashes and control characters escaped (UTF-8 as is).
std::string json_string(std::string_view s);
// A JSON number that reads back to the same double (%.17g); null when not finite.
std::string json_number(double v);

// True, after writing `help` to `out`, when the arguments hold --help or -h.
bool wants_help(const std::vector<std::string>& argv, const char* help, std::ostream& out);

// The whole file's bytes; throws naming the path when it cannot be read.
std::string read_file(const std::string& path);

}  // namespace sampling::cli
