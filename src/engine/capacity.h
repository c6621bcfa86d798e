// DynamoDB's capacity arithmetic, in one place: what a read or write of an item of some
// size costs, and the consumption of one operation split by table and index as
// ReturnConsumedCapacity reports it (and, later, as throttling charges it).
//   reads:  ceil(size / 4 KB) units, at least 1; eventually consistent reads half that;
//           Query and Scan round the total size of the items read, not each item.
//   writes: ceil(size / 1 KB) units, at least 1, of the larger of the item before and
//           after; each index entry written or deleted costs its own write.
//   transactions: twice the above.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "engine/table_info.h"

namespace cairn::engine {

constexpr size_t kReadUnitBytes = 4 * 1024;
constexpr size_t kWriteUnitBytes = 1024;

double read_units(size_t bytes, bool consistent);
double write_units(size_t bytes);

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
