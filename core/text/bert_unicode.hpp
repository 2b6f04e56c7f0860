#pragma once
// The character classes and case/accent folding of Hugging Face's BasicTokenizer
// (transformers' tokenization_bert.py), which uses Python's unicodedata and str.lower();
// the tables come from tools/gen_bert_unicode_tables.py.
#include <string>

namespace sampling::text::bert_unicode {

// _is_whitespace: space, \t, \n, \r or category Zs.
bool is_whitespace(char32_t c);
// _is_control: category C* (unassigned included) except \t, \n, \r.
bool is_control(char32_t c);
// _is_punctuation: ASCII symbols and punctuation (33–47, 58–64, 91–96, 123–126) or category P*.
bool is_punctuation(char32_t c);
// _is_chinese_char: the CJK Unified Ideographs blocks (and extensions, compatibility ideographs).
bool is_cjk(char32_t c);

// Python's str.lower() of a whole string, final sigma included.
std::u32string lower(const std::u32string& s);
// _run_strip_accents: NFD, then every nonspacing mark (Mn) dropped.
std::u32string strip_accents(const std::u32string& s);
// Full canonical decomposition (NFD) of a string.
std::u32string nfd(const std::u32string& s);

}  // namespace sampling::text::bert_unicode
