#pragma once
// What the text bindings share (defined in wasm/bind_text.cpp, used by wasm/bind_cgmh.cpp):
// the masked LM behind a TextModel handle, and the annealing option.
#include <emscripten/val.h>

#include <memory>

#include "core/text/annealing.hpp"
#include "core/text/masked_lm.hpp"

namespace sampling::wasm {

// The handle must be a TextModel (api.js passes its inner object); throws sampling::Error
// when that model failed to load.
std::shared_ptr<text::MaskedLm> masked_lm_of(const emscripten::val& text_model);

// The option {from, to, steps} (steps defaults to 500), checked; throws sampling::Error.
text::AnnealingSchedule annealing_of(const emscripten::val& schedule);

}  // namespace sampling::wasm
