// One export of a table to a bucket as DynamoDB describes it (ExportDescription), kept under
// the key space's 'e' tag with the item codec so that DescribeExport and ListExports answer
// after a restart, and so that a restart can tell an export a kill cut short (IN_PROGRESS)
// and mark it FAILED.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "backup/operation_status.h"

namespace cairn::backup {

using ExportStatus = OperationStatus;

struct ExportRecord {
  // "<start ms, 14 digits>-<8 hex digits>", as DynamoDB's export ARNs end; also the export's
  // directory under AWSDynamoDB/ in the bucket.
  std::string id;
  std::string table_arn;
  std::string table_id;  // the table's TableId (a UUID)
  uint64_t table_storage_id = 0;
  std::string account;
  std::string region;
  ExportStatus status = ExportStatus::kInProgress;
  int64_t start_ms = 0;
  int64_t end_ms = 0;     // 0 while in progress
  int64_t export_ms = 0;  // the moment the table is exported as of
  bool export_time_given = false;
  std::string client_token;
  std::string request_fingerprint;  // what the request asked, for ClientToken's idempotency
  std::string s3_bucket;
  std::string s3_bucket_owner;
  std::string s3_prefix;
  std::string s3_sse_algorithm;  // AES256 or KMS
  std::string s3_sse_kms_key_id;
  std::string export_format;  // DYNAMODB_JSON
  std::string export_type;    // FULL_EXPORT, INCREMENTAL_EXPORT, or empty (not given: full)
  // An incremental export's window [from_ms, to_ms) and view (NEW_IMAGE or
  // NEW_AND_OLD_IMAGES).
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  std::string view_type;
  std::string failure_code;
  std::string failure_message;
  std::string manifest_key;  // the manifest-summary.json's key in the bucket, once written
  int64_t item_count = 0;
  int64_t billed_size_bytes = 0;

  bool incremental() const { return export_type == "INCREMENTAL_EXPORT"; }
  // arn:aws:dynamodb:<region>:<account>:table/<name>/export/<id>
  std::string arn() const { return table_arn + "/export/" + id; }
  // The export's folder in the bucket: [<prefix>/]AWSDynamoDB/<id>
  std::string folder_key() const;
};

std::string encode_export_record(const ExportRecord& record);
ExportRecord decode_export_record(std::string_view bytes);

}  // namespace cairn::backup
