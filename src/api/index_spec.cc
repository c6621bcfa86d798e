#include "api/index_spec.h"

#include <algorithm>
#include <set>

#include "model/api_error.h"

namespace cairn::api {
namespace {

using engine::BillingMode;
using engine::IndexInfo;
using engine::IndexKind;
using engine::KeyElement;
using engine::ProjectionType;

// Lists of strings appear in DynamoDB's messages as Java prints them: "[a, b]".
std::string list_text(const std::vector<std::string>& names) {
  std::string s = "[";
  for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s + "]";
}

// Java's String.hashCode, over UTF-16 code units.
uint32_t java_string_hash(std::string_view utf8) {
  uint32_t h = 0;
  auto add = [&](uint32_t unit) { h = 31 * h + unit; };
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < n && i + k < utf8.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      add(0xD800 + (cp >> 10));
      add(0xDC00 + (cp & 0x3FF));
    } else {
      add(cp);
    }
  }
  return h;
}

// Some of DynamoDB's messages list attribute names in the iteration order of a Java
// HashSet (observed: "keys used: [a, sk, pk]"): by bucket (the spread hash modulo a
// power-of-two capacity that starts at 16 and doubles past a 0.75 load), then by insertion.
std::string java_set_text(const std::vector<std::string>& names) {
  std::vector<std::string> unique;
  for (const auto& n : names) {
    if (std::find(unique.begin(), unique.end(), n) == unique.end()) unique.push_back(n);
  }
  uint32_t capacity = 16;
  while (unique.size() * 4 > capacity * 3) capacity *= 2;
  auto bucket = [&](const std::string& s) {
    const uint32_t h = java_string_hash(s);
    return (h ^ (h >> 16)) & (capacity - 1);
  };
  std::stable_sort(unique.begin(), unique.end(), [&](const std::string& a, const std::string& b) {
    return bucket(a) < bucket(b);
  });
  return list_text(unique);
}

std::vector<std::string> key_names(const IndexSpec& spec) {
  std::vector<std::string> names;
  for (const auto& k : spec.key_schema) names.push_back(k.name);
  return names;
}

// Every key attribute of the index must be declared in AttributeDefinitions.
void check_keys_defined(const IndexSpec& spec, const std::map<std::string, AttrType>& defs) {
  for (const auto& k : spec.key_schema) {
    if (defs.count(k.name)) continue;
    std::vector<std::string> defined;
    for (const auto& [name, type] : defs) defined.push_back(name);
    throw invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: " +
                  java_set_text(key_names(spec)) +
                  ", AttributeDefinitions: " + java_set_text(defined));
  }
}

const char* const kSameHashAndRange =
    "Both the Hash Key and the Range Key element in the KeySchema have the same name";

