#include "core/tokenize/model_proto.hpp"

#include "core/common/error.hpp"
#include "core/tokenize/protobuf_reader.hpp"

namespace sampling::tokenize {
namespace {

using Wire = ProtobufReader::WireType;

void expect(ProtobufReader& r, Wire got, Wire want, const char* field) {
  if (got != want) r.fail(std::string("field ") + field + " has the wrong wire type");
}

ModelProtoPiece parse_piece(std::string_view bytes, std::size_t index) {
  ProtobufReader r(bytes, "model file: piece " + std::to_string(index));
  ModelProtoPiece p;
  while (!r.done()) {
    Wire type;
    switch (r.next_field(type)) {
      case 1: expect(r, type, Wire::kLengthDelimited, "piece"), p.piece = std::string(r.bytes()); break;
      case 2: expect(r, type, Wire::kFixed32, "score"), p.score = r.fixed32_float(), p.has_score = true; break;
      case 3: {
        expect(r, type, Wire::kVarint, "type");
        const std::uint64_t t = r.varint();
        if (t < 1 || t > 6) r.fail("unknown piece type " + std::to_string(t));
        p.type = static_cast<PieceType>(t);
        break;
      }
      default: r.skip(type);
    }
  }
  return p;
}

void parse_trainer_spec(std::string_view bytes, ModelProtoData& m) {
  ProtobufReader r(bytes, "model file: trainer_spec");
  while (!r.done()) {
    Wire type;
    const auto field = r.next_field(type);
    if (field == 3) expect(r, type, Wire::kVarint, "model_type"), m.model_type = static_cast<int>(r.varint());
    else if (field == 35) expect(r, type, Wire::kVarint, "byte_fallback"), m.byte_fallback = r.varint() != 0;
    else if (field == 24) expect(r, type, Wire::kVarint, "treat_whitespace_as_suffix"), m.treat_whitespace_as_suffix = r.varint() != 0;
    else if (field == 44) expect(r, type, Wire::kLengthDelimited, "unk_surface"), m.unk_surface = std::string(r.bytes());
    else r.skip(type);
  }
}

void parse_normalizer_spec(std::string_view bytes, NormalizerSpecData& n) {
  ProtobufReader r(bytes, "model file: normalizer_spec");
  while (!r.done()) {
    Wire type;
    switch (r.next_field(type)) {
      case 1: expect(r, type, Wire::kLengthDelimited, "name"), n.name = std::string(r.bytes()); break;
      case 2: expect(r, type, Wire::kLengthDelimited, "precompiled_charsmap"), n.precompiled_charsmap = std::string(r.bytes()); break;
      case 3: expect(r, type, Wire::kVarint, "add_dummy_prefix"), n.add_dummy_prefix = r.varint() != 0; break;
      case 4: expect(r, type, Wire::kVarint, "remove_extra_whitespaces"), n.remove_extra_whitespaces = r.varint() != 0; break;
      case 5: expect(r, type, Wire::kVarint, "escape_whitespaces"), n.escape_whitespaces = r.varint() != 0; break;
      default: r.skip(type);
    }
  }
}

}  // namespace

ModelProtoData parse_model_proto(std::string_view bytes) {
  if (bytes.empty()) throw Error("model file: the file is empty");
  ModelProtoData m;
  ProtobufReader r(bytes, "model file");
  while (!r.done()) {
    Wire type;
    switch (r.next_field(type)) {
      case 1: expect(r, type, Wire::kLengthDelimited, "pieces"), m.pieces.push_back(parse_piece(r.bytes(), m.pieces.size())); break;
      case 2: expect(r, type, Wire::kLengthDelimited, "trainer_spec"), parse_trainer_spec(r.bytes(), m); break;
      case 3: expect(r, type, Wire::kLengthDelimited, "normalizer_spec"), parse_normalizer_spec(r.bytes(), m.normalizer); break;
      default: r.skip(type);
    }
  }
  return m;
}

}  // namespace sampling::tokenize
