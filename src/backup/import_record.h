// One import from a bucket into a new table, as DynamoDB describes it (ImportTableDescription),
// kept under the key space's 'g' tag with the item codec, so that DescribeImport and
// ListImports answer after a restart, and so that a restart can tell an import a kill cut
// short (IN_PROGRESS): it is FAILED and what it wrote is removed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backup/operation_status.h"
#include "engine/table_info.h"

namespace cairn::backup {

using ImportStatus = OperationStatus;

struct ImportRecord {
  // "<start ms, 14 digits>-<8 hex digits>", as DynamoDB's import ARNs end.
  std::string id;
  engine::TableInfo table;  // the table being made (its name, ids, ARN, TableId, account)
  ImportStatus status = ImportStatus::kInProgress;
  std::string client_token;
  std::string s3_bucket;
  std::string s3_bucket_owner;
  std::string s3_key_prefix;
  std::string input_format;       // DYNAMODB_JSON, CSV
  std::string input_compression;  // GZIP, ZSTD, NONE
  bool csv_options_given = false;
  std::string csv_delimiter;  // empty: not given (a comma)
  std::optional<std::vector<std::string>> csv_header_list;
  std::string table_creation_parameters;  // as the request gave them (JSON), to echo
  int64_t start_ms = 0;
  int64_t end_ms = 0;  // 0 while in progress
  int64_t processed_size_bytes = 0;
  int64_t processed_item_count = 0;
  int64_t imported_item_count = 0;
  int64_t error_count = 0;
  std::string failure_code;
  std::string failure_message;

  // arn:aws:dynamodb:<region>:<account>:table/<name>/import/<id>
  std::string arn() const { return table.arn + "/import/" + id; }
};

std::string encode_import_record(const ImportRecord& record);
ImportRecord decode_import_record(std::string_view bytes);

}  // namespace cairn::backup
