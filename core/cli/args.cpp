#include "core/cli/args.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "core/common/decimal.hpp"
#include "core/common/error.hpp"

namespace sampling::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& known,
           const std::set<std::string>& switches) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.rfind("--", 0) != 0) throw Error("unexpected argument '" + a + "' (flags look like --name value)");
    const std::string name = a.substr(2);
    if (!known.count(name) && !switches.count(name)) throw Error("unknown flag --" + name + " (see --help)");
    if (values_.count(name)) throw Error("flag --" + name + " is given twice");
    if (switches.count(name)) {
      values_[name] = "1";
      continue;
    }
    if (i + 1 >= argv.size()) throw Error("flag --" + name + " needs a value");
    values_[name] = argv[++i];
  }
}

std::string Args::text(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

double Args::number(const std::string& name, double fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  return parse_decimal(it->second, "--" + name);
}

std::uint64_t Args::count(const std::string& name, std::uint64_t fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& s = it->second;
  // Up to 2^64 − 1 (twenty digits); strtoull's range error catches what is beyond it.
  if (s.empty() || s.size() > 20 || s.find_first_not_of("0123456789") != std::string::npos)
    throw Error("--" + name + " needs a non-negative integer, got '" + s + "'");
  errno = 0;
  const std::uint64_t v = std::strtoull(s.c_str(), nullptr, 10);
  if (errno == ERANGE) throw Error("--" + name + " must be below 2^64, got '" + s + "'");
  return v;
}

std::uint64_t Args::count(const std::string& name, std::uint64_t fallback, std::uint64_t most) const {
  const std::uint64_t v = count(name, fallback);
  if (v > most) throw Error("--" + name + " must be at most " + std::to_string(most) + ", got " + values_.at(name));
  return v;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else out += static_cast<char>(c);
  }
  return out + "\"";
}

std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

bool wants_help(const std::vector<std::string>& argv, const char* help, std::ostream& out) {
  for (const auto& a : argv)
    if (a == "--help" || a == "-h") {
      out << help;
      return true;
    }
  return false;
}

std::string read_file(const std::string& path) {
#ifdef __EMSCRIPTEN__
  // The wasm modules are built without a file system: a read would fail inside the JS
  // glue with a TypeError, thrown through the C++ frames of the call.
  throw Error("cannot open '" + path + "': the wasm module has no file system (pass the file's bytes to the API instead)");
#endif
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error("cannot open '" + path + "': it is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace sampling::cli
