// Native half of `npm run bench -- tokenize`: MB/s of SentencePiece's Encode and
// SampleEncode(nbest_size = −1, α) and of our methods, on the same lines in one process.
// usage: spm_bench MODEL CORPUS ALPHA REPEATS  → one JSON line
#include <sentencepiece_processor.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/cli/commands.hpp"

using namespace sampling;

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: spm_bench MODEL CORPUS ALPHA REPEATS\n";
    return 2;
  }
  const std::string model_path = argv[1];
  const double alpha = std::stod(argv[3]);
  const int repeats = std::stoi(argv[4]);
  std::ifstream corpus(argv[2]);
  std::vector<std::string> lines;
  std::size_t bytes = 0;
  for (std::string line; std::getline(corpus, line);) bytes += line.size() + 1, lines.push_back(line);
  const double mb = bytes / 1e6;

  sentencepiece::SentencePieceProcessor spm;
  if (!spm.Load(model_path).ok()) {
    std::cerr << "SentencePiece cannot load " << model_path << '\n';
    return 1;
  }
  sentencepiece::SetRandomGeneratorSeed(1);
  const auto time_best = [&](auto&& pass) {
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
      const auto start = std::chrono::steady_clock::now();
      pass();
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
  };
  std::vector<int> ids;
  const double spm_encode = time_best([&] {
    for (const auto& l : lines) spm.Encode(l, &ids);
  });
  const double spm_sample = time_best([&] {
    for (const auto& l : lines) spm.SampleEncode(l, -1, static_cast<float>(alpha), &ids);
  });
  std::ifstream model_file(model_path, std::ios::binary);
  std::ostringstream model_bytes;
  model_bytes << model_file.rdbuf();
  const auto model = tokenize::UnigramModel::load(model_bytes.str());
  std::cout << "{\"corpus_mb\":" << mb << ",\"spm_encode_mbps\":" << mb / spm_encode
            << ",\"spm_sample_mbps\":" << mb / spm_sample;
  for (auto method : {tokenize::Method::viterbi, tokenize::Method::original, tokenize::Method::perfect, tokenize::Method::ffbs})
    std::cout << ",\"" << tokenize::method_name(method)
              << "_mbps\":" << mb / cli::tokenize_pass_seconds(model, lines, method, alpha, repeats);
  std::cout << "}\n";
  return 0;
}
