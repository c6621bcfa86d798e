#include "model/item_size.h"

#include <vector>

#include "model/api_error.h"
#include "model/stored_item_walker.h"

namespace cairn {
namespace {

// Leading and trailing zeros are trimmed; one byte per two significant digits plus one.
size_t number_size(std::string_view canonical) {
  size_t digits = 0;
  size_t first = canonical.find_first_not_of("-0.");
  if (first == std::string_view::npos) return 1;
  size_t last = canonical.find_last_not_of("0.");
  for (size_t i = first; i <= last && i < canonical.size(); ++i) {
    if (canonical[i] >= '0' && canonical[i] <= '9') ++digits;
  }
  return (digits + 1) / 2 + 1;
}

// The same rules over an item's stored form. Every member of a nested map or list costs one
// byte more than at the top level, and every nested map or list three bytes of its own.
class StoredSizeCounter {
 public:
  size_t total = 0;

  void begin_map(size_t) { open(nested_.empty() ? kItem : kMap); }
  void end_map() { nested_.pop_back(); }
  void name(std::string_view n) { total += n.size() + (nested_.back() == kItem ? 0 : 1); }
  void begin_list(size_t) { open(kList); }
  void end_list() { nested_.pop_back(); }
  void scalar(AttrType type, std::string_view bytes) {
    element();
    total += type == AttrType::N ? number_size(bytes) : bytes.size();
  }
  void boolean(bool) { element(), total += 1; }
  void null() { element(), total += 1; }
  void begin_set(AttrType type, size_t) { element(), set_type_ = type; }
  void set_member(std::string_view bytes) {
    total += set_type_ == AttrType::NS ? number_size(bytes) : bytes.size();
  }
  void end_set() {}

 private:
  // A value starts: a list element costs its extra byte (a map member's is in name()).
  void element() {
    if (!nested_.empty() && nested_.back() == kList) total += 1;
  }
  enum Kind : char { kItem, kMap, kList };

  void open(Kind kind) {
    if (!nested_.empty()) element(), total += 3;
    nested_.push_back(kind);
  }

  std::vector<Kind> nested_;
  AttrType set_type_ = AttrType::SS;
};

}  // namespace

size_t stored_item_size(std::string_view stored) {
  if (!stored.empty() && stored[0] == kStoredItemVersion) {
    size_t pos = 1;
    uint64_t size;
    if (!read_varint(stored, pos, size)) throw_corrupt_stored_item();
    return size;
  }
  StoredSizeCounter counter;
  walk_stored_item(stored, counter);
  return counter.total;
}

size_t value_size(const AttributeValue& v) {
  switch (v.type) {
    case AttrType::S:
    case AttrType::B:
      return v.scalar.size();
    case AttrType::N:
      return number_size(v.scalar);
    case AttrType::BOOL:
    case AttrType::NUL:
      return 1;
    case AttrType::SS:
    case AttrType::BS: {
      size_t n = 0;
      for (const auto& m : v.set) n += m.size();
      return n;
    }
    case AttrType::NS: {
      size_t n = 0;
      for (const auto& m : v.set) n += number_size(m);
      return n;
    }
    case AttrType::L: {
      size_t n = 3;
      for (const auto& e : v.list) n += 1 + value_size(e);
      return n;
    }
    case AttrType::M: {
      size_t n = 3;
      for (const auto& [name, e] : v.map) n += 1 + name.size() + value_size(e);
      return n;
    }
  }
  return 0;
}

size_t item_size(const Item& item) {
  size_t n = 0;
  for (const auto& [name, v] : item) n += name.size() + value_size(v);
  return n;
}

void check_item_size_limit(size_t size) {
  if (size > kMaxItemSize) {
    throw ApiError::validation("Item size has exceeded the maximum allowed size");
  }
}

}  // namespace cairn
