#pragma once
// Named tensors in the safetensors format (huggingface/safetensors), as bytes:
//   8 bytes   N, the header length, unsigned little-endian
//   N bytes   a UTF-8 JSON object: for each tensor
//               "name": {"dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end]}
//             and optionally "__metadata__": {"key": "string value", ...}
//   the data  raw little-endian values, C order; offsets count from the first data byte,
//             and the tensors cover the data exactly (no overlaps, no holes)
// save_safetensors writes F32: "__metadata__" first (when there is metadata), then the
// tensors in name order, laid out in that order with no gaps, and pads the header with
// spaces to a multiple of 8 bytes (as the reference writer does) so the data is aligned.
// index_safetensors validates a whole file (every dtype of the format) without copying
// the data; load_safetensors and read_floats give F32, F16 and BF16 tensors as float32
// (F16 and BF16 converted exactly). Every problem is a sampling::Error naming the tensor.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sampling::nn {

// One tensor of a validated file: its dtype as written ("F32", "F16", "BF16", "I64", ...),
// its shape and a view of its bytes inside the file.
struct TensorEntry {
  std::string dtype;
  std::vector<std::size_t> shape;
  std::string_view bytes;
};

struct SafetensorsIndex {
  std::map<std::string, TensorEntry> tensors;
  std::map<std::string, std::string> metadata;
};

// Parses and validates the header and the layout of a file (the views point into
// `bytes`, which must outlive the index).
SafetensorsIndex index_safetensors(std::string_view bytes);

// The tensor's values as float32, row-major: F32 as stored, F16 and BF16 converted
// exactly. Throws sampling::Error naming the tensor for any other dtype, and naming the
// tensor and the index of the first value that is NaN or infinite.
std::vector<float> read_floats(const std::string& name, const TensorEntry& entry);

struct Tensor {
  std::vector<std::size_t> shape;  // empty: a scalar (one value)
  std::vector<float> data;         // row-major, product(shape) values
};

struct SafetensorsFile {
  std::map<std::string, Tensor> tensors;
  std::map<std::string, std::string> metadata;
};

// Throws sampling::Error if a tensor's data size differs from its shape's product or a
// tensor is named "" or "__metadata__".
std::string save_safetensors(const SafetensorsFile& file);
// Every tensor as float32 (through index_safetensors and read_floats).
SafetensorsFile load_safetensors(std::string_view bytes);

// Number of values of a shape (1 for a scalar); throws sampling::Error on overflow.
std::size_t element_count(const std::vector<std::size_t>& shape);
// "[2, 3]" for messages.
std::string show_shape(const std::vector<std::size_t>& shape);

}  // namespace sampling::nn
