#include "backup/restore_spec.h"

#include <algorithm>

namespace cairn::backup {
namespace {

bool keeps(const std::optional<std::vector<std::string>>& names, const std::string& name) {
  return !names || std::find(names->begin(), names->end(), name) != names->end();
}

}  // namespace

std::vector<engine::IndexInfo> indexes_in_both(const std::vector<engine::IndexInfo>& indexes,
                                               const engine::TableInfo& other) {
  std::vector<engine::IndexInfo> kept;
  for (const engine::IndexInfo& index : indexes) {
    const engine::IndexInfo* there = other.find_index(index.name);
    if (there && there->storage_id == index.storage_id && !index.backfilling &&
        !there->backfilling) {
      kept.push_back(index);
    }
  }
  return kept;
}

engine::TableInfo restore_spec(const engine::TableInfo& source, std::string target_name,
                               const RestoreOverrides& overrides,
                               engine::TableRestore restored_from) {
  engine::TableInfo spec = source;
  spec.name = std::move(target_name);
  spec.storage_id = 0;
  spec.table_id.clear();
  spec.arn.clear();
  // DynamoDB restores neither tags, streams, Time to Live nor recovery settings.
  spec.tags.clear();
  spec.stream.reset();
  spec.ttl = {};
  spec.recovery = {};
  spec.deletion_protection = false;
  spec.restored_from = std::move(restored_from);
  std::vector<engine::IndexInfo> indexes;
  for (engine::IndexInfo index : spec.indexes) {
    const bool global = index.kind == engine::IndexKind::kGlobal;
    if (!keeps(global ? overrides.global_indexes : overrides.local_indexes, index.name)) continue;
    // An index still being backfilled when the backup was taken is not whole in it.
    if (index.status == engine::IndexStatus::kCreating || index.backfilling) continue;
    index.storage_id = 0;
    index.status = engine::IndexStatus::kActive;
    index.backfilling = false;
    indexes.push_back(std::move(index));
  }
  spec.indexes = std::move(indexes);
  if (overrides.billing_mode) spec.billing_mode = *overrides.billing_mode;
  if (spec.billing_mode == engine::BillingMode::kPayPerRequest) {
    spec.throughput = {};
    for (auto& index : spec.indexes) index.throughput = {};
  } else if (overrides.throughput) {
    spec.throughput = *overrides.throughput;
    // A GSI of an on-demand table has no throughput of its own: it takes the table's.
    for (auto& index : spec.indexes) {
      if (index.kind == engine::IndexKind::kGlobal && index.throughput.read_capacity == 0) {
        index.throughput = *overrides.throughput;
      }
    }
  }
  if (overrides.sse_kms_key_arn) spec.sse_kms_key_arn = *overrides.sse_kms_key_arn;
  return spec;
}

}  // namespace cairn::backup
