#include "engine/range_reader.h"

#include <gtest/gtest.h>

#include <set>

#include "engine/item_store.h"
#include "model/key_codec.h"
#include "storage/rocksdb_store.h"

namespace cairn::engine {
namespace {

class RangeReaderTest : public ::testing::Test {
 protected:
  // The production configuration: prefix bloom filters on the partition prefix, so the
  // iterators run in RocksDB's auto prefix mode.
  RangeReaderTest()
      : store_({"/range-reader-test", true, false, kPartitionPrefixBytes}),
        items_(store_),
        reader_(store_) {
    table_.name = "t";
    table_.storage_id = 3;
    table_.hash_key = {"pk", AttrType::S};
    table_.range_key = KeyElement{"sk", AttrType::N};
  }

  void put(const std::string& pk, int sk) {
    Item i;
    i["pk"] = AttributeValue::string(pk);
    i["sk"] = AttributeValue::number(std::to_string(sk));
    items_.put(table_, i, false);
  }

  KeyRange partition(const std::string& pk) {
    std::string prefix = partition_prefix(table_.storage_id, AttributeValue::string(pk));
    return {prefix, prefix_successor(prefix)};
  }

  static std::vector<std::string> sort_keys(const ReadPage& page) {
    std::vector<std::string> out;
    for (const auto& i : page.items) out.push_back(i.at("sk").scalar);
    return out;
  }

  storage::RocksDbStore store_;
  ItemStore items_;
  RangeReader reader_;
  TableInfo table_;
};

TEST_F(RangeReaderTest, ReadsOnePartitionInSortKeyOrderBothWays) {
  for (int sk : {10, -5, 2, 100, 0}) put("p", sk);
  put("other", 1);
  ReadRequest r;
  r.range = partition("p");
  EXPECT_EQ(sort_keys(reader_.read(table_, r, nullptr)),
            (std::vector<std::string>{"-5", "0", "2", "10", "100"}));
  r.forward = false;
  EXPECT_EQ(sort_keys(reader_.read(table_, r, nullptr)),
            (std::vector<std::string>{"100", "10", "2", "0", "-5"}));
}

TEST_F(RangeReaderTest, PagesWithLimitAndResumeAfterTheLastKey) {
  for (int sk = 0; sk < 7; ++sk) put("p", sk);
  for (bool forward : {true, false}) {
    ReadRequest r;
    r.range = partition("p");
    r.forward = forward;
    r.limit = 3;
    std::vector<std::string> all;
    int pages = 0;
    while (true) {
      ReadPage page = reader_.read(table_, r, nullptr);
      ++pages;
      for (auto& k : sort_keys(page)) all.push_back(k);
      if (!page.last_evaluated_key) break;
      r.start_after = ItemStore::storage_key(table_, *page.last_evaluated_key);
    }
    EXPECT_EQ(pages, 3);  // 3 + 3 + 1
    ASSERT_EQ(all.size(), 7u);
    EXPECT_EQ(all.front(), forward ? "0" : "6");
  }
}

TEST_F(RangeReaderTest, LimitCountsItemsBeforeTheFilter) {
  for (int sk = 0; sk < 10; ++sk) put("p", sk);
  ReadRequest r;
  r.range = partition("p");
  r.limit = 4;
  ReadPage page = reader_.read(table_, r, [](const Item& i) { return i.at("sk").scalar == "2"; });
  EXPECT_EQ(page.scanned, 4);
  EXPECT_EQ(sort_keys(page), (std::vector<std::string>{"2"}));
  ASSERT_TRUE(page.last_evaluated_key.has_value());
  EXPECT_EQ(page.last_evaluated_key->at("sk").scalar, "3");
}

TEST_F(RangeReaderTest, SegmentsPartitionTheTableExactly) {
  for (int i = 0; i < 200; ++i) {
    std::string pk = "p";
    pk += std::to_string(i);
    put(pk, i);
  }
  for (int total : {1, 2, 3, 7}) {
    std::multiset<std::string> seen;
    for (int s = 0; s < total; ++s) {
      ReadRequest r;
      r.range = RangeReader::segment_range(table_, s, total);
      for (auto& item : reader_.read(table_, r, nullptr).items) seen.insert(item.at("pk").scalar);
    }
    EXPECT_EQ(seen.size(), 200u) << total;
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 200u) << total;
  }
}

TEST_F(RangeReaderTest, PagesStopAfterOneMegabyte) {
  std::string big(100 * 1024, 'x');
  for (int sk = 0; sk < 15; ++sk) {
    Item i;
    i["pk"] = AttributeValue::string("p");
    i["sk"] = AttributeValue::number(std::to_string(sk));
    i["v"] = AttributeValue::string(big);
    items_.put(table_, i, false);
  }
  ReadRequest r;
  r.range = partition("p");
  ReadPage page = reader_.read(table_, r, nullptr);
  EXPECT_EQ(page.items.size(), 11u);  // the eleventh crosses 1 MB
  EXPECT_TRUE(page.last_evaluated_key.has_value());
}

}  // namespace
}  // namespace cairn::engine
