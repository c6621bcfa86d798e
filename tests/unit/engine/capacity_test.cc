#include "engine/capacity.h"

#include <gtest/gtest.h>

namespace cairn::engine {
namespace {

TEST(CapacityTest, ReadsRoundUpTo4KbAndEventuallyConsistentReadsCostHalf) {
  EXPECT_EQ(read_units(0, true), 1.0);
  EXPECT_EQ(read_units(4096, true), 1.0);
  EXPECT_EQ(read_units(4097, true), 2.0);
  EXPECT_EQ(read_units(10 * 1024, false), 1.5);
}

TEST(CapacityTest, APageCostsEachPartitionItWentThroughAtLeastOneUnit) {
  PartitionReads one_tiny_item;
  one_tiny_item.bytes[2] = 12;
  one_tiny_item.first = 0;
  one_tiny_item.last = kScanPartitions - 1;
  EXPECT_EQ(read_units(one_tiny_item, true), 4.0);  // DynamoDB's figure for this Scan
  EXPECT_EQ(read_units(one_tiny_item, false), 2.0);

  PartitionReads query;  // one partition: the total size, rounded once
  query.bytes[1] = 3 * 1500;
  query.first = query.last = 1;
  EXPECT_EQ(read_units(query, true), 2.0);
  EXPECT_EQ(read_units(query, false), 1.0);

  PartitionReads spread;  // sizes are rounded per partition, not per item or in total
  spread.bytes = {100, 5000, 0, 4096};
  spread.first = 0;
  spread.last = 3;
  EXPECT_EQ(read_units(spread, true), 1.0 + 2.0 + 1.0 + 1.0);
}

TEST(CapacityTest, TransactionalReadsCostTwiceAStronglyConsistentRead) {
  EXPECT_EQ(transactional_read_units(0), 2.0);
  EXPECT_EQ(transactional_read_units(4096), 2.0);
  EXPECT_EQ(transactional_read_units(4097), 4.0);
}

TEST(CapacityTest, WritesRoundUpTo1Kb) {
  EXPECT_EQ(write_units(0), 1.0);
  EXPECT_EQ(write_units(1024), 1.0);
  EXPECT_EQ(write_units(1025), 2.0);
}

}  // namespace
}  // namespace cairn::engine
