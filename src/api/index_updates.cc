#include "api/index_updates.h"

#include <set>

#include "model/api_error.h"

namespace cairn::api {
namespace {

using engine::BillingMode;
using engine::IndexInfo;
using engine::IndexKind;
using engine::IndexStatus;
using engine::KeyElement;
using engine::TableInfo;

constexpr size_t kMaxGlobalIndexes = 20;

ApiError one_online_index_at_a_time() {
  return ApiError::limit_exceeded(
      "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously "
      "per table");
}

// The GSI an Update or Delete names. verb: "update" or "delete".
IndexInfo& existing_global_index(TableInfo& t, const std::string& name, const char* verb) {
  for (auto& index : t.indexes) {
    if (index.name != name) continue;
    if (index.kind != IndexKind::kGlobal) {
      throw ApiError::validation(std::string("Cannot ") + verb +
                                 " an index that is not a GlobalSecondaryIndex: " + name);
    }
    return index;
  }
  throw ApiError::resource_not_found("Requested resource not found: Index " + name + " for table " +
                                     t.name);
}

// DynamoDB creates or deletes one index of a table at a time; the index itself may be
// deleted while it is being created.
void check_no_other_index_creating(const TableInfo& t, const std::string& name) {
  for (const auto& index : t.indexes) {
    if (index.status == IndexStatus::kCreating && index.name != name) {
      throw one_online_index_at_a_time();
    }
  }
}

// "Schema:[SchemaElement: key{xyz:S:HASH}]", as DynamoDB prints a key schema.
std::string schema_text(const std::vector<KeyElement>& hash, const std::vector<KeyElement>& range) {
  std::string out = "Schema:[";
  bool first = true;
  auto add = [&](const KeyElement& k, const char* role) {
    if (!first) out += ", ";
    first = false;
    out += "SchemaElement: key{" + k.name + ":" + std::string(type_name(k.type)) + ":" + role + "}";
  };
  for (const auto& k : hash) add(k, "HASH");
  for (const auto& k : range) add(k, "RANGE");
  return out + "]";
}

// The key schema (table's or an existing index's) that declares attr, as text.
std::string existing_schema_of(const TableInfo& t, const std::string& attr) {
  std::vector<KeyElement> range;
  if (t.range_key) range.push_back(*t.range_key);
  if (t.is_key_attribute(attr)) return schema_text({t.hash_key}, range);
  for (const auto& index : t.indexes) {
    if (index.is_key_attribute(attr)) return schema_text(index.hash_keys, index.range_keys);
  }
  return schema_text({{attr, t.attribute_definitions.at(attr)}}, {});
}

void update_index(const IndexAction& action, TableInfo& t, int64_t now) {
  IndexInfo& index = existing_global_index(t, action.index_name, "update");
  if (t.billing_mode == BillingMode::kPayPerRequest) {
    throw invalid("The only Updates for index: " + index.name +
                  " when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, "
                  "WarmThroughput");
  }
  const auto& tp = index.throughput;
  const auto& requested = action.throughput;
  if (*requested.read == tp.read_capacity && *requested.write == tp.write_capacity) {
    const std::string& n = index.name;
    throw ApiError::validation(
        "The provisioned throughput for the index " + n +
        " will not change. The requested value equals the current value. Current "
        "ReadCapacityUnits provisioned for index " +
        n + ": " + std::to_string(tp.read_capacity) + ". Requested ReadCapacityUnits: " +
        std::to_string(*requested.read) + ". Current WriteCapacityUnits provisioned for index " +
        n + ": " + std::to_string(tp.write_capacity) +
        ". Requested WriteCapacityUnits: " + std::to_string(*requested.write) +
        ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
        "higher limits.");
  }
  apply_throughput(index.throughput, requested, now);
}

// Attribute definitions no key uses any more leave with the index that used them, as
// DynamoDB prunes them.
void prune_attribute_definitions(TableInfo& t) {
  std::erase_if(t.attribute_definitions, [&](const auto& def) {
    if (t.is_key_attribute(def.first)) return false;
    for (const auto& index : t.indexes) {
      if (index.is_key_attribute(def.first)) return false;
    }
    return true;
  });
}

void delete_index(const IndexAction& action, TableInfo& t) {
  existing_global_index(t, action.index_name, "delete");
  check_no_other_index_creating(t, action.index_name);
  std::erase_if(t.indexes, [&](const IndexInfo& i) { return i.name == action.index_name; });
  prune_attribute_definitions(t);
}

void create_index(const IndexAction& action, const IndexUpdates& updates, TableInfo& t,
                  int64_t now) {
  const IndexSpec& spec = action.create;
  if (t.find_index(spec.name)) {
    throw ApiError::validation("Attempting to create an index which already exists");
  }
  check_no_other_index_creating(t, spec.name);
  size_t global = 0;
  for (const auto& index : t.indexes) global += index.kind == IndexKind::kGlobal;
  if (global >= kMaxGlobalIndexes) {
    throw ApiError::limit_exceeded(
        "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit "
        "of " +
        std::to_string(kMaxGlobalIndexes));
  }
  if (!updates.definitions) {
    throw invalid("AttributeDefinitions is not specified for index: " + spec.name);
  }
  // UpdateTable words the throughput rules its own way (CreateTable's are in
  // read_global_index, which then finds nothing to object to).
  if (t.billing_mode == BillingMode::kPayPerRequest && spec.throughput.present) {
    throw invalid("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: " +
                  spec.name + " when BillingMode is PAY_PER_REQUEST");
  }
  if (t.billing_mode == BillingMode::kProvisioned && !spec.throughput.present) {
    throw invalid("Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: " +
                  spec.name);
  }
  // The request's definitions type the new key; entries it does not use are ignored, as
  // DynamoDB ignores them. A key attribute the table already has keeps its type.
  std::map<std::string, AttrType> definitions;
  for (const auto& [attr, type] : *updates.definitions) {
    AttrType parsed{};
    parse_type_name(type, parsed);
    if (!definitions.emplace(attr, parsed).second) {
      throw invalid("Duplicate AttributeName in AttributeDefinitions: " + attr);
    }
  }
  IndexInfo index = read_global_index(spec, definitions, t.billing_mode);
  std::vector<KeyElement> new_keys = index.hash_keys;
  new_keys.insert(new_keys.end(), index.range_keys.begin(), index.range_keys.end());
  for (const auto& key : new_keys) {
    auto known = t.attribute_definitions.find(key.name);
    if (known != t.attribute_definitions.end() && known->second != key.type) {
      throw invalid(
          "Attributes cannot be redefined. Please check that your attribute has the same type as "
          "previously defined. Existing schema: " +
          existing_schema_of(t, key.name) +
          " New schema: " + schema_text(index.hash_keys, index.range_keys));
    }
  }
  std::vector<IndexInfo> all = t.indexes;
  all.push_back(index);
  check_non_key_attribute_total(all);

  index.status = IndexStatus::kCreating;
  index.backfilling = true;
  index.created_ms = now;
  for (const auto& key : new_keys) t.attribute_definitions.emplace(key.name, key.type);
  t.indexes.push_back(std::move(index));
}

}  // namespace

bool IndexUpdates::creates_or_deletes() const {
  for (const auto& a : actions) {
    if (a.kind == IndexAction::Kind::kCreate || a.kind == IndexAction::Kind::kDelete) return true;
  }
  return false;
}

const IndexAction* IndexUpdates::create() const {
  for (const auto& a : actions) {
    if (a.kind == IndexAction::Kind::kCreate) return &a;
  }
  return nullptr;
}

IndexUpdates read_index_updates(const RequestReader& r, Constraints& c) {
  IndexUpdates out;
  if (auto list = r.array("GlobalSecondaryIndexUpdates")) {
    out.present = true;
    size_t i = 0;
    for (JsonElement e : *list) {
      RequestReader element(as_object(e));
      const std::string at = "globalSecondaryIndexUpdates." + std::to_string(++i) + ".member.";
      IndexAction action;
      // Each action present is read (and checked); the element is valid with exactly one.
      if (auto update = element.object("Update")) {
        ++action.actions;
        action.kind = IndexAction::Kind::kUpdate;
        RequestReader u(*update);
        auto name = u.string("IndexName");
        c.table_name(name, at + "update.indexName");
        action.index_name = std::string(name.value_or(""));
        auto tp = u.object("ProvisionedThroughput");
        if (!tp) c.not_null(at + "update.provisionedThroughput");
        action.throughput = parse_throughput(tp, at + "update.provisionedThroughput", c);
      }
      if (auto create = element.object("Create")) {
        if (action.actions++ == 0) action.kind = IndexAction::Kind::kCreate;
        action.create = read_index_spec(*create, IndexKind::kGlobal, at + "create.", c);
        if (action.kind == IndexAction::Kind::kCreate) action.index_name = action.create.name;
      }
      if (auto del = element.object("Delete")) {
        RequestReader d(*del);
        auto name = d.string("IndexName");
        c.table_name(name, at + "delete.indexName");
        if (action.actions++ == 0) {
          action.kind = IndexAction::Kind::kDelete;
          action.index_name = std::string(name.value_or(""));
        }
      }
      out.actions.push_back(std::move(action));
    }
  }
  if (auto defs = r.array("AttributeDefinitions")) {
    out.definitions = read_attribute_definitions(*defs, c);
  }
  return out;
}

void check_index_update_list(const IndexUpdates& updates) {
  std::set<std::string> named;
  int creates_and_deletes = 0;
  for (const auto& a : updates.actions) {
    if (a.actions == 0) {
      throw invalid(
          "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
          "GlobalSecondaryIndexUpdate.Delete must not be null");
    }
    if (a.actions > 1) {
      throw invalid(
          "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate "
          "object");
    }
    if (!named.insert(a.index_name).second) {
      throw invalid(
          "Only one global secondary index update per index is allowed simultaneously. Index: " +
          a.index_name);
    }
    creates_and_deletes += a.kind != IndexAction::Kind::kUpdate;
  }
  if (creates_and_deletes > 1) throw one_online_index_at_a_time();
}

void apply_index_updates(const IndexUpdates& updates, TableInfo& t, int64_t now) {
  for (const auto& action : updates.actions) {
    switch (action.kind) {
      case IndexAction::Kind::kUpdate:
        update_index(action, t, now);
        break;
      case IndexAction::Kind::kDelete:
        delete_index(action, t);
        break;
      case IndexAction::Kind::kCreate:
        create_index(action, updates, t, now);
        break;
      case IndexAction::Kind::kNone:
        break;
    }
  }
}

void check_throughput_for_every_index(const IndexUpdates& updates, const TableInfo& t) {
  std::string missing;
  for (const auto& index : t.indexes) {
    if (index.kind != IndexKind::kGlobal) continue;
    bool given = false;
    for (const auto& a : updates.actions) {
      given |= a.index_name == index.name && a.kind != IndexAction::Kind::kCreate;
    }
    if (!given) missing += (missing.empty() ? "" : ",") + index.name;
  }
  if (!missing.empty()) {
    throw invalid("ProvisionedThroughput must be specified for index: " + missing);
  }
}

}  // namespace cairn::api
