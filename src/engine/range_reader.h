// RangeReader: reads a table's items, or an index's entries, in key order over a range of
// storage keys, the one mechanism under Query (one partition, a sort-key range, either
// direction) and Scan (a hash range of the whole table or index). It applies DynamoDB's
// page rules: Limit counts items read (before any filter), a page stops once 1 MB of items
// has been read, and a page that stopped early ends with the key of the last item read
// (LastEvaluatedKey; for an index, the table's and the index's key attributes).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/capacity.h"
#include "engine/key_space.h"
#include "engine/storage_fwd.h"
#include "engine/table_info.h"

namespace cairn::engine {

constexpr size_t kMaxPageBytes = 1024 * 1024;

struct ReadRequest {
  KeyRange range;
  bool forward = true;
  // Storage key of ExclusiveStartKey: the page starts after it (in reading direction).
  std::optional<std::string> start_after;
  int64_t limit = 0;  // items to read at most; 0 for no limit
  // The index whose entries the range holds (nullptr: the table's items): a page then ends
  // with the table's and the index's key attributes of its last entry.
  const IndexInfo* index = nullptr;
  // Applied to each entry read before it is measured and filtered (an LSI entry replaced
  // by its table item, for attributes the index does not project); nullptr: none.
  std::function<Item(Item)> expand;
  // Return the items in their stored form (ReadPage::stored) rather than decoded, for a
  // caller that only writes them out; honoured only without a filter and without expand.
  bool stored_form = false;
};

struct ReadPage {
  std::vector<Item> items;  // the items the filter kept
  // Instead of items, when the request asked for the stored form (model/item_codec.h).
  std::vector<std::string> stored;
  int64_t scanned = 0;        // items read (ScannedCount)
  size_t bytes_read = 0;      // DynamoDB size of the items read
  PartitionReads partitions;  // the same by partition, for capacity accounting
  std::optional<Item> last_evaluated_key;
};

// Decides whether an item read is returned (a FilterExpression); nullptr keeps all.
using ItemFilter = std::function<bool(const Item&)>;

class RangeReader {
 public:
  explicit RangeReader(storage::KvStore& store) : store_(store) {}

  ReadPage read(const TableInfo& table, const ReadRequest& request, const ItemFilter& filter);

  // The key range of parallel Scan segment `segment` of `total`: a hash range of the keys
  // under storage_id (a table's items, or an index's entries).
  static KeyRange segment_range(uint64_t storage_id, int64_t segment, int64_t total);

 private:
  storage::KvStore& store_;
};

}  // namespace cairn::engine
