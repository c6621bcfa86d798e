#include "engine/table_copy.h"

#include <algorithm>
#include <string>
#include <vector>

#include "engine/collection_sizes.h"
#include "engine/item_image.h"
#include "engine/key_space.h"
#include "model/item_codec.h"
#include "model/item_size.h"
#include "model/key_codec.h"
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

// The item collection sizes of `to`, measured from its copied items: when a restore keeps
// some of the local indexes only, the sizes copied would still count the dropped ones'
// entries. Items of one partition are adjacent in key order, so one collection is summed at a
// time.
void measure_collections(storage::KvStore& store, const TableInfo& to) {
  const KeyRange range = prefix_range(storage_prefix(to.storage_id));
  auto it = store.scan(range.lower, range.upper);
  std::unique_ptr<storage::KvTransaction> txn = store.begin();
  size_t pending = 0;
  std::string current;  // the collection being summed: its size key
  uint64_t total = 0;
  auto flush = [&] {
    if (current.empty()) return;
    std::string value;
    append_big_endian64(value, total);
    txn->put_unlocked(current, value);
    if (++pending == kKeysPerCommit) {
      txn->commit();
      txn = store.begin();
      pending = 0;
    }
  };
  for (it->seek_to_first(); it->valid(); it->next()) {
    const Item item = decode_item(it->value());
    const auto pk = item.find(to.hash_key.name);
    if (pk == item.end()) continue;
    const std::string key = collection_size_key(to.storage_id, pk->second);
    if (key != current) {
      flush();
      current = key;
      total = 0;
    }
    total += collection_share(to, ItemImage{&item, item_size(item), it->value()});
  }
  flush();
  txn->commit();
}

bool same_local_indexes(const TableInfo& a, const TableInfo& b) {
  auto names = [](const TableInfo& t) {
    std::vector<std::string> out;
    for (const auto& i : t.indexes) {
      if (i.kind == IndexKind::kLocal) out.push_back(i.name);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  return names(a) == names(b);
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
  if (has_local_index && same_local_indexes(from, to)) {
    copy_range(from_store, collection_size_prefix(from.storage_id), to_store,
               collection_size_prefix(to.storage_id));
  } else if (has_local_index) {
    measure_collections(to_store, to);
  }
  to_store.make_durable();
  return items;
}

}  // namespace cairn::engine
