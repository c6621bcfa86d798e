#include "model/item_codec.h"

#include "model/api_error.h"
#include "model/item_size.h"
#include "model/stored_item_walker.h"

namespace cairn {
namespace {

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

// Builds an Item from the walker's events. Containers in progress are kept as pointers:
// map nodes never move, and lists are reserved to their final size before they fill.
class ItemBuilder {
 public:
  explicit ItemBuilder(Item& item) : item_(item) {}

  void begin_map(size_t) {
    if (frames_.empty()) {
      frames_.push_back({&item_, nullptr, nullptr});
      return;
    }
    AttributeValue& v = slot(AttrType::M);
    frames_.push_back({&v.map, nullptr, nullptr});
  }
  void end_map() { frames_.pop_back(); }
  void name(std::string_view n) { name_ = n; }
  void begin_list(size_t count) {
    AttributeValue& v = slot(AttrType::L);
    v.list.reserve(count);
    frames_.push_back({nullptr, &v.list, nullptr});
  }
  void end_list() { frames_.pop_back(); }
  void scalar(AttrType type, std::string_view bytes) { slot(type).scalar.assign(bytes); }
  void boolean(bool b) { slot(AttrType::BOOL).boolean = b; }
  void null() { slot(AttrType::NUL).boolean = true; }
  void begin_set(AttrType type, size_t count) {
    AttributeValue& v = slot(type);
    v.set.reserve(count);
    frames_.push_back({nullptr, nullptr, &v});
  }
  void set_member(std::string_view bytes) { frames_.back().set->set.emplace_back(bytes); }
  void end_set() { frames_.pop_back(); }

 private:
  struct Frame {
    AttributeMap* map;
    std::vector<AttributeValue>* list;
    AttributeValue* set;
  };

  // The value the next event fills: the named member of the innermost map, or the next
  // element of the innermost list.
  AttributeValue& slot(AttrType type) {
    Frame& f = frames_.back();
    AttributeValue& v = f.map ? (*f.map)[std::string(name_)] : f.list->emplace_back();
    v.type = type;
    return v;
  }

  Item& item_;
  std::vector<Frame> frames_;
  std::string_view name_;
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
  encode_item(item, item_size(item), out);
}

void encode_item(const Item& item, size_t size, std::string& out) {
  out.push_back(kStoredItemVersion);
  append_varint(out, size);
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
  Item item;
  ItemBuilder builder(item);
  walk_stored_item(bytes, builder);
  return item;
}

void throw_corrupt_stored_item() {
  throw ApiError::internal("corrupt stored item");
}

}  // namespace cairn
