// CreateTable, DescribeTable, ListTables, DeleteTable (UpdateTable: update_table_ops.cc).
#include "api/constraints.h"
#include "api/handler.h"
#include "api/index_spec.h"
#include "api/resource_policy_rules.h"
#include "api/stream_spec.h"
#include "api/table_description.h"
#include "api/table_request.h"
#include "api/tag_rules.h"
#include "auth/policy_store.h"
#include "backup/backup_catalog.h"
#include "backup/continuous_backups.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

using engine::BillingMode;
using engine::KeyElement;
using engine::TableInfo;

// Billing mode and throughput together, as DynamoDB checks them on CreateTable.
void apply_billing(TableInfo& t, std::optional<std::string_view> mode, const ParsedThroughput& tp) {
  t.billing_mode =
      mode == "PAY_PER_REQUEST" ? BillingMode::kPayPerRequest : BillingMode::kProvisioned;
  if (t.billing_mode == BillingMode::kPayPerRequest) {
    if (tp.present) {
      throw invalid(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
          "PAY_PER_REQUEST");
    }
    return;
  }
  if (!tp.present) {
    throw invalid(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
        "PROVISIONED");
  }
  t.throughput.read_capacity = *tp.read;
  t.throughput.write_capacity = *tp.write;
}

}  // namespace

