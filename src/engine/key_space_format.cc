#include "engine/key_space_format.h"

#include <charconv>
#include <stdexcept>
#include <string>

#include "engine/key_space.h"
#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

bool is_empty(storage::KvStore& store) {
  auto it = store.scan("", "");
  it->seek_to_first();
  return !it->valid();
}

int parse_version(const std::string& text) {
  int version = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (error != std::errc() || end != text.data() + text.size() || version < 1) {
    throw std::runtime_error("the data directory's key space version is unreadable: '" + text +
                             "'");
  }
  return version;
}

// 1 -> 2: the storage-id counter leaves the item-collection counters' tag for the sequence
// counters' own.
void upgrade_from_1(storage::KvTransaction& txn) {
  const std::string old_key(kVersion1NextStorageIdKey);
  if (auto next = txn.get_for_update(old_key)) {
    txn.put(sequence_key(kNextStorageId), *next);
    txn.remove(old_key);
  }
}

}  // namespace

storage::KvStore& open_key_space(storage::KvStore& store) {
  const std::string version_key = format_version_key();
  const auto stored = store.get(version_key);
  // No version: a new store, or one from before versions were kept (version 1).
  const int version = stored ? parse_version(*stored) : (is_empty(store) ? kKeySpaceVersion : 1);
  if (version > kKeySpaceVersion) {
    throw std::runtime_error("the data directory was written by a newer Cairn (key space version " +
                             std::to_string(version) + "; this build reads up to " +
                             std::to_string(kKeySpaceVersion) + ")");
  }
  if (stored && version == kKeySpaceVersion) return store;
  auto txn = store.begin();
  if (version == 1) upgrade_from_1(*txn);
  txn->put(version_key, std::to_string(kKeySpaceVersion));
  txn->commit();
  return store;
}

}  // namespace cairn::engine
