#pragma once
// Checks that a call throws sampling::Error whose message contains a fragment.
#include <doctest/doctest.h>

#include <string>

#include "core/common/error.hpp"

namespace testutil {

template <class F>
void check_error(F&& f, const std::string& fragment) {
  try {
    f();
    FAIL("expected a sampling::Error containing: " << fragment);
  } catch (const sampling::Error& e) {
    const std::string msg = e.what();
    INFO("message: " << msg);
    CHECK(msg.find(fragment) != std::string::npos);
  }
}

}  // namespace testutil
