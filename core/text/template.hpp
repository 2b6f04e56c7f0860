#pragma once
// Templates for text sampling: `_` marks a free position (one token the sampler fills),
// every other character is pinned and never changes. Pinned runs are tokenized by the
// model's own encode(), so a template means the same to every vocabulary, e.g.
//   春____，__明月_。____山__，___人歸去。
// Presets: 五言絕句 (four lines of five) and 七言絕句 (four lines of seven).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/rng.hpp"
#include "core/text/masked_lm.hpp"

namespace sampling::text {

// The body of a sequence (without [CLS]/[SEP]): pinned ids, and [MASK] at free positions.
struct Template {
  std::vector<std::int32_t> ids;
  std::vector<std::uint8_t> is_free;  // 1 at free positions, per entry of ids
  std::vector<int> free_positions;    // indices into ids, ascending
};

// Parses a template against a model. Throws sampling::Error for invalid UTF-8, an empty
// template, one without `_`, one longer than the model takes, a pinned character the
// vocabulary does not know (named), or a pinned special token.
Template parse_template(const MaskedLm& lm, std::string_view pattern);

// Names of the preset templates, and the template of a name (throws for an unknown name).
const std::vector<std::string>& template_preset_names();
std::string template_preset(std::string_view name);

// Where a chain starts: every free position [MASK], uniformly random samplable tokens,
// or the user's text (which must have the template's shape).
enum class StartKind { mask, random, text };

// The start body for one chain. `samplable` lists the ids a free position may take
// (ascending); `random` draws one uniformly per free position, in position order.
// For StartKind::text the text is encoded by the model; `_` or [MASK] in it leaves a
// free position masked. Throws naming the first position that does not fit.
std::vector<std::int32_t> start_body(const MaskedLm& lm, const Template& t, StartKind kind, std::string_view text,
                                     const std::vector<std::int32_t>& samplable, Rng& rng);

// Every id a sampler may place at a free position, ascending. Throws when there is none.
std::vector<std::int32_t> samplable_ids(const MaskedLm& lm);

// Tokens back to text: "##" pieces join the previous token, CJK characters and
// punctuation join without spaces, other words are separated by one space.
std::string join_tokens(const MaskedLm& lm, const std::vector<std::int32_t>& ids);

}  // namespace sampling::text
