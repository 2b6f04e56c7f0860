// ctest runs each doctest case by name (doctest_discover_tests): a ';' in a name is a
// CMake list separator and splits the case into two entries that match nothing and pass.
#include <doctest/doctest.h>

#include <cstring>
#include <set>
#include <string>

namespace doctest {
namespace detail {
std::set<TestCase>& getRegisteredTests();  // defined by doctest's implementation (main.cpp)
}  // namespace detail
}  // namespace doctest

TEST_CASE("no test case name contains a semicolon") {
  int checked = 0;
  for (const auto& tc : doctest::detail::getRegisteredTests()) {
    ++checked;
    INFO("test case: " << std::string(tc.m_name) << " (" << std::string(tc.m_file.c_str()) << ":" << tc.m_line << ")");
    CHECK(std::strchr(tc.m_name, ';') == nullptr);
  }
  CHECK(checked > 1);
}
