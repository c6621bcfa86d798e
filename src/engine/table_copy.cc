#include "engine/table_copy.h"

#include <algorithm>
#include <string>

#include "engine/key_space.h"
#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

// Keys per commit: large enough that a commit's cost is spread, small enough that a batch's
// memory stays small (items are at most 400 KB).
constexpr size_t kKeysPerCommit = 512;

// Copies every key under from_prefix to the same key under to_prefix; returns what it copied.
CopiedData copy_range(storage::KvStore& from_store, const std::string& from_prefix,
                      storage::KvStore& to_store, const std::string& to_prefix) {
  CopiedData copied;
  const KeyRange range = prefix_range(from_prefix);
  auto it = from_store.scan(range.lower, range.upper);
  std::unique_ptr<storage::KvTransaction> txn;
  size_t pending = 0;
  std::string key;
  for (it->seek_to_first(); it->valid(); it->next()) {
    if (!txn) txn = to_store.begin();
    key.assign(to_prefix).append(it->key().substr(from_prefix.size()));
    txn->put_unlocked(key, it->value());
    ++copied.items;
    copied.bytes += it->key().size() + it->value().size();
    if (++pending == kKeysPerCommit) {
      txn->commit();
      txn.reset();
      pending = 0;
    }
  }
  if (txn) txn->commit();
  return copied;
}

}  // namespace

CopiedData copy_table_data(storage::KvStore& from_store, const TableInfo& from,
                           storage::KvStore& to_store, const TableInfo& to) {
  const CopiedData items = copy_range(from_store, storage_prefix(from.storage_id), to_store,
                                      storage_prefix(to.storage_id));
  for (const IndexInfo& index : to.indexes) {
    const IndexInfo* source = from.find_index(index.name);
    if (!source) continue;  // a new index is backfilled by its table, not copied
    copy_range(from_store, storage_prefix(source->storage_id), to_store,
               storage_prefix(index.storage_id));
  }
  // Item collection sizes matter to local secondary indexes only.
  const bool has_local_index = std::any_of(to.indexes.begin(), to.indexes.end(), [](const auto& i) {
    return i.kind == IndexKind::kLocal;
  });
  if (has_local_index) {
    copy_range(from_store, collection_size_prefix(from.storage_id), to_store,
               collection_size_prefix(to.storage_id));
  }
  to_store.make_durable();
  return items;
}

}  // namespace cairn::engine
