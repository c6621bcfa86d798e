// UpdateTable: billing mode, throughput, table class, deletion protection, and global
// secondary indexes (GlobalSecondaryIndexUpdates: see index_updates.h; a new index is
// backfilled by the engine's IndexBackfiller).
#include "api/constraints.h"
#include "api/handler.h"
#include "api/index_updates.h"
#include "api/stream_spec.h"
#include "api/table_description.h"
#include "api/table_request.h"
#include "model/api_error.h"
#include "model/clock.h"

namespace cairn::api {
namespace {

using engine::BillingMode;
using engine::TableInfo;

// A GSI Create or Delete shares a request only with BillingMode and GSI Updates.
void check_index_change_is_alone(const RequestReader& r, const ParsedThroughput& throughput) {
  if (throughput.present) {
    throw invalid("You cannot create or delete index while updating table IOPS");
  }
  if (r.has("DeletionProtectionEnabled")) {
    throw invalid("DeletionProtection modification must be the only operation in the request");
  }
  if (r.has("TableClass")) {
    throw invalid("TableClass modification must be the only operation in the request");
  }
  if (r.has("SSESpecification")) {
    throw invalid("Server-Side Encryption modification must be the only operation in the request");
  }
}

void update_table(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto name = r.string("TableName");
  c.table_name(name);
  auto billing = r.string("BillingMode");
  if (billing) c.one_of(*billing, "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});
  auto table_class = r.string("TableClass");
  if (table_class) c.one_of(*table_class, "tableClass", {"STANDARD", "STANDARD_INFREQUENT_ACCESS"});
  ParsedThroughput throughput =
      parse_throughput(r.object("ProvisionedThroughput"), "provisionedThroughput", c);
  auto protection = r.boolean("DeletionProtectionEnabled");
  IndexUpdates indexes = read_index_updates(r, c);
  const StreamSpec stream = read_stream_specification(r, c);
  c.throw_if_any();
  check_index_update_list(indexes);
  const auto sse = read_sse_specification(r, ctx.account, ctx.region);
  if (r.array("ReplicaUpdates")) {
    throw ApiError::validation("ReplicaUpdates: global tables are not supported");
  }
  const bool index_actions = !indexes.actions.empty();
  if (!billing && !throughput.present && !protection && !table_class && !index_actions &&
      !stream.present && !sse) {
    // DynamoDB's current list of what an UpdateTable may change (as observed on DynamoDB in
    // 2026), including members Cairn refuses (replicas, warm throughput).
    throw ApiError::validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, "
        "ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, "
        "OnDemandThroughput, WarmThroughput or TableClass is required");
  }
  if (indexes.present && !index_actions) {
    throw invalid("List of GlobalSecondaryIndexUpdates is empty");
  }
  if (indexes.creates_or_deletes()) check_index_change_is_alone(r, throughput);
  auto current = engine.catalog().get(ctx.account, ctx.region, *name);
  const std::string key = engine.catalog().key_of(*current);
  const BillingMode mode = billing ? (*billing == "PAY_PER_REQUEST" ? BillingMode::kPayPerRequest
                                                                    : BillingMode::kProvisioned)
                                   : current->billing_mode;
  if (mode == BillingMode::kPayPerRequest && throughput.present) {
    throw invalid(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST");
  }
  if (mode == BillingMode::kProvisioned && current->billing_mode == BillingMode::kPayPerRequest &&
      !throughput.present) {
    throw invalid("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
  }
  if (throughput.present && mode == current->billing_mode &&
      *throughput.read == current->throughput.read_capacity &&
      *throughput.write == current->throughput.write_capacity && !protection && !table_class &&
      !stream.present && !sse) {
    throw invalid(
        "The provisioned throughput for the table will not change. The requested value equals the "
        "current value. Current ReadCapacityUnits provisioned for the table: " +
        std::to_string(current->throughput.read_capacity) +
        ". Requested ReadCapacityUnits: " + std::to_string(*throughput.read) +
        ". Current WriteCapacityUnits provisioned for the table: " +
        std::to_string(current->throughput.write_capacity) +
        ". Requested WriteCapacityUnits: " + std::to_string(*throughput.write) +
        ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to "
        "request higher limits.");
  }
  current.reset();  // an index backfill waits for every older snapshot to be released
  std::optional<engine::IndexInfo> deleted;  // shown as DELETING in the response
  auto updated = engine.catalog().update(key, [&](TableInfo& t) {
    for (const auto& action : indexes.actions) {
      if (action.kind != IndexAction::Kind::kDelete) continue;
      if (const engine::IndexInfo* index = t.find_index(action.index_name)) deleted = *index;
    }
    const int64_t now = now_ms();
    if (mode != t.billing_mode) {
      if (mode == BillingMode::kProvisioned) check_throughput_for_every_index(indexes, t);
      t.billing_mode = mode;
      t.billing_mode_updated_ms = now;
      if (mode == BillingMode::kPayPerRequest) {
        t.throughput = {};
        for (auto& index : t.indexes) index.throughput = {};
      }
    }
    if (throughput.present) apply_throughput(t.throughput, throughput, now);
    if (protection) t.deletion_protection = *protection;
    if (table_class) t.table_class = std::string(*table_class);
    apply_index_updates(indexes, t, now);
    if (stream.present) apply_stream_update(t, stream);
    if (sse) t.sse_kms_key_arn = *sse;
  });
  if (indexes.create()) engine.backfiller().wake();
  if (stream.present) {
    if (stream.enabled) {
      engine.streams().log_for(*updated);
    } else {
      engine.streams().disable(*updated);
    }
  }
  out.begin_object();
  out.key("TableDescription");
  write_table_description(
      out, *updated, engine.items().stats(*updated),
      indexes.creates_or_deletes() ? "UPDATING" : "ACTIVE", DescriptionKind::kFull,
      [&](const engine::IndexInfo& index) { return engine.items().index_stats(index); },
      deleted ? &*deleted : nullptr);
  out.end_object();
}

}  // namespace

void register_update_table_ops(HandlerTable& table) {
  table["UpdateTable"] = update_table;
}

}  // namespace cairn::api
