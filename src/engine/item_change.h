// Everything one item's change writes besides the item, in the change's own transaction:
// its secondary index entries, its item collection's size, its stream record and its
// expiry entry (Time to Live). ItemCommit::write (item_commit.h), the one write path of
// items, calls apply() for every change, so that no write can forget one.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/capacity.h"
#include "engine/collection_sizes.h"
#include "engine/item_image.h"
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

  // Writes in txn what follows from table's item changing from before to after (an absent
  // image: no item). With consumed, adds the index writes' capacity. Returns the size of
  // the item's collection after the change (tables with local secondary indexes).
  std::optional<uint64_t> apply(storage::KvTransaction& txn, const TableInfo& table,
                                const ItemImage& before, const ItemImage& after, Pending& pending,
                                ConsumedCapacity* consumed = nullptr,
                                ChangeOrigin origin = ChangeOrigin::kRequest);

  uint64_t collection_limit() const { return collection_limit_; }

 private:
  StreamRegistry& streams_;
  uint64_t collection_limit_;
};

}  // namespace cairn::engine
