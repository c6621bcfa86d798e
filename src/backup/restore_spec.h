// What a restore makes of a backed-up table (RestoreTableFromBackup and
// RestoreTableToPointInTime alike): the new table's TableInfo, with DynamoDB's overrides
// applied and what DynamoDB does not restore left out (tags, streams, Time to Live, point-in-
// time recovery, deletion protection).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/table_info.h"

namespace cairn::backup {

// What a restore may change of the backed-up table.
struct RestoreOverrides {
  std::optional<engine::BillingMode> billing_mode;
  std::optional<engine::Throughput> throughput;
  // Names of the indexes to keep, when given (an empty list keeps none).
  std::optional<std::vector<std::string>> global_indexes;
  std::optional<std::vector<std::string>> local_indexes;
  std::optional<std::string> sse_kms_key_arn;
};

// The indexes of `indexes` that `other` has too, under the same storage id, and that neither
// is still backfilling: a snapshot holds an index whole only if it was there, unchanged and
// filled, both when its table was read and after (a GSI UpdateTable is still filling has
// only some of its entries).
std::vector<engine::IndexInfo> indexes_in_both(const std::vector<engine::IndexInfo>& indexes,
                                               const engine::TableInfo& other);

// The new table named target_name made from source (as it was backed up), before the
// catalogue gives it its ids; restored_from is what its RestoreSummary will say.
engine::TableInfo restore_spec(const engine::TableInfo& source, std::string target_name,
                               const RestoreOverrides& overrides,
                               engine::TableRestore restored_from);

}  // namespace cairn::backup
