// The logical change log of point-in-time recovery (decision 0030). While a table has
// recovery on, every write of one of its items also writes, in the same storage commit, a
// change record: the item's key and its new stored form, or a tombstone. Being one more key
// of the write's own commit, a record is exactly as durable as the write. A record's key
// holds its stamp: a 64-bit number that orders the writes of one item as they committed (it
// is drawn under the item's lock) and whose high bits are the wall-clock ms of the write, so
// "every change up to second T" is one key range. Restores replay the records onto a
// snapshot (backup/continuous_backups.h) through the one write path, which rebuilds the
// index entries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "engine/storage_fwd.h"
#include "engine/table_info.h"

namespace cairn::engine {

class ItemChangeWriter;

// A stamp is (ms << 16) | counter: strictly increasing within the process; at more than
// 65,536 writes in one ms the counter carries into the ms, so a stamp's ms may run a little
// ahead of the clock, never behind the stamps before it.
uint64_t next_change_stamp();
constexpr int64_t stamp_ms(uint64_t stamp) {
  return static_cast<int64_t>(stamp >> 16);
}
// The first and last stamps a ms can hold.
constexpr uint64_t first_stamp_of(int64_t ms) {
  return static_cast<uint64_t>(ms) << 16;
}
constexpr uint64_t last_stamp_of(int64_t ms) {
  return first_stamp_of(ms) | 0xffff;
}

// Stages the change record of an item's write in txn, which holds the item's lock (the
// record's key is new, so it needs no lock of its own). item_key is the item's storage key;
// stored its new stored form, nullopt for a removal.
void write_change_record(storage::KvTransaction& txn, const TableInfo& table,
                         std::string_view item_key, std::optional<std::string_view> stored);
// The same record as a (key, value), stamped now: for a write whose item is already locked
// (storage's write_alone, which calls this under the item's lock).
std::pair<std::string, std::string> change_record(const TableInfo& table, std::string_view item_key,
                                                  std::optional<std::string_view> stored);

struct ChangeRecord {
  std::string_view key_suffix;             // the item's storage key after its table prefix
  std::optional<std::string_view> stored;  // nullopt: the item was removed
};
// The record a change record's value holds, as views into it; nullopt when malformed.
std::optional<ChangeRecord> parse_change_record(std::string_view value);

// Replays table from's change records with stamps in [first, last] onto table to (a new
// table with the same key schema), in stamp order, through the write path (changes: its
// index entries and item collection sizes follow). from_store holds the records; to_store
// is written. Returns how many were replayed.
uint64_t replay_changes(storage::KvStore& from_store, const TableInfo& from, uint64_t first,
                        uint64_t last, storage::KvStore& to_store, const TableInfo& to,
                        ItemChangeWriter& changes);

}  // namespace cairn::engine
