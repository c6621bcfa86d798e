// The binary form in which items are stored: compact, no JSON, no number re-parsing.
//
//   item   := version(1) size(varint) count(varint) { name value }*
//   size   := the item's DynamoDB size (model/item_size.h), so that readers measuring a
//             page of stored items (Query, Scan, capacity) need not walk them. Version 1,
//             written before the size was stored, has no size; both versions are read.
//   name   := len(varint) bytes
//   value  := type(1) payload
//   payload: S, N, B: len bytes (N as its canonical text) | BOOL: 0/1 | NULL: nothing
//            SS, NS, BS: count { len bytes }* | L: count value* | M: count { name value }*
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace cairn {

// The first byte of every stored item: the version written, and the one before it that
// stored no size.
constexpr char kStoredItemVersion = 2;
constexpr char kStoredItemVersionWithoutSize = 1;

void encode_item(const Item& item, std::string& out);
// The same, for a caller that has measured the item already: size must be item_size(item).
void encode_item(const Item& item, size_t size, std::string& out);
std::string encode_item(const Item& item);
// Throws ApiError::internal if the bytes are not a well-formed encoded item.
Item decode_item(std::string_view bytes);

// Varints, shared with the other binary codecs.
void append_varint(std::string& out, uint64_t v);
bool read_varint(std::string_view in, size_t& pos, uint64_t& v);

}  // namespace cairn
