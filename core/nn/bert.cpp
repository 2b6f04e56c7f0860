#include "core/nn/bert.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "core/common/error.hpp"
#include "core/nn/json.hpp"
#include "core/nn/row_ops.hpp"

namespace sampling::nn {
namespace {

// Largest accepted size of any dimension: far above real checkpoints, low enough that
// products of two sizes fit in 64 bits and a hostile config cannot ask for absurd buffers.
constexpr std::uint64_t kMaxDimension = 1u << 24;

int config_int(const Json& root, const char* key) {
  const auto v = root.find(key);
  if (v == root.end()) throw Error(std::string("config.json: \"") + key + "\" is missing");
  std::uint64_t u = 0;
  if (!json_u64(*v, u))
    throw Error(std::string("config.json: \"") + key + "\" must be a positive integer, found " + json_shown(*v));
  if (u == 0 || u > kMaxDimension)
    throw Error(std::string("config.json: \"") + key + "\" must be between 1 and " + std::to_string(kMaxDimension) +
                ", found " + std::to_string(u));
  return static_cast<int>(u);
}

std::string config_string(const Json& root, const char* key) {
  const auto v = root.find(key);
  if (v == root.end()) return "";
  if (!v->is_string())
    throw Error(std::string("config.json: \"") + key + "\" must be a string, found " + json_kind_name(*v));
  return v->get<std::string>();
}

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

// Hands out tensors by name, checks their shapes and remembers which were used.
class WeightReader {
 public:
  explicit WeightReader(const SafetensorsIndex& index) : index_(index) {}

  bool has(const std::string& name) const { return index_.tensors.count(name) > 0; }

  std::vector<float> take(const std::string& name, const std::vector<std::size_t>& shape) {
    const auto it = index_.tensors.find(name);
    if (it == index_.tensors.end()) throw Error("tensor " + in_quotes(name) + " is missing");
    if (it->second.shape != shape)
      throw Error("tensor " + in_quotes(name) + " has shape " + show_shape(it->second.shape) + ", expected " +
                  show_shape(shape));
    used_.insert(name);
    return read_floats(name, it->second);
  }

  // A LayerNorm's weight and bias, under their current names or the old gamma/beta.
  std::pair<Vector, Vector> norm(const std::string& prefix, std::size_t width) {
    const std::string w = has(prefix + ".gamma") && !has(prefix + ".weight") ? prefix + ".gamma" : prefix + ".weight";
    const std::string b = has(prefix + ".beta") && !has(prefix + ".bias") ? prefix + ".beta" : prefix + ".bias";
    return {vector(w, width), vector(b, width)};
  }

  Vector vector(const std::string& name, std::size_t width) {
    const std::vector<float> v = take(name, {width});
    Vector out;
    out.resize({width});
    std::copy(v.begin(), v.end(), out.begin());
    return out;
  }

  Linear linear(const std::string& prefix, std::size_t out, std::size_t in) {
    const std::vector<float> w = take(prefix + ".weight", {out, in});
    const std::vector<float> b = take(prefix + ".bias", {out});
    return make_linear(w.data(), b.data(), out, in);
  }

  // Every tensor the model does not use must be one it may ignore.
  void check_all_used() const {
    std::vector<std::string> unexpected;
    for (const auto& entry : index_.tensors) {
      const std::string& name = entry.first;
      if (used_.count(name) || name.rfind("bert.pooler.", 0) == 0 || name.rfind("cls.seq_relationship.", 0) == 0 ||
          name == "bert.embeddings.position_ids")
        continue;
      unexpected.push_back(name);
    }
    if (unexpected.empty()) return;
    std::string list;
    for (std::size_t i = 0; i < unexpected.size() && i < 5; ++i) list += (i ? ", " : "") + in_quotes(unexpected[i]);
    if (unexpected.size() > 5) list += " and " + std::to_string(unexpected.size() - 5) + " more";
    throw Error("unexpected tensor" + std::string(unexpected.size() > 1 ? "s " : " ") + list +
                " (not part of a BertForMaskedLM with this config.json)");
  }

