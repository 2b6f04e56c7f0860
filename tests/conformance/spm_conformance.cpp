// Conformance of the tokenizer with SentencePiece (Debian's libsentencepiece), an
// independent implementation:
//   viterbi  MODEL CORPUS          our Viterbi pieces == SentencePiece Encode, every line
//   sampling MODEL                 perfect sampling and FFBS follow the exact P_α (chi-square),
//                                  and agree with SampleEncode(nbest_size = −1, α) (two-sample
//                                  chi-square); entropy == CalculateEntropy
//   user-defined MODEL             on a model with user-defined symbols: NBestEncode's scores
//                                  == our n-best and segmentation scores, SampleEncodeAndScore's
//                                  log-probabilities == the exact ones, then as `sampling`
//   crafted                        on a crafted vocabulary SentencePiece's sampler and ours
//                                  agree, the original Viterbi Sampling does not
//   shared-text                    on a vocabulary where "<unk>" and "<s>" are both reserved
//                                  and normal pieces: PieceToId, EncodeAsIds, n-best scores
//                                  and sampling agree
// Prints one line per check and "conformance: N passed, M failed"; exits non-zero on failure.
#include <sentencepiece_processor.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/common/rng.hpp"
#include "core/tokenize/tokenizer.hpp"
#include "tests/core/model_proto_writer.hpp"
#include "tests/core/stat_utils.hpp"

using namespace sampling;
using namespace sampling::tokenize;

