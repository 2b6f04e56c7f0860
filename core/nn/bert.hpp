#pragma once
// A BERT encoder with its masked-LM head, computed exactly as Hugging Face's
// BertForMaskedLM (see specs/text.md): embeddings (word + token type 0 + absolute
// position) and LayerNorm; post-LN layers of multi-head self-attention and an erf-GELU
// feed-forward block; the MLM head dense + GELU + LayerNorm + decoder + bias.
// Matrix products go through core/nn/matmul and the rest through core/nn/row_ops, so
// the same ids give bit-identical outputs natively and in wasm.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/nn/matmul.hpp"
#include "core/nn/safetensors.hpp"
#include "core/nn/tensor.hpp"

namespace sampling::nn {

struct BertConfig {
  int vocab_size = 0;
  int hidden_size = 0;
  int num_hidden_layers = 0;
  int num_attention_heads = 0;
  int intermediate_size = 0;
  int max_position_embeddings = 0;
  int type_vocab_size = 0;
  double layer_norm_eps = 1e-12;
  int head_size() const { return hidden_size / num_attention_heads; }
};

// Reads a Hugging Face config.json. vocab_size, hidden_size, num_hidden_layers,
// num_attention_heads, intermediate_size, max_position_embeddings, type_vocab_size and
// layer_norm_eps are required; hidden_act must be "gelu" and position_embedding_type,
// when present, "absolute". Throws sampling::Error "config.json: ..." naming the field.
BertConfig parse_bert_config(std::string_view json);

class Bert {
 public:
  // Takes the weights by their Hugging Face names (specs/text.md): "bert.*" and
  // "cls.predictions.*", old LayerNorm gamma/beta accepted, cls.predictions.decoder.weight
  // optional (absent: tied to the word embeddings); bert.pooler.*, cls.seq_relationship.*
  // and bert.embeddings.position_ids are ignored. Throws sampling::Error naming a missing
  // tensor, a tensor of the wrong shape or an unexpected one.
  Bert(const BertConfig& config, const SafetensorsIndex& weights);

  const BertConfig& config() const { return config_; }

  // Runs the encoder over ids (token type 0, positions 0, 1, ...): the final hidden
  // states [ids.size(), hidden], valid until the next call. Buffers are reallocated only
  // when the length changes. Throws sampling::Error for an empty or too long sequence or
  // an id outside the vocabulary.
  const Matrix& forward(const std::vector<std::int32_t>& ids);

  // The MLM head on the given rows of the last forward only: out[r·vocab + v] is the
  // logit of token v at position rows[r]. Throws sampling::Error for a row outside the
  // last sequence (or before any forward).
  void mlm_logits(const std::vector<int>& rows, float* out);

 private:
  struct Layer {
    Linear qkv;  // query, key and value side by side: [hidden, 3·hidden]
    Linear attention_output;
    Vector attention_norm_weight, attention_norm_bias;
    Linear intermediate;
    Linear output;
    Vector output_norm_weight, output_norm_bias;
  };

  void ensure_length(std::size_t n);

  BertConfig config_;
  PackedMatrix decoder_;  // Dᵀ [hidden, vocab], D the decoder (by default the word embeddings)
  bool tied_ = true;      // the decoder is the word embedding matrix (gathered from decoder_)
  Matrix word_;           // the word embeddings [vocab, hidden] when the decoder is not tied
  Matrix position_;     // [max_position, hidden]
  Vector token_type0_;  // [hidden]
  Vector embedding_norm_weight_, embedding_norm_bias_;
  std::vector<Layer> layers_;
  Linear transform_;
  Vector transform_norm_weight_, transform_norm_bias_;
  Vector decoder_bias_;  // [vocab]

  std::size_t length_ = 0;  // of the last forward (0: none yet)
  Matrix hidden_, scratch_, qkv_, scores_, context_, intermediate_, head_, transformed_;
  PackedMatrix keys_, values_;  // one head's Kᵀ and V
};

}  // namespace sampling::nn
