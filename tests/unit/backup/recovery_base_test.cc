#include "backup/recovery_base.h"

#include <gtest/gtest.h>

namespace cairn::backup {
namespace {

RecoveryBase base_usable_from(int64_t ms) {
  RecoveryBase base;
  base.usable_from_ms = ms;
  return base;
}

TEST(RecoveryBaseTest, RoundTripsThroughItsStoredForm) {
  RecoveryBase base;
  base.replay_from = (uint64_t{1796647401770} << 16) | 5;
  base.usable_from_ms = 1796647401871;
  base.table.name = "orders";
  base.table.storage_id = 42;
  base.table.hash_key = {"pk", AttrType::S};
  base.table.recovery.enabled = true;
  base.table.recovery.recovery_period_days = 7;
  base.table.restored_from = engine::TableRestore{"", "arn:aws:dynamodb:r:1:table/src", 1234};
  const RecoveryBase back = decode_recovery_base(encode_recovery_base(base));
  EXPECT_EQ(back.replay_from, base.replay_from);
  EXPECT_EQ(back.usable_from_ms, base.usable_from_ms);
  EXPECT_EQ(back.table.name, "orders");
  EXPECT_EQ(back.table.storage_id, 42u);
  EXPECT_TRUE(back.table.recovery.enabled);
  EXPECT_EQ(back.table.recovery.recovery_period_days, 7);
  ASSERT_TRUE(back.table.restored_from);  // the table's metadata keeps where it came from
  EXPECT_EQ(back.table.restored_from->source_table_arn, "arn:aws:dynamodb:r:1:table/src");
  EXPECT_EQ(back.table.restored_from->restore_ms, 1234);
  EXPECT_TRUE(back.table.restored_from->source_backup_arn.empty());
  EXPECT_EQ(back.directory_name(), "42-" + std::to_string(base.replay_from));
}

TEST(RecoveryBaseTest, TheWindowKeepsTheNewestBaseUsableAtItsStartAndAllAfter) {
  const std::vector<RecoveryBase> bases = {base_usable_from(100), base_usable_from(200),
                                           base_usable_from(300)};
  EXPECT_EQ(bases_outside_window(bases, 50), 0u);   // the window starts before every base
  EXPECT_EQ(bases_outside_window(bases, 100), 0u);  // the first serves its start
  EXPECT_EQ(bases_outside_window(bases, 250), 1u);  // the second does: the first goes
  EXPECT_EQ(bases_outside_window(bases, 300), 2u);
  EXPECT_EQ(bases_outside_window(bases, 1000), 2u);  // the newest always stays
  EXPECT_EQ(bases_outside_window({}, 1000), 0u);
}

}  // namespace
}  // namespace cairn::backup
