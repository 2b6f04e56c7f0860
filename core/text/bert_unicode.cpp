#include "core/text/bert_unicode.hpp"

#include <algorithm>
#include <cstddef>

#include "core/text/bert_unicode_tables.hpp"

namespace sampling::text::bert_unicode {
namespace t = unicode_tables;
namespace {

bool in_ranges(const t::Range* table, std::size_t size, char32_t c) {
  const t::Range* end = table + size;
  const t::Range* it = std::upper_bound(table, end, c, [](char32_t v, const t::Range& r) { return v < r.first; });
  return it != table && c <= (it - 1)->last;
}

const t::Mapping* find_mapping(const t::Mapping* table, std::size_t size, char32_t c) {
  const t::Mapping* end = table + size;
  const t::Mapping* it =
      std::lower_bound(table, end, c, [](const t::Mapping& m, char32_t v) { return m.code_point < v; });
  return it != end && it->code_point == c ? it : nullptr;
}

int combining_class(char32_t c) {
  const t::ValuedRange* table = t::combining_classes;
  const t::ValuedRange* end = table + t::combining_classes_size;
  const t::ValuedRange* it =
      std::upper_bound(table, end, c, [](char32_t v, const t::ValuedRange& r) { return v < r.first; });
  return it != table && c <= (it - 1)->last ? (it - 1)->value : 0;
}

bool is_cased(char32_t c) { return in_ranges(t::cased, t::cased_size, c); }
bool is_case_ignorable(char32_t c) { return in_ranges(t::case_ignorable, t::case_ignorable_size, c); }

// CPython's rule: Σ is final when preceded by a cased letter and not followed by one
// (case-ignorable code points skipped on both sides).
bool final_sigma(const std::u32string& s, std::size_t i) {
  std::size_t j = i;
  while (j > 0 && is_case_ignorable(s[j - 1])) --j;
  if (j == 0 || !is_cased(s[j - 1])) return false;
  j = i + 1;
  while (j < s.size() && is_case_ignorable(s[j])) ++j;
  return j == s.size() || !is_cased(s[j]);
}

constexpr char32_t kHangulFirst = 0xAC00, kHangulLast = 0xD7A3;

}  // namespace

bool is_whitespace(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' ||
         in_ranges(t::space_separators, t::space_separators_size, c);
}

bool is_control(char32_t c) {
  if (c == U'\t' || c == U'\n' || c == U'\r') return false;
  return in_ranges(t::other, t::other_size, c);
}

bool is_punctuation(char32_t c) {
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
  return in_ranges(t::punctuation, t::punctuation_size, c);
}

bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
         (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

std::u32string lower(const std::u32string& s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char32_t c = s[i];
    if (c < 0x80) {
      out += c >= U'A' && c <= U'Z' ? c + 32 : c;
    } else if (c == 0x03A3) {
      out += final_sigma(s, i) ? char32_t{0x03C2} : char32_t{0x03C3};
    } else if (const t::Mapping* m = find_mapping(t::lower, t::lower_size, c)) {
      out.append(t::pool + m->offset, m->length);
    } else {
      out += c;
    }
  }
  return out;
}

std::u32string nfd(const std::u32string& s) {
  std::u32string out;
  out.reserve(s.size());
  for (const char32_t c : s) {
    if (c < 0xC0) {  // nothing below U+00C0 decomposes
      out += c;
    } else if (c >= kHangulFirst && c <= kHangulLast) {  // L V (T), Unicode §3.12
      const char32_t index = c - kHangulFirst;
      out += static_cast<char32_t>(0x1100 + index / (21 * 28));
      out += static_cast<char32_t>(0x1161 + (index % (21 * 28)) / 28);
      if (index % 28 != 0) out += static_cast<char32_t>(0x11A7 + index % 28);
    } else if (const t::Mapping* m = find_mapping(t::decompositions, t::decompositions_size, c)) {
      out.append(t::pool + m->offset, m->length);
    } else {
      out += c;
    }
  }
  // Canonical ordering: each run of non-starters sorted (stably) by combining class.
  for (std::size_t i = 0; i < out.size();) {
    if (out[i] < 0x300 || combining_class(out[i]) == 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < out.size() && combining_class(out[j]) != 0) ++j;
    std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(i), out.begin() + static_cast<std::ptrdiff_t>(j),
                     [](char32_t a, char32_t b) { return combining_class(a) < combining_class(b); });
    i = j;
  }
  return out;
}

std::u32string strip_accents(const std::u32string& s) {
  std::u32string out;
  for (const char32_t c : nfd(s))
    if (!in_ranges(t::nonspacing_marks, t::nonspacing_marks_size, c)) out += c;
  return out;
}

}  // namespace sampling::text::bert_unicode
