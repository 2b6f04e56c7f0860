// Hostile inputs to the parsers, and the memory limits: each is refused with a
// sampling::Error that names the problem, before anything large is allocated.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "core/common/error.hpp"
#include "core/common/limits.hpp"
#include "core/flow/datasets.hpp"
#include "core/flow/sampler.hpp"
#include "core/flow/trainer.hpp"
#include "core/flow/weights_file.hpp"
#include "core/nn/safetensors.hpp"
#include "core/tokenize/exact_distribution.hpp"
#include "core/tokenize/tokenizer.hpp"
#include "core/tokenize/unigram_model.hpp"
#include "tests/core/error_check.hpp"
#include "tests/core/model_proto_writer.hpp"

using sampling::tokenize::UnigramModel;
using testutil::check_error;

TEST_CASE("piece<TAB>score: a score beyond float range is refused, not converted") {
  // 1e300 is a finite double; converting it to float is undefined behaviour.
  check_error([] { UnigramModel::from_piece_scores("a\t-1\nb\t1e300\n"); },
              "vocabulary line 2: the score must be a finite number");
  check_error([] { UnigramModel::from_piece_scores("a\t-3.5e38\n"); }, "vocabulary line 1");
  CHECK(UnigramModel::from_piece_scores("a\t-3.4e38\nb\t-1\n").score(0) == -3.4e38f);
}

TEST_CASE("SentencePiece model: a byte piece must be exactly <0xHH> with two hex digits") {
  // Found by the fuzzer: sscanf's %X took "<0x-6>" as 4294967290, an index past the byte table.
  const auto model = [](const std::string& byte_piece) {
    return testutil::identity_unigram_model({{"<unk>", 0.0f, 2}, {"a", -1.0f, 1}, {byte_piece, 0.0f, 6}});
  };
  for (const std::string bad : {"<0x-6>", "<0x+6>", "<0x 6>", "<0xG1>", "<0y41>", "<0x41)"})
    check_error([&] { UnigramModel::load(model(bad)); }, "is not of the form <0xHH>: '" + bad + "'");
  CHECK(UnigramModel::load(model("<0x41>")).size() == 3);
  CHECK(UnigramModel::load(model("<0xfe>")).size() == 3);
  // Two spellings of one byte: the second silently replaced the first in the byte table.
  check_error([] { UnigramModel::load(testutil::identity_unigram_model({{"<unk>", 0.0f, 2}, {"a", -1.0f, 1},
                                                                          {"<0x4a>", 0.0f, 6}, {"<0x4A>", 0.0f, 6}})); },
              "model: byte pieces 2 ('<0x4a>') and 3 ('<0x4A>') are the same byte");
}

TEST_CASE("SentencePiece model: byte fallback names a missing byte piece in hex, as the piece is spelled") {
  const auto model = [](int missing) {
    testutil::Proto m;
    m.str(1, testutil::piece_message("<unk>", 0.0f, 2));
    m.str(1, testutil::piece_message("a", -1.0f, 1));
    static const char kHex[] = "0123456789ABCDEF";
    for (int b = 0; b < 256; ++b)
      if (b != missing) m.str(1, testutil::piece_message(std::string("<0x") + kHex[b >> 4] + kHex[b & 15] + ">", 0.0f, 6));
    testutil::Proto trainer;
    trainer.num(3, 1);   // model_type UNIGRAM
    trainer.num(35, 1);  // byte_fallback
    m.str(2, trainer.bytes);
    return m.bytes;
  };
  check_error([&] { UnigramModel::load(model(0x0A)); }, "byte_fallback is on but byte piece <0x0A> is missing");
  check_error([&] { UnigramModel::load(model(0xC8)); }, "byte piece <0xC8> is missing");
  check_error([&] { UnigramModel::load(model(0x00)); }, "byte piece <0x00> is missing");
  CHECK(UnigramModel::load(model(-1)).byte_fallback());
}

