#include "api/index_spec.h"

#include <set>

#include "model/api_error.h"

namespace cairn::api {
namespace {

using engine::IndexInfo;
using engine::IndexKind;
using engine::KeyElement;
using engine::ProjectionType;

constexpr size_t kMaxLocalIndexes = 5;
constexpr size_t kMaxGlobalIndexes = 20;
constexpr size_t kMaxNonKeyAttributes = 100;
constexpr size_t kMaxKeyAttributesPerRole = 4;  // multi-attribute GSI keys

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

ProjectionType projection_type(const std::string& name) {
  if (name == "KEYS_ONLY") return ProjectionType::kKeysOnly;
  if (name == "INCLUDE") return ProjectionType::kInclude;
  return ProjectionType::kAll;
}

// Key schema, projection and the attribute definitions the keys need: the checks every
// index shares. The IndexInfo's keys and projection are filled in.
IndexInfo resolve_index(const IndexSpec& spec, IndexKind kind,
                        const std::map<std::string, AttrType>& definitions) {
  IndexInfo index;
  index.name = spec.name;
  index.kind = kind;
  const auto& ks = spec.key_schema;
  if (ks.empty() || ks[0].type != "HASH") {
    throw ApiError::validation(
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  std::set<std::string> names;
  bool seen_range = false;
  size_t hashes = 0, ranges = 0;
  for (const auto& k : ks) {
    if (k.type == "HASH") {
      if (seen_range) {
        throw ApiError::validation(
            "Invalid KeySchema: All HASH key elements must precede RANGE key elements");
      }
      ++hashes;
    } else {
      seen_range = true;
      ++ranges;
    }
    if (!names.insert(k.name).second) {
      if (ks.size() == 2) {
        throw ApiError::validation(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name");
      }
      throw ApiError::validation(
          "Invalid KeySchema: Some index key attributes have the same name: " + k.name);
    }
  }
  if (hashes > kMaxKeyAttributesPerRole) {
    throw ApiError::validation(
        "Invalid KeySchema: An index KeySchema may have at most 4 HASH key elements");
  }
  if (ranges > kMaxKeyAttributesPerRole) {
    throw ApiError::validation(
        "Invalid KeySchema: An index KeySchema may have at most 4 RANGE key elements");
  }
  std::vector<std::string> undefined;
  for (const auto& k : ks) {
    if (!definitions.count(k.name)) undefined.push_back(k.name);
  }
  if (!undefined.empty()) {
    std::vector<std::string> keys, defined;
    for (const auto& k : ks) keys.push_back(k.name);
    for (const auto& [name, type] : definitions) defined.push_back(name);
    throw invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
                  join(keys) + "], AttributeDefinitions: [" + join(defined) + "]");
  }
  for (const auto& k : ks) {
    (k.type == "HASH" ? index.hash_keys : index.range_keys)
        .push_back(KeyElement{k.name, definitions.at(k.name)});
  }

  if (!spec.has_projection || !spec.projection_type) {
    throw invalid("Unknown ProjectionType: null");
  }
  index.projection = projection_type(*spec.projection_type);
  if (index.projection == ProjectionType::kInclude) {
    if (!spec.non_key_attributes || spec.non_key_attributes->empty()) {
      throw invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
    }
    std::set<std::string> seen;
    for (const auto& a : *spec.non_key_attributes) {
      if (!seen.insert(a).second) {
        throw invalid("Duplicate attribute in NonKeyAttributes: " + a);
      }
    }
    index.non_key_attributes = *spec.non_key_attributes;
  } else if (spec.non_key_attributes) {
    throw invalid("ProjectionType is " + *spec.projection_type +
                  ", but NonKeyAttributes is specified");
  }
  return index;
}

void apply_index_throughput(IndexInfo& index, const ParsedThroughput& tp,
                            engine::BillingMode billing) {
  if (billing == engine::BillingMode::kPayPerRequest) {
    if (tp.present) {
      throw invalid("ProvisionedThroughput should not be specified for index: " + index.name +
                    " when BillingMode is PAY_PER_REQUEST");
    }
    return;
  }
  if (!tp.present) {
    throw invalid("ProvisionedThroughput should be specified for index: " + index.name);
  }
  index.throughput.read_capacity = *tp.read;
  index.throughput.write_capacity = *tp.write;
}

std::optional<std::vector<IndexSpec>> read_spec_list(const RequestReader& r,
                                                     std::string_view member, std::string_view path,
                                                     IndexKind kind, Constraints& c) {
  auto list = r.array(member);
  if (!list) return std::nullopt;
  std::vector<IndexSpec> specs;
  size_t i = 0;
  for (JsonElement e : *list) {
    const std::string at = std::string(path) + "." + std::to_string(++i) + ".member.";
    specs.push_back(read_index_spec(as_object(e), kind, at, c));
  }
  return specs;
}

}  // namespace

IndexSpec read_index_spec(JsonObject spec, IndexKind kind, const std::string& at, Constraints& c) {
  RequestReader r(spec);
  IndexSpec s;
  auto name = r.string("IndexName");
  if (!name) {
    c.not_null(at + "indexName");
  } else {
    s.name = std::string(*name);
    if (c.length_between(*name, at + "indexName", 3, 255)) {
      c.pattern(*name, at + "indexName", "[a-zA-Z0-9_.-]+", is_table_name_char);
    }
  }
  auto ks = r.array("KeySchema");
  if (!ks) {
    c.not_null(at + "keySchema");
  } else {
    const size_t max = kind == IndexKind::kLocal ? 2 : 2 * kMaxKeyAttributesPerRole;
    if (ks->size() < 1) {
      c.fail("[]", at + "keySchema", "Member must have length greater than or equal to 1");
    } else if (ks->size() > max) {
      c.fail("[...]", at + "keySchema",
             "Member must have length less than or equal to " + std::to_string(max));
    }
    size_t i = 0;
    for (JsonElement e : *ks) {
      RequestReader k(as_object(e));
      const std::string kat = at + "keySchema." + std::to_string(++i) + ".member.";
      auto attr = k.string("AttributeName");
      auto type = k.string("KeyType");
      if (!attr) c.not_null(kat + "attributeName");
      if (!type) c.not_null(kat + "keyType");
      if (attr) c.length_between(*attr, kat + "attributeName", 1, 255);
      if (type) c.one_of(*type, kat + "keyType", {"HASH", "RANGE"});
      s.key_schema.push_back({std::string(attr.value_or("")), std::string(type.value_or(""))});
    }
  }
  if (auto projection = r.object("Projection")) {
    s.has_projection = true;
    RequestReader p(*projection);
    if (auto type = p.string("ProjectionType")) {
      c.one_of(*type, at + "projection.projectionType", {"ALL", "KEYS_ONLY", "INCLUDE"});
      s.projection_type = std::string(*type);
    }
    if (auto attrs = p.array("NonKeyAttributes")) {
      std::vector<std::string> names;
      size_t k = 0;
      for (JsonElement a : *attrs) {
        names.emplace_back(as_string(a));
        c.length_between(names.back(),
                         at + "projection.nonKeyAttributes." + std::to_string(++k) + ".member", 1,
                         255);
      }
      if (names.empty()) {
        c.fail("[]", at + "projection.nonKeyAttributes",
               "Member must have length greater than or equal to 1");
      } else if (names.size() > 20) {
        c.fail("[...]", at + "projection.nonKeyAttributes",
               "Member must have length less than or equal to 20");
      }
      s.non_key_attributes = std::move(names);
    }
  } else {
    c.not_null(at + "projection");
  }
  if (kind == IndexKind::kGlobal) {
    s.throughput =
        parse_throughput(r.object("ProvisionedThroughput"), at + "provisionedThroughput", c);
  }
  return s;
}

IndexInfo read_global_index(const IndexSpec& spec,
                            const std::map<std::string, AttrType>& definitions,
                            engine::BillingMode billing) {
  IndexInfo index = resolve_index(spec, IndexKind::kGlobal, definitions);
  apply_index_throughput(index, spec.throughput, billing);
  return index;
}

void check_non_key_attribute_total(const std::vector<IndexInfo>& indexes) {
  size_t total = 0;
  for (const auto& index : indexes) total += index.non_key_attributes.size();
  if (total > kMaxNonKeyAttributes) {
    throw invalid(
        "The number of attributes in NonKeyAttributes of all the secondary indexes of a table "
        "exceeds the limit of 100");
  }
}

TableIndexSpecs read_table_index_specs(const RequestReader& r, Constraints& c) {
  TableIndexSpecs specs;
  specs.local =
      read_spec_list(r, "LocalSecondaryIndexes", "localSecondaryIndexes", IndexKind::kLocal, c);
  specs.global =
      read_spec_list(r, "GlobalSecondaryIndexes", "globalSecondaryIndexes", IndexKind::kGlobal, c);
  return specs;
}

std::vector<IndexInfo> read_table_indexes(const TableIndexSpecs& specs,
                                          const engine::TableInfo& t) {
  std::vector<IndexInfo> indexes;
  if (specs.local) {
    if (specs.local->empty()) throw invalid("List of LocalSecondaryIndexes is empty");
    if (!t.range_key) {
      throw invalid(
          "Table KeySchema does not have a range key, which is required when specifying a "
          "LocalSecondaryIndex");
    }
    if (specs.local->size() > kMaxLocalIndexes) {
      throw invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
    }
    for (const auto& spec : *specs.local) {
      IndexInfo index = resolve_index(spec, IndexKind::kLocal, t.attribute_definitions);
      if (index.hash_keys[0].name != t.hash_key.name) {
        throw invalid(
            "Index KeySchema does not have the same leading hash key as table "
            "KeySchema for index: " +
            index.name + ". index hash key: " + index.hash_keys[0].name +
            ", table hash key: " + t.hash_key.name);
      }
      if (index.range_keys.empty()) {
        throw invalid("Index KeySchema does not have a range key for index: " + index.name);
      }
      indexes.push_back(std::move(index));
    }
  }
  if (specs.global) {
    if (specs.global->empty()) throw invalid("List of GlobalSecondaryIndexes is empty");
    if (specs.global->size() > kMaxGlobalIndexes) {
      throw invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
    }
    for (const auto& spec : *specs.global) {
      indexes.push_back(read_global_index(spec, t.attribute_definitions, t.billing_mode));
    }
  }
  std::set<std::string> names;
  for (const auto& index : indexes) {
    if (!names.insert(index.name).second) {
      throw invalid("Duplicate index name: " + index.name);
    }
  }
  check_non_key_attribute_total(indexes);

  // Every attribute definition must be a key of the table or of an index.
  std::set<std::string> used{t.hash_key.name};
  if (t.range_key) used.insert(t.range_key->name);
  for (const auto& index : indexes) {
    for (const auto& k : index.hash_keys) used.insert(k.name);
    for (const auto& k : index.range_keys) used.insert(k.name);
  }
  if (used.size() != t.attribute_definitions.size()) {
    std::vector<std::string> defined(used.begin(), used.end()), all;
    for (const auto& [name, type] : t.attribute_definitions) all.push_back(name);
    throw invalid("Some AttributeDefinitions are not used. AttributeDefinitions: [" + join(all) +
                  "], keys used: [" + join(defined) + "]");
  }
  return indexes;
}

}  // namespace cairn::api
