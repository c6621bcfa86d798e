// AttributeValue: one DynamoDB value of any of the ten types, as the engine sees it.
// The api layer builds these from JSON (already validated); the item codec stores them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cairn {

// The numeric values are part of the on-disk item codec: never renumber.
enum class AttrType : uint8_t {
  S = 0,
  N = 1,
  B = 2,
  BOOL = 3,
  NUL = 4,
  M = 5,
  L = 6,
  SS = 7,
  NS = 8,
  BS = 9
};

// The type descriptor as DynamoDB spells it ("S", "NULL", "SS", ...).
std::string_view type_name(AttrType type);
// Parses a descriptor; returns false for an unknown one.
bool parse_type_name(std::string_view name, AttrType& out);

struct AttributeValue;
// std::map keeps names unique and ordered; std::less<> allows string_view look-ups.
using AttributeMap = std::map<std::string, AttributeValue, std::less<>>;
using Item = AttributeMap;

struct AttributeValue {
  AttrType type = AttrType::NUL;
  bool boolean = false;          // BOOL; NULL is always true on the wire
  std::string scalar;            // S (UTF-8), N (canonical text), B (raw bytes)
  std::vector<std::string> set;  // SS, NS (canonical text), BS (raw bytes); never empty
  std::vector<AttributeValue> list;
  AttributeMap map;

  static AttributeValue string(std::string s) { return scalar_of(AttrType::S, std::move(s)); }
  static AttributeValue number(std::string canonical) {
    return scalar_of(AttrType::N, std::move(canonical));
  }
  static AttributeValue binary(std::string bytes) {
    return scalar_of(AttrType::B, std::move(bytes));
  }

  bool is_scalar_key_type() const {
    return type == AttrType::S || type == AttrType::N || type == AttrType::B;
  }

  // DynamoDB equality: same type and value; sets compare as sets (order ignored).
  bool operator==(const AttributeValue& other) const;

 private:
  static AttributeValue scalar_of(AttrType t, std::string s) {
    AttributeValue v;
    v.type = t;
    v.scalar = std::move(s);
    return v;
  }
};

}  // namespace cairn
