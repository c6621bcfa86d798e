// DynamoDB's rules for primary keys, in one place: the key attributes of an item to be
// written, and the Key of a read or delete.
#pragma once

#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

constexpr size_t kMaxPartitionKeySize = 2048;
constexpr size_t kMaxSortKeySize = 1024;

// The key values of an item or of a Key parameter, pointing into it.
struct KeyRef {
  const AttributeValue* hash = nullptr;
  const AttributeValue* range = nullptr;
};

// For PutItem: every key attribute present, of the declared type, non-empty and within
// the size limits. Throws ValidationException with DynamoDB's messages.
KeyRef validate_item_key(const TableInfo& table, const Item& item);

// For GetItem/DeleteItem/UpdateItem Key: exactly the key attributes, of the declared
// types ("The provided key element does not match the schema"), non-empty and within
// the size limits.
KeyRef validate_key(const TableInfo& table, const Item& key);

// The key attributes of an item, copied out (e.g. for UnprocessedKeys or LastEvaluatedKey).
Item key_of(const TableInfo& table, const Item& item);

}  // namespace cairn::engine
