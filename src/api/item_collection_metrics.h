// ReturnItemCollectionMetrics=SIZE: for writes to tables with local secondary indexes,
// the size of each item collection written (its items plus their LSI entries), as
// DynamoDB's ItemCollectionMetrics: the collection's partition key and a [lower, upper]
// estimate in GB.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "api/json_writer.h"
#include "api/request_reader.h"
#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::api {

// Whether the request asked for SIZE (its enum is checked by check_return_options).
bool wants_item_collection_metrics(const RequestReader& r);

struct CollectionMetrics {
  std::string_view table_name;
  Item collection_key;  // the partition key attribute
  size_t bytes = 0;
};

// The metrics of the collection an item (or Key) belongs to, at the size its write's
// commit left it (bytes), or nullopt when the table has no LSI (DynamoDB returns none then).
std::optional<CollectionMetrics> collection_metrics(const engine::TableInfo& table,
                                                    const Item& item_or_key, uint64_t bytes);

// Adds m to metrics unless it is absent; a collection already there takes m's size, the
// later one (a batch or a transaction reports each collection it wrote once, as its commit
// left it).
void add_collection_metrics(std::vector<CollectionMetrics>& metrics,
                            std::optional<CollectionMetrics> m);

// "ItemCollectionMetrics": {...} of a single-item write.
void write_item_collection_metrics(JsonWriter& out, const std::optional<CollectionMetrics>& m);

// "ItemCollectionMetrics": {table: [{...}, ...]} of a batch or transaction; nothing when
// none of its tables has an LSI.
void write_item_collection_metrics_map(JsonWriter& out,
                                       const std::vector<CollectionMetrics>& metrics);

}  // namespace cairn::api