TEST_CASE("a text vocabulary that starts with an empty line is read as text, not refused as a truncated model") {
  // A .model file starts with byte 0x0A, which is also an empty first line.
  const UnigramModel words = UnigramModel::load("\nhello 5\nworld 3\n");
  CHECK(words.kind() == "words");
  CHECK(words.piece_id("hello") >= 0);
  const UnigramModel scores = UnigramModel::load("\n\r\nhe\t-1\nllo\t-2\n");
  CHECK(scores.kind() == "scores");
  CHECK(scores.piece_id("llo") >= 0);
  // Neither a model nor a vocabulary: both readings are named.
  check_error([] { UnigramModel::load("\n\n"); }, "(the file is truncated or not a SentencePiece model); read as a text vocabulary instead: dictionary: the vocabulary is empty");
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
              "flow: hidden widths 4096,4096,4096,4096,4096,4096,4096,4096,… (201 layers) make 3356291074 parameters; "
              "the limit is 16777216");
  f.metadata["hidden"] = "1000,1000";  // under the parameter limit, more than the file holds
  check_error([&] { sampling::flow::load_flow_weights(sampling::nn::save_safetensors(f)); },
              "weights file: hidden widths 1000,1000 need 1008002 parameters but the file holds 1 values");
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

TEST_CASE("model files over their size limit and flow work over 512 MiB are refused before allocation") {
  using namespace sampling;
  const std::string tokenizer(limits::kMaxTokenizerModelBytes + 1, '\n');
  check_error([&] { UnigramModel::load(tokenizer); },
              "tokenizer model file is 64.0 MiB (67108865 bytes); the largest tokenizer model file this build takes is "
              "64.0 MiB (the web module's memory is capped at 2048 MiB)");
  check_error([&] { flow::load_flow_weights(tokenizer); }, "flow weights file is 64.0 MiB (67108865 bytes)");
  check_error([] { limits::check_file_size(limits::kMaxModelFileBytes + 1, limits::kMaxModelFileBytes, "model.safetensors"); },
              "model.safetensors is 512 MiB (536870913 bytes); the largest model.safetensors this build takes is 512 MiB");
  CHECK_NOTHROW(limits::check_file_size(limits::kMaxModelFileBytes, limits::kMaxModelFileBytes, "model.safetensors"));

  // 200,000 points at NFE 1000 with the trajectory: 1001 frames and the activations of a
  // 128-wide network, about 2.4 GiB; nothing is allocated before the refusal.
  nn::Mlp<float> net(flow::network_sizes({128, 128, 128}));
  Rng rng(1);
  net.init(rng);
  const std::vector<float> eps(2 * 200000, 0.5f);
  std::vector<float> out, path;
  check_error([&] { flow::generate(flow::Method::flow_matching, net, 1000, eps, out, rng, &path); },
              "flow: sampling 200000 points at NFE 1000 with the trajectory needs about 2419 MiB of memory; the limit is "
              "512 MiB (the web module's memory is capped at 2048 MiB): ask for fewer points or steps");
  CHECK(out.capacity() == 0);
  CHECK(path.capacity() == 0);
  check_error([&] { flow::generate(flow::Method::flow_matching, net, 1, eps, out, rng); },
              "sampling 200000 points needs about 891 MiB");
  const std::vector<float> fewer(2 * 100000, 0.5f);
  flow::generate(flow::Method::flow_matching, net, 1, fewer, out, rng);
  CHECK(out.size() == fewer.size());

  flow::TrainConfig big;
  big.hidden = {512, 512, 512}, big.batch = 65536;
  check_error([&] { flow::Trainer(big, flow::make_dataset("moons")); },
              "flow: training with batch 65536 and hidden widths 512,512,512 needs about 6156 MiB of memory");
  check_error([] { flow::network_sizes({4096, 4096}); },
              "flow: hidden widths 4096,4096 make 16809986 parameters; the limit is 16777216");
  CHECK(flow::network_sizes({4096, 4000}).size() == 4);
}
