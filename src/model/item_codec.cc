#include "model/item_codec.h"

#include "model/api_error.h"

namespace cairn {
namespace {

constexpr char kVersion = 1;
constexpr int kMaxDepth = 64;  // DynamoDB allows 32 levels of nesting

void append_bytes(std::string& out, std::string_view s) {
  append_varint(out, s.size());
  out.append(s);
}

void encode_value(const AttributeValue& v, std::string& out) {
  out.push_back(static_cast<char>(v.type));
  switch (v.type) {
    case AttrType::S:
    case AttrType::N:
    case AttrType::B:
      append_bytes(out, v.scalar);
      break;
    case AttrType::BOOL:
      out.push_back(v.boolean ? 1 : 0);
      break;
    case AttrType::NUL:
      break;
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS:
      append_varint(out, v.set.size());
      for (const auto& m : v.set) append_bytes(out, m);
      break;
    case AttrType::L:
      append_varint(out, v.list.size());
      for (const auto& e : v.list) encode_value(e, out);
      break;
    case AttrType::M:
      append_varint(out, v.map.size());
      for (const auto& [name, e] : v.map) {
        append_bytes(out, name);
        encode_value(e, out);
      }
      break;
  }
}

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  Item item() {
    if (in_.empty() || in_[0] != kVersion) corrupt();
    pos_ = 1;
    Item out;
    read_map(out, 0);
    if (pos_ != in_.size()) corrupt();
    return out;
  }

 private:
  [[noreturn]] void corrupt() { throw ApiError::internal("corrupt stored item"); }

  uint64_t count() {
    uint64_t n;
    if (!read_varint(in_, pos_, n) || n > in_.size()) corrupt();
    return n;
  }

  std::string bytes() {
    uint64_t n = count();
    if (pos_ + n > in_.size()) corrupt();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }

  void read_map(AttributeMap& out, int depth) {
    uint64_t n = count();
    for (uint64_t i = 0; i < n; ++i) {
      std::string name = bytes();
      read_value(out[std::move(name)], depth);
    }
  }

  void read_value(AttributeValue& v, int depth) {
    if (depth > kMaxDepth || pos_ >= in_.size()) corrupt();
    const auto tag = static_cast<uint8_t>(in_[pos_++]);
    if (tag > static_cast<uint8_t>(AttrType::BS)) corrupt();
    v.type = static_cast<AttrType>(tag);
    switch (v.type) {
      case AttrType::S:
      case AttrType::N:
      case AttrType::B:
        v.scalar = bytes();
        break;
      case AttrType::BOOL:
        if (pos_ >= in_.size()) corrupt();
        v.boolean = in_[pos_++] != 0;
        break;
      case AttrType::NUL:
        v.boolean = true;
        break;
      case AttrType::SS:
      case AttrType::NS:
      case AttrType::BS: {
        uint64_t n = count();
        v.set.reserve(n);
        for (uint64_t i = 0; i < n; ++i) v.set.push_back(bytes());
        break;
      }
      case AttrType::L: {
        uint64_t n = count();
        v.list.resize(n);
        for (auto& e : v.list) read_value(e, depth + 1);
        break;
      }
      case AttrType::M:
        read_map(v.map, depth + 1);
        break;
    }
  }

  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

void append_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool read_varint(std::string_view in, size_t& pos, uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && pos < in.size(); shift += 7) {
    auto b = static_cast<uint8_t>(in[pos++]);
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

void encode_item(const Item& item, std::string& out) {
  out.push_back(kVersion);
  append_varint(out, item.size());
  for (const auto& [name, v] : item) {
    append_bytes(out, name);
    encode_value(v, out);
  }
}

std::string encode_item(const Item& item) {
  std::string out;
  encode_item(item, out);
  return out;
}

Item decode_item(std::string_view bytes) {
  return Decoder(bytes).item();
}

}  // namespace cairn
