#pragma once
// The masked LM behind a TextModel handle (wasm/bind_text.cpp), for the bindings of other
// files (wasm/bind_cgmh.cpp). The handle must be a TextModel (api.js passes its inner
// object); throws sampling::Error when that model failed to load.
#include <emscripten/val.h>

#include <memory>

#include "core/text/masked_lm.hpp"

namespace sampling::wasm {

std::shared_ptr<text::MaskedLm> masked_lm_of(const emscripten::val& text_model);

}  // namespace sampling::wasm
