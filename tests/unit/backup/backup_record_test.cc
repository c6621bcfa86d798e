#include "backup/backup_record.h"

#include <gtest/gtest.h>

namespace cairn::backup {
namespace {

TEST(BackupRecord, RoundTripsThroughItsStoredForm) {
  BackupRecord r;
  r.id = "01733550000123-0badc0de";
  r.name = "nightly.1";
  r.type = BackupType::kSystem;
  r.created_ms = 1733550000123;
  r.expiry_ms = 1736574000123;
  r.size_bytes = 12345;
  r.item_count = 67;
  r.table.name = "orders";
  r.table.arn = "arn:aws:dynamodb:us-east-1:000000000000:table/orders";
  r.table.storage_id = 42;
  r.table.hash_key = {"pk", AttrType::S};
  r.table.range_key = engine::KeyElement{"sk", AttrType::N};
  engine::IndexInfo gsi;
  gsi.name = "by_colour";
  gsi.storage_id = 43;
  gsi.hash_keys = {{"colour", AttrType::S}};
  r.table.indexes.push_back(gsi);

  const BackupRecord back = decode_backup_record(encode_backup_record(r));
  EXPECT_EQ(back.id, r.id);
  EXPECT_EQ(back.name, r.name);
  EXPECT_EQ(back.type, BackupType::kSystem);
  EXPECT_EQ(back.created_ms, r.created_ms);
  EXPECT_EQ(back.expiry_ms, r.expiry_ms);
  EXPECT_EQ(back.size_bytes, r.size_bytes);
  EXPECT_EQ(back.item_count, r.item_count);
  EXPECT_EQ(back.table.name, "orders");
  EXPECT_EQ(back.table.storage_id, 42u);
  ASSERT_TRUE(back.table.range_key.has_value());
  EXPECT_EQ(back.table.range_key->name, "sk");
  ASSERT_EQ(back.table.indexes.size(), 1u);
  EXPECT_EQ(back.table.indexes[0].storage_id, 43u);
  EXPECT_EQ(back.arn(), r.table.arn + "/backup/" + r.id);
  EXPECT_EQ(backup_type_name(BackupType::kUser), "USER");
}

}  // namespace
}  // namespace cairn::backup
