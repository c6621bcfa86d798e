// The expiry index of Time to Live: which expiry time a TTL attribute names, DynamoDB's
// five-year rule, the entry key layout, and entries following every write of an item.
#include "engine/expiry_index.h"

#include <gtest/gtest.h>

#include <set>

#include "engine/item_change.h"
#include "engine/item_store.h"
#include "engine/stream_registry.h"
#include "model/key_codec.h"
#include "model/number.h"
#include "storage/rocksdb_store.h"
#include "support/engine_parts.h"

namespace cairn::engine {
namespace {

AttributeValue num(const std::string& text) {
  // As a request stores it: canonical, no exponent.
  return AttributeValue::number(Number::parse(text).to_string());
}

TEST(ExpiryTimeTest, NumbersOfEpochSecondsInMilliseconds) {
  EXPECT_EQ(expiry_time_ms(num("1700000000")), 1700000000000);
  EXPECT_EQ(expiry_time_ms(num("0")), 0);
  EXPECT_EQ(expiry_time_ms(num("1234567e1")), 12345670000);
  EXPECT_EQ(expiry_time_ms(num("12345678.1234")), 12345678123);  // rounded down
  EXPECT_EQ(expiry_time_ms(num("0.0015")), 1);
  EXPECT_EQ(expiry_time_ms(num("1.5E+3")), 1500000);
}

TEST(ExpiryTimeTest, NegativeNumbersAndOtherTypesNameNoExpiry) {
  EXPECT_EQ(expiry_time_ms(num("-1")), std::nullopt);
  EXPECT_EQ(expiry_time_ms(num("-0.5")), std::nullopt);
  EXPECT_EQ(expiry_time_ms(AttributeValue::string("1700000000")), std::nullopt);
  AttributeValue set;
  set.type = AttrType::NS;
  set.set = {"1"};
  EXPECT_EQ(expiry_time_ms(set), std::nullopt);
}

TEST(ExpiryTimeTest, HugeNumbersAreClampedFarInTheFuture) {
  auto far = expiry_time_ms(num("1e100"));
  ASSERT_TRUE(far);
  EXPECT_GT(*far, int64_t{1} << 58);
  EXPECT_EQ(expiry_time_ms(num("9.99e125")), far);
}

TableInfo ttl_table(bool enabled = true) {
  TableInfo t;
  t.name = "t";
  t.storage_id = 7;
  t.hash_key = {"pk", AttrType::S};
  t.ttl = {"exp", enabled, 1};
  return t;
}

Item item(const std::string& pk, std::optional<AttributeValue> exp) {
  Item i;
  i["pk"] = AttributeValue::string(pk);
  if (exp) i["exp"] = *exp;
  return i;
}

TEST(ExpiryRuleTest, ExpiredOnlyWhenPastAndWithinFiveYears) {
  const TableInfo t = ttl_table();
  const int64_t now = 1'800'000'000'000;  // ms
  EXPECT_TRUE(is_expired(t, item("a", num("1799999999")), now));
  EXPECT_TRUE(is_expired(t, item("a", num("1799999999.999")), now));
  EXPECT_FALSE(is_expired(t, item("a", num("1800000000")), now));  // not before now
  EXPECT_FALSE(is_expired(t, item("a", num("1800000001")), now));
  const int64_t five_years = kExpiryHorizonMs / 1000;
  EXPECT_TRUE(is_expired(t, item("a", num(std::to_string(1'800'000'000 - five_years))), now));
  EXPECT_FALSE(is_expired(t, item("a", num(std::to_string(1'800'000'000 - five_years - 1))), now));
  EXPECT_FALSE(is_expired(t, item("a", num("162777600")), now));
  EXPECT_FALSE(is_expired(t, item("a", AttributeValue::string("1")), now));
  EXPECT_FALSE(is_expired(t, item("a", std::nullopt), now));
  EXPECT_FALSE(is_expired(ttl_table(false), item("a", num("1799999999")), now));
}

TEST(ExpiryEntryTest, KeysOrderByTableThenSecondThenItem) {
  const std::string a = expiry_entry_key(7, 100, "item-b");
  const std::string b = expiry_entry_key(7, 101, "item-a");
  const std::string c = expiry_entry_key(8, 1, "item-a");
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(expiry_entry_key(7, 100, ""), a);
  EXPECT_EQ(a.substr(0, expiry_prefix(7).size()), expiry_prefix(7));
  auto parsed = parse_expiry_entry(a);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->expiry_second, 100);
  EXPECT_EQ(parsed->item_key, "item-b");
  EXPECT_FALSE(parse_expiry_entry(expiry_prefix(7)));
  EXPECT_FALSE(parse_expiry_entry("i1234567890123456789"));
}

TEST(ExpiryEntryTest, AnItemsEntryNamesItsSecondAndStorageKey) {
  const TableInfo t = ttl_table();
  auto entry = item_expiry_entry(t, item("a", num("1700000000.9")));
  ASSERT_TRUE(entry);
  auto parsed = parse_expiry_entry(*entry);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->expiry_second, 1700000000);
  EXPECT_EQ(parsed->item_key, item_key(7, AttributeValue::string("a"), nullptr));
  EXPECT_FALSE(item_expiry_entry(t, item("a", std::nullopt)));
  EXPECT_FALSE(item_expiry_entry(ttl_table(false), item("a", num("1"))));
}

class ExpiryMaintenanceTest : public ::testing::Test {
 protected:
  ExpiryMaintenanceTest() {
    table_ = ttl_table();
    table_.range_key = KeyElement{"sk", AttrType::N};
  }

  Item row(const std::string& pk, int sk, std::optional<AttributeValue> exp) {
    Item i = item(pk, std::move(exp));
    i["sk"] = AttributeValue::number(std::to_string(sk));
    return i;
  }

  std::set<std::string> entries() {
    std::set<std::string> out;
    const std::string prefix = expiry_prefix(table_.storage_id);
    auto it = store_.scan(prefix, prefix_successor(prefix));
    for (it->seek_to_first(); it->valid(); it->next()) out.emplace(it->key());
    return out;
  }

  std::set<std::string> expected(std::initializer_list<Item> items) {
    std::set<std::string> out;
    for (const auto& i : items) out.insert(*item_expiry_entry(table_, i));
    return out;
  }

  testing_support::EngineParts parts_;
  storage::RocksDbStore& store_ = parts_.store;
  ItemStore& items_ = parts_.items;
  TableInfo table_;
};

TEST_F(ExpiryMaintenanceTest, EveryWritePathMovesTheEntry) {
  const Item a1 = row("a", 1, num("100"));
  items_.put(table_, a1, false);
  EXPECT_EQ(entries(), expected({a1}));

  const Item a2 = row("a", 1, num("200"));  // a later expiry moves the entry
  items_.put(table_, a2, false);
  EXPECT_EQ(entries(), expected({a2}));

  items_.update(table_, row("a", 1, std::nullopt),
                [&](const Item*) { return std::optional(row("a", 1, std::nullopt)); });
  EXPECT_TRUE(entries().empty());  // no attribute, no entry

  const Item b = row("b", 2, num("300"));
  const Item c = row("c", 3, AttributeValue::string("300"));  // not a Number
  items_.write_batch({{&table_, false, b}, {&table_, false, c}});
  EXPECT_EQ(entries(), expected({b}));

  items_.remove(table_, row("b", 2, std::nullopt), false);
  EXPECT_TRUE(entries().empty());
}

TEST_F(ExpiryMaintenanceTest, NoEntriesWhileTtlIsDisabled) {
  table_.ttl.enabled = false;
  items_.put(table_, row("a", 1, num("100")), false);
  EXPECT_TRUE(entries().empty());
}

TEST_F(ExpiryMaintenanceTest, RemovingTheTablesEntriesLeavesOtherTablesAlone) {
  items_.put(table_, row("a", 1, num("100")), false);
  TableInfo other = table_;
  other.storage_id = 8;
  items_.put(other, row("a", 1, num("100")), false);
  store_.put(expiry_sync_key(table_.storage_id), "1");
  for (const KeyRange& range : expiry_ranges(table_.storage_id)) {
    store_.remove_range(range.lower, range.upper);
  }
  EXPECT_TRUE(entries().empty());
  EXPECT_FALSE(store_.get(expiry_sync_key(table_.storage_id)));
  const std::string prefix = expiry_prefix(8);
  auto it = store_.scan(prefix, prefix_successor(prefix));
  it->seek_to_first();
  EXPECT_TRUE(it->valid());
}

}  // namespace
}  // namespace cairn::engine
