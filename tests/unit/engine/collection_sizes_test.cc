// Item collection sizes through every write path: the counter equals a scan of the
// collection after any mix of writes, and a write past the limit is refused whole.
#include "engine/collection_sizes.h"

#include <gtest/gtest.h>

#include "engine/index_keys.h"
#include "engine/item_change.h"
#include "engine/item_store.h"
#include "engine/transaction.h"
#include "model/api_error.h"
#include "model/item_size.h"
#include "model/key_codec.h"
#include "storage/rocksdb_store.h"
#include "support/engine_parts.h"

namespace cairn::engine {
namespace {

constexpr uint64_t kLimit = 4000;

class CollectionSizesTest : public ::testing::Test {
 protected:
  CollectionSizesTest() {
    table_.name = "t";
    table_.storage_id = 1;
    table_.hash_key = {"pk", AttrType::S};
    table_.range_key = KeyElement{"sk", AttrType::N};
    IndexInfo lsi;
    lsi.name = "by_l";
    lsi.kind = IndexKind::kLocal;
    lsi.storage_id = 2;
    lsi.hash_keys = {{"pk", AttrType::S}};
    lsi.range_keys = {{"l", AttrType::S}};
    lsi.projection = ProjectionType::kKeysOnly;
    table_.indexes.push_back(lsi);
  }

  static Item item(const std::string& pk, int sk, size_t payload, bool indexed = true) {
    Item i;
    i["pk"] = AttributeValue::string(pk);
    i["sk"] = AttributeValue::number(std::to_string(sk));
    i["v"] = AttributeValue::string(std::string(payload, 'x'));
    if (indexed) i["l"] = AttributeValue::string("lsi");
    return i;
  }
  static Item key(const std::string& pk, int sk) {
    Item k;
    k["pk"] = AttributeValue::string(pk);
    k["sk"] = AttributeValue::number(std::to_string(sk));
    return k;
  }

  TransactAction action(TransactAction::Kind kind, Item subject) {
    TransactAction a;
    a.kind = kind;
    a.table = &table_;
    a.subject = std::move(subject);
    return a;
  }

  // The collection measured the slow way: its items and LSI entries, scanned.
  uint64_t scanned(const std::string& pk) {
    uint64_t total = 0;
    for (uint64_t id : {table_.storage_id, table_.indexes[0].storage_id}) {
      const std::string prefix = partition_prefix(id, AttributeValue::string(pk));
      auto it = store_.scan(prefix, prefix_successor(prefix));
      for (it->seek_to_first(); it->valid(); it->next()) total += stored_item_size(it->value());
    }
    return total;
  }
  uint64_t counted(const std::string& pk) {
    return read_collection_size(store_, table_, AttributeValue::string(pk));
  }

  testing_support::EngineParts parts_{{.bloom_prefix_length = 0, .collection_limit = kLimit}};
  storage::RocksDbStore& store_ = parts_.store;
  ItemStore& items_ = parts_.items;
  Transactions& transactions_ = parts_.transactions;
  TableInfo table_;
};

TEST_F(CollectionSizesTest, TheCounterFollowsEveryWritePath) {
  items_.put(table_, item("a", 1, 100), false);
  items_.put(table_, item("a", 2, 200, false), false);  // not in the LSI
  items_.put(table_, item("b", 1, 50), false);
  EXPECT_EQ(counted("a"), scanned("a"));
  EXPECT_GT(counted("a"), 300u);
  items_.put(table_, item("a", 1, 10), false);  // replaced, smaller
  items_.update(table_, key("a", 2), [](const Item* current) {
    Item next = *current;
    next["l"] = AttributeValue::string("now indexed");
    return std::optional<Item>(next);
  });
  EXPECT_EQ(counted("a"), scanned("a"));
  items_.write_batch({{&table_, false, item("a", 3, 300)}, {&table_, true, key("a", 1)}});
  EXPECT_EQ(counted("a"), scanned("a"));
  TransactAction put = action(TransactAction::Kind::kPut, item("a", 4, 40));
  TransactAction remove = action(TransactAction::Kind::kDelete, key("a", 3));
  transactions_.write({put, remove});
  EXPECT_EQ(counted("a"), scanned("a"));
  EXPECT_EQ(counted("b"), scanned("b"));
  items_.remove(table_, key("a", 2), false);
  items_.remove(table_, key("a", 4), false);
  EXPECT_EQ(scanned("a"), 0u);
  EXPECT_EQ(counted("a"), 0u);
  EXPECT_FALSE(store_.get(collection_size_key(table_.storage_id, AttributeValue::string("a"))));
}

TEST_F(CollectionSizesTest, AWritePastTheLimitIsRefusedAndWritesNothing) {
  items_.put(table_, item("a", 1, 3000), false);
  const uint64_t before = counted("a");
  try {
    items_.put(table_, item("a", 2, 1500), false);
    FAIL() << "the collection grew past its limit";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), ErrorType::kItemCollectionSizeLimitExceeded);
  }
  EXPECT_FALSE(items_.get(table_, key("a", 2)));
  EXPECT_EQ(counted("a"), before);
  // Another collection has room of its own; shrinking and deleting are always allowed.
  items_.put(table_, item("b", 1, 1500), false);
  items_.put(table_, item("a", 1, 3500), false);
  EXPECT_EQ(counted("a"), scanned("a"));
  EXPECT_THROW(items_.write_batch({{&table_, false, item("a", 5, 600)}}), ApiError);
  EXPECT_FALSE(items_.get(table_, key("a", 5)));
  items_.remove(table_, key("a", 1), false);
  EXPECT_EQ(counted("a"), 0u);
}

TEST_F(CollectionSizesTest, ATransactionPastTheLimitIsCanceledWithItsReason) {
  items_.put(table_, item("a", 1, 3000), false);
  TransactAction other = action(TransactAction::Kind::kPut, item("b", 1, 10));
  TransactAction grow = action(TransactAction::Kind::kPut, item("a", 2, 1500));
  try {
    transactions_.write({other, grow});
    FAIL() << "the transaction grew a collection past its limit";
  } catch (const ApiError& e) {
    ASSERT_EQ(e.type(), ErrorType::kTransactionCanceled);
    ASSERT_EQ(e.cancellation_reasons().size(), 2u);
    EXPECT_EQ(e.cancellation_reasons()[0].code, "None");
    EXPECT_EQ(e.cancellation_reasons()[1].code, "ItemCollectionSizeLimitExceeded");
  }
  EXPECT_FALSE(items_.get(table_, key("b", 1)));
  EXPECT_EQ(counted("b"), 0u);
}

TEST_F(CollectionSizesTest, TablesWithoutLocalIndexesHaveNoCounters) {
  TableInfo plain = table_;
  plain.indexes.clear();
  EXPECT_FALSE(has_item_collections(plain));
  items_.put(plain, item("a", 1, 5000), false);  // no limit without an LSI
  EXPECT_FALSE(store_.get(collection_size_key(plain.storage_id, AttributeValue::string("a"))));
}

}  // namespace
}  // namespace cairn::engine
