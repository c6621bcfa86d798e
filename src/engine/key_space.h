// Every key Cairn stores, in one place (as LevelDB's db/dbformat.h is for LevelDB). Storage is
// one ordered key space; the first byte of a key, its tag, says what the key holds, and the
// rest is laid out so that whatever is read together is one key range:
//
//  tag  key                                                      value
//  'a'  'a' access key id                                        an access key (auth/'s record,
//                                                                its secret encrypted)
//  'b'  'b' backup id                                            an on-demand or system backup's
//                                                                record (backup/backup_record.h)
//  'c'  'c' table(8) hash(pk)(8) pk                              an item collection's size (8 B BE)
//  'd'  'd' stream(8)                                            a stream's descriptor
//  'e'  'e' export id                                            an export's record
//                                                                (backup/export_record.h)
//  'g'  'g' import id                                            an import's record
//                                                                (backup/import_record.h)
//  'i'  'i' table(8) hash(pk)(8) pk [sk]                         an item
//  'i'  'i' index(8) hash(ipk)(8) ipk... [isk...] pk [sk]        an index entry: the item as
//                                                                the index projects it
//  'k'  'k' secret name                                          a server secret (random bytes)
//  'l'  'l' table(8) stamp(8)                                    a change record of a table with
//                                                                point-in-time recovery on
//                                                                (engine/change_log.h)
//  'm'  'm' table name                                           a table's metadata
//  'p'  'p' table(8) stamp(8)                                    a recovery base: a snapshot the
//                                                                change records are replayed
//                                                                onto (backup/continuous_backups.h)
//  'r'  'r' stream(8) sequence number(8)                         a stream record
//  's'  's' counter name                                         a sequence counter (decimal)
//  't'  't' client request token                                 a TransactWriteItems that
//                                                                succeeded with the token: the
//                                                                request's fingerprint (32 B)
//                                                                and its commit time (8 B BE ms)
//  'v'  'v'                                                      the key space's format version
//  'x'  'x' table(8) expiry second(8) item key                   an expiry entry (empty value)
//  'y'  'y' table(8)                                             a pending TTL sync (the setting's
//                                                                updated_ms, decimal)
//
// table, index and stream are storage ids (8 bytes, big-endian), all drawn from the one
// counter 's' "next_storage_id" and never reused, so a re-created table never sees an old
// one's keys. hash is the stable partition hash of the key values (model/key_codec.h), so a
// table's items, and an index's entries, lie in hash order (Scan order; parallel Scan
// segments are hash ranges) and one partition is one range ordered by sort key (a Query is
// one seek). pk, sk and the index key values (ipk, isk) use the self-delimiting,
// order-preserving encodings of model/key_codec.h, so key order is DynamoDB's value order
// and a prefix (table, partition) is itself a range bound. A value is in the item codec
// (model/item_codec.h) where the table above names no other form.
//
// Format versions (kKeySpaceVersion; engine/key_space_format.h upgrades older ones):
//   1  no 'v' key; the storage-id counter was "c/next_storage_id", under the tag of the
//      item-collection counters.
//   2  the counter is 's' "next_storage_id"; 'v' holds "2".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"

