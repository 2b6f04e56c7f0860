#pragma once
// A MaskedLm for tests: a table of tokens and a function for the logits of one row, so
// a sampler's conditionals can be enumerated exactly.
#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/error.hpp"
#include "core/common/utf8.hpp"
#include "core/text/masked_lm.hpp"

namespace testutil {

using sampling::Error;
using sampling::text::MaskedLm;

// A MaskedLm given by a table of tokens and a function for the logits of one row.
// Ids 0..4 are [PAD] [UNK] [CLS] [SEP] [MASK]; tokens listed in `punctuation` and every
// [..] token are not samplable. encode() maps each character to its token ([UNK] when
// missing) and the literal "[MASK]" to the mask.
class TableLm : public MaskedLm {
 public:
  using RowFn = std::function<void(const std::vector<std::int32_t>& ids, int row, float* out)>;
  TableLm(std::vector<std::string> tokens, std::vector<std::string> punctuation, int max_length, RowFn row)
      : max_length_(max_length), row_(std::move(row)) {
    tokens_ = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    tokens_.insert(tokens_.end(), tokens.begin(), tokens.end());
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      ids_[tokens_[i]] = static_cast<std::int32_t>(i);
      const bool special = tokens_[i].front() == '[' && tokens_[i].back() == ']';
      const bool punct = std::find(punctuation.begin(), punctuation.end(), tokens_[i]) != punctuation.end();
      samplable_.push_back(!special && !punct);
    }
  }
  int vocab_size() const override { return static_cast<int>(tokens_.size()); }
  int max_length() const override { return max_length_; }
  std::int32_t mask_id() const override { return 4; }
  std::int32_t cls_id() const override { return 2; }
  std::int32_t sep_id() const override { return 3; }
  bool samplable(std::int32_t id) const override { return samplable_.at(id); }
  const std::string& token(std::int32_t id) const override { return tokens_.at(id); }
  std::int32_t id(const std::string& token) const { return ids_.at(token); }
  std::vector<std::int32_t> encode(std::string_view text) const override {
    const auto cps = sampling::decode_utf8(text);
    std::vector<std::int32_t> out;
    for (std::size_t i = 0; i < cps.size(); ++i) {
      if (cps[i] == U'[' && i + 5 < cps.size() && cps[i + 1] == U'M' &&
          cps[i + 2] == U'A' && cps[i + 3] == U'S' && cps[i + 4] == U'K' && cps[i + 5] == U']') {
        out.push_back(mask_id());
        i += 5;
        continue;
      }
      if (cps[i] == U' ') continue;
      std::string s;
      sampling::append_utf8(cps[i], s);
      const auto it = ids_.find(s);
      out.push_back(it == ids_.end() ? 1 : it->second);
    }
    return out;
  }
  void logits(const std::vector<std::int32_t>& ids, const std::vector<int>& rows, std::vector<float>& out) override {
    ++forward_passes;
    if (static_cast<int>(ids.size()) > max_length_) throw Error("sequence too long");
    if (ids.front() != cls_id() || ids.back() != sep_id()) throw Error("a sequence is [CLS] ... [SEP]");
    out.assign(rows.size() * tokens_.size(), 0.0f);
    for (std::size_t r = 0; r < rows.size(); ++r) row_(ids, rows[r], out.data() + r * tokens_.size());
  }
  int forward_passes = 0;

 private:
  std::vector<std::string> tokens_;
  std::map<std::string, std::int32_t> ids_;
  std::vector<bool> samplable_;
  int max_length_;
  RowFn row_;
};

}  // namespace testutil
