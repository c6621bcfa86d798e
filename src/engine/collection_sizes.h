// Item collection sizes of tables with local secondary indexes. DynamoDB limits such a
// collection (the items sharing one partition key value, with their LSI entries) to
// 10 GB; a write that would grow one past it fails with
// ItemCollectionSizeLimitExceededException. Measuring a collection by scanning it on
// every write would cost as much as the collection, so each collection's size is kept
// as a counter (key_space.h, tag 'c'), moved by every write in the write's own commit
// (ItemChangeWriter::apply). The counter is locked by the writes that move it, so two writes to one
// collection serialize on it; tables without LSIs have no counters and pay nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/item_image.h"
#include "engine/storage_fwd.h"
#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

// DynamoDB's limit, 10 GB; `cairn serve --item-collection-limit` can lower it (tests).
constexpr uint64_t kMaxItemCollectionBytes = uint64_t{10} << 30;

// Whether the table has item collections to measure: at least one local secondary index.
bool has_item_collections(const TableInfo& table);

// What an item adds to its collection's size: its own size and its LSI entries' (0 for an
// absent image).
uint64_t collection_share(const TableInfo& table, const ItemImage& image);

// In txn, moves the size of the collection of an item changing from before to after (both
// have the same key). A write that grows the collection past limit throws
// ItemCollectionSizeLimitExceededException. Returns the collection's size after the change;
// nullopt for tables without LSIs (nothing to do) and when both images are absent.
std::optional<uint64_t> update_collection_size(storage::KvTransaction& txn, const TableInfo& table,
                                               const ItemImage& before, const ItemImage& after,
                                               uint64_t limit);

// The size of the collection with this partition key value, as txn sees it.
uint64_t collection_size_in(storage::KvTransaction& txn, const TableInfo& table,
                            const AttributeValue& partition_key);

// The committed size of the collection with this partition key value.
uint64_t read_collection_size(storage::KvStore& store, const TableInfo& table,
                              const AttributeValue& partition_key);

}  // namespace cairn::engine