// An LSI's key is the table's partition key and one sort key.
void check_local_key_schema(const IndexSpec& spec, const engine::TableInfo& t) {
  const auto& ks = spec.key_schema;
  if (ks.size() == 2 && ks[0].name == ks[1].name) throw ApiError::validation(kSameHashAndRange);
  if (ks[0].type != "HASH") {
    throw ApiError::validation(
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (ks.size() == 2 && ks[1].type != "RANGE") {
    throw ApiError::validation(
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  }
  if (ks.size() != 2) {
    throw invalid("Index KeySchema does not have a range key for index: " + spec.name);
  }
  if (ks[0].name != t.hash_key.name) {
    throw invalid(
        "Index KeySchema does not have the same leading hash key as table KeySchema for index: " +
        spec.name + ". index hash key: " + ks[0].name + ", table hash key: " + t.hash_key.name);
  }
}

// A GSI's key (multi-attribute keys, November 2025): up to four HASH entries, then up to
// four RANGE entries, no attribute twice.
void check_global_key_schema(const IndexSpec& spec) {
  const auto& ks = spec.key_schema;
  if (ks.size() == 2 && ks[0].type == "HASH" && ks[1].type == "RANGE" && ks[0].name == ks[1].name) {
    throw ApiError::validation(kSameHashAndRange);
  }
  if (ks[0].type != "HASH") {
    throw ApiError::validation(
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  size_t hashes = 0, ranges = 0;
  for (const auto& k : ks) {
    if (k.type == "HASH" && ranges > 0) {
      throw invalid("All HASH key attributes must precede RANGE key attributes in the KeySchema");
    }
    ++(k.type == "HASH" ? hashes : ranges);
  }
  if (hashes > 4) {
    throw invalid("The KeySchema exceeds the maximum allowed number of HASH key attributes");
  }
  if (ranges > 4) {
    throw invalid("The KeySchema exceeds the maximum allowed number of RANGE key attributes");
  }
  std::set<std::string_view> seen;
  for (const auto& k : ks) {
    if (!seen.insert(k.name).second) {
      throw ApiError::validation(
          "The KeySchema contains multiple key attributes with the same name");
    }
  }
}

// The Projection's rules, and the projection they describe.
void apply_projection(const IndexSpec& spec, IndexInfo& index) {
  if (!spec.projection_type) throw invalid("Unknown ProjectionType: null");
  const std::string& type = *spec.projection_type;
  if (type == "INCLUDE") {
    if (!spec.non_key_attributes) {
      throw invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
    }
  } else if (spec.non_key_attributes) {
    throw invalid("ProjectionType is " + type + ", but NonKeyAttributes is specified");
  }
  index.projection = type == "ALL"       ? ProjectionType::kAll
                     : type == "INCLUDE" ? ProjectionType::kInclude
                                         : ProjectionType::kKeysOnly;
  if (!spec.non_key_attributes) return;
  std::set<std::string_view> seen;
  for (const auto& name : *spec.non_key_attributes) {
    if (!seen.insert(name).second) throw invalid("Duplicate element in NonKeyAttributes: " + name);
  }
  index.non_key_attributes = *spec.non_key_attributes;
}

// A GSI's ProvisionedThroughput follows the table's billing mode.
// (UpdateTable words these two its own way and checks them before calling here.)
void apply_throughput(const IndexSpec& spec, BillingMode billing, IndexInfo& index) {
  if (billing == BillingMode::kPayPerRequest) {
    if (!spec.throughput.present) return;
    throw invalid("ProvisionedThroughput should not be specified for index: " + spec.name +
                  " when BillingMode is PAY_PER_REQUEST");
  }
  if (!spec.throughput.present) {
    throw invalid("ProvisionedThroughput is not specified for index: " + spec.name);
  }
  index.throughput.read_capacity = *spec.throughput.read;
  index.throughput.write_capacity = *spec.throughput.write;
}

KeyElement key_element(const KeySchemaEntry& entry, const std::map<std::string, AttrType>& defs) {
  return KeyElement{entry.name, defs.at(entry.name)};
}

// The IndexInfo of an LSI whose key schema has passed its checks.
IndexInfo build_local_index(const IndexSpec& spec, const engine::TableInfo& t) {
  IndexInfo index;
  index.name = spec.name;
  index.kind = IndexKind::kLocal;
  index.hash_keys = {t.hash_key};
  index.range_keys = {key_element(spec.key_schema[1], t.attribute_definitions)};
  apply_projection(spec, index);
  return index;
}

// The IndexInfo of a GSI whose key schema has passed its checks.
IndexInfo build_global_index(const IndexSpec& spec,
                             const std::map<std::string, AttrType>& definitions,
                             BillingMode billing) {
  IndexInfo index;
  index.name = spec.name;
  index.kind = IndexKind::kGlobal;
  for (const auto& k : spec.key_schema) {
    (k.type == "HASH" ? index.hash_keys : index.range_keys).push_back(key_element(k, definitions));
  }
  apply_projection(spec, index);
  apply_throughput(spec, billing, index);
  return index;
}

// With indexes, every AttributeDefinition must be a key attribute of the table or of some
// index (without indexes CreateTable words this as a count mismatch).
void check_definitions_used(const TableIndexSpecs& specs, const engine::TableInfo& t,
                            const std::vector<std::string>& definitions) {
  std::vector<std::string> used = {t.hash_key.name};
  if (t.range_key) used.push_back(t.range_key->name);
  for (const auto* list : {&specs.local, &specs.global}) {
    if (!*list) continue;
    for (const auto& spec : **list) {
      for (const auto& k : spec.key_schema) used.push_back(k.name);
    }
  }
  for (const auto& d : definitions) {
    if (std::find(used.begin(), used.end(), d) != used.end()) continue;
    throw invalid("Some AttributeDefinitions are not used. AttributeDefinitions: " +
                  list_text(definitions) + ", keys used: " + java_set_text(used));
  }
}

std::vector<IndexSpec> read_index_list(JsonArray array, IndexKind kind, const std::string& member,
                                       Constraints& c) {
  std::vector<IndexSpec> specs;
  size_t i = 0;
  for (JsonElement e : array) {
    specs.push_back(
        read_index_spec(as_object(e), kind, member + "." + std::to_string(++i) + ".member.", c));
  }
  return specs;
}

}  // namespace

std::string key_schema_text(const std::vector<KeySchemaEntry>& key_schema) {
  std::vector<std::string> elements;
  for (const auto& k : key_schema) {
    elements.push_back("KeySchemaElement(attributeName=" + k.name + ", keyType=" + k.type + ")");
  }
  return list_text(elements);
}

IndexSpec read_index_spec(JsonObject object, IndexKind kind, const std::string& at,
                          Constraints& c) {
  RequestReader r(object);
  IndexSpec spec;
  auto name = r.string("IndexName");
  if (!name) {
    c.not_null(at + "indexName");
  } else {
    // DynamoDB lists the pattern failure before the length failure for index names.
    c.pattern(*name, at + "indexName", "[a-zA-Z0-9_.-]+", is_table_name_char);
    c.length_between(*name, at + "indexName", 3, 255);
    spec.name = std::string(*name);
  }

  auto ks = r.array("KeySchema");
  if (!ks) {
    c.not_null(at + "keySchema");
  } else {
    struct Element {
      std::optional<std::string_view> attr, type;
    };
    std::vector<Element> elements;
    for (JsonElement e : *ks) {
      RequestReader k(as_object(e));
      elements.push_back({k.string("AttributeName"), k.string("KeyType")});
      spec.key_schema.push_back({std::string(elements.back().attr.value_or("")),
                                 std::string(elements.back().type.value_or(""))});
    }
    if (spec.key_schema.empty()) {
      c.fail("[]", at + "keySchema", "Member must have length greater than or equal to 1");
    } else if (kind == IndexKind::kLocal && spec.key_schema.size() > 2) {
      c.fail(key_schema_text(spec.key_schema), at + "keySchema",
             "Member must have length less than or equal to 2");
    }
    for (size_t i = 0; i < elements.size(); ++i) {
      const auto& [attr, type] = elements[i];
      const std::string element_at = at + "keySchema." + std::to_string(i + 1) + ".member.";
      if (!attr) c.not_null(element_at + "attributeName");
      if (!type) c.not_null(element_at + "keyType");
      if (attr) c.length_between(*attr, element_at + "attributeName", 1, 255);
      if (type) c.one_of(*type, element_at + "keyType", {"HASH", "RANGE"});
    }
  }

  auto projection = r.object("Projection");
  if (!projection) {
    c.not_null(at + "projection");
  } else {
    spec.has_projection = true;
    RequestReader p(*projection);
    if (auto type = p.string("ProjectionType")) {
      c.one_of(*type, at + "projection.projectionType", {"ALL", "INCLUDE", "KEYS_ONLY"});
      spec.projection_type = std::string(*type);
    }
    if (auto names = p.array("NonKeyAttributes")) {
      std::vector<std::string> list;
      for (JsonElement e : *names) list.emplace_back(as_string(e));
      const std::string list_at = at + "projection.nonKeyAttributes";
      if (list.empty()) {
        c.fail("[]", list_at, "Member must have length greater than or equal to 1");
      } else if (list.size() > 20) {
        c.fail(list_text(list), list_at, "Member must have length less than or equal to 20");
      }
      for (size_t i = 0; i < list.size(); ++i) {
        c.length_between(list[i], list_at + "." + std::to_string(i + 1) + ".member", 1, 255);
      }
      spec.non_key_attributes = std::move(list);
    }
  }

  if (kind == IndexKind::kGlobal) {
    spec.throughput =
        parse_throughput(r.object("ProvisionedThroughput"), at + "provisionedThroughput", c);
  }
  return spec;
}

IndexInfo read_global_index(const IndexSpec& spec,
                            const std::map<std::string, AttrType>& definitions,
                            BillingMode billing) {
  check_keys_defined(spec, definitions);
  check_global_key_schema(spec);
  return build_global_index(spec, definitions, billing);
}

void check_non_key_attribute_total(const std::vector<IndexInfo>& indexes) {
  size_t total = 0;
  for (const auto& index : indexes) total += index.non_key_attributes.size();
  if (total > 100)
    throw invalid("Number of projected attributes in all indexes exceeds limit of 100");
}

TableIndexSpecs read_table_index_specs(const RequestReader& r, Constraints& c) {
  TableIndexSpecs specs;
  if (auto lsis = r.array("LocalSecondaryIndexes")) {
    specs.local = read_index_list(*lsis, IndexKind::kLocal, "localSecondaryIndexes", c);
  }
  if (auto gsis = r.array("GlobalSecondaryIndexes")) {
    specs.global = read_index_list(*gsis, IndexKind::kGlobal, "globalSecondaryIndexes", c);
  }
  return specs;
}

std::vector<IndexInfo> read_table_indexes(const TableIndexSpecs& specs, const engine::TableInfo& t,
                                          const std::vector<std::string>& definitions) {
  if (specs.local && specs.local->empty()) throw invalid("List of LocalSecondaryIndexes is empty");
  if (specs.global && specs.global->empty()) {
    throw invalid("List of GlobalSecondaryIndexes is empty");
  }
  if (specs.local && !t.range_key) {
    throw invalid(
        "Table KeySchema does not have a range key, which is required when specifying a "
        "LocalSecondaryIndex");
  }
  // Every index's keys are checked first; then that no attribute definition is left unused,
  // which hides the projection, throughput and name errors of every index.
  if (specs.local) {
    for (const auto& spec : *specs.local) {
      check_keys_defined(spec, t.attribute_definitions);
      check_local_key_schema(spec, t);
    }
  }
  if (specs.global) {
    for (const auto& spec : *specs.global) {
      check_keys_defined(spec, t.attribute_definitions);
      check_global_key_schema(spec);
    }
  }
  check_definitions_used(specs, t, definitions);

  std::vector<IndexInfo> indexes;
  std::set<std::string> names;
  auto add = [&](IndexInfo index) {
    if (!names.insert(index.name).second) {
      throw invalid("Duplicate index name: " + index.name);
    }
    indexes.push_back(std::move(index));
  };
  size_t locals = 0, globals = 0;
  if (specs.local) {
    for (const auto& spec : *specs.local) add(build_local_index(spec, t)), ++locals;
  }
  if (specs.global) {
    for (const auto& spec : *specs.global) {
      add(build_global_index(spec, t.attribute_definitions, t.billing_mode));
      ++globals;
    }
  }
  if (locals > 5) {
    throw invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
  }
  if (globals > 20) {
    throw invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }
  check_non_key_attribute_total(indexes);
  return indexes;
}

}  // namespace cairn::api
