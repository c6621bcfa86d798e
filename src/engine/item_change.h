// Everything one item's change writes besides the item, in the change's own transaction:
// its secondary index entries, its item collection's size, its stream record and its
// expiry entry (Time to Live).
// Every write path (put, update, delete, batch, transaction, TTL expiry) goes through
// apply(), so that none of them can forget one.
#pragma once

#include <string_view>
#include <vector>

#include "engine/capacity.h"
#include "engine/collection_sizes.h"
#include "engine/storage_fwd.h"
#include "engine/stream_log.h"
#include "engine/stream_record.h"
#include "engine/stream_registry.h"
#include "engine/table_info.h"
#include "model/attribute_value.h"

namespace cairn::engine {

class ItemChangeWriter {
 public:
  // collection_limit: the largest item collection a write may leave (collection_sizes.h).
  explicit ItemChangeWriter(StreamRegistry& streams,
                            uint64_t collection_limit = kMaxItemCollectionBytes)
      : streams_(streams), collection_limit_(collection_limit) {}

  // What a transaction's changes leave to do after its commit (or rollback): settling its
  // stream records' sequence numbers. Destroy it only after the commit.
  class Pending {
   public:
    Pending() = default;
    Pending(Pending&&) = default;

   private:
    friend class ItemChangeWriter;
    std::vector<StreamLog::Ticket> tickets_;
  };

  // Writes in txn what follows from table's item changing from old_item to new_item
  // (nullptr: absent). With consumed, adds the index writes' capacity. new_item_bytes,
  // when given, is new_item already encoded.
  void apply(storage::KvTransaction& txn, const TableInfo& table, const Item* old_item,
             const Item* new_item, Pending& pending, ConsumedCapacity* consumed = nullptr,
             std::string_view new_item_bytes = {}, ChangeOrigin origin = ChangeOrigin::kRequest);

 private:
  StreamRegistry& streams_;
  uint64_t collection_limit_;
};

}  // namespace cairn::engine