 private:
  const SafetensorsIndex& index_;
  std::set<std::string> used_;
};

}  // namespace

BertConfig parse_bert_config(std::string_view json) {
  Json root;
  try {
    root = parse_json(json);
  } catch (const JsonError& e) {
    throw Error("config.json: not valid JSON" + JsonError::at(e.offset()) + ": " + e.reason());
  }
  if (!root.is_object())
    throw Error(std::string("config.json: must be a JSON object, found ") + json_kind_name(root));
  BertConfig c;
  c.vocab_size = config_int(root, "vocab_size");
  c.hidden_size = config_int(root, "hidden_size");
  c.num_hidden_layers = config_int(root, "num_hidden_layers");
  c.num_attention_heads = config_int(root, "num_attention_heads");
  c.intermediate_size = config_int(root, "intermediate_size");
  c.max_position_embeddings = config_int(root, "max_position_embeddings");
  c.type_vocab_size = config_int(root, "type_vocab_size");
  if (c.hidden_size % c.num_attention_heads != 0)
    throw Error("config.json: \"hidden_size\" (" + std::to_string(c.hidden_size) +
                ") must be a multiple of \"num_attention_heads\" (" + std::to_string(c.num_attention_heads) + ")");
  if (c.num_hidden_layers > 1024)
    throw Error("config.json: \"num_hidden_layers\" must be at most 1024, found " + std::to_string(c.num_hidden_layers));
  if (c.max_position_embeddings < 2)
    throw Error("config.json: \"max_position_embeddings\" must be at least 2 (room for [CLS] and [SEP]), found " +
                std::to_string(c.max_position_embeddings));
  const auto eps = root.find("layer_norm_eps");
  if (eps == root.end()) throw Error("config.json: \"layer_norm_eps\" is missing");
  const double eps_value = eps->is_number() ? eps->get<double>() : 0.0;
  if (!eps->is_number() || !(eps_value > 0.0) || !std::isfinite(eps_value) || eps_value >= 1.0)
    throw Error("config.json: \"layer_norm_eps\" must be a number between 0 and 1 (exclusive), found " +
                json_shown(*eps));
  c.layer_norm_eps = eps_value;
  if (!root.contains("hidden_act")) throw Error("config.json: \"hidden_act\" is missing (it must be \"gelu\")");
  const std::string act = config_string(root, "hidden_act");
  if (act != "gelu")
    throw Error("config.json: \"hidden_act\" is \"" + act + "\"; only \"gelu\" (the erf form of BERT) is supported");
  const std::string position = config_string(root, "position_embedding_type");
  if (root.contains("position_embedding_type") && position != "absolute")
    throw Error("config.json: \"position_embedding_type\" is \"" + position + "\"; only \"absolute\" is supported");
  return c;
}

Bert::Bert(const BertConfig& config, const SafetensorsIndex& weights) : config_(config) {
  const std::size_t V = static_cast<std::size_t>(config.vocab_size), H = static_cast<std::size_t>(config.hidden_size),
                    I = static_cast<std::size_t>(config.intermediate_size),
                    P = static_cast<std::size_t>(config.max_position_embeddings),
                    T = static_cast<std::size_t>(config.type_vocab_size);
  if (config.vocab_size < 1 || config.hidden_size < 1 || config.num_attention_heads < 1 ||
      config.hidden_size % config.num_attention_heads != 0 || config.intermediate_size < 1 ||
      config.max_position_embeddings < 1 || config.type_vocab_size < 1 || config.num_hidden_layers < 0)
    throw Error("bert: invalid configuration (sizes must be positive, hidden a multiple of the heads)");
  WeightReader w(weights);
  const std::vector<float> word = w.take("bert.embeddings.word_embeddings.weight", {V, H});
  {
    const std::vector<float> pos = w.take("bert.embeddings.position_embeddings.weight", {P, H});
    position_.resize({P, H});
    std::copy(pos.begin(), pos.end(), position_.begin());
    const std::vector<float> types = w.take("bert.embeddings.token_type_embeddings.weight", {T, H});
    token_type0_.resize({H});
    std::copy(types.begin(), types.begin() + static_cast<std::ptrdiff_t>(H), token_type0_.begin());
  }
  std::tie(embedding_norm_weight_, embedding_norm_bias_) = w.norm("bert.embeddings.LayerNorm", H);
  for (int l = 0; l < config.num_hidden_layers; ++l) {
    const std::string p = "bert.encoder.layer." + std::to_string(l) + ".";
    Layer layer;
    {
      // Query, key and value as one [hidden, 3·hidden] product.
      std::vector<float> weight, bias;
      for (const char* part : {"query", "key", "value"}) {
        const std::string name = p + "attention.self." + part;
        const std::vector<float> pw = w.take(name + ".weight", {H, H});
        const std::vector<float> pb = w.take(name + ".bias", {H});
        weight.insert(weight.end(), pw.begin(), pw.end());
        bias.insert(bias.end(), pb.begin(), pb.end());
      }
      layer.qkv = make_linear(weight.data(), bias.data(), 3 * H, H);
    }
    layer.attention_output = w.linear(p + "attention.output.dense", H, H);
    std::tie(layer.attention_norm_weight, layer.attention_norm_bias) = w.norm(p + "attention.output.LayerNorm", H);
    layer.intermediate = w.linear(p + "intermediate.dense", I, H);
    layer.output = w.linear(p + "output.dense", H, I);
    std::tie(layer.output_norm_weight, layer.output_norm_bias) = w.norm(p + "output.LayerNorm", H);
    layers_.push_back(std::move(layer));
  }
  transform_ = w.linear("cls.predictions.transform.dense", H, H);
  std::tie(transform_norm_weight_, transform_norm_bias_) = w.norm("cls.predictions.transform.LayerNorm", H);
  tied_ = !w.has("cls.predictions.decoder.weight");
  if (tied_) {
    decoder_.pack_transposed(word.data(), H, H, V);
  } else {
    decoder_.pack_transposed(w.take("cls.predictions.decoder.weight", {V, H}).data(), H, H, V);
    word_.resize({V, H});
    std::copy(word.begin(), word.end(), word_.begin());
  }
  // The output bias is cls.predictions.bias; some files also (or only) carry its tied
  // copy cls.predictions.decoder.bias.
  if (w.has("cls.predictions.bias") || !w.has("cls.predictions.decoder.bias")) {
    decoder_bias_ = w.vector("cls.predictions.bias", V);
    if (w.has("cls.predictions.decoder.bias")) w.take("cls.predictions.decoder.bias", {V});
  } else {
    decoder_bias_ = w.vector("cls.predictions.decoder.bias", V);
  }
  w.check_all_used();
}

void Bert::ensure_length(std::size_t n) {
  const std::size_t H = static_cast<std::size_t>(config_.hidden_size);
  ensure_shape(hidden_, n, H);
  ensure_shape(scratch_, n, H);
  ensure_shape(qkv_, n, 3 * H);
  ensure_shape(scores_, n, n);
  ensure_shape(context_, n, H);
  ensure_shape(intermediate_, n, static_cast<std::size_t>(config_.intermediate_size));
}

const Matrix& Bert::forward(const std::vector<std::int32_t>& ids) {
  const std::size_t n = ids.size();
  if (n == 0) throw Error("bert: the sequence is empty");
  if (n > static_cast<std::size_t>(config_.max_position_embeddings))
    throw Error("bert: the sequence has " + std::to_string(n) + " tokens, more than the model's " +
                std::to_string(config_.max_position_embeddings) + " positions");
  for (std::size_t i = 0; i < n; ++i)
    if (ids[i] < 0 || ids[i] >= config_.vocab_size)
      throw Error("bert: token id " + std::to_string(ids[i]) + " at position " + std::to_string(i) +
                  " is outside the vocabulary (0 to " + std::to_string(config_.vocab_size - 1) + ")");
  length_ = 0;  // a failure below leaves no half-computed sequence behind
  ensure_length(n);
  const std::size_t H = static_cast<std::size_t>(config_.hidden_size),
                    I = static_cast<std::size_t>(config_.intermediate_size),
                    heads = static_cast<std::size_t>(config_.num_attention_heads),
                    d = static_cast<std::size_t>(config_.head_size());
  const double eps = config_.layer_norm_eps;

  // Embeddings: (word + token type 0) + position, then LayerNorm.
  float* x = hidden_.data();
  const float* type0 = token_type0_.data();
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t id = static_cast<std::size_t>(ids[i]);
    const float* pos = position_.data() + i * H;
    float* row = x + i * H;
    if (tied_) {
      for (std::size_t h = 0; h < H; ++h) row[h] = (decoder_.at(h, id) + type0[h]) + pos[h];
    } else {
      const float* word = word_.data() + id * H;
      for (std::size_t h = 0; h < H; ++h) row[h] = (word[h] + type0[h]) + pos[h];
    }
  }
  add_layer_norm(x, nullptr, n, H, H, embedding_norm_weight_.data(), embedding_norm_bias_.data(), eps);

