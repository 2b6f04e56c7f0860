#include "core/text/template.hpp"

#include <algorithm>

#include "core/common/error.hpp"
#include "core/common/utf8.hpp"

namespace sampling::text {
namespace {

std::string show_char(char32_t cp) {
  std::string s;
  append_utf8(cp, s);
  return s;
}

// The [UNK] id, or -1 when the vocabulary has none.
std::int32_t unk_id(const MaskedLm& lm) {
  for (std::int32_t id = 0; id < lm.vocab_size(); ++id)
    if (lm.token(id) == "[UNK]") return id;
  return -1;
}

bool is_special(const MaskedLm& lm, std::int32_t id) {
  const std::string& tok = lm.token(id);
  return id == lm.mask_id() || id == lm.cls_id() || id == lm.sep_id() ||
         (tok.size() > 2 && tok.front() == '[' && tok.back() == ']');
}

// Appends the ids of one pinned run; names the first character the vocabulary lacks.
void append_pinned(const MaskedLm& lm, const std::vector<char32_t>& chars, std::size_t begin, std::size_t end,
                   std::int32_t unk, Template& t) {
  if (begin == end) return;
  std::string run;
  for (std::size_t i = begin; i < end; ++i) append_utf8(chars[i], run);
  const std::vector<std::int32_t> ids = lm.encode(run);
  for (std::int32_t id : ids) {
    if (id == unk) {
      for (std::size_t i = begin; i < end; ++i) {
        const auto one = lm.encode(show_char(chars[i]));
        if (std::find(one.begin(), one.end(), unk) != one.end())
          throw Error("template: the character '" + show_char(chars[i]) + "' (character " + std::to_string(i + 1) +
                      ") is not in the model's vocabulary");
      }
      throw Error("template: '" + run + "' is not in the model's vocabulary");
    }
    if (id == lm.mask_id()) throw Error("template: write _ for a free position, not [MASK]");
    if (is_special(lm, id)) throw Error("template: the special token " + lm.token(id) + " cannot be pinned");
    t.ids.push_back(id);
    t.is_free.push_back(0);
  }
}

// Characters that join their neighbours without a space: ASCII punctuation, general
// punctuation, and everything from the CJK radicals on (CJK, kana, fullwidth forms).
bool joins(char32_t cp) {
  if (cp < 0x80) return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || cp >= 123;
  return (cp >= 0x2000 && cp <= 0x206F) || cp >= 0x2E80;
}

}  // namespace

Template parse_template(const MaskedLm& lm, std::string_view pattern) {
  const std::vector<char32_t> chars = decode_utf8(pattern);  // throws naming the byte offset
  if (chars.empty()) throw Error("template is empty: write _ for each position to sample, e.g. _____，_____。");
  const std::int32_t unk = unk_id(lm);
  Template t;
  std::size_t run_begin = 0;
  for (std::size_t i = 0; i <= chars.size(); ++i) {
    if (i < chars.size() && chars[i] != U'_') continue;
    append_pinned(lm, chars, run_begin, i, unk, t);
    if (i < chars.size()) {
      t.free_positions.push_back(static_cast<int>(t.ids.size()));
      t.ids.push_back(lm.mask_id());
      t.is_free.push_back(1);
    }
    run_begin = i + 1;
  }
  if (t.free_positions.empty()) throw Error("template has no free position: mark each position to sample with _");
  if (static_cast<long>(t.ids.size()) + 2 > lm.max_length())
    throw Error("template has " + std::to_string(t.ids.size()) + " tokens; the model takes at most " +
                std::to_string(lm.max_length() - 2) + " (" + std::to_string(lm.max_length()) +
                " with [CLS] and [SEP])");
  return t;
}

const std::vector<std::string>& template_preset_names() {
  static const std::vector<std::string> names{"五言絕句", "七言絕句"};
  return names;
}

std::string template_preset(std::string_view name) {
  if (name == "五言絕句") return "_____，_____。_____，_____。";
  if (name == "七言絕句") return "_______，_______。_______，_______。";
  throw Error("unknown template preset '" + std::string(name) + "': use 五言絕句 or 七言絕句");
}

std::vector<std::int32_t> samplable_ids(const MaskedLm& lm) {
  std::vector<std::int32_t> ids;
  for (std::int32_t id = 0; id < lm.vocab_size(); ++id)
    if (lm.samplable(id)) ids.push_back(id);
  if (ids.empty()) throw Error("the model's vocabulary has no token a free position may take");
  return ids;
}

std::vector<std::int32_t> start_body(const MaskedLm& lm, const Template& t, StartKind kind, std::string_view text,
                                     const std::vector<std::int32_t>& samplable, Rng& rng) {
  std::vector<std::int32_t> body = t.ids;
  if (kind == StartKind::mask) return body;
  if (kind == StartKind::random) {
    for (int p : t.free_positions) body[p] = samplable[rng.below(samplable.size())];
    return body;
  }
  decode_utf8(text);  // names the byte offset of invalid UTF-8 before anything else
  std::string with_masks;
  for (char c : text) {
    if (c == '_') with_masks += "[MASK]";
    else with_masks += c;
  }
  const std::vector<std::int32_t> ids = lm.encode(with_masks);
  if (ids.size() != body.size())
    throw Error("start text has " + std::to_string(ids.size()) + " tokens but the template has " +
                std::to_string(body.size()) + ": give the whole text, pinned characters included");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string where = "start text: position " + std::to_string(i + 1);
    if (lm.token(ids[i]) == "[UNK]") throw Error(where + " is a character the model's vocabulary does not have");
    if (!t.is_free[i]) {
      if (ids[i] != body[i])
        throw Error(where + " is '" + lm.token(ids[i]) + "' where the template pins '" + lm.token(body[i]) + "'");
    } else if (ids[i] != lm.mask_id() && !std::binary_search(samplable.begin(), samplable.end(), ids[i])) {
      throw Error(where + " is '" + lm.token(ids[i]) +
                  "', which a free position cannot hold (a special token or punctuation)");
    }
    body[i] = ids[i];
  }
  return body;
}

std::string join_tokens(const MaskedLm& lm, const std::vector<std::int32_t>& ids) {
  std::string out;
  char32_t last = U' ';
  for (std::int32_t id : ids) {
    const std::string& tok = lm.token(id);
    const bool piece = tok.size() > 2 && tok[0] == '#' && tok[1] == '#';
    const std::string_view text = piece ? std::string_view(tok).substr(2) : std::string_view(tok);
    if (text.empty()) continue;
    std::size_t pos = 0;
    const char32_t first = decode_utf8_at(text, pos);
    if (!piece && !out.empty() && !joins(last) && !joins(first)) out += ' ';
    out += text;
    const std::vector<char32_t> cps = decode_utf8(text);
    last = cps.back();
  }
  return out;
}

}  // namespace sampling::text
