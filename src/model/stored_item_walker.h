// Walks an item in its stored binary form (see item_codec.h) without building it: the one
// parser of that form. decode_item builds an Item from the events; a page of Query or Scan
// results goes straight from the stored bytes to JSON and to its DynamoDB size, so the
// common read path allocates no map nodes and no strings per attribute.
//
// A Visitor has these members (names and bytes are views into the stored bytes):
//   begin_map(count) / end_map()   the item itself (depth 0) and every M value
//   name(bytes)                    the name of the next member of the innermost map
//   begin_list(count) / end_list() an L value
//   scalar(type, bytes)            S, N (canonical text) or B (raw bytes)
//   boolean(b) / null()            BOOL and NULL
//   begin_set(type, count) / set_member(bytes) / end_set()   SS, NS, BS
#pragma once

#include <cstdint>
#include <string_view>

#include "model/attribute_value.h"
#include "model/item_codec.h"

namespace cairn {

[[noreturn]] void throw_corrupt_stored_item();

template <class Visitor>
class StoredItemWalker {
 public:
  StoredItemWalker(std::string_view in, Visitor& visitor) : in_(in), visitor_(visitor) {}

  void walk() {
    if (in_.empty()) throw_corrupt_stored_item();
    pos_ = 1;
    if (in_[0] == kStoredItemVersion) {
      uint64_t size;  // which a walk has no use for
      if (!read_varint(in_, pos_, size)) throw_corrupt_stored_item();
    } else if (in_[0] != kStoredItemVersionWithoutSize) {
      throw_corrupt_stored_item();
    }
    map(0);
    if (pos_ != in_.size()) throw_corrupt_stored_item();
  }

 private:
  static constexpr int kMaxDepth = 64;  // DynamoDB allows 32 levels of nesting

  uint64_t count() {
    uint64_t n;
    if (!read_varint(in_, pos_, n) || n > in_.size()) throw_corrupt_stored_item();
    return n;
  }

  std::string_view bytes() {
    const uint64_t n = count();
    if (pos_ + n > in_.size()) throw_corrupt_stored_item();
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }

  void map(int depth) {
    const uint64_t n = count();
    visitor_.begin_map(n);
    for (uint64_t i = 0; i < n; ++i) {
      visitor_.name(bytes());
      value(depth);
    }
    visitor_.end_map();
  }

  void value(int depth) {
    if (depth > kMaxDepth || pos_ >= in_.size()) throw_corrupt_stored_item();
    const auto tag = static_cast<uint8_t>(in_[pos_++]);
    if (tag > static_cast<uint8_t>(AttrType::BS)) throw_corrupt_stored_item();
    const auto type = static_cast<AttrType>(tag);
    switch (type) {
      case AttrType::S:
      case AttrType::N:
      case AttrType::B:
        visitor_.scalar(type, bytes());
        break;
      case AttrType::BOOL:
        if (pos_ >= in_.size()) throw_corrupt_stored_item();
        visitor_.boolean(in_[pos_++] != 0);
        break;
      case AttrType::NUL:
        visitor_.null();
        break;
      case AttrType::SS:
      case AttrType::NS:
      case AttrType::BS: {
        const uint64_t n = count();
        visitor_.begin_set(type, n);
        for (uint64_t i = 0; i < n; ++i) visitor_.set_member(bytes());
        visitor_.end_set();
        break;
      }
      case AttrType::L: {
        const uint64_t n = count();
        visitor_.begin_list(n);
        for (uint64_t i = 0; i < n; ++i) value(depth + 1);
        visitor_.end_list();
        break;
      }
      case AttrType::M:
        map(depth + 1);
        break;
    }
  }

  std::string_view in_;
  Visitor& visitor_;
  size_t pos_ = 0;
};

template <class Visitor>
void walk_stored_item(std::string_view bytes, Visitor& visitor) {
  StoredItemWalker<Visitor>(bytes, visitor).walk();
}

}  // namespace cairn
