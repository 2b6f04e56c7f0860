#pragma once
// Sizes the core takes, so that no single request can ask the wasm module for more
// memory than it may have. The module's memory grows on demand up to kWasmMaximumMemory
// (-sMAXIMUM_MEMORY in CMakeLists.txt; wasm/bind_common.cpp reports both to JS); each
// request is refused before anything is allocated when it would need more than its
// share below. The native build keeps the same limits, so both refuse the same inputs
// with the same message.
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/common/error.hpp"

namespace sampling::limits {

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
constexpr std::uint64_t kWasmMaximumMemory = 2048 * kMiB;  // 2 GiB

// Model files, checked on their size before they are copied or parsed. A BERT's
// safetensors is the largest kind the labs load (bert-base-chinese is 409 MB in F32).
constexpr std::uint64_t kMaxModelFileBytes = 512 * kMiB;
constexpr std::uint64_t kMaxTokenizerModelBytes = 64 * kMiB;  // SentencePiece .model, dictionaries, piece<TAB>score
constexpr std::uint64_t kMaxFlowWeightsBytes = 64 * kMiB;
// An array of numbers handed to the wasm module (points, weights, rows): 2^25 of them,
// 256 MiB as doubles.
constexpr std::uint64_t kMaxArrayElements = std::uint64_t{1} << 25;

// Working memory of one flow sampling call (points, trajectory frames, the network's
// activations for all points at once) and one training step.
constexpr std::uint64_t kMaxFlowWorkBytes = 512 * kMiB;

inline std::string mib(std::uint64_t bytes) {
  const double m = static_cast<double>(bytes) / kMiB;
  char buf[48];
  std::snprintf(buf, sizeof buf, m >= 100 ? "%.0f MiB" : "%.1f MiB", m);
  return buf;
}

// "WHAT is 600.0 MiB; the largest WHAT this build takes is 512 MiB (...)".
inline void check_file_size(std::uint64_t bytes, std::uint64_t limit, const std::string& what) {
  if (bytes > limit)
    throw Error(what + " is " + mib(bytes) + " (" + std::to_string(bytes) + " bytes); the largest " + what +
                " this build takes is " + mib(limit) + " (the web module's memory is capped at " + mib(kWasmMaximumMemory) +
                ")");
}

}  // namespace sampling::limits