TableInfo read_new_table(RequestContext& ctx, const RequestReader& r) {
  Constraints c;
  auto name = r.string("TableName");
  if (!name) throw missing_parameter("TableName");
  c.new_table_name(*name);

  std::vector<KeySchemaEntry> key_schema;
  auto ks = r.array("KeySchema");
  if (!ks) {
    c.not_null("keySchema");
  } else {
    std::vector<std::pair<std::optional<std::string_view>, std::optional<std::string_view>>>
        elements;
    for (JsonElement e : *ks) {
      RequestReader k(as_object(e));
      auto& [attr, type] = elements.emplace_back(k.string("AttributeName"), k.string("KeyType"));
      key_schema.push_back({std::string(attr.value_or("")), std::string(type.value_or(""))});
    }
    if (key_schema.empty()) {
      c.fail("[]", "keySchema", "Member must have length greater than or equal to 1");
    } else if (key_schema.size() > 2) {
      c.fail(key_schema_text(key_schema), "keySchema",
             "Member must have length less than or equal to 2");
    }
    for (size_t i = 0; i < elements.size(); ++i) {
      const auto& [attr, type] = elements[i];
      const std::string at = "keySchema." + std::to_string(i + 1) + ".member.";
      if (!attr) c.not_null(at + "attributeName");
      if (!type) c.not_null(at + "keyType");
      if (attr) c.length_between(*attr, at + "attributeName", 1, 255);
      if (type) c.one_of(*type, at + "keyType", {"HASH", "RANGE"});
    }
  }

  std::vector<std::pair<std::string, std::string>> definitions;
  if (auto defs = r.array("AttributeDefinitions")) {
    definitions = read_attribute_definitions(*defs, c);
  } else {
    c.not_null("attributeDefinitions");
  }
  auto billing = r.string("BillingMode");
  if (billing) c.one_of(*billing, "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});
  auto table_class = r.string("TableClass");
  if (table_class) c.one_of(*table_class, "tableClass", {"STANDARD", "STANDARD_INFREQUENT_ACCESS"});
  ParsedThroughput throughput =
      parse_throughput(r.object("ProvisionedThroughput"), "provisionedThroughput", c);
  TableIndexSpecs index_specs = read_table_index_specs(r, c);
  c.throw_if_any();

  // Semantic checks, in the order DynamoDB applies them.
  if (key_schema[0].type != "HASH") {
    throw ApiError::validation(
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (key_schema.size() == 2) {
    if (key_schema[1].type != "RANGE") {
      throw ApiError::validation(
          "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    // A table's key naming one attribute twice is worded as a missing definition; an
    // index's has its own words (index_spec).
    if (key_schema[0].name == key_schema[1].name) {
      throw ApiError::validation("Invalid KeySchema: Some index key attribute have no definition");
    }
  }
  TableInfo t;
  t.name = std::string(*name);
  for (const auto& [attr, type] : definitions) {
    AttrType parsed;
    parse_type_name(type, parsed);
    if (!t.attribute_definitions.emplace(attr, parsed).second) {
      throw ApiError::validation("Attribute Name is duplicated: " + attr);
    }
  }
  auto key_element = [&](const KeySchemaEntry& e) {
    auto it = t.attribute_definitions.find(e.name);
    if (it == t.attribute_definitions.end()) {
      std::string keys, all;
      for (const auto& k : key_schema) keys += (keys.empty() ? "" : ", ") + k.name;
      for (const auto& [attr, type] : definitions) all += (all.empty() ? "" : ", ") + attr;
      throw invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
                    keys + "], AttributeDefinitions: [" + all + "]");
    }
    return KeyElement{e.name, it->second};
  };
  t.hash_key = key_element(key_schema[0]);
  if (key_schema.size() == 2) t.range_key = key_element(key_schema[1]);
  const bool has_indexes = index_specs.local || index_specs.global;
  if (!has_indexes && t.attribute_definitions.size() != key_schema.size()) {
    throw invalid(
        "Number of attributes in KeySchema does not exactly match number of attributes defined in "
        "AttributeDefinitions");
  }
  apply_billing(t, billing, throughput);
  if (has_indexes) {
    std::vector<std::string> names;
    for (const auto& [attr, type] : definitions) names.push_back(attr);
    t.indexes = read_table_indexes(index_specs, t, names);
  }
  if (table_class) t.table_class = std::string(*table_class);
  t.deletion_protection = r.boolean("DeletionProtectionEnabled").value_or(false);
  if (auto tags = r.array("Tags")) {
    t.tags = parse_tags(*tags, "tags");
    check_tag_count(t.tags);
  }
  const StreamSpec stream = read_stream_specification(r, c);
  c.throw_if_any();
  apply_stream_on_create(t, stream);
  if (auto sse = read_sse_specification(r, ctx.account, ctx.region)) t.sse_kms_key_arn = *sse;
  t.account_id = std::string(ctx.account);
  t.region = std::string(ctx.region);
  return t;
}

namespace {

void create_table(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  TableInfo t = read_new_table(ctx, r);

  // A resource-based policy given with the table is checked before the table is made.
  const auto resource_policy = r.string("ResourcePolicy");
  if (resource_policy) check_resource_policy_document(*resource_policy);

  // The policy is attached first, so that the table never exists without it (undone if
  // the table is not made). An existing table is refused by create(): its policy stays.
  std::optional<std::string> attached;
  const std::string arn = engine.catalog().arn_of(ctx.account, ctx.region, t.name);
  if (resource_policy && ctx.policies && !engine.catalog().find(ctx.account, ctx.region, t.name)) {
    attached = std::get<std::string>(
        ctx.policies->put_resource_policy(arn, *resource_policy, std::nullopt));
  }
  engine::TablePtr created;
  try {
    created = engine.catalog().create(std::move(t));
  } catch (...) {
    if (attached) ctx.policies->delete_resource_policy(arn, attached);
    throw;
  }
  if (created->stream) engine.streams().log_for(*created);
  out.begin_object();
  out.key("TableDescription");
  write_table_description(out, *created, {}, "ACTIVE");
  out.end_object();
}

void describe_table(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto name = r.string("TableName");
  c.table_name(name);
  c.throw_if_any();
  auto t = engine.catalog().get(ctx.account, ctx.region, *name);
  out.begin_object();
  out.key("Table");
  write_table_description(
      out, *t, engine.items().stats(*t), "ACTIVE", DescriptionKind::kFull,
      [&](const engine::IndexInfo& index) { return engine.items().index_stats(index); });
  out.end_object();
}

void list_tables(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto start = r.string("ExclusiveStartTableName");
  if (start) c.table_name(start, "exclusiveStartTableName");
  auto limit = r.integer("Limit");
  if (limit && c.at_least(*limit, "limit", 1)) c.at_most(*limit, "limit", 100);
  c.throw_if_any();
  const size_t max = static_cast<size_t>(limit.value_or(100));
  auto names = engine.catalog().names(ctx.account, ctx.region);
  auto it = start ? std::upper_bound(names.begin(), names.end(), *start) : names.begin();
  out.begin_object();
  out.key("TableNames");
  out.begin_array();
  size_t n = 0;
  std::string_view last;
  for (; it != names.end() && n < max; ++it, ++n) {
    out.string(*it);
    last = *it;
  }
  out.end_array();
  if (it != names.end()) out.field("LastEvaluatedTableName", last);
  out.end_object();
}

void delete_table(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto name = r.string("TableName");
  c.table_name(name);
  c.throw_if_any();
  auto t = engine.catalog().get(ctx.account, ctx.region, *name);
  if (t->deletion_protection) {
    throw ApiError::validation(
        "Resource cannot be deleted as it is currently protected against deletion. Disable "
        "deletion protection first.");
  }
  auto stats = engine.items().stats(*t);
  // A table with point-in-time recovery on leaves a SYSTEM backup of itself, kept 35 days.
  if (t->recovery.enabled && ctx.backups) {
    ctx.backups->create(*t, t->name + "$DeletedTableBackup", backup::BackupType::kSystem);
  }
  engine.catalog().drop(engine.catalog().key_of(*t));
  if (ctx.recovery) ctx.recovery->table_deleted(*t);
  // Its resource-based policies (the table's and its streams') go with it, as on DynamoDB:
  // a table created again under the name starts without one.
  if (ctx.policies) ctx.policies->forget_table(t->arn);
  // The stream outlives its table for the retention period, disabled.
  engine.streams().disable(*t);
  out.begin_object();
  out.key("TableDescription");
  write_table_description(out, *t, stats, "DELETING", DescriptionKind::kDeleting);
  out.end_object();
}

}  // namespace

void register_table_ops(HandlerTable& table) {
  table["CreateTable"] = create_table;
  table["DescribeTable"] = describe_table;
  table["ListTables"] = list_tables;
  table["DeleteTable"] = delete_table;
}

}  // namespace cairn::api
