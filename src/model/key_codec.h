// The order-preserving key codec: how a table's items are laid out in the ordered store.
//
//   item key := 'i' table_id(8, big-endian) hash(8, big-endian) pk [sk]
//
// hash is a stable 64-bit hash of the partition key, so a table's items are spread in
// hash order (Scan order; parallel Scan segments are hash ranges) and all items of one
// partition are adjacent, ordered by sort key (Query order). pk and sk use the sortable
// encodings below, so the byte order of keys is DynamoDB's order of values:
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

constexpr char kItemKeyTag = 'i';
// 'i' + table id + partition hash: the prefix all items of one partition share (and, in
// the rare case of a hash collision, a few other partitions too). Storage builds its
// prefix bloom filters on it.
constexpr size_t kPartitionPrefixBytes = 1 + 8 + 8;

// Appends the sortable encoding of a key value (S, N or B; N in canonical text).
void append_sortable_value(const AttributeValue& key_value, std::string& out);

// The stable partition hash of a key value.
uint64_t partition_hash(const AttributeValue& key_value);

// The stable partition hash of a multi-attribute partition key (a GSI's); for one value
// it equals partition_hash(value).
uint64_t partition_hash(const std::vector<const AttributeValue*>& values);

// 'i' + storage id + hash(values) + the values' sortable encodings: the partition prefix
// of a (possibly multi-attribute) partition key; for one value it equals partition_prefix.
std::string composite_partition_prefix(uint64_t storage_id,
                                       const std::vector<const AttributeValue*>& values);

// 'i' + table id: the prefix of every item key of one table.
std::string table_prefix(uint64_t table_id);

// The full storage key of an item.
std::string item_key(uint64_t table_id, const AttributeValue& partition_key,
                     const AttributeValue* sort_key);

// 'i' + table id + hash(pk) + pk: the prefix of every item key of one partition.
std::string partition_prefix(uint64_t table_id, const AttributeValue& partition_key);

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

// The partition hash in a storage key (or range bound) at least kPartitionPrefixBytes long.
uint64_t partition_hash_of_key(std::string_view key);

void append_big_endian64(std::string& out, uint64_t v);
// The value append_big_endian64 wrote at the start of bytes (at least 8 bytes).
uint64_t read_big_endian64(std::string_view bytes);

}  // namespace cairn
