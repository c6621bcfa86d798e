#include "backup/continuous_backups.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "engine/key_space.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "storage/rocksdb_store.h"
#include "support/quiet_ms.h"

namespace cairn::backup {
namespace {

using testing_support::quiet_ms;

using std::chrono::milliseconds;

// An engine over an in-memory store with its backups and point-in-time recovery, the way
// main wires them; the recovery pass runs only when a test calls it.
class ContinuousBackupsTest : public ::testing::Test {
 protected:
  ContinuousBackupsTest() {
    engine::TableInfo spec;
    spec.name = "orders";
    spec.hash_key = {"pk", AttrType::S};
    spec.attribute_definitions["pk"] = AttrType::S;
    spec.billing_mode = engine::BillingMode::kPayPerRequest;
    engine_.catalog().create(spec);
  }

  ContinuousBackupSettings settings() const {
    ContinuousBackupSettings s;
    s.pass_period = std::chrono::hours(1);
    s.settle = milliseconds(5);
    return s;
  }
  engine::TablePtr table() { return engine_.catalog().find("orders"); }
  void put(const std::string& pk, const std::string& v) {
    Item item;
    item["pk"] = AttributeValue::string(pk);
    item["v"] = AttributeValue::string(v);
    engine_.items().put(*table(), item, false);
  }
  std::optional<Item> get(const engine::TableInfo& t, const std::string& pk) {
    Item key;
    key["pk"] = AttributeValue::string(pk);
    return engine_.items().get(t, key);
  }
  std::string value_in(const engine::TablePtr& t, const std::string& pk) {
    const auto item = get(*t, pk);
    return item ? item->at("v").scalar : "(none)";
  }
  size_t change_records() {
    const engine::KeyRange range = engine::change_record_range(table()->storage_id);
    auto it = store_.scan(range.lower, range.upper);
    size_t n = 0;
    for (it->seek_to_first(); it->valid(); it->next()) ++n;
    return n;
  }
  size_t bases() {
    const engine::KeyRange range = engine::recovery_base_range();
    auto it = store_.scan(range.lower, range.upper);
    size_t n = 0;
    for (it->seek_to_first(); it->valid(); it->next()) ++n;
    return n;
  }

  static inline int instances_ = 0;
  const std::string root_ = "/continuous-backups-test-" + std::to_string(++instances_);
  storage::RocksDbStore store_{{root_, /*in_memory=*/true, false}};
  engine::Engine engine_{store_, {}};
  BackupCatalog backups_{engine_, root_ + "/backups", false};
};

TEST_F(ContinuousBackupsTest, EnablingOpensTheWindowAndDisablingDropsEverything) {
  ContinuousBackups recovery(engine_, backups_, root_ + "/recovery", false, settings());
  EXPECT_FALSE(recovery.window(*table()));
  const int64_t before = now_ms();
  const engine::TablePtr on = recovery.update("orders", true, 7);
  ASSERT_TRUE(on->recovery.enabled);
  EXPECT_EQ(on->recovery.recovery_period_days, 7);
  const auto window = recovery.window(*on);
  ASSERT_TRUE(window);
  EXPECT_GE(window->earliest_ms, before);
  EXPECT_GE(window->latest_ms, window->earliest_ms);
  EXPECT_EQ(bases(), 1u);
  put("a", "1");
  EXPECT_EQ(change_records(), 1u);

  const engine::TablePtr off = recovery.update("orders", false, std::nullopt);
  EXPECT_FALSE(off->recovery.enabled);
  EXPECT_FALSE(recovery.window(*off));
  EXPECT_EQ(bases(), 0u);
  EXPECT_EQ(change_records(), 0u);
  put("a", "2");  // no longer logged
  EXPECT_EQ(change_records(), 0u);
}

TEST_F(ContinuousBackupsTest, RestoresFindEachMomentFromTheRightBaseAndSurviveARestart) {
  ContinuousBackupSettings every_pass = settings();
  every_pass.base_interval = milliseconds(0);  // each pass takes a new base
  auto recovery = std::make_unique<ContinuousBackups>(engine_, backups_, root_ + "/recovery", false,
                                                      every_pass);
  recovery->update("orders", true, std::nullopt);
  const int64_t earliest = recovery->window(*table())->earliest_ms;
  put("a", "1");
  put("b", "1");
  const int64_t first = quiet_ms();
  put("a", "2");
  Item b;
  b["pk"] = AttributeValue::string("b");
  engine_.items().remove(*table(), b, false);
  recovery->run_pass();  // a second base, holding a=2 and no b
  EXPECT_EQ(bases(), 2u);
  put("c", "1");
  const int64_t second = quiet_ms();
  put("a", "3");

  // A kill's restart: the bases are found again, the window unchanged.
  recovery.reset();
  recovery = std::make_unique<ContinuousBackups>(engine_, backups_, root_ + "/recovery", false,
                                                 settings());
  EXPECT_EQ(recovery->window(*table())->earliest_ms, earliest);
  EXPECT_EQ(bases(), 2u);

  const engine::TablePtr at_first = recovery->restore(*table(), first, "at_first", {});
  EXPECT_EQ(value_in(at_first, "a"), "1");
  EXPECT_EQ(value_in(at_first, "b"), "1");
  EXPECT_EQ(value_in(at_first, "c"), "(none)");
  ASSERT_TRUE(at_first->restored_from);
  EXPECT_EQ(at_first->restored_from->restore_ms, first);
  EXPECT_FALSE(at_first->recovery.enabled);

  const engine::TablePtr at_second = recovery->restore(*table(), second, "at_second", {});
  EXPECT_EQ(value_in(at_second, "a"), "2");
  EXPECT_EQ(value_in(at_second, "b"), "(none)");
  EXPECT_EQ(value_in(at_second, "c"), "1");

  // Before the first base there is nothing to restore from.
  EXPECT_THROW(recovery->restore(*table(), earliest - 1000, "too_early", {}), ApiError);

  // DeleteTable: the bases go (the records went with the table's data).
  const engine::TablePtr gone = engine_.catalog().drop("orders");
  recovery->table_deleted(*gone);
  EXPECT_EQ(bases(), 0u);
}

TEST_F(ContinuousBackupsTest, AFilledIndexTheNewestBaseLacksGetsABaseAtTheNextPass) {
  ContinuousBackups recovery(engine_, backups_, root_ + "/recovery", false, settings());
  recovery.update("orders", true, std::nullopt);
  ASSERT_EQ(bases(), 1u);
  recovery.run_pass();
  EXPECT_EQ(bases(), 1u);  // nothing new: no base
  // A GSI UpdateTable adds: while it is backfilling, no base; once filled, one.
  auto add = [&](bool backfilling) {
    engine_.catalog().update("orders", [&](engine::TableInfo& t) {
      if (t.indexes.empty()) {
        engine::IndexInfo gsi;
        gsi.name = "by_v";
        gsi.kind = engine::IndexKind::kGlobal;
        gsi.hash_keys = {{"v", AttrType::S}};
        t.attribute_definitions["v"] = AttrType::S;
        t.indexes.push_back(gsi);
      }
      t.indexes[0].backfilling = backfilling;
      t.indexes[0].status =
          backfilling ? engine::IndexStatus::kCreating : engine::IndexStatus::kActive;
    });
  };
  add(true);
  recovery.run_pass();
  EXPECT_EQ(bases(), 1u);
  add(false);
  recovery.run_pass();
  EXPECT_EQ(bases(), 2u);
  recovery.run_pass();
  EXPECT_EQ(bases(), 2u);
}

}  // namespace
}  // namespace cairn::backup
