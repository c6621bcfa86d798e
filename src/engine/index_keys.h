// Secondary-index entries: which items an index holds, under which storage key, and with
// which attributes. One entry per indexed item:
//
//   entry key   := composite_partition_prefix(index storage id, index partition values)
//                  + sortable(index sort values...) + sortable(table pk) [+ sortable(table sk)]
//   entry value := the projected item (item codec)
//
// so an index partition is one contiguous range ordered by the index sort key, like a
// table's (a Query on an index is the same seek), and entries of items sharing index keys
// stay distinct, ordered by the table key. An item lacking any index key attribute is not
// in the index (sparse indexes).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

// Where an item being checked came from; DynamoDB words the empty-key error differently
// for an item written whole and for one produced by an UpdateExpression.
enum class IndexKeySource { kItem, kUpdate };

// DynamoDB's rules for the index key attributes of an item about to be written: each one
// present must have its index's declared type ("Type mismatch for Index Key") and must not
// be an empty string or binary. Throws ValidationException.
void validate_index_keys(const TableInfo& table, const Item& item, IndexKeySource source);

// The item's index key values, or nullopt when it lacks one (it is not in the index).
struct IndexKeyValues {
  std::vector<const AttributeValue*> hash;
  std::vector<const AttributeValue*> range;
};
std::optional<IndexKeyValues> index_key_values(const IndexInfo& index, const Item& item);

// The storage key of an item's entry in the index, or nullopt when it is not indexed.
std::optional<std::string> index_entry_key(const TableInfo& table, const IndexInfo& index,
                                           const Item& item);

// The attributes the index holds of an item: the table's and the index's key attributes,
// plus, for INCLUDE, the named non-key attributes, or everything for ALL.
Item project_for_index(const TableInfo& table, const IndexInfo& index, const Item& item);

// Whether the index holds this attribute of its items.
bool index_projects(const TableInfo& table, const IndexInfo& index, std::string_view attr);

// The table's and the index's key attributes of an item (an index page's LastEvaluatedKey).
Item index_key_of(const TableInfo& table, const IndexInfo& index, const Item& item);

}  // namespace cairn::engine
