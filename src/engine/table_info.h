// TableInfo: everything the engine knows about one table. Immutable once published in
// the catalogue; a change builds a new TableInfo and swaps it in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/attribute_value.h"

namespace cairn::engine {

struct KeyElement {
  std::string name;
  AttrType type = AttrType::S;  // S, N or B
};

enum class BillingMode { kProvisioned, kPayPerRequest };

struct Throughput {
  int64_t read_capacity = 0;
  int64_t write_capacity = 0;
  int64_t last_increase_ms = 0;
  int64_t last_decrease_ms = 0;
  int64_t decreases_today = 0;
};

enum class IndexKind : uint8_t { kLocal, kGlobal };
enum class ProjectionType : uint8_t { kKeysOnly, kInclude, kAll };
// CREATING while a GSI added by UpdateTable is backfilled; DELETING is never stored (a
// dropped index leaves the catalogue at once and its entries are removed by range).
enum class IndexStatus : uint8_t { kCreating, kActive };

// A local or global secondary index. Its entries live in the same key space as items,
// under their own storage id (see index_keys.h). A GSI key may have up to four partition
// and four sort key attributes (multi-attribute keys); an LSI has exactly the table's
// partition key and one sort key.
struct IndexInfo {
  std::string name;
  IndexKind kind = IndexKind::kGlobal;
  uint64_t storage_id = 0;  // 0 until the catalogue assigns one
  std::vector<KeyElement> hash_keys;
  std::vector<KeyElement> range_keys;
  ProjectionType projection = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // INCLUDE only, in the order given
  Throughput throughput;                        // GSI of a provisioned table
  IndexStatus status = IndexStatus::kActive;
  bool backfilling = false;
  int64_t created_ms = 0;

  bool is_key_attribute(std::string_view attr) const;
};

enum class StreamViewType : uint8_t { kKeysOnly, kNewImage, kOldImage, kNewAndOldImages };

// The table's latest stream. While enabled, every change of an item appends a record to
// it in the change's own commit. Disabling keeps it as the table's latest stream (still
// readable until its records expire); enabling again starts a new stream with a new label.
struct TableStream {
  uint64_t stream_id = 0;  // storage id of its records, from the catalogue's id sequence
  std::string label;       // creation time, ISO 8601 with milliseconds (the ARN's last part)
  StreamViewType view_type = StreamViewType::kNewAndOldImages;
  bool enabled = false;
  int64_t created_ms = 0;
};

// Time to Live: items whose `attribute` holds an epoch-seconds Number in the past expire.
struct TimeToLive {
  std::string attribute;  // empty until UpdateTimeToLive names one
  bool enabled = false;
  int64_t updated_ms = 0;
};

// Point-in-time recovery (decision 0030): while enabled, every write of an item also writes a
// change record (engine/change_log.h), and backup/continuous_backups.h keeps the snapshots
// the records are replayed onto.
struct PointInTimeRecovery {
  bool enabled = false;
  int64_t recovery_period_days = 35;  // 1 to 35
  int64_t enabled_ms = 0;             // when it was last enabled
};

// Where a restored table came from (DescribeTable's RestoreSummary).
struct TableRestore {
  std::string source_backup_arn;  // empty for a point-in-time restore
  std::string source_table_arn;
  int64_t restore_ms = 0;  // the time restored to (a backup's restore: when it ran)
};

struct TableInfo {
  std::string name;
  // The account that owns the table, and the region it lives in; empty for the catalog's
  // own (CatalogConfig::account and ::region), which every table made before accounts and
  // regions existed belongs to.
  std::string account_id;
  std::string region;
  uint64_t storage_id = 0;  // prefix of the table's item keys; never reused
  std::string table_id;     // the UUID DynamoDB reports as TableId
  std::string arn;
  KeyElement hash_key;
  std::optional<KeyElement> range_key;
  // AttributeName -> type, as declared (only key attributes may be declared).
  std::map<std::string, AttrType> attribute_definitions;
  BillingMode billing_mode = BillingMode::kProvisioned;
  int64_t billing_mode_updated_ms = 0;
  Throughput throughput;
  std::string table_class = "STANDARD";
  bool deletion_protection = false;
  // SSESpecification with Enabled: the KMS key ARN DescribeTable shows (the data itself is
  // encrypted, or not, by the server's own key: decision 0029); empty: DynamoDB's default
  // (AWS-owned) key, which DescribeTable does not show.
  std::string sse_kms_key_arn;
  int64_t created_ms = 0;
  std::map<std::string, std::string> tags;
  std::vector<IndexInfo> indexes;  // LSIs and GSIs, in creation order
  std::optional<TableStream> stream;
  TimeToLive ttl;
  PointInTimeRecovery recovery;
  std::optional<TableRestore> restored_from;

  bool is_key_attribute(std::string_view attr) const {
    return attr == hash_key.name || (range_key && attr == range_key->name);
  }
  // The index with this name, or nullptr.
  const IndexInfo* find_index(std::string_view index_name) const;
  bool stream_enabled() const { return stream && stream->enabled; }
  // The ARN DynamoDB reports as LatestStreamArn.
  std::string stream_arn() const { return arn + "/stream/" + stream->label; }
  // Whether a write must read the item it replaces: to move index entries, to describe the
  // change in the stream, or to move the item's expiry entry.
  bool writes_need_old_item() const { return !indexes.empty() || stream_enabled() || ttl.enabled; }
  // The ARN DynamoDB reports as IndexArn.
  std::string index_arn(const IndexInfo& index) const { return arn + "/index/" + index.name; }
};

// The catalogue stores a TableInfo with the ordinary item codec, as an Item.
Item table_info_to_item(const TableInfo& t);
TableInfo table_info_from_item(const Item& item);

}  // namespace cairn::engine
