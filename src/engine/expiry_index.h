// The expiry index of Time to Live: which items of a table expire when, so that the
// expirer finds what has expired without scanning the table. One entry per item whose TTL
// attribute holds an expiry time (a Number of epoch seconds, not negative):
//
//   entry key   := 'x' + table storage id (8 B BE) + expiry second (8 B BE) + item storage key
//   entry value := empty
//
// so a table's entries are ordered by expiry time, and those that expired by a given second
// are one key range. Every write of an item moves its entry in the write's own commit
// (ItemChangeWriter::apply calls update_expiry_entry), while the table's TTL is enabled.
//
//   'y' + table storage id (8 B BE) := the TTL setting's updated_ms (decimal)
//
// marks a table whose entries must be brought in line with its TTL setting (built after
// enabling, removed after disabling); the TTL worker (ttl_expirer.h) does it and then
// removes the mark, also after a restart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/storage_fwd.h"
#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

constexpr char kExpiryKeyTag = 'x';
constexpr char kExpirySyncTag = 'y';

// DynamoDB does not delete items whose expiry time is more than five years in the past.
constexpr int64_t kExpiryHorizonMs = int64_t{5} * 365 * 24 * 3600 * 1000;

// The expiry time (epoch milliseconds, rounded down) that a TTL attribute value names, or
// nullopt when it names none: a value that is not a Number, or a negative one. Numbers
// beyond any useful time are clamped (they never expire in practice).
std::optional<int64_t> expiry_time_ms(const AttributeValue& value);

// The item's expiry time under table's TTL setting, or nullopt (TTL disabled, attribute
// absent or not an expiry time).
std::optional<int64_t> item_expiry_ms(const TableInfo& table, const Item& item);

// Whether the item has expired by now_ms and DynamoDB would delete it: its expiry time
// is before now_ms and not more than five years before it.
bool is_expired(const TableInfo& table, const Item& item, int64_t now_ms);

// 'x' + table storage id: the prefix of all of a table's entries.
std::string expiry_prefix(uint64_t table_storage_id);
// The entry key of the item stored under item_key expiring in second expiry_second; with an
// empty item_key, the first possible key of that second (a range bound).
std::string expiry_entry_key(uint64_t table_storage_id, int64_t expiry_second,
                             std::string_view item_key);
// The item's entry key under table's TTL setting, or nullopt when it has none.
std::optional<std::string> item_expiry_entry(const TableInfo& table, const Item& item);

// What an entry key says.
struct ExpiryEntry {
  int64_t expiry_second = 0;
  std::string_view item_key;  // a view into the entry key
};
// nullopt when key is not an expiry entry key.
std::optional<ExpiryEntry> parse_expiry_entry(std::string_view key);

// Moves the item's entry from what old_item had to what new_item has (nullptr: absent), in
// txn. Nothing to do unless table's TTL is enabled.
void update_expiry_entry(storage::KvTransaction& txn, const TableInfo& table, const Item* old_item,
                         const Item* new_item);

// The key that marks the table's entries as out of line with its TTL setting.
std::string expiry_sync_key(uint64_t table_storage_id);

// Removes every entry of the table and its mark (DeleteTable).
void remove_expiry_entries(storage::KvStore& store, uint64_t table_storage_id);

}  // namespace cairn::engine
