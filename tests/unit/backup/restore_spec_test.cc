#include "backup/restore_spec.h"

#include <gtest/gtest.h>

namespace cairn::backup {
namespace {

engine::IndexInfo index(std::string name, uint64_t storage_id) {
  engine::IndexInfo i;
  i.name = std::move(name);
  i.storage_id = storage_id;
  return i;
}

TEST(RestoreSpecTest, AnIndexIsWholeInBothOnlyUnderTheSameStorageId) {
  engine::TableInfo later;
  later.indexes = {index("kept", 3), index("recreated", 9), index("added", 10)};
  const auto kept =
      indexes_in_both({index("kept", 3), index("recreated", 4), index("dropped", 5)}, later);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].name, "kept");
}

TEST(RestoreSpecTest, AnIndexStillBackfillingOnEitherSideIsNotWhole) {
  engine::IndexInfo filling = index("g", 3);
  filling.backfilling = true;
  const engine::IndexInfo filled = index("g", 3);
  engine::TableInfo now_filling, now_filled;
  now_filling.indexes = {filling};
  now_filled.indexes = {filled};
  EXPECT_TRUE(indexes_in_both({filling}, now_filled).empty());  // partial in the snapshot
  EXPECT_TRUE(indexes_in_both({filled}, now_filling).empty());
  EXPECT_EQ(indexes_in_both({filled}, now_filled).size(), 1u);
}

TEST(RestoreSpecTest, ARestoredTableLeavesBehindWhatDynamoDbDoesNotRestore) {
  engine::TableInfo source;
  source.name = "src";
  source.storage_id = 7;
  source.tags["team"] = "a";
  source.ttl.enabled = true;
  source.recovery.enabled = true;
  source.deletion_protection = true;
  source.indexes = {index("g", 3)};
  const engine::TableInfo spec = restore_spec(source, "dst", {}, {"", "arn:src", 5});
  EXPECT_EQ(spec.name, "dst");
  EXPECT_EQ(spec.storage_id, 0u);
  EXPECT_TRUE(spec.tags.empty());
  EXPECT_FALSE(spec.ttl.enabled);
  EXPECT_FALSE(spec.recovery.enabled);
  EXPECT_FALSE(spec.deletion_protection);
  ASSERT_EQ(spec.indexes.size(), 1u);
  EXPECT_EQ(spec.indexes[0].storage_id, 0u);
  ASSERT_TRUE(spec.restored_from);
  EXPECT_EQ(spec.restored_from->source_table_arn, "arn:src");
}

}  // namespace
}  // namespace cairn::backup
