#include "engine/index_backfill.h"

#include <chrono>
#include <iostream>

#include "engine/index_keys.h"
#include "engine/key_rules.h"
#include "engine/key_space.h"
#include "model/item_codec.h"
#include "model/key_codec.h"
#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

// Items per table iterator: a fresh iterator now and then keeps the walk from pinning
// one old view of a large table for its whole duration.
constexpr size_t kItemsPerIterator = 1000;
// How often (in items) the walk checks that its index still exists.
constexpr size_t kItemsPerLivenessCheck = 64;

// Whether DynamoDB would refuse these index key values in a write: such pre-existing items
// are left out of the index (an index key violation), not an error. Type mismatches are
// already left out by index_key_values.
bool violates_index_key_rules(const IndexKeyValues& values) {
  for (const AttributeValue* v : values.hash) {
    if (v->scalar.empty() || v->scalar.size() > kMaxPartitionKeySize) return true;
  }
  size_t range_size = 0;
  for (const AttributeValue* v : values.range) {
    if (v->scalar.empty()) return true;
    range_size += v->scalar.size();
  }
  return range_size > kMaxSortKeySize;
}

}  // namespace

IndexBackfiller::IndexBackfiller(storage::KvStore& store, Catalog& catalog)
    : store_(store),
      catalog_(catalog),
      worker_("index backfill", [this] { return backfill_all(); }) {
  worker_.start({});  // at once, then whenever woken
}

IndexBackfiller::~IndexBackfiller() = default;

void IndexBackfiller::wake() {
  worker_.wake();
}

BackgroundWorker::PassOutcome IndexBackfiller::backfill_all() {
  // The catalogue is the work list: every CREATING index is a backfill to do, whether
  // UpdateTable just added it or a restart interrupted it.
  while (auto job = next_job()) {
    try {
      if (backfill(*job) == Outcome::kStopped) break;
    } catch (const std::exception& e) {
      std::cerr << "cairn: backfill of index " << job->index_name << " of table " << job->table_name
                << " failed (will retry): " << e.what() << std::endl;
      return BackgroundWorker::PassOutcome::kRetry;
    }
  }
  return BackgroundWorker::PassOutcome::kDone;
}

std::optional<IndexBackfiller::Job> IndexBackfiller::next_job() const {
  for (const auto& name : catalog_.names()) {
    auto table = catalog_.find(name);
    if (!table) continue;
    for (const auto& index : table->indexes) {
      if (index.status == IndexStatus::kCreating) {
        return Job{table->name, table->storage_id, index.name, index.storage_id};
      }
    }
  }
  return std::nullopt;
}

TablePtr IndexBackfiller::live_table(const Job& job) const {
  auto table = catalog_.find(job.table_name);
  if (!table || table->storage_id != job.table_storage_id) return nullptr;
  const IndexInfo* index = table->find_index(job.index_name);
  if (!index || index->storage_id != job.index_storage_id) return nullptr;
  return table;
}

IndexBackfiller::Outcome IndexBackfiller::backfill(const Job& job) {
  // 1. Until no request holds metadata without the index.
  while (catalog_.superseded_snapshots_held(job.table_storage_id)) {
    if (!live_table(job)) return abandon(job);
    if (worker_.pause(std::chrono::milliseconds(1))) return Outcome::kStopped;
  }
  // 2. Entries written so far may be stale; the walk rewrites every right one.
  remove_entries(job);
  // 3. Every item, in key order.
  const KeyRange items = prefix_range(storage_prefix(job.table_storage_id));
  const std::string& lower = items.lower;
  const std::string& upper = items.upper;
  std::optional<std::string> last;  // the last key done
  TablePtr table;
  size_t done = 0;
  for (bool more = true; more;) {
    auto it = store_.scan(lower, upper);
    if (last) {
      it->seek(*last);
      if (it->valid() && it->key() == *last) it->next();
    } else {
      it->seek_to_first();
    }
    size_t in_this_iterator = 0;
    for (; it->valid() && in_this_iterator < kItemsPerIterator; it->next(), ++in_this_iterator) {
      if (done++ % kItemsPerLivenessCheck == 0) {
        if (worker_.stopping()) return Outcome::kStopped;
        table = live_table(job);
        if (!table) return abandon(job);
      }
      last = std::string(it->key());
      if (!backfill_item(*table, *table->find_index(job.index_name), *last)) {
        return Outcome::kStopped;
      }
    }
    more = it->valid();
  }
  // 4. Readable.
  return publish_active(job) ? Outcome::kActive : abandon(job);
}

bool IndexBackfiller::backfill_item(const TableInfo& table, const IndexInfo& index,
                                    const std::string& key) {
  return worker_.retry_conflicts([&] {
    auto txn = store_.begin();
    if (auto value = txn->get_for_update(key)) {
      const Item item = decode_item(*value);
      auto values = index_key_values(index, item);
      if (values && !violates_index_key_rules(*values)) {
        auto entry = index_entry_key(table, index, item);
        txn->put(*entry, encode_item(project_for_index(table, index, item)));
      }
    }
    txn->commit();
  });
}

IndexBackfiller::Outcome IndexBackfiller::abandon(const Job& job) {
  // The index was deleted (or its table dropped): the catalogue removed its entries when
  // it published the change, but the walk may have written one after that. Nothing can
  // write there any more, so this removal is the last.
  remove_entries(job);
  return Outcome::kAbandoned;
}

void IndexBackfiller::remove_entries(const Job& job) {
  for (const KeyRange& range : index_ranges(job.index_storage_id)) {
    store_.remove_range(range.lower, range.upper);
  }
}

bool IndexBackfiller::publish_active(const Job& job) {
  auto published = catalog_.update_if(job.table_name, [&](TableInfo& t) {
    if (t.storage_id != job.table_storage_id) return false;
    for (auto& index : t.indexes) {
      if (index.storage_id == job.index_storage_id) {
        index.status = IndexStatus::kActive;
        index.backfilling = false;
        return true;
      }
    }
    return false;
  });
  return published != nullptr;
}

}  // namespace cairn::engine
