// The order-preserving key codec: how key values are encoded so that the byte order of
// storage keys is DynamoDB's order of values, and the stable partition hash that spreads
// partitions. The keys themselves (tags, layouts) are engine/key_space.h's.
//   S, B: bytes with 0x00 escaped as 0x00 0xFF, terminated by 0x00 0x01 (UTF-8 byte order
//         for strings, unsigned byte order for binaries, as DynamoDB compares them);
//   N:    Number::append_sortable (numeric order).
// Every encoding is self-delimiting, so a key prefix (table, or table + partition) is
// itself a valid range bound.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"

namespace cairn {

// Appends the sortable encoding of a key value (S, N or B; N in canonical text).
void append_sortable_value(const AttributeValue& key_value, std::string& out);

// The stable partition hash of a key value.
uint64_t partition_hash(const AttributeValue& key_value);

// The stable partition hash of a multi-attribute partition key (a GSI's); for one value
// it equals partition_hash(value).
uint64_t partition_hash(const std::vector<const AttributeValue*>& values);

// The encoding of an S or B value without its terminator: every value that begins with
// this one (begins_with) has an encoding that starts with these bytes.
void append_sortable_prefix(const AttributeValue& key_value, std::string& out);

// The smallest key greater than key itself (keys are self-delimiting, so no stored key
// lies strictly between the two).
inline std::string key_successor(std::string key) {
  key.push_back('\0');
  return key;
}

// The smallest key greater than every key starting with prefix (an exclusive upper bound).
std::string prefix_successor(std::string prefix);

void append_big_endian64(std::string& out, uint64_t v);
// The value append_big_endian64 wrote at the start of bytes (at least 8 bytes).
uint64_t read_big_endian64(std::string_view bytes);

}  // namespace cairn
