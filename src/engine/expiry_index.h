// The expiry index of Time to Live: which items of a table expire when, so that the
// expirer finds what has expired without scanning the table. One entry per item whose TTL
// attribute holds an expiry time (a Number of epoch seconds, not negative), under tag 'x' of
// key_space.h: table, expiry second, item key. So a table's entries are ordered by expiry
// time, and those that expired by a given second are one key range. Every write of an item moves
// its entry in the write's own commit (ItemChangeWriter::apply calls update_expiry_entry), while
// the table's TTL is enabled.
//
// A pending sync (tag 'y': the TTL setting's updated_ms) marks a table whose entries must be
// brought in line with its TTL setting (built after enabling, removed after disabling); the TTL
// worker (ttl_expirer.h) does it and then removes the mark, also after a restart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/key_space.h"
#include "engine/storage_fwd.h"
#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

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

// The item's entry key under table's TTL setting, or nullopt when it has none.
std::optional<std::string> item_expiry_entry(const TableInfo& table, const Item& item);

// Moves the item's entry from what old_item had to what new_item has (nullptr: absent), in
// txn. Nothing to do unless table's TTL is enabled.
void update_expiry_entry(storage::KvTransaction& txn, const TableInfo& table, const Item* old_item,
                         const Item* new_item);

}  // namespace cairn::engine
