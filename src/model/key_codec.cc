#include "model/key_codec.h"

#include "model/number.h"

namespace cairn {
namespace {

// FNV-1a over the type tag and the value bytes, then a strong 64-bit finalizer so nearby
// keys land far apart. The formula is part of the on-disk format: never change it.
uint64_t stable_hash(std::string_view tag, std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
  };
  mix(tag);
  mix(bytes);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

void append_escaped_prefix(std::string_view bytes, std::string& out) {
  for (char c : bytes) {
    out.push_back(c);
    if (c == '\0') out.push_back(static_cast<char>(0xff));
  }
}

void append_escaped_bytes(std::string_view bytes, std::string& out) {
  append_escaped_prefix(bytes, out);
  out.push_back('\0');
  out.push_back('\x01');
}

}  // namespace

void append_big_endian64(std::string& out, uint64_t v) {
  // One append, not eight: keys and change records are built with it on every write.
  char bytes[8];
  for (int i = 7; i >= 0; --i, v >>= 8) bytes[i] = static_cast<char>(v);
  out.append(bytes, sizeof bytes);
}

uint64_t read_big_endian64(std::string_view bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

void append_sortable_value(const AttributeValue& v, std::string& out) {
  if (v.type == AttrType::N) {
    Number::parse(v.scalar).append_sortable(out);
  } else {
    append_escaped_bytes(v.scalar, out);
  }
}

uint64_t partition_hash(const AttributeValue& v) {
  return stable_hash(type_name(v.type), v.scalar);
}

uint64_t partition_hash(const std::vector<const AttributeValue*>& values) {
  if (values.size() == 1) return partition_hash(*values[0]);
  std::string tags, bytes;
  for (const AttributeValue* v : values) {
    tags += type_name(v->type);
    append_sortable_value(*v, bytes);
  }
  return stable_hash(tags, bytes);
}

void append_sortable_prefix(const AttributeValue& v, std::string& out) {
  append_escaped_prefix(v.scalar, out);
}

std::string prefix_successor(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(prefix.back());
    if (last != 0xff) {
      ++last;
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;  // empty: no upper bound
}

}  // namespace cairn