namespace {

int passed = 0, failed = 0;

void report(bool ok, const std::string& what) {
  (ok ? passed : failed)++;
  std::cout << (ok ? "ok   " : "FAIL ") << what << '\n';
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string join(const std::vector<std::string>& pieces) {
  std::string s;
  for (std::size_t i = 0; i < pieces.size(); ++i) s += (i ? " " : "") + pieces[i];
  return s;
}

void check_viterbi(const std::string& model_path, const std::string& corpus_path) {
  sentencepiece::SentencePieceProcessor spm;
  const auto status = spm.Load(model_path);
  if (!status.ok()) throw std::runtime_error("SentencePiece cannot load " + model_path + ": " + status.ToString());
  const UnigramModel model = UnigramModel::load(read_file(model_path));
  Tokenizer tok(model);
  Rng rng(0);
  std::ifstream corpus(corpus_path);
  std::string line;
  std::size_t lines = 0, mismatches = 0;
  while (std::getline(corpus, line)) {
    ++lines;
    std::vector<std::string> expected;
    spm.Encode(line, &expected);
    tok.normalize(line);
    const std::string ours = join(encode_pieces(model, tok.normalized(), tok.segment(Method::viterbi, 0, rng)));
    if (ours != join(expected) && ++mismatches <= 5)
      std::cout << "     line " << lines << ":\n       spm:  " << join(expected) << "\n       ours: " << ours << '\n';
  }
  report(mismatches == 0 && lines >= 1, "viterbi " + model_path + ": " + std::to_string(lines - mismatches) + "/" +
                                            std::to_string(lines) + " lines identical to SentencePiece Encode");
}

using Counts = std::map<std::string, double>;

// Two-sample chi-square (2 × k contingency table) p-value; cells with small expected
// counts are pooled.
double two_sample_p(const Counts& a, const Counts& b) {
  double na = 0, nb = 0;
  std::map<std::string, std::pair<double, double>> table;
  for (const auto& [k, c] : a) table[k].first += c, na += c;
  for (const auto& [k, c] : b) table[k].second += c, nb += c;
  double stat = 0, pooled_a = 0, pooled_b = 0;
  int cells = 0;
  for (const auto& [k, ab] : table) {
    const double total = ab.first + ab.second;
    if (total * std::min(na, nb) / (na + nb) < 5) {
      pooled_a += ab.first, pooled_b += ab.second;
      continue;
    }
    const double ea = total * na / (na + nb), eb = total * nb / (na + nb);
    stat += (ab.first - ea) * (ab.first - ea) / ea + (ab.second - eb) * (ab.second - eb) / eb;
    ++cells;
  }
  const double pooled = pooled_a + pooled_b;
  if (pooled * std::min(na, nb) / (na + nb) >= 5) {
    const double ea = pooled * na / (na + nb), eb = pooled * nb / (na + nb);
    stat += (pooled_a - ea) * (pooled_a - ea) / ea + (pooled_b - eb) * (pooled_b - eb) / eb;
    ++cells;
  }
  if (cells < 2) return 1.0;
  return testutil::gamma_q((cells - 1) / 2.0, stat / 2.0);
}

double against_exact_p(const Counts& counts, const std::map<std::string, double>& exact) {
  std::vector<double> observed, probs;
  double n = 0, inside = 0;
  for (const auto& [k, c] : counts) n += c;
  for (const auto& [k, p] : exact) {
    const double c = counts.count(k) ? counts.at(k) : 0.0;
    observed.push_back(c), probs.push_back(p), inside += c;
  }
  if (inside != n) return 0.0;  // a draw outside the exact support
  return testutil::chi_square_p(observed, probs);
}

constexpr int kDraws = 20000;
// 20 strings × 3 α × 5 tests per configuration: Bonferroni for a family level of 0.001.
constexpr double kLevel = 0.001 / 300;

void check_sampling(sentencepiece::SentencePieceProcessor& spm, const UnigramModel& model,
                    const std::vector<std::string>& texts, const std::vector<double>& alphas, const std::string& label) {
  Tokenizer tok(model);
  Rng rng(2024);
  sentencepiece::SetRandomGeneratorSeed(2024);
  for (const std::string& text : texts) {
    tok.normalize(text);
    for (double alpha : alphas) {
      std::map<std::string, double> exact;
      for (const auto& e : exact_distribution(tok.lattice(), alpha, 100000))
        exact[join(encode_pieces(model, tok.normalized(), e.tokens))] += e.probability;
      Counts perfect, ffbs, original, reference;
      for (int i = 0; i < kDraws; ++i) {
        perfect[join(encode_pieces(model, tok.normalized(), tok.segment(Method::perfect, alpha, rng)))] += 1;
        ffbs[join(encode_pieces(model, tok.normalized(), tok.segment(Method::ffbs, alpha, rng)))] += 1;
        std::vector<std::string> pieces;
        spm.SampleEncode(text, -1, static_cast<float>(alpha), &pieces);
        reference[join(pieces)] += 1;
      }
      std::ostringstream name;
      name << label << " '" << text << "' alpha " << alpha << " (" << exact.size() << " segmentations)";
      const double p_perfect = against_exact_p(perfect, exact), p_ffbs = against_exact_p(ffbs, exact);
      const double p_spm = against_exact_p(reference, exact);
      const double p2_perfect = two_sample_p(perfect, reference), p2_ffbs = two_sample_p(ffbs, reference);
      std::ostringstream detail;
      detail.precision(3);
      detail << ": p(perfect|exact) " << p_perfect << ", p(ffbs|exact) " << p_ffbs << ", p(spm|exact) " << p_spm
             << ", p(perfect,spm) " << p2_perfect << ", p(ffbs,spm) " << p2_ffbs;
      report(p_perfect > kLevel && p_ffbs > kLevel && p_spm > kLevel && p2_perfect > kLevel && p2_ffbs > kLevel,
             name.str() + detail.str());
      const float spm_entropy = spm.CalculateEntropy(text, static_cast<float>(alpha));
      const double ours = entropy(tok.lattice(), alpha);
      std::ostringstream e;
      e << label << " '" << text << "' alpha " << alpha << ": entropy " << ours << " vs CalculateEntropy " << spm_entropy;
      report(std::abs(ours - spm_entropy) <= 1e-4 * std::max(1.0, std::abs(ours)), e.str());
    }
  }
}

// A segmentation's ids as a key (unknown runs merged into one id, as SentencePiece's
// encoders give them): surfaces alone can collide, e.g. a normal piece "s>" and the
// unknown characters "s" ">" both print "s>".
std::string ids_key(const std::vector<int>& ids) {
  std::string key;
  for (const int id : ids) key += std::to_string(id) + ' ';
  return key;
}

// Scores of whole segmentations: NBestEncode's scores (sums of lattice scores) against our
// n-best list and segmentation_score, and SampleEncodeAndScore's log-probabilities
// against our exact distribution, segmentations matched by their ids. SentencePiece sums
// in float: tolerance 1e-4 relative.
void check_scores(sentencepiece::SentencePieceProcessor& spm, const UnigramModel& model,
                  const std::vector<std::string>& texts, const std::string& label) {
  Tokenizer tok(model);
  const auto close = [](double a, double b) { return std::abs(a - b) <= 1e-4 * std::max(1.0, std::abs(b)); };
  const auto our_ids = [&](const Segmentation& seg) {
    std::vector<std::int32_t> ids;
    append_encode_ids(model, tok.normalized(), seg, ids);
    return ids_key(std::vector<int>(ids.begin(), ids.end()));
  };
  for (const std::string& text : texts) {
    tok.normalize(text);
    std::map<std::string, std::pair<double, double>> ours;  // ids → (segmentation_score, log P at α 0.5)
    for (const auto& e : exact_distribution(tok.lattice(), 0.5, 100000))
      ours[our_ids(e.tokens)] = {segmentation_score(model, e.tokens), std::log(e.probability)};
    const auto spm_best = spm.NBestEncodeAsImmutableProto(text, 5);
    const auto our_best = nbest(tok.lattice(), 5);
    bool same = spm_best.nbests_size() == our_best.size();
    std::ostringstream detail;
    for (std::size_t i = 0; same && i < our_best.size(); ++i) {
      std::vector<std::string> pieces;
      std::vector<int> ids;
      for (const auto& piece : spm_best.nbests(static_cast<int>(i)).pieces())
        pieces.push_back(piece.piece()), ids.push_back(static_cast<int>(piece.id()));
      const double spm_score = spm_best.nbests(static_cast<int>(i)).score();
      const auto it = ours.find(ids_key(ids));
      same = it != ours.end() && close(it->second.first, spm_score) && close(our_best[i].score, spm_score);
      detail << (i ? ", " : "") << join(pieces) << " " << spm_score;
      if (it != ours.end()) detail << " (ours " << it->second.first << ")";
    }
    report(same, label + " '" + text + "': NBestEncode scores equal our n-best and segmentation scores: " + detail.str());
    bool logp_same = true;
    std::ostringstream logp;
    const auto samples = spm.SampleEncodeAndScoreAsIds(text, 20, 0.5f, false, false);
    for (const auto& [ids, score] : samples) {
      const auto it = ours.find(ids_key(ids));
      const bool ok = it != ours.end() && close(it->second.second, score);
      if (!ok && logp_same) logp << ": ids " << ids_key(ids) << "log P " << score << (it == ours.end() ? " (not ours)" : "");
      logp_same = logp_same && ok;
    }
    report(logp_same && !samples.empty(),
           label + " '" + text + "': SampleEncodeAndScore log-probabilities at alpha 0.5 equal the exact ones" + logp.str());
  }
}

std::string crafted_model() {
  // Pieces a, b, c, bc, abc scored so that abc | a bc | a b c all score −3 (no "ab").
  return testutil::identity_unigram_model(
      {{"<unk>", 0, 2}, {"a", -1, 1}, {"b", -1, 1}, {"c", -1, 1}, {"bc", -2, 1}, {"abc", -3, 1}});
}

// A crafted model's bytes loaded by SentencePiece (which must accept them) and by us.
UnigramModel load_crafted(sentencepiece::SentencePieceProcessor& spm, const std::string& bytes, const std::string& name) {
  const auto status = spm.LoadFromSerializedProto(bytes);
  if (!status.ok()) throw std::runtime_error("SentencePiece rejects the " + name + " model: " + status.ToString());
  return UnigramModel::load(bytes);
}

void check_crafted() {
  sentencepiece::SentencePieceProcessor spm;
  const UnigramModel model = load_crafted(spm, crafted_model(), "crafted");
  Tokenizer tok(model);
  tok.normalize("abc");
  Rng rng(7);
  sentencepiece::SetRandomGeneratorSeed(7);
  Counts original, perfect, reference;
  for (int i = 0; i < kDraws; ++i) {
    original[join(encode_pieces(model, "abc", tok.segment(Method::original, 1.0, rng)))] += 1;
    perfect[join(encode_pieces(model, "abc", tok.segment(Method::perfect, 1.0, rng)))] += 1;
    std::vector<std::string> pieces;
    spm.SampleEncode("abc", -1, 1.0f, &pieces);
    reference[join(pieces)] += 1;
  }
  std::ostringstream s;
  s << "crafted vocabulary: SampleEncode " << reference["abc"] / kDraws << " / " << reference["a bc"] / kDraws << " / "
    << reference["a b c"] / kDraws << ", original " << original["abc"] / kDraws << " / " << original["a bc"] / kDraws
    << " / " << original["a b c"] / kDraws << " (abc / a bc / a b c)";
  const std::map<std::string, double> uniform{{"abc", 1 / 3.0}, {"a bc", 1 / 3.0}, {"a b c", 1 / 3.0}};
  report(against_exact_p(reference, uniform) > kLevel && two_sample_p(perfect, reference) > kLevel,
         s.str() + ": SentencePiece and perfect sampling give 1/3 each");
  report(two_sample_p(original, reference) < 1e-10 &&
             against_exact_p(original, {{"abc", 0.25}, {"a bc", 0.25}, {"a b c", 0.5}}) > kLevel,
         "crafted vocabulary: the original Viterbi Sampling gives 1/4, 1/4, 1/2 and fails the two-sample test");
}

// A vocabulary whose reserved pieces' texts are also normal pieces: SentencePiece keeps
// reserved (unknown, control, byte) and other pieces in separate maps, so "<unk>" and
// "<s>" may each appear once in both; the text matches the normal piece, and PieceToId
// gives the reserved one.
std::string shared_text_model() {
  return testutil::identity_unigram_model({{"<unk>", 0, 2},
                                           {"<s>", 0, 3},
                                           {"</s>", 0, 3},
                                           {"a", -1, 1},
                                           {"b", -1.5f, 1},
                                           {"ab", -2.2f, 1},
                                           {"<unk>", -2, 1},
                                           {"<s>", -1, 1},
                                           {"<", -4, 1},
                                           {"s>", -3, 1},
                                           {"<pad>", -1.2f, 1},  // normal first, then control
                                           {"<pad>", 0, 3}});
}

const std::vector<std::string> kSharedText{"a<unk>b", "<s>ab</s>", "<unk><s>", "ab<s", "b<s>a<unk>", "</s>", "<pad>a"};

void check_shared_text() {
  sentencepiece::SentencePieceProcessor spm;
  const UnigramModel model = load_crafted(spm, shared_text_model(), "shared-text");
  for (const std::string piece : {"<unk>", "<s>", "</s>", "<pad>", "a", "ab", "zz"}) {
    const int theirs = spm.PieceToId(piece);
    report(model.piece_id(piece) == (piece == "zz" ? -1 : theirs),
           "shared text: '" + piece + "' has id " + std::to_string(model.piece_id(piece)) + ", SentencePiece's PieceToId " +
               std::to_string(theirs) + (piece == "zz" ? " (its unknown id for an absent piece; ours -1)" : ""));
  }
  Tokenizer tok(model);
  Rng rng(0);
  for (const auto& text : kSharedText) {
    tok.normalize(text);
    std::vector<std::int32_t> ours;
    append_encode_ids(model, tok.normalized(), tok.segment(Method::viterbi, 0, rng), ours);
    const std::vector<int> theirs = spm.EncodeAsIds(text);
    std::ostringstream detail;
    for (const int id : theirs) detail << ' ' << id;
    report(std::vector<int>(ours.begin(), ours.end()) == theirs,
           "shared text '" + text + "': our Viterbi ids equal EncodeAsIds:" + detail.str());
  }
  check_scores(spm, model, kSharedText, "shared text");
  check_sampling(spm, model, kSharedText, {0.5, 1.0}, "shared text");
}

// Short strings for the sampling checks: a few words each, so that exact enumeration is
// cheap and every segmentation with noticeable probability is seen many times.
const std::vector<std::string> kEnglish{
    "hello",      "world",      "sampling",  "the cat",    "new york",   "unigram",   "playground",
    "tokenize",   "perfect",    "language",  "a b c",      "nothing",    "something", "understand",
    "television", "wonderful",  "computers", "in the end", "question",   "beautiful"};

// Texts for a model trained with --user_defined_symbols=ing,the,<sep>,①,ﬁ: the symbols
// inside and around words, and characters NFKC would rewrite (① → 1, ﬁ → fi) that
// SentencePiece keeps unchanged because they are user-defined.
const std::vector<std::string> kUserDefined{"sing the thing", "bathe", "<sep>nothing", "the<sep>end", "\xE2\x91\xA0\xEF\xAC\x81" "ne",
                                            "\xEF\xAC\x81" "rst thing"};

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "viterbi") {
      check_viterbi(args[1], args[2]);
    } else if (args.size() == 2 && args[0] == "sampling") {
      sentencepiece::SentencePieceProcessor spm;
      const auto status = spm.Load(args[1]);
      if (!status.ok()) throw std::runtime_error("SentencePiece cannot load " + args[1]);
      check_sampling(spm, UnigramModel::load(read_file(args[1])), kEnglish, {0.1, 0.5, 1.0}, "sampling");
    } else if (args.size() == 2 && args[0] == "user-defined") {
      sentencepiece::SentencePieceProcessor spm;
      const auto status = spm.Load(args[1]);
      if (!status.ok()) throw std::runtime_error("SentencePiece cannot load " + args[1]);
      const UnigramModel model = UnigramModel::load(read_file(args[1]));
      int symbols = 0;
      for (std::size_t i = 0; i < model.size(); ++i) symbols += model.type(static_cast<int>(i)) == PieceType::user_defined;
      report(symbols == 5, "user-defined: the model has " + std::to_string(symbols) + " user-defined pieces (5 expected)");
      check_scores(spm, model, kUserDefined, "user-defined");
      check_sampling(spm, model, kUserDefined, {0.1, 0.5, 1.0}, "user-defined");
    } else if (args.size() == 1 && args[0] == "crafted") {
      check_crafted();
    } else if (args.size() == 1 && args[0] == "shared-text") {
      check_shared_text();
    } else {
      std::cerr << "usage: spm_conformance viterbi MODEL CORPUS | sampling MODEL | user-defined MODEL | crafted | shared-text\n";
      return 2;
    }
  } catch (const std::exception& e) {
    std::cout << "FAIL " << e.what() << '\n';
    ++failed;
  }
  std::cout << "conformance: " << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
