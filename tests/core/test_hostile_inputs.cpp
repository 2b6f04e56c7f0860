// Hostile inputs to the parsers, and the memory limits: each is refused with a
// sampling::Error that names the problem, before anything large is allocated.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "core/common/error.hpp"
#include "core/flow/weights_file.hpp"
#include "core/nn/safetensors.hpp"
#include "core/tokenize/exact_distribution.hpp"
#include "core/tokenize/tokenizer.hpp"
#include "core/tokenize/unigram_model.hpp"
#include "tests/core/error_check.hpp"

using sampling::tokenize::UnigramModel;
using testutil::check_error;

TEST_CASE("piece<TAB>score: a score beyond float range is refused, not converted") {
  // 1e300 is a finite double; converting it to float is undefined behaviour.
  check_error([] { UnigramModel::from_piece_scores("a\t-1\nb\t1e300\n"); },
              "vocabulary line 2: the score must be a finite number");
  check_error([] { UnigramModel::from_piece_scores("a\t-3.5e38\n"); }, "vocabulary line 1");
  CHECK(UnigramModel::from_piece_scores("a\t-3.4e38\nb\t-1\n").score(0) == -3.4e38f);
}

TEST_CASE("dictionary: frequencies whose sum overflows a double still give log-probabilities") {
  // 1e308 + 1e308 is +inf in double; every score was then -inf.
  const auto m = UnigramModel::from_word_frequencies("a 1e308\nb 1e308\nc 1\n");
  const int a = m.piece_id("a"), c = m.piece_id("c");
  CHECK(m.score(a) == doctest::Approx(-0.693147).epsilon(1e-6));
  CHECK(m.score(c) == doctest::Approx(-709.196209 - 0.693147).epsilon(1e-6));
}

TEST_CASE("flow weights file: widths it cannot hold are refused before the network is allocated") {
  sampling::nn::SafetensorsFile f;
  f.metadata["method"] = "fm";
  std::string hidden = "4096";
  for (int i = 0; i < 200; ++i) hidden += ",4096";  // 3.4e9 parameters, 13 GB as float
  f.metadata["hidden"] = hidden;
  f.tensors["layers.0.weight"] = {{1}, {0.5f}};
  check_error([&] { sampling::flow::load_flow_weights(sampling::nn::save_safetensors(f)); },
              "weights file: hidden widths 4096,4096,");
  check_error([&] { sampling::flow::load_flow_weights(sampling::nn::save_safetensors(f)); },
              "parameters but the file holds 1 values");
}

TEST_CASE("memory limits: a text over 64 MiB and an exact-enumeration cap over a million are refused") {
  const auto model = UnigramModel::from_piece_scores("a\t-1\nb\t-2\nab\t-2.5\n");
  sampling::tokenize::Tokenizer tokenizer(model);
  check_error([&] { tokenizer.normalize(std::string(sampling::tokenize::Tokenizer::kMaxTextBytes + 1, 'a')); },
              "text: 67108865 bytes, more than the 67108864 (64 MiB) one text may have");
  CHECK(tokenizer.normalize("abab") == "abab");
  // cap + 1 overflowed at 2^64 − 1, and every count saturated at 0.
  for (const std::uint64_t cap : {std::uint64_t{0}, std::uint64_t{1'000'001}, UINT64_MAX}) {
    CAPTURE(cap);
    check_error([&] { sampling::tokenize::exact_distribution(tokenizer.lattice(), 1.0, cap); },
                "exact distribution: the cap must be between 1 and 1000000");
  }
  CHECK(sampling::tokenize::exact_distribution(tokenizer.lattice(), 1.0, 1'000'000).size() == 4);
}
