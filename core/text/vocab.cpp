#include "core/text/vocab.hpp"

#include "core/common/error.hpp"
#include "core/common/utf8.hpp"

namespace sampling::text {

Vocab Vocab::parse(std::string_view text) {
  if (text.empty()) throw Error("vocab.txt: the file is empty");
  Vocab v;
  std::size_t pos = 0;
  while (pos < text.size()) {
    // Lines end at "\n", "\r\n" or a lone "\r" (Python's universal newlines).
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::size_t next = end;
    if (next < text.size()) next += text.compare(next, 2, "\r\n") == 0 ? 2 : 1;
    const std::string_view line = text.substr(pos, end - pos);
    const std::size_t id = v.tokens_.size();
    try {
      decode_utf8(line);
    } catch (const Error&) {
      throw Error("vocab.txt: line " + std::to_string(id + 1) + " is not valid UTF-8");
    }
    v.tokens_.emplace_back(line);
    v.ids_[v.tokens_.back()] = static_cast<std::int32_t>(id);
    pos = next;
  }
  if (v.tokens_.size() > 0x7fffffff) throw Error("vocab.txt: too many lines");
  std::string missing;
  for (const auto& [name, slot] : {std::pair<const char*, std::int32_t*>{"[PAD]", &v.pad_},
                                   {"[UNK]", &v.unk_},
                                   {"[CLS]", &v.cls_},
                                   {"[SEP]", &v.sep_},
                                   {"[MASK]", &v.mask_}}) {
    *slot = v.find(name);
    if (*slot < 0) missing += std::string(missing.empty() ? "" : ", ") + name;
  }
  if (!missing.empty())
    throw Error("vocab.txt: no " + missing + " token (a BERT vocabulary needs [PAD], [UNK], [CLS], [SEP] and [MASK])");
  return v;
}

std::int32_t Vocab::find(std::string_view token) const {
  const auto it = ids_.find(std::string(token));
  return it == ids_.end() ? -1 : it->second;
}

bool Vocab::is_special(std::int32_t id) const {
  const std::string& t = token(id);
  return t.size() > 2 && t.front() == '[' && t.back() == ']';
}

void Vocab::pad_to(int size) {
  while (static_cast<int>(tokens_.size()) < size) tokens_.push_back("[id " + std::to_string(tokens_.size()) + "]");
}

}  // namespace sampling::text
