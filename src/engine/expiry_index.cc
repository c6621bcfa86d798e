#include "engine/expiry_index.h"

#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

// Seconds with more digits than this are clamped: about 31 million years, and small
// enough that the time in milliseconds fits an int64.
constexpr size_t kMaxSecondDigits = 15;
constexpr int64_t kClampedMs = int64_t{999'999'999'999'999} * 1000;

// The storage key of an item (its key attributes are present: it was written).
std::string item_storage_key(const TableInfo& table, const Item& item) {
  const AttributeValue* range = nullptr;
  if (table.range_key) range = &item.find(table.range_key->name)->second;
  return item_key(table.storage_id, item.find(table.hash_key.name)->second, range);
}

}  // namespace

std::optional<int64_t> expiry_time_ms(const AttributeValue& value) {
  if (value.type != AttrType::N) return std::nullopt;
  // Stored numbers are canonical (Number::to_string): plain notation, no exponent, so
  // "1234567e1" arrives here as "12345670" and "-0.5" keeps its sign.
  std::string_view text = value.scalar;
  if (text.empty() || text.front() == '-') return std::nullopt;
  const size_t point = text.find('.');
  std::string_view whole = text.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? "" : text.substr(point + 1);
  if (whole.size() > kMaxSecondDigits) return kClampedMs;
  int64_t seconds = 0;
  for (char c : whole) seconds = seconds * 10 + (c - '0');
  int64_t millis = 0;
  for (size_t i = 0; i < 3; ++i)
    millis = millis * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  return seconds * 1000 + millis;
}

std::optional<int64_t> item_expiry_ms(const TableInfo& table, const Item& item) {
  if (!table.ttl.enabled) return std::nullopt;
  auto it = item.find(table.ttl.attribute);
  if (it == item.end()) return std::nullopt;
  return expiry_time_ms(it->second);
}

bool is_expired(const TableInfo& table, const Item& item, int64_t now_ms) {
  auto expiry = item_expiry_ms(table, item);
  return expiry && *expiry < now_ms && *expiry >= now_ms - kExpiryHorizonMs;
}

std::optional<std::string> item_expiry_entry(const TableInfo& table, const Item& item) {
  auto expiry = item_expiry_ms(table, item);
  if (!expiry) return std::nullopt;
  return expiry_entry_key(table.storage_id, *expiry / 1000, item_storage_key(table, item));
}

void update_expiry_entry(storage::KvTransaction& txn, const TableInfo& table, const Item* old_item,
                         const Item* new_item) {
  if (!table.ttl.enabled) return;
  auto before = old_item ? item_expiry_entry(table, *old_item) : std::nullopt;
  auto after = new_item ? item_expiry_entry(table, *new_item) : std::nullopt;
  if (before == after) return;
  if (before) txn.remove(*before);
  if (after) txn.put(*after, "");
}

}  // namespace cairn::engine
