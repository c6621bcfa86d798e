#include "api/table_description.h"

#include <algorithm>

#include "api/stream_spec.h"

namespace cairn::api {

using engine::BillingMode;

namespace {

std::string_view projection_name(engine::ProjectionType p) {
  switch (p) {
    case engine::ProjectionType::kKeysOnly:
      return "KEYS_ONLY";
    case engine::ProjectionType::kInclude:
      return "INCLUDE";
    case engine::ProjectionType::kAll:
      break;
  }
  return "ALL";
}

void write_throughput(JsonWriter& w, const engine::Throughput& t) {
  w.key("ProvisionedThroughput");
  w.begin_object();
  if (t.last_increase_ms) {
    w.key("LastIncreaseDateTime");
    w.decimal_seconds(t.last_increase_ms);
  }
  if (t.last_decrease_ms) {
    w.key("LastDecreaseDateTime");
    w.decimal_seconds(t.last_decrease_ms);
  }
  w.field("NumberOfDecreasesToday", t.decreases_today);
  w.field("ReadCapacityUnits", t.read_capacity);
  w.field("WriteCapacityUnits", t.write_capacity);
  w.end_object();
}

}  // namespace

void write_sse_description(JsonWriter& w, const engine::TableInfo& t) {
  if (t.sse_kms_key_arn.empty()) return;
  w.key("SSEDescription");
  w.begin_object();
  w.field("Status", "ENABLED");
  w.field("SSEType", "KMS");
  w.field("KMSMasterKeyArn", t.sse_kms_key_arn);
  w.end_object();
}

void write_key_schema(JsonWriter& w, const std::vector<engine::KeyElement>& hash,
                      const std::vector<engine::KeyElement>& range) {
  w.key("KeySchema");
  w.begin_array();
  for (const auto* keys : {&hash, &range}) {
    for (const auto& k : *keys) {
      w.begin_object();
      w.field("AttributeName", k.name);
      w.field("KeyType", keys == &hash ? "HASH" : "RANGE");
      w.end_object();
    }
  }
  w.end_array();
}

void write_index_description(JsonWriter& w, const engine::TableInfo& table,
                             const engine::IndexInfo& index, const engine::TableStats& stats,
                             std::string_view status_override) {
  const bool global = index.kind == engine::IndexKind::kGlobal;
  w.begin_object();
  w.field("IndexName", index.name);
  write_key_schema(w, index.hash_keys, index.range_keys);
  w.key("Projection");
  w.begin_object();
  w.field("ProjectionType", projection_name(index.projection));
  if (index.projection == engine::ProjectionType::kInclude) {
    // DynamoDB returns NonKeyAttributes sorted by name, whatever order they were given in.
    std::vector<std::string> names = index.non_key_attributes;
    std::sort(names.begin(), names.end());
    w.key("NonKeyAttributes");
    w.begin_array();
    for (const auto& a : names) w.string(a);
    w.end_array();
  }
  w.end_object();
  if (global) {
    std::string_view status = status_override;
    if (status.empty()) {
      status = index.status == engine::IndexStatus::kCreating ? "CREATING" : "ACTIVE";
    }
    w.field("IndexStatus", status);
    if (index.status == engine::IndexStatus::kCreating && status == "CREATING") {
      w.field("Backfilling", index.backfilling);
    }
    write_throughput(w, index.throughput);
  }
  w.field("IndexSizeBytes", stats.size_bytes);
  w.field("ItemCount", stats.item_count);
  w.field("IndexArn", table.index_arn(index));
  w.end_object();
}

void write_table_description(JsonWriter& w, const engine::TableInfo& t,
                             const engine::TableStats& stats, std::string_view status,
                             DescriptionKind kind, const IndexStats& index_stats,
                             const engine::IndexInfo* deleting_index) {
  const bool full = kind == DescriptionKind::kFull;
  w.begin_object();
  if (full) {
    w.key("AttributeDefinitions");
    w.begin_array();
    for (const auto& [name, type] : t.attribute_definitions) {
      w.begin_object();
      w.field("AttributeName", name);
      w.field("AttributeType", type_name(type));
      w.end_object();
    }
    w.end_array();
  }
  w.field("TableName", t.name);
  if (full) {
    std::vector<engine::KeyElement> range;
    if (t.range_key) range.push_back(*t.range_key);
    write_key_schema(w, {t.hash_key}, range);
  }
  w.field("TableStatus", status);
  if (full) {
    w.key("CreationDateTime");
    w.decimal_seconds(t.created_ms);
  }
  write_throughput(w, t.throughput);
  w.field("TableSizeBytes", stats.size_bytes);
  w.field("ItemCount", stats.item_count);
  w.field("TableArn", t.arn);
  w.field("TableId", t.table_id);
  w.key("BillingModeSummary");
  w.begin_object();
  if (t.billing_mode == BillingMode::kPayPerRequest) {
    w.field("BillingMode", "PAY_PER_REQUEST");
    w.key("LastUpdateToPayPerRequestDateTime");
    w.decimal_seconds(t.billing_mode_updated_ms);
  } else {
    w.field("BillingMode", "PROVISIONED");
  }
  w.end_object();
  if (t.table_class != "STANDARD") {
    w.key("TableClassSummary");
    w.begin_object();
    w.field("TableClass", t.table_class);
    w.end_object();
  }
  w.field("DeletionProtectionEnabled", t.deletion_protection);
  write_sse_description(w, t);
  if (t.stream_enabled()) {
    w.key("StreamSpecification");
    w.begin_object();
    w.field("StreamEnabled", true);
    w.field("StreamViewType", view_type_name(t.stream->view_type));
    w.end_object();
  }
  if (t.stream) {
    w.field("LatestStreamLabel", t.stream->label);
    w.field("LatestStreamArn", t.stream_arn());
  }
  // DeleteTable leaves the indexes out, as it does the schema.
  for (const auto kind_wanted : {engine::IndexKind::kLocal, engine::IndexKind::kGlobal}) {
    if (!full) break;
    const bool deleting = deleting_index && deleting_index->kind == kind_wanted;
    bool any = deleting;
    for (const auto& index : t.indexes) any |= index.kind == kind_wanted;
    if (!any) continue;
    w.key(kind_wanted == engine::IndexKind::kLocal ? "LocalSecondaryIndexes"
                                                   : "GlobalSecondaryIndexes");
    w.begin_array();
    for (const auto& index : t.indexes) {
      if (index.kind != kind_wanted) continue;
      write_index_description(w, t, index, index_stats ? index_stats(index) : engine::TableStats{});
    }
    if (deleting) write_index_description(w, t, *deleting_index, {}, "DELETING");
    w.end_array();
  }
  if (full && t.restored_from) {
    // A restore answers once its table is whole: never in progress.
    w.key("RestoreSummary");
    w.begin_object();
    if (!t.restored_from->source_backup_arn.empty()) {
      w.field("SourceBackupArn", t.restored_from->source_backup_arn);
    }
    w.field("SourceTableArn", t.restored_from->source_table_arn);
    w.key("RestoreDateTime");
    w.decimal_seconds(t.restored_from->restore_ms);
    w.field("RestoreInProgress", false);
    w.end_object();
  }
  w.end_object();
}

}  // namespace cairn::api
