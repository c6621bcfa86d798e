#include "engine/table_info.h"

#include "engine/stored_form.h"

namespace cairn::engine {
namespace {

using namespace stored;

AttributeValue key_elements(const std::vector<KeyElement>& keys) {
  std::vector<AttributeValue> out;
  for (const auto& k : keys) out.push_back(key_element(k));
  return list(std::move(out));
}

std::vector<KeyElement> key_elements_from(const AttributeValue& v) {
  std::vector<KeyElement> out;
  for (const auto& e : v.list) out.push_back(key_element_from(e));
  return out;
}

AttributeValue index_to_value(const IndexInfo& index) {
  AttributeValue v;
  v.type = AttrType::M;
  v.map["name"] = str(index.name);
  v.map["kind"] = num(index.kind == IndexKind::kLocal ? 0 : 1);
  v.map["storage_id"] = num(static_cast<int64_t>(index.storage_id));
  v.map["hash_keys"] = key_elements(index.hash_keys);
  v.map["range_keys"] = key_elements(index.range_keys);
  v.map["projection"] = num(static_cast<int64_t>(index.projection));
  std::vector<AttributeValue> names;
  for (const auto& n : index.non_key_attributes) names.push_back(str(n));
  v.map["non_key_attributes"] = list(std::move(names));
  v.map["read_capacity"] = num(index.throughput.read_capacity);
  v.map["write_capacity"] = num(index.throughput.write_capacity);
  v.map["last_increase_ms"] = num(index.throughput.last_increase_ms);
  v.map["last_decrease_ms"] = num(index.throughput.last_decrease_ms);
  v.map["decreases_today"] = num(index.throughput.decreases_today);
  v.map["status"] = num(static_cast<int64_t>(index.status));
  v.map["backfilling"] = boolean(index.backfilling);
  v.map["created_ms"] = num(index.created_ms);
  return v;
}

IndexInfo index_from_value(const AttributeValue& v) {
  const Item& m = v.map;
  IndexInfo index;
  index.name = field(m, "name").scalar;
  index.kind = num_field(m, "kind") == 0 ? IndexKind::kLocal : IndexKind::kGlobal;
  index.storage_id = static_cast<uint64_t>(num_field(m, "storage_id"));
  index.hash_keys = key_elements_from(field(m, "hash_keys"));
  index.range_keys = key_elements_from(field(m, "range_keys"));
  index.projection = static_cast<ProjectionType>(num_field(m, "projection"));
  for (const auto& n : field(m, "non_key_attributes").list) {
    index.non_key_attributes.push_back(n.scalar);
  }
  index.throughput.read_capacity = num_field(m, "read_capacity");
  index.throughput.write_capacity = num_field(m, "write_capacity");
  index.throughput.last_increase_ms = num_field(m, "last_increase_ms");
  index.throughput.last_decrease_ms = num_field(m, "last_decrease_ms");
  index.throughput.decreases_today = num_field(m, "decreases_today");
  index.status = static_cast<IndexStatus>(num_field(m, "status"));
  index.backfilling = field(m, "backfilling").boolean;
  index.created_ms = num_field(m, "created_ms");
  return index;
}

}  // namespace

bool IndexInfo::is_key_attribute(std::string_view attr) const {
  for (const auto& k : hash_keys) {
    if (k.name == attr) return true;
  }
  for (const auto& k : range_keys) {
    if (k.name == attr) return true;
  }
  return false;
}

const IndexInfo* TableInfo::find_index(std::string_view index_name) const {
  for (const auto& index : indexes) {
    if (index.name == index_name) return &index;
  }
  return nullptr;
}

Item table_info_to_item(const TableInfo& t) {
  Item item;
  item["name"] = str(t.name);
  if (!t.account_id.empty()) item["account"] = str(t.account_id);
  if (!t.region.empty()) item["region"] = str(t.region);
  item["storage_id"] = num(static_cast<int64_t>(t.storage_id));
  item["table_id"] = str(t.table_id);
  item["arn"] = str(t.arn);
  item["hash_key"] = key_element(t.hash_key);
  if (t.range_key) item["range_key"] = key_element(*t.range_key);
  AttributeValue defs;
  defs.type = AttrType::M;
  for (const auto& [name, type] : t.attribute_definitions) {
    defs.map[name] = str(std::string(type_name(type)));
  }
  item["attribute_definitions"] = std::move(defs);
  item["billing_mode"] = num(t.billing_mode == BillingMode::kPayPerRequest ? 1 : 0);
  item["billing_mode_updated_ms"] = num(t.billing_mode_updated_ms);
  item["read_capacity"] = num(t.throughput.read_capacity);
  item["write_capacity"] = num(t.throughput.write_capacity);
  item["last_increase_ms"] = num(t.throughput.last_increase_ms);
  item["last_decrease_ms"] = num(t.throughput.last_decrease_ms);
  item["decreases_today"] = num(t.throughput.decreases_today);
  item["table_class"] = str(t.table_class);
  item["deletion_protection"] = boolean(t.deletion_protection);
  if (!t.sse_kms_key_arn.empty()) item["sse_kms_key_arn"] = str(t.sse_kms_key_arn);
  item["created_ms"] = num(t.created_ms);
  AttributeValue tags;
  tags.type = AttrType::M;
  for (const auto& [k, v] : t.tags) tags.map[k] = str(v);
  item["tags"] = std::move(tags);
  std::vector<AttributeValue> indexes;
  for (const auto& index : t.indexes) indexes.push_back(index_to_value(index));
  item["indexes"] = list(std::move(indexes));
  if (t.stream) {
    AttributeValue v;
    v.type = AttrType::M;
    v.map["stream_id"] = num(static_cast<int64_t>(t.stream->stream_id));
    v.map["label"] = str(t.stream->label);
    v.map["view_type"] = num(static_cast<int64_t>(t.stream->view_type));
    v.map["enabled"] = boolean(t.stream->enabled);
    v.map["created_ms"] = num(t.stream->created_ms);
    item["stream"] = std::move(v);
  }
  if (!t.ttl.attribute.empty()) {
    AttributeValue v;
    v.type = AttrType::M;
    v.map["attribute"] = str(t.ttl.attribute);
    v.map["enabled"] = boolean(t.ttl.enabled);
    v.map["updated_ms"] = num(t.ttl.updated_ms);
    item["ttl"] = std::move(v);
  }
  if (t.restored_from) {
    AttributeValue v;
    v.type = AttrType::M;
    v.map["source_backup_arn"] = str(t.restored_from->source_backup_arn);
    v.map["source_table_arn"] = str(t.restored_from->source_table_arn);
    v.map["restore_ms"] = num(t.restored_from->restore_ms);
    item["restored_from"] = std::move(v);
  }
  if (t.recovery.enabled) {
    AttributeValue v;
    v.type = AttrType::M;
    v.map["period_days"] = num(t.recovery.recovery_period_days);
    v.map["enabled_ms"] = num(t.recovery.enabled_ms);
    item["recovery"] = std::move(v);
  }
  return item;
}

TableInfo table_info_from_item(const Item& item) {
  TableInfo t;
  t.name = field(item, "name").scalar;
  if (item.count("account")) t.account_id = field(item, "account").scalar;
  if (item.count("region")) t.region = field(item, "region").scalar;
  t.storage_id = static_cast<uint64_t>(num_field(item, "storage_id"));
  t.table_id = field(item, "table_id").scalar;
  t.arn = field(item, "arn").scalar;
  t.hash_key = key_element_from(field(item, "hash_key"));
  if (item.count("range_key")) t.range_key = key_element_from(field(item, "range_key"));
  for (const auto& [name, v] : field(item, "attribute_definitions").map) {
    AttrType type;
    parse_type_name(v.scalar, type);
    t.attribute_definitions[name] = type;
  }
  t.billing_mode = num_field(item, "billing_mode") == 1 ? BillingMode::kPayPerRequest
                                                        : BillingMode::kProvisioned;
  t.billing_mode_updated_ms = num_field(item, "billing_mode_updated_ms");
  t.throughput.read_capacity = num_field(item, "read_capacity");
  t.throughput.write_capacity = num_field(item, "write_capacity");
  t.throughput.last_increase_ms = num_field(item, "last_increase_ms");
  t.throughput.last_decrease_ms = num_field(item, "last_decrease_ms");
  t.throughput.decreases_today = num_field(item, "decreases_today");
  t.table_class = field(item, "table_class").scalar;
  t.deletion_protection = field(item, "deletion_protection").boolean;
  if (auto it = item.find("sse_kms_key_arn"); it != item.end())
    t.sse_kms_key_arn = it->second.scalar;
  t.created_ms = num_field(item, "created_ms");
  for (const auto& [k, v] : field(item, "tags").map) t.tags[k] = v.scalar;
  // Tables created before indexes existed have no "indexes" entry.
  if (auto it = item.find("indexes"); it != item.end()) {
    for (const auto& v : it->second.list) t.indexes.push_back(index_from_value(v));
  }
  if (auto it = item.find("stream"); it != item.end()) {
    const Item& m = it->second.map;
    TableStream s;
    s.stream_id = static_cast<uint64_t>(num_field(m, "stream_id"));
    s.label = field(m, "label").scalar;
    s.view_type = static_cast<StreamViewType>(num_field(m, "view_type"));
    s.enabled = field(m, "enabled").boolean;
    s.created_ms = num_field(m, "created_ms");
    t.stream = std::move(s);
  }
  if (auto it = item.find("ttl"); it != item.end()) {
    const Item& m = it->second.map;
    t.ttl.attribute = field(m, "attribute").scalar;
    t.ttl.enabled = field(m, "enabled").boolean;
    t.ttl.updated_ms = num_field(m, "updated_ms");
  }
  if (auto it = item.find("restored_from"); it != item.end()) {
    const Item& m = it->second.map;
    t.restored_from = TableRestore{field(m, "source_backup_arn").scalar,
                                   field(m, "source_table_arn").scalar, num_field(m, "restore_ms")};
  }
  if (auto it = item.find("recovery"); it != item.end()) {
    const Item& m = it->second.map;
    t.recovery.enabled = true;
    t.recovery.recovery_period_days = num_field(m, "period_days");
    t.recovery.enabled_ms = num_field(m, "enabled_ms");
  }
  return t;
}

}  // namespace cairn::engine