namespace cairn::engine {

enum class KeyTag : char {
  kAuthRecord = 'a',
  kBackupRecord = 'b',
  kCollectionSize = 'c',
  kStreamDescriptor = 'd',
  kExportRecord = 'e',
  kImportRecord = 'g',
  kItem = 'i',  // items and index entries
  kSecret = 'k',
  kChangeRecord = 'l',
  kTableMetadata = 'm',
  kRecoveryBase = 'p',
  kStreamRecord = 'r',
  kSequence = 's',
  kIdempotencyToken = 't',
  kFormatVersion = 'v',
  kExpiryEntry = 'x',
  kExpirySync = 'y',
};

constexpr int kKeySpaceVersion = 2;

// [lower, upper) of storage keys; an empty upper is no bound.
struct KeyRange {
  std::string lower;  // inclusive
  std::string upper;  // exclusive; empty for no bound
};

// Every key starting with prefix.
KeyRange prefix_range(std::string prefix);

// ---- the key space itself
std::string format_version_key();
// A sequence counter, e.g. kNextStorageId.
std::string sequence_key(std::string_view name);
constexpr std::string_view kNextStorageId = "next_storage_id";
// A secret the server keeps, e.g. kTokenSecret (server_secret.h).
std::string secret_key(std::string_view name);
// Where version 1 kept the storage-id counter.
constexpr std::string_view kVersion1NextStorageIdKey = "c/next_storage_id";

// ---- authentication's records (engine/auth_records.h)
std::string auth_record_key(std::string_view name);
KeyRange auth_record_range();
std::string_view auth_record_name_of(std::string_view key);

// ---- backups' records (backup/backup_catalog.h)
std::string backup_record_key(std::string_view backup_id);
KeyRange backup_record_range();

// ---- exports' records (backup/exports.h)
std::string export_record_key(std::string_view export_id);
KeyRange export_record_range();

// ---- imports' records (backup/imports.h)
std::string import_record_key(std::string_view import_id);
KeyRange import_record_range();

// ---- TransactWriteItems' ClientRequestTokens (engine/idempotency.h)
std::string idempotency_token_key(std::string_view token);
KeyRange idempotency_token_range();
// The token of an idempotency_token_key.
std::string_view idempotency_token_of(std::string_view key);

// ---- tables
std::string table_metadata_key(std::string_view table_name);
// Every table's metadata.
KeyRange table_metadata_range();

// ---- items and index entries
// 'i' + storage id + partition hash: the prefix all items of one partition share (and, in
// the rare case of a hash collision, a few other partitions too). Storage builds its prefix
// bloom filters on it.
constexpr size_t kPartitionPrefixBytes = 1 + 8 + 8;

// The keys the store keeps apart, in a column family of their own (storage's
// RocksDbOptions::appended_prefix): the change records, written in order and dropped by range.
inline std::string appended_key_prefix() {
  return std::string(1, static_cast<char>(KeyTag::kChangeRecord));
}
// 'i' + storage id: every item of a table, or every entry of an index.
std::string storage_prefix(uint64_t storage_id);
// 'i' + storage id + hash(pk) + pk: every item of one partition.
std::string partition_prefix(uint64_t storage_id, const AttributeValue& partition_key);
// The same for a (possibly multi-attribute) partition key: an index's; for one value it
// equals partition_prefix.
std::string composite_partition_prefix(uint64_t storage_id,
                                       const std::vector<const AttributeValue*>& values);
// An item's key.
std::string item_key(uint64_t storage_id, const AttributeValue& partition_key,
                     const AttributeValue* sort_key);
// An index entry's key: the index's partition and sort values, then the item's key values,
// so that entries of items sharing index keys stay distinct, ordered by the table key.
std::string index_entry_key(uint64_t index_storage_id,
                            const std::vector<const AttributeValue*>& index_hash,
                            const std::vector<const AttributeValue*>& index_range,
                            const AttributeValue& partition_key, const AttributeValue* sort_key);
// The partition hash in an item or entry key (or range bound) at least kPartitionPrefixBytes
// long.
uint64_t partition_hash_of_key(std::string_view key);

// ---- item collection sizes (tables with local secondary indexes)
std::string collection_size_prefix(uint64_t table_storage_id);
std::string collection_size_key(uint64_t table_storage_id, const AttributeValue& partition_key);

// ---- Time to Live
std::string expiry_prefix(uint64_t table_storage_id);
// The entry of the item stored under item_key expiring in expiry_second; with an empty
// item_key, the first possible key of that second (a range bound).
std::string expiry_entry_key(uint64_t table_storage_id, int64_t expiry_second,
                             std::string_view item_key);
struct ExpiryEntry {
  int64_t expiry_second = 0;
  std::string_view item_key;  // a view into the entry key
};
// nullopt when key is not an expiry entry key.
std::optional<ExpiryEntry> parse_expiry_entry(std::string_view key);
std::string expiry_sync_key(uint64_t table_storage_id);
// Every pending TTL sync.
KeyRange expiry_sync_range();
// The table storage id a pending-sync key names (nullopt: not one).
std::optional<uint64_t> parse_expiry_sync_key(std::string_view key);

// ---- streams
std::string stream_descriptor_key(uint64_t stream_id);
// Every stream's descriptor.
KeyRange stream_descriptor_range();
std::string stream_record_key(uint64_t stream_id, uint64_t sequence);
std::string stream_records_prefix(uint64_t stream_id);
// The sequence number of a record key.
uint64_t stream_record_sequence(std::string_view key);

// ---- point-in-time recovery: change records and recovery bases, each keyed by its table's
// storage id and a stamp (engine/change_log.h: commit order, ms in its high bits)
std::string change_record_key(uint64_t table_storage_id, uint64_t stamp);
// Every change record of a table.
KeyRange change_record_range(uint64_t table_storage_id);
std::string recovery_base_key(uint64_t table_storage_id, uint64_t stamp);
// Every recovery base of every table.
KeyRange recovery_base_range();
struct StampedKey {
  uint64_t table_storage_id = 0;
  uint64_t stamp = 0;
};
// The table and stamp of a change record or recovery base key (nullopt: not one).
std::optional<StampedKey> parse_stamped_key(std::string_view key);

// ---- what goes with what
// Everything a table owns beside its metadata, removed with it at DeleteTable: its items,
// its item collection sizes, its change records, its expiry entries and its pending TTL sync. (Its
// stream stays readable for the retention period: a stream owns its records and descriptor.)
std::vector<KeyRange> table_ranges(uint64_t table_storage_id);
// What Time to Live keeps of a table: its expiry entries and its pending sync.
std::vector<KeyRange> expiry_ranges(uint64_t table_storage_id);
// What an index owns: its entries.
std::vector<KeyRange> index_ranges(uint64_t index_storage_id);
// What a stream owns: its records and its descriptor.
std::vector<KeyRange> stream_ranges(uint64_t stream_id);

}  // namespace cairn::engine