  const float divisor = static_cast<float>(std::sqrt(static_cast<double>(d)));
  for (const Layer& layer : layers_) {
    linear(hidden_, layer.qkv, qkv_);
    const float* qkv = qkv_.data();
    for (std::size_t head = 0; head < heads; ++head) {
      const float* q = qkv + head * d;
      keys_.pack_transposed(qkv + H + head * d, 3 * H, d, n);  // Kᵀ [d, n]
      values_.pack(qkv + 2 * H + head * d, 3 * H, n, d);       // V [n, d]
      gemm(n, q, 3 * H, keys_, nullptr, scores_.data(), n);
      softmax_rows(scores_.data(), n, n, n, divisor);
      gemm(n, scores_.data(), n, values_, nullptr, context_.data() + head * d, H);
    }
    linear(context_, layer.attention_output, scratch_);
    add_layer_norm(scratch_.data(), hidden_.data(), n, H, H, layer.attention_norm_weight.data(),
                   layer.attention_norm_bias.data(), eps);
    std::swap(hidden_, scratch_);
    linear(hidden_, layer.intermediate, intermediate_);
    gelu_inplace(intermediate_.data(), n * I);
    linear(intermediate_, layer.output, scratch_);
    add_layer_norm(scratch_.data(), hidden_.data(), n, H, H, layer.output_norm_weight.data(),
                   layer.output_norm_bias.data(), eps);
    std::swap(hidden_, scratch_);
  }
  length_ = n;
  return hidden_;
}

void Bert::mlm_logits(const std::vector<int>& rows, float* out) {
  if (length_ == 0) throw Error("bert: mlm_logits needs a forward pass first");
  for (const int r : rows)
    if (r < 0 || static_cast<std::size_t>(r) >= length_)
      throw Error("bert: row " + std::to_string(r) + " is outside the sequence of " + std::to_string(length_) +
                  " tokens");
  if (rows.empty()) return;
  const std::size_t H = static_cast<std::size_t>(config_.hidden_size), V = static_cast<std::size_t>(config_.vocab_size);
  const std::size_t m = rows.size();
  ensure_shape(head_, m, H);
  for (std::size_t i = 0; i < m; ++i)
    std::copy_n(hidden_.data() + static_cast<std::size_t>(rows[i]) * H, H, head_.data() + i * H);
  linear(head_, transform_, transformed_);
  gelu_inplace(transformed_.data(), m * H);
  add_layer_norm(transformed_.data(), nullptr, m, H, H, transform_norm_weight_.data(), transform_norm_bias_.data(),
                 config_.layer_norm_eps);
  gemm(m, transformed_.data(), H, decoder_, decoder_bias_.data(), out, V);
}

}  // namespace sampling::nn
