#include "api/backup_description.h"

#include "api/stream_spec.h"
#include "api/table_description.h"

namespace cairn::api {
namespace {

void write_throughput(JsonWriter& w, const engine::Throughput& t) {
  w.key("ProvisionedThroughput");
  w.begin_object();
  w.field("ReadCapacityUnits", t.read_capacity);
  w.field("WriteCapacityUnits", t.write_capacity);
  w.end_object();
}

std::string_view billing_name(engine::BillingMode mode) {
  return mode == engine::BillingMode::kPayPerRequest ? "PAY_PER_REQUEST" : "PROVISIONED";
}

// An index as SourceTableFeatureDetails lists it: name, key schema, projection (and a GSI's
// throughput), without the status and counts of a TableDescription's.
void write_backed_up_index(JsonWriter& w, const engine::TableInfo& t,
                           const engine::IndexInfo& index) {
  // The TableDescription element has what is needed; the extra members it carries (status,
  // counts, ARN) are members DynamoDB's SDKs ignore here, so it is rendered alike.
  write_index_description(w, t, index, {});
}

}  // namespace

void write_backup_details(JsonWriter& w, const backup::BackupRecord& b, std::string_view status) {
  w.begin_object();
  w.field("BackupArn", b.arn());
  w.field("BackupName", b.name);
  w.field("BackupSizeBytes", b.size_bytes);
  w.field("BackupStatus", status);
  w.field("BackupType", backup::backup_type_name(b.type));
  w.key("BackupCreationDateTime");
  w.decimal_seconds(b.created_ms);
  if (b.expiry_ms != 0) {
    w.key("BackupExpiryDateTime");
    w.decimal_seconds(b.expiry_ms);
  }
  w.end_object();
}

void write_backup_summary(JsonWriter& w, const backup::BackupRecord& b) {
  w.begin_object();
  w.field("TableName", b.table.name);
  w.field("TableId", b.table.table_id);
  w.field("TableArn", b.table.arn);
  w.field("BackupArn", b.arn());
  w.field("BackupName", b.name);
  w.key("BackupCreationDateTime");
  w.decimal_seconds(b.created_ms);
  if (b.expiry_ms != 0) {
    w.key("BackupExpiryDateTime");
    w.decimal_seconds(b.expiry_ms);
  }
  w.field("BackupStatus", "AVAILABLE");
  w.field("BackupType", backup::backup_type_name(b.type));
  w.field("BackupSizeBytes", b.size_bytes);
  w.end_object();
}

void write_backup_description(JsonWriter& w, const backup::BackupRecord& b,
                              std::string_view status) {
  const engine::TableInfo& t = b.table;
  w.begin_object();
  w.key("BackupDetails");
  write_backup_details(w, b, status);
  w.key("SourceTableDetails");
  w.begin_object();
  w.field("TableName", t.name);
  w.field("TableId", t.table_id);
  w.field("TableArn", t.arn);
  w.field("TableSizeBytes", b.size_bytes);
  std::vector<engine::KeyElement> range;
  if (t.range_key) range.push_back(*t.range_key);
  write_key_schema(w, {t.hash_key}, range);
  w.key("TableCreationDateTime");
  w.decimal_seconds(t.created_ms);
  write_throughput(w, t.throughput);
  w.field("ItemCount", b.item_count);
  w.field("BillingMode", billing_name(t.billing_mode));
  w.end_object();
  w.key("SourceTableFeatureDetails");
  w.begin_object();
  for (const auto kind : {engine::IndexKind::kLocal, engine::IndexKind::kGlobal}) {
    bool any = false;
    for (const auto& index : t.indexes) any |= index.kind == kind;
    if (!any) continue;
    w.key(kind == engine::IndexKind::kLocal ? "LocalSecondaryIndexes" : "GlobalSecondaryIndexes");
    w.begin_array();
    for (const auto& index : t.indexes) {
      if (index.kind == kind) write_backed_up_index(w, t, index);
    }
    w.end_array();
  }
  if (t.stream_enabled()) {
    w.key("StreamDescription");
    w.begin_object();
    w.field("StreamEnabled", true);
    w.field("StreamViewType", view_type_name(t.stream->view_type));
    w.end_object();
  }
  if (t.ttl.enabled) {
    w.key("TimeToLiveDescription");
    w.begin_object();
    w.field("TimeToLiveStatus", "ENABLED");
    w.field("AttributeName", t.ttl.attribute);
    w.end_object();
  }
  write_sse_description(w, t);
  w.end_object();
  w.end_object();
}

}  // namespace cairn::api
