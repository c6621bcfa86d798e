#include "engine/capacity.h"

#include <algorithm>

namespace cairn::engine {
namespace {

double units(size_t bytes, size_t unit) {
  return bytes == 0 ? 1.0 : static_cast<double>((bytes + unit - 1) / unit);
}

}  // namespace

double read_units(size_t bytes, bool consistent) {
  const double u = units(bytes, kReadUnitBytes);
  return consistent ? u : u / 2;
}

double read_units(const PartitionReads& reads, bool consistent) {
  double total = 0;
  for (size_t p = reads.first; p <= reads.last && p < kScanPartitions; ++p) {
    total += read_units(reads.bytes[p], consistent);
  }
  return total;
}

double transactional_read_units(size_t bytes) {
  return kTransactionalFactor * read_units(bytes, true);
}

double write_units(size_t bytes) {
  return units(bytes, kWriteUnitBytes);
}

double item_write_units(size_t bytes_before, size_t bytes_after) {
  return write_units(std::max(bytes_before, bytes_after));
}

Capacity ConsumedCapacity::total() const {
  Capacity t = table;
  for (const auto& [name, c] : local_indexes) t += c;
  for (const auto& [name, c] : global_indexes) t += c;
  return t;
}

ConsumedCapacity& ConsumedCapacity::operator+=(const ConsumedCapacity& o) {
  table += o.table;
  for (const auto& [name, c] : o.local_indexes) local_indexes[name] += c;
  for (const auto& [name, c] : o.global_indexes) global_indexes[name] += c;
  return *this;
}

void ConsumedCapacity::scale(double factor) {
  auto scale = [factor](Capacity& c) {
    c.read *= factor;
    c.write *= factor;
  };
  scale(table);
  for (auto& [name, c] : local_indexes) scale(c);
  for (auto& [name, c] : global_indexes) scale(c);
}

}  // namespace cairn::engine
