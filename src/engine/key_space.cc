#include "engine/key_space.h"

#include <limits>

#include "model/key_codec.h"

namespace cairn::engine {
namespace {

// The tag and a storage id: the prefix of everything one table, index or stream has under
// that tag.
std::string tagged(KeyTag tag, uint64_t id) {
  std::string key(1, static_cast<char>(tag));
  append_big_endian64(key, id);
  return key;
}

std::string tag_only(KeyTag tag) {
  return std::string(1, static_cast<char>(tag));
}

constexpr size_t kExpiryEntryHeaderBytes = 1 + 8 + 8;

}  // namespace

KeyRange prefix_range(std::string prefix) {
  std::string upper = prefix_successor(prefix);
  return {std::move(prefix), std::move(upper)};
}

std::string format_version_key() {
  return tag_only(KeyTag::kFormatVersion);
}

std::string sequence_key(std::string_view name) {
  return tag_only(KeyTag::kSequence).append(name);
}

std::string secret_key(std::string_view name) {
  return tag_only(KeyTag::kSecret).append(name);
}

std::string auth_record_key(std::string_view name) {
  return tag_only(KeyTag::kAuthRecord).append(name);
}

KeyRange auth_record_range() {
  return prefix_range(tag_only(KeyTag::kAuthRecord));
}

std::string_view auth_record_name_of(std::string_view key) {
  return key.substr(1);
}

std::string backup_record_key(std::string_view backup_id) {
  return tag_only(KeyTag::kBackupRecord).append(backup_id);
}

KeyRange backup_record_range() {
  return prefix_range(tag_only(KeyTag::kBackupRecord));
}

std::string export_record_key(std::string_view export_id) {
  return tag_only(KeyTag::kExportRecord).append(export_id);
}

KeyRange export_record_range() {
  return prefix_range(tag_only(KeyTag::kExportRecord));
}

std::string import_record_key(std::string_view import_id) {
  return tag_only(KeyTag::kImportRecord).append(import_id);
}

KeyRange import_record_range() {
  return prefix_range(tag_only(KeyTag::kImportRecord));
}

std::string idempotency_token_key(std::string_view token) {
  return tag_only(KeyTag::kIdempotencyToken).append(token);
}

KeyRange idempotency_token_range() {
  return prefix_range(tag_only(KeyTag::kIdempotencyToken));
}

std::string_view idempotency_token_of(std::string_view key) {
  return key.substr(1);
}

std::string table_metadata_key(std::string_view table_name) {
  return tag_only(KeyTag::kTableMetadata).append(table_name);
}

KeyRange table_metadata_range() {
  return prefix_range(tag_only(KeyTag::kTableMetadata));
}

std::string storage_prefix(uint64_t storage_id) {
  return tagged(KeyTag::kItem, storage_id);
}

std::string partition_prefix(uint64_t storage_id, const AttributeValue& partition_key) {
  return item_key(storage_id, partition_key, nullptr);
}

std::string composite_partition_prefix(uint64_t storage_id,
                                       const std::vector<const AttributeValue*>& values) {
  std::string key = storage_prefix(storage_id);
  append_big_endian64(key, partition_hash(values));
  for (const AttributeValue* v : values) append_sortable_value(*v, key);
  return key;
}

std::string item_key(uint64_t storage_id, const AttributeValue& partition_key,
                     const AttributeValue* sort_key) {
  std::string key;
  key.reserve(32 + partition_key.scalar.size() + (sort_key ? sort_key->scalar.size() : 0));
  key.push_back(static_cast<char>(KeyTag::kItem));
  append_big_endian64(key, storage_id);
  append_big_endian64(key, partition_hash(partition_key));
  append_sortable_value(partition_key, key);
  if (sort_key) append_sortable_value(*sort_key, key);
  return key;
}

std::string index_entry_key(uint64_t index_storage_id,
                            const std::vector<const AttributeValue*>& index_hash,
                            const std::vector<const AttributeValue*>& index_range,
                            const AttributeValue& partition_key, const AttributeValue* sort_key) {
  std::string key = composite_partition_prefix(index_storage_id, index_hash);
  for (const AttributeValue* v : index_range) append_sortable_value(*v, key);
  append_sortable_value(partition_key, key);
  if (sort_key) append_sortable_value(*sort_key, key);
  return key;
}

uint64_t partition_hash_of_key(std::string_view key) {
  return read_big_endian64(key.substr(kPartitionPrefixBytes - 8));
}

std::string collection_size_prefix(uint64_t table_storage_id) {
  return tagged(KeyTag::kCollectionSize, table_storage_id);
}

std::string collection_size_key(uint64_t table_storage_id, const AttributeValue& partition_key) {
  // The partition's item-key prefix (id + hash + pk) under the counters' tag.
  std::string key = partition_prefix(table_storage_id, partition_key);
  key[0] = static_cast<char>(KeyTag::kCollectionSize);
  return key;
}

std::string expiry_prefix(uint64_t table_storage_id) {
  return tagged(KeyTag::kExpiryEntry, table_storage_id);
}

std::string expiry_entry_key(uint64_t table_storage_id, int64_t expiry_second,
                             std::string_view item_key) {
  std::string key = expiry_prefix(table_storage_id);
  append_big_endian64(key, static_cast<uint64_t>(expiry_second));
  key += item_key;
  return key;
}

std::optional<ExpiryEntry> parse_expiry_entry(std::string_view key) {
  if (key.size() <= kExpiryEntryHeaderBytes ||
      key.front() != static_cast<char>(KeyTag::kExpiryEntry)) {
    return std::nullopt;
  }
  const uint64_t second = read_big_endian64(key.substr(1 + 8));
  if (second > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return ExpiryEntry{static_cast<int64_t>(second), key.substr(kExpiryEntryHeaderBytes)};
}

std::string change_record_key(uint64_t table_storage_id, uint64_t stamp) {
  std::string key = tagged(KeyTag::kChangeRecord, table_storage_id);
  append_big_endian64(key, stamp);
  return key;
}

KeyRange change_record_range(uint64_t table_storage_id) {
  return prefix_range(tagged(KeyTag::kChangeRecord, table_storage_id));
}

std::string recovery_base_key(uint64_t table_storage_id, uint64_t stamp) {
  std::string key = tagged(KeyTag::kRecoveryBase, table_storage_id);
  append_big_endian64(key, stamp);
  return key;
}

KeyRange recovery_base_range() {
  return prefix_range(tag_only(KeyTag::kRecoveryBase));
}

std::optional<StampedKey> parse_stamped_key(std::string_view key) {
  if (key.size() != 1 + 8 + 8) return std::nullopt;
  if (key.front() != static_cast<char>(KeyTag::kChangeRecord) &&
      key.front() != static_cast<char>(KeyTag::kRecoveryBase)) {
    return std::nullopt;
  }
  return StampedKey{read_big_endian64(key.substr(1)), read_big_endian64(key.substr(1 + 8))};
}

std::string expiry_sync_key(uint64_t table_storage_id) {
  return tagged(KeyTag::kExpirySync, table_storage_id);
}

KeyRange expiry_sync_range() {
  return prefix_range(tag_only(KeyTag::kExpirySync));
}

std::optional<uint64_t> parse_expiry_sync_key(std::string_view key) {
  if (key.size() != 1 + 8 || key.front() != static_cast<char>(KeyTag::kExpirySync)) {
    return std::nullopt;
  }
  return read_big_endian64(key.substr(1));
}

std::string stream_descriptor_key(uint64_t stream_id) {
  return tagged(KeyTag::kStreamDescriptor, stream_id);
}

KeyRange stream_descriptor_range() {
  return prefix_range(tag_only(KeyTag::kStreamDescriptor));
}

std::string stream_records_prefix(uint64_t stream_id) {
  return tagged(KeyTag::kStreamRecord, stream_id);
}

std::string stream_record_key(uint64_t stream_id, uint64_t sequence) {
  std::string key = stream_records_prefix(stream_id);
  append_big_endian64(key, sequence);
  return key;
}

uint64_t stream_record_sequence(std::string_view key) {
  return read_big_endian64(key.substr(1 + 8));
}

std::vector<KeyRange> table_ranges(uint64_t table_storage_id) {
  std::vector<KeyRange> ranges = {prefix_range(storage_prefix(table_storage_id)),
                                  prefix_range(collection_size_prefix(table_storage_id)),
                                  change_record_range(table_storage_id)};
  for (KeyRange& range : expiry_ranges(table_storage_id)) ranges.push_back(std::move(range));
  return ranges;
}

std::vector<KeyRange> expiry_ranges(uint64_t table_storage_id) {
  const std::string sync = expiry_sync_key(table_storage_id);
  return {prefix_range(expiry_prefix(table_storage_id)), {sync, key_successor(sync)}};
}

std::vector<KeyRange> index_ranges(uint64_t index_storage_id) {
  return {prefix_range(storage_prefix(index_storage_id))};
}

std::vector<KeyRange> stream_ranges(uint64_t stream_id) {
  const std::string descriptor = stream_descriptor_key(stream_id);
  return {prefix_range(stream_records_prefix(stream_id)), {descriptor, key_successor(descriptor)}};
}

}  // namespace cairn::engine
