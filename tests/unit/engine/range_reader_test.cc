#include "engine/range_reader.h"

#include <gtest/gtest.h>

#include <set>

#include "engine/index_keys.h"
#include "engine/item_change.h"
#include "engine/item_store.h"
#include "engine/key_rules.h"
#include "model/item_codec.h"
#include "model/key_codec.h"
#include "storage/rocksdb_store.h"
#include "support/engine_parts.h"

namespace cairn::engine {
namespace {

class RangeReaderTest : public ::testing::Test {
 protected:
  // The production configuration: prefix bloom filters on the partition prefix, so the
  // iterators run in RocksDB's auto prefix mode.
  RangeReaderTest() : reader_(store_) {
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

  testing_support::EngineParts parts_{
      {.bloom_prefix_length = kPartitionPrefixBytes, .collection_limit = kMaxItemCollectionBytes}};
  storage::RocksDbStore& store_ = parts_.store;
  ItemStore& items_ = parts_.items;
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

TEST_F(RangeReaderTest, StoredFormGivesTheSamePageUndecoded) {
  for (int sk = 0; sk < 7; ++sk) put("p", sk);
  ReadRequest r;
  r.range = partition("p");
  r.limit = 5;
  const ReadPage decoded = reader_.read(table_, r, nullptr);
  r.stored_form = true;
  const ReadPage stored = reader_.read(table_, r, nullptr);
  EXPECT_TRUE(stored.items.empty());
  ASSERT_EQ(stored.stored.size(), decoded.items.size());
  for (size_t i = 0; i < stored.stored.size(); ++i) {
    EXPECT_EQ(decode_item(stored.stored[i]), decoded.items[i]);
  }
  EXPECT_EQ(stored.scanned, decoded.scanned);
  EXPECT_EQ(stored.bytes_read, decoded.bytes_read);
  EXPECT_EQ(stored.last_evaluated_key, decoded.last_evaluated_key);
  // A filter needs the decoded items, so it overrides the request for the stored form.
  const ReadPage filtered = reader_.read(table_, r, [](const Item&) { return true; });
  EXPECT_TRUE(filtered.stored.empty());
  EXPECT_EQ(filtered.items, decoded.items);
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
      r.range = RangeReader::segment_range(table_.storage_id, s, total);
      for (auto& item : reader_.read(table_, r, nullptr).items) seen.insert(item.at("pk").scalar);
    }
    EXPECT_EQ(seen.size(), 200u) << total;
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 200u) << total;
  }
}

TEST_F(RangeReaderTest, APageRecordsThePartitionsItWentThrough) {
  put("p", 1);
  const size_t home = scan_partition(partition_hash(AttributeValue::string("p")));
  // A whole-table Scan goes through all four, however few items it finds.
  ReadRequest scan;
  scan.range = RangeReader::segment_range(table_.storage_id, 0, 1);
  ReadPage page = reader_.read(table_, scan, nullptr);
  EXPECT_EQ(page.partitions.first, 0u);
  EXPECT_EQ(page.partitions.last, kScanPartitions - 1);
  EXPECT_EQ(page.partitions.bytes[home], page.bytes_read);
  // A Query stays in the partition of its key, in both directions.
  for (bool forward : {true, false}) {
    ReadRequest query;
    query.range = partition("p");
    query.forward = forward;
    page = reader_.read(table_, query, nullptr);
    EXPECT_EQ(page.partitions.first, home);
    EXPECT_EQ(page.partitions.last, home);
  }
  // Each of four parallel segments is one partition; each of two is two.
  for (int s = 0; s < 4; ++s) {
    ReadRequest segment;
    segment.range = RangeReader::segment_range(table_.storage_id, s, 4);
    page = reader_.read(table_, segment, nullptr);
    EXPECT_EQ(page.partitions.first, static_cast<size_t>(s));
    EXPECT_EQ(page.partitions.last, static_cast<size_t>(s));
  }
  ReadRequest half;
  half.range = RangeReader::segment_range(table_.storage_id, 1, 2);
  page = reader_.read(table_, half, nullptr);
  EXPECT_EQ(page.partitions.first, 2u);
  EXPECT_EQ(page.partitions.last, 3u);
}

TEST_F(RangeReaderTest, APageThatStopsEarlyEndsInThePartitionOfItsLastItem) {
  for (int i = 0; i < 40; ++i) put("p" + std::to_string(i), i);
  ReadRequest r;
  r.range = RangeReader::segment_range(table_.storage_id, 0, 1);
  r.limit = 1;
  ReadPage first = reader_.read(table_, r, nullptr);
  ASSERT_TRUE(first.last_evaluated_key.has_value());
  const size_t where = scan_partition(partition_hash(first.last_evaluated_key->at("pk")));
  EXPECT_EQ(first.partitions.first, 0u);
  EXPECT_EQ(first.partitions.last, where);
  // The next page resumes in that partition.
  r.start_after = ItemStore::storage_key(table_, *first.last_evaluated_key);
  ReadPage next = reader_.read(table_, r, nullptr);
  EXPECT_EQ(next.partitions.first, where);
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

// Index entries: the same reader over an index's storage id, with pages ending in the
// table's and the index's key attributes.
class IndexRangeReaderTest : public RangeReaderTest {
 protected:
  IndexRangeReaderTest() {
    IndexInfo index;
    index.name = "by_g";
    index.kind = IndexKind::kGlobal;
    index.storage_id = 4;
    index.hash_keys = {{"g", AttrType::S}};
    index.range_keys = {{"r", AttrType::N}};
    index.projection = ProjectionType::kKeysOnly;
    table_.indexes = {index};
  }

  const IndexInfo& index() const { return table_.indexes.front(); }

  void put_indexed(const std::string& pk, int sk, const std::string& g, int r) {
    Item i;
    i["pk"] = AttributeValue::string(pk);
    i["sk"] = AttributeValue::number(std::to_string(sk));
    i["g"] = AttributeValue::string(g);
    i["r"] = AttributeValue::number(std::to_string(r));
    i["other"] = AttributeValue::string("not projected");
    items_.put(table_, i, false);
  }

  KeyRange index_partition(const std::string& g) {
    const AttributeValue v = AttributeValue::string(g);
    std::string prefix = composite_partition_prefix(index().storage_id, {&v});
    return {prefix, prefix_successor(prefix)};
  }

  // "r/pk/sk" of each entry.
  static std::vector<std::string> entries(const ReadPage& page) {
    std::vector<std::string> out;
    for (const auto& i : page.items) {
      out.push_back(i.at("r").scalar + "/" + i.at("pk").scalar + "/" + i.at("sk").scalar);
    }
    return out;
  }
};

TEST_F(IndexRangeReaderTest, PagesThroughSharedIndexKeysInBothDirections) {
  // Four items share every r; they are ordered by the table key within it.
  for (int r : {3, 1, 2}) {
    for (int sk : {2, 1}) {
      put_indexed("a", sk + 10 * r, "G", r);
      put_indexed("b", sk + 10 * r, "G", r);
    }
  }
  put_indexed("c", 1, "H", 1);
  ReadRequest whole;
  whole.range = index_partition("G");
  const std::vector<std::string> all = entries(reader_.read(table_, whole, nullptr));
  ASSERT_EQ(all.size(), 12u);
  EXPECT_EQ(all.front(), "1/a/11");
  EXPECT_EQ(all[1], "1/a/12");
  EXPECT_EQ(all[2], "1/b/11");
  EXPECT_EQ(all.back(), "3/b/32");
  for (bool forward : {true, false}) {
    ReadRequest r = whole;
    r.forward = forward;
    r.limit = 5;
    r.index = &index();
    std::vector<std::string> paged;
    while (true) {
      ReadPage page = reader_.read(table_, r, nullptr);
      for (auto& e : entries(page)) paged.push_back(e);
      if (!page.last_evaluated_key) break;
      const Item& last = *page.last_evaluated_key;
      // The table's key and the index's, nothing else: an index page's LastEvaluatedKey.
      EXPECT_EQ(last.size(), 4u);
      EXPECT_EQ(last, index_key_of(table_, index(), last));
      r.start_after = index_entry_key(table_, index(), last);
    }
    if (!forward) std::reverse(paged.begin(), paged.end());
    EXPECT_EQ(paged, all) << forward;
  }
}

TEST_F(IndexRangeReaderTest, SegmentsPartitionTheIndexExactly) {
  for (int i = 0; i < 120; ++i)
    put_indexed("p" + std::to_string(i), i, "g" + std::to_string(i % 40), i);
  put("unindexed", 1);  // no g: a table item only
  for (int total : {1, 2, 5}) {
    std::multiset<std::string> seen;
    for (int s = 0; s < total; ++s) {
      ReadRequest r;
      r.range = RangeReader::segment_range(index().storage_id, s, total);
      for (auto& item : reader_.read(table_, r, nullptr).items) {
        EXPECT_FALSE(item.contains("other"));  // KEYS_ONLY entries, not table items
        seen.insert(item.at("pk").scalar);
      }
    }
    EXPECT_EQ(seen.size(), 120u) << total;
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 120u) << total;
  }
}

TEST_F(IndexRangeReaderTest, ExpandedEntriesAreWhatTheFilterSeesAndPagesMeasure) {
  for (int sk = 0; sk < 4; ++sk) put_indexed("a", sk, "G", sk);
  ReadRequest r;
  r.range = index_partition("G");
  r.index = &index();
  r.expand = [&](Item entry) { return *items_.get(table_, key_of(table_, entry)); };
  ReadPage page = reader_.read(table_, r, [](const Item& i) { return i.contains("other"); });
  EXPECT_EQ(page.items.size(), 4u);
  ReadRequest plain = r;
  plain.expand = nullptr;
  EXPECT_GT(page.bytes_read, reader_.read(table_, plain, nullptr).bytes_read);
}

}  // namespace
}  // namespace cairn::engine
