#include "api/table_description.h"

namespace cairn::api {

using engine::BillingMode;

void write_table_description(JsonWriter& w, const engine::TableInfo& t,
                             const engine::TableStats& stats, std::string_view status,
                             DescriptionKind kind) {
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
    w.key("KeySchema");
    w.begin_array();
    w.begin_object();
    w.field("AttributeName", t.hash_key.name);
    w.field("KeyType", "HASH");
    w.end_object();
    if (t.range_key) {
      w.begin_object();
      w.field("AttributeName", t.range_key->name);
      w.field("KeyType", "RANGE");
      w.end_object();
    }
    w.end_array();
  }
  w.field("TableStatus", status);
  if (full) {
    w.key("CreationDateTime");
    w.decimal_seconds(t.created_ms);
  }
  w.key("ProvisionedThroughput");
  w.begin_object();
  if (t.throughput.last_increase_ms) {
    w.key("LastIncreaseDateTime");
    w.decimal_seconds(t.throughput.last_increase_ms);
  }
  if (t.throughput.last_decrease_ms) {
    w.key("LastDecreaseDateTime");
    w.decimal_seconds(t.throughput.last_decrease_ms);
  }
  w.field("NumberOfDecreasesToday", t.throughput.decreases_today);
  w.field("ReadCapacityUnits", t.throughput.read_capacity);
  w.field("WriteCapacityUnits", t.throughput.write_capacity);
  w.end_object();
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
  w.end_object();
}

}  // namespace cairn::api
