// One backup as DynamoDB describes it (BackupDetails, SourceTableDetails,
// SourceTableFeatureDetails), and where its data is: a storage snapshot named by its id
// (decision 0030). Stored under the key space's 'b' tag with the item codec.
#pragma once

#include <cstdint>
#include <string>

#include "engine/table_info.h"

namespace cairn::backup {

enum class BackupType { kUser, kSystem };

struct BackupRecord {
  // "<creation ms, 14 digits>-<8 hex digits>", as DynamoDB's backup ARNs end; also the name
  // of its snapshot's directory.
  std::string id;
  std::string name;
  BackupType type = BackupType::kUser;
  int64_t created_ms = 0;
  int64_t expiry_ms = 0;  // SYSTEM backups only: when they go
  int64_t size_bytes = 0;
  int64_t item_count = 0;
  engine::TableInfo table;  // the table as it was

  // arn:aws:dynamodb:<region>:<account>:table/<name>/backup/<id>
  std::string arn() const { return table.arn + "/backup/" + id; }
};

std::string_view backup_type_name(BackupType type);  // "USER", "SYSTEM"

std::string encode_backup_record(const BackupRecord& record);
BackupRecord decode_backup_record(std::string_view bytes);

}  // namespace cairn::backup
