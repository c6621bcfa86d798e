// DynamoDB's capacity arithmetic, in one place: what a read or write of an item of some
// size costs, and the consumption of one operation split by table and index as
// ReturnConsumedCapacity reports it (and, later, as throttling charges it).
//   reads:  ceil(size / 4 KB) units, at least 1; eventually consistent reads half that;
//           Query and Scan round the total size of the items read, not each item, per
//           partition read (see PartitionReads).
//   writes: ceil(size / 1 KB) units, at least 1, of the larger of the item before and
//           after; each index entry written or deleted costs its own write.
//   transactions: twice the above; a transactional read is always strongly consistent.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "engine/table_info.h"

namespace cairn::engine {

constexpr size_t kReadUnitBytes = 4 * 1024;
constexpr size_t kWriteUnitBytes = 1024;

// Transactions cost twice what the same reads and writes cost outside one.
constexpr double kTransactionalFactor = 2;

double read_units(size_t bytes, bool consistent);
double write_units(size_t bytes);
// An item's write: the units of the larger of the item before and after it (0: absent).
double item_write_units(size_t bytes_before, size_t bytes_after);
// A read inside a transaction (TransactGetItems, a ConditionCheck): a strongly consistent
// read, at the transactional factor.
double transactional_read_units(size_t bytes);

// DynamoDB reads a table partition by partition, and a new table has four: a Scan page
// costs, for each partition it went through, the size it read there rounded up to 4 KB,
// at least one unit even where it found nothing (a Scan of one tiny item costs 4 units,
// 2 eventually consistent, as DynamoDB reports it). Cairn presents every table and index
// as those four partitions: equal ranges of the partition-key hash, the order Scan reads
// in. A Query reads within one partition, so it pays for the total size it read there.
constexpr size_t kScanPartitions = 4;

// Which of the kScanPartitions a partition-key hash belongs to.
constexpr size_t scan_partition(uint64_t partition_hash) {
  return static_cast<size_t>(partition_hash >> 62);
}

// What one page of a Query or Scan read, partition by partition: the bytes of the items it
// read in each, and the partitions [first, last] it went through.
struct PartitionReads {
  std::array<size_t, kScanPartitions> bytes{};
  size_t first = 0;
  size_t last = 0;
};
double read_units(const PartitionReads& reads, bool consistent);

struct Capacity {
  double read = 0;
  double write = 0;

  double total() const { return read + write; }
  Capacity& operator+=(const Capacity& o) {
    read += o.read;
    write += o.write;
    return *this;
  }
};

// One operation's consumption on one table and its indexes.
struct ConsumedCapacity {
  Capacity table;
  std::map<std::string, Capacity> local_indexes;
  std::map<std::string, Capacity> global_indexes;

  Capacity& index(const IndexInfo& index) {
    return (index.kind == IndexKind::kLocal ? local_indexes : global_indexes)[index.name];
  }
  Capacity total() const;
  ConsumedCapacity& operator+=(const ConsumedCapacity& o);
  // Transactions cost twice as much.
  void scale(double factor);
};

}  // namespace cairn::engine
