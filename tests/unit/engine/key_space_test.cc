// The key space: layouts that keep what is read together in one range, the ranges a table
// owns, and the format version with its upgrade from the layout before versions were kept.
#include "engine/key_space.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "engine/catalog.h"
#include "engine/key_space_format.h"
#include "model/key_codec.h"
#include "storage/rocksdb_store.h"

namespace cairn::engine {
namespace {

bool in(const KeyRange& range, const std::string& key) {
  return key >= range.lower && (range.upper.empty() || key < range.upper);
}

bool in_any(const std::vector<KeyRange>& ranges, const std::string& key) {
  for (const auto& r : ranges) {
    if (in(r, key)) return true;
  }
  return false;
}

TEST(KeySpace, ItemsOfOnePartitionShareAPrefixOrderedBySortKey) {
  auto pk = AttributeValue::string("user#1");
  auto k1 = item_key(7, pk, nullptr);
  auto s1 = AttributeValue::number("1");
  auto s2 = AttributeValue::number("2");
  auto with1 = item_key(7, pk, &s1);
  auto with2 = item_key(7, pk, &s2);
  EXPECT_EQ(with1.substr(0, k1.size()), k1);
  EXPECT_LT(with1, with2);
  EXPECT_EQ(with1.substr(0, 9), storage_prefix(7));
  EXPECT_EQ(k1, partition_prefix(7, pk));
  EXPECT_EQ(partition_hash_of_key(with1), partition_hash(pk));
}

TEST(KeySpace, EveryTagIsDistinct) {
  std::set<char> tags;
  for (KeyTag tag : {KeyTag::kAuthRecord, KeyTag::kCollectionSize, KeyTag::kStreamDescriptor,
                     KeyTag::kItem, KeyTag::kSecret, KeyTag::kTableMetadata, KeyTag::kStreamRecord,
                     KeyTag::kSequence, KeyTag::kIdempotencyToken, KeyTag::kFormatVersion,
                     KeyTag::kExpiryEntry, KeyTag::kExpirySync, KeyTag::kBackupRecord,
                     KeyTag::kChangeRecord, KeyTag::kRecoveryBase, KeyTag::kExportRecord}) {
    EXPECT_TRUE(tags.insert(static_cast<char>(tag)).second) << static_cast<char>(tag);
  }
  // The storage-id counter no longer shares the collection counters' tag (version 1 did).
  EXPECT_NE(sequence_key(kNextStorageId)[0], static_cast<char>(KeyTag::kCollectionSize));
}

TEST(KeySpace, ATableOwnsItsItemsCountersAndExpiryKeysAndNothingOfAnotherTable) {
  const auto pk = AttributeValue::string("p");
  const auto owned = table_ranges(7);
  for (const std::string& key :
       {item_key(7, pk, nullptr), collection_size_key(7, pk), expiry_entry_key(7, 100, "k"),
        expiry_sync_key(7), change_record_key(7, 5)}) {
    EXPECT_TRUE(in_any(owned, key));
  }
  for (const std::string& key :
       {item_key(8, pk, nullptr), item_key(6, pk, nullptr), collection_size_key(8, pk),
        expiry_entry_key(8, 100, "k"), expiry_sync_key(8), table_metadata_key("t"),
        stream_record_key(7, 1), stream_descriptor_key(7), sequence_key(kNextStorageId),
        format_version_key(), change_record_key(8, 5), recovery_base_key(7, 5),
        export_record_key("x"), import_record_key("x")}) {
    EXPECT_FALSE(in_any(owned, key));
  }
}

TEST(KeySpace, IndexEntriesFollowTheIndexKeyThenTheTableKey) {
  const auto a = AttributeValue::string("a");
  const auto b = AttributeValue::string("b");
  const auto x = AttributeValue::string("x");
  const std::string entry_a = index_entry_key(9, {&x}, {}, a, nullptr);
  const std::string entry_b = index_entry_key(9, {&x}, {}, b, nullptr);
  EXPECT_LT(entry_a, entry_b);
  EXPECT_EQ(entry_a.substr(0, composite_partition_prefix(9, {&x}).size()),
            composite_partition_prefix(9, {&x}));
  EXPECT_TRUE(in_any(index_ranges(9), entry_a));
  EXPECT_FALSE(in_any(index_ranges(9), item_key(10, a, nullptr)));
}

TEST(KeySpace, KeysParseBack) {
  const std::string entry = expiry_entry_key(7, 1700000000, "item");
  auto parsed = parse_expiry_entry(entry);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->expiry_second, 1700000000);
  EXPECT_EQ(parsed->item_key, "item");
  EXPECT_EQ(parse_expiry_sync_key(expiry_sync_key(42)), 42u);
  EXPECT_FALSE(parse_expiry_sync_key(expiry_prefix(42)));
  EXPECT_EQ(stream_record_sequence(stream_record_key(3, 99)), 99u);
  for (const std::string& key : {change_record_key(7, 99), recovery_base_key(7, 99)}) {
    const auto stamped = parse_stamped_key(key);
    ASSERT_TRUE(stamped);
    EXPECT_EQ(stamped->table_storage_id, 7u);
    EXPECT_EQ(stamped->stamp, 99u);
  }
  EXPECT_FALSE(parse_stamped_key(expiry_sync_key(7)));
  // A table's change records lie in stamp order.
  EXPECT_LT(change_record_key(7, 1), change_record_key(7, 256));
}

class KeySpaceFormatTest : public ::testing::Test {
 protected:
  storage::RocksDbStore store_{{"/key-space-format-test", true, false}};
};

TEST_F(KeySpaceFormatTest, ANewStoreGetsTheCurrentVersion) {
  open_key_space(store_);
  EXPECT_EQ(store_.get(format_version_key()), std::to_string(kKeySpaceVersion));
}

TEST_F(KeySpaceFormatTest, VersionOneMovesTheStorageIdCounterAndKeepsItsTables) {
  // A version 1 data directory: a table with storage id 5 and the counter at 42 under the
  // collection counters' tag, no version key.
  {
    Catalog old_layout(store_, {});
    TableInfo spec;
    spec.name = "old";
    spec.hash_key = {"pk", AttrType::S};
    old_layout.create(spec);
  }
  store_.remove(sequence_key(kNextStorageId));
  store_.remove(format_version_key());
  store_.put(std::string(kVersion1NextStorageIdKey), "42");

  open_key_space(store_);
  EXPECT_EQ(store_.get(format_version_key()), std::to_string(kKeySpaceVersion));
  EXPECT_FALSE(store_.get(std::string(kVersion1NextStorageIdKey)));
  EXPECT_EQ(store_.get(sequence_key(kNextStorageId)), "42");

  Catalog catalog(store_, {});
  EXPECT_TRUE(catalog.find("old"));
  TableInfo spec;
  spec.name = "new";
  spec.hash_key = {"pk", AttrType::S};
  EXPECT_EQ(catalog.create(spec)->storage_id, 42u);  // no id is ever reused
  open_key_space(store_);                            // a second start changes nothing
  EXPECT_EQ(store_.get(sequence_key(kNextStorageId)), "43");
}

TEST_F(KeySpaceFormatTest, ALaterVersionIsRefused) {
  store_.put(format_version_key(), std::to_string(kKeySpaceVersion + 1));
  EXPECT_THROW(open_key_space(store_), std::runtime_error);
}

}  // namespace
}  // namespace cairn::engine
