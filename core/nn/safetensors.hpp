#pragma once
// Named float32 tensors in the safetensors format (huggingface/safetensors), as bytes:
//   8 bytes   N, the header length, unsigned little-endian
//   N bytes   a UTF-8 JSON object: for each tensor
//               "name": {"dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end]}
//             and optionally "__metadata__": {"key": "string value", ...}
//   the data  raw little-endian values; offsets count from the first data byte
// save_safetensors writes "__metadata__" first (when there is metadata), then the
// tensors in name order, laid out in that order with no gaps, and pads the header with
// spaces to a multiple of 8 bytes (as the reference writer does) so the data is aligned.
// load_safetensors accepts any valid file with F32 tensors and throws sampling::Error
// naming what is wrong otherwise.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sampling::nn {

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
SafetensorsFile load_safetensors(std::string_view bytes);

// Number of values of a shape (1 for a scalar); throws sampling::Error on overflow.
std::size_t element_count(const std::vector<std::size_t>& shape);
// "[2, 3]" for messages.
std::string show_shape(const std::vector<std::size_t>& shape);

}  // namespace sampling::nn
