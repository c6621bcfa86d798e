#include "api/item_collection_metrics.h"

#include <cmath>

#include "api/attribute_json.h"
#include "engine/collection_sizes.h"

namespace cairn::api {
namespace {

void write_one(JsonWriter& out, const CollectionMetrics& m) {
  out.begin_object();
  out.key("ItemCollectionKey");
  write_item(out, m.collection_key);
  out.key("SizeEstimateRangeGB");
  // Whole gigabytes around the measured size, as DynamoDB's estimates are.
  const double gb = std::floor(static_cast<double>(m.bytes) / (1024.0 * 1024 * 1024));
  out.begin_array();
  out.raw_number(std::to_string(static_cast<int64_t>(gb)) + ".0");
  out.raw_number(std::to_string(static_cast<int64_t>(gb) + 1) + ".0");
  out.end_array();
  out.end_object();
}

}  // namespace

bool wants_item_collection_metrics(const RequestReader& r) {
  return r.string("ReturnItemCollectionMetrics") == "SIZE";
}

std::optional<CollectionMetrics> collection_metrics(const engine::TableInfo& table,
                                                    const Item& item_or_key, uint64_t bytes) {
  if (!engine::has_item_collections(table)) return std::nullopt;
  auto pk = item_or_key.find(table.hash_key.name);
  if (pk == item_or_key.end()) return std::nullopt;
  CollectionMetrics m;
  m.table_name = table.name;
  m.collection_key.insert(*pk);
  m.bytes = bytes;
  return m;
}

void add_collection_metrics(std::vector<CollectionMetrics>& metrics,
                            std::optional<CollectionMetrics> m) {
  if (!m) return;
  for (auto& earlier : metrics) {
    if (earlier.table_name == m->table_name && earlier.collection_key == m->collection_key) {
      earlier.bytes = m->bytes;
      return;
    }
  }
  metrics.push_back(std::move(*m));
}

void write_item_collection_metrics(JsonWriter& out, const std::optional<CollectionMetrics>& m) {
  if (!m) return;
  out.key("ItemCollectionMetrics");
  write_one(out, *m);
}

void write_item_collection_metrics_map(JsonWriter& out,
                                       const std::vector<CollectionMetrics>& metrics) {
  if (metrics.empty()) return;
  out.key("ItemCollectionMetrics");
  out.begin_object();
  std::vector<std::string_view> tables;
  for (const auto& m : metrics) {
    bool seen = false;
    for (auto t : tables) seen |= t == m.table_name;
    if (!seen) tables.push_back(m.table_name);
  }
  for (auto table : tables) {
    out.key(table);
    out.begin_array();
    for (const auto& m : metrics) {
      if (m.table_name == table) write_one(out, m);
    }
    out.end_array();
  }
  out.end_object();
}

}  // namespace cairn::api
