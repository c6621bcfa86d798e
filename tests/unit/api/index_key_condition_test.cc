// Key conditions on indexes: an index's key schema (its ExclusiveStartKey also names the
// table's key, and its entries may share keys), DynamoDB's rules for multi-attribute GSI
// keys, and key ranges over real index entries, whose storage keys have the table's key
// after the index's.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "api/key_condition.h"
#include "engine/index_keys.h"
#include "engine/item_change.h"
#include "engine/item_store.h"
#include "engine/range_reader.h"
#include "expr/expr_test_util.h"
#include "expr/parser.h"
#include "model/number.h"
#include "storage/rocksdb_store.h"
#include "support/engine_parts.h"

namespace cairn::api {
namespace {

using namespace expr::testing;  // NOLINT: the value shorthands
using namespace expr;           // NOLINT: the key terms and parsers under test
using namespace engine;         // NOLINT: the key schema, condition and ranges
using engine::IndexKind;

AttributeValue num(std::string_view text) {
  return N(Number::parse(text).to_string());
}

engine::IndexInfo index_of(std::string name, IndexKind kind, uint64_t storage_id,
                           std::vector<engine::KeyElement> hash,
                           std::vector<engine::KeyElement> range) {
  engine::IndexInfo i;
  i.name = std::move(name);
  i.kind = kind;
  i.storage_id = storage_id;
  i.hash_keys = std::move(hash);
  i.range_keys = std::move(range);
  return i;
}

// A table keyed by p (S) and c (N), with a GSI on g (S) and r (N), a hash-only GSI on g,
// an LSI on p and r, and a GSI with a multi-attribute key: h1 (S), h2 (N) | r1 (S), r2 (N),
// r3 (S).
engine::TableInfo indexed_table() {
  engine::TableInfo t;
  t.name = "t";
  t.storage_id = 20;
  t.hash_key = {"p", AttrType::S};
  t.range_key = engine::KeyElement{"c", AttrType::N};
  t.indexes = {
      index_of("by_g", IndexKind::kGlobal, 21, {{"g", AttrType::S}}, {{"r", AttrType::N}}),
      index_of("g_only", IndexKind::kGlobal, 22, {{"g", AttrType::S}}, {}),
      index_of("lsi", IndexKind::kLocal, 23, {{"p", AttrType::S}}, {{"r", AttrType::N}}),
      index_of("multi", IndexKind::kGlobal, 24, {{"h1", AttrType::S}, {"h2", AttrType::N}},
               {{"r1", AttrType::S}, {"r2", AttrType::N}, {"r3", AttrType::S}}),
  };
  return t;
}

KeySchema schema_of(const std::string& index_name) {
  static const engine::TableInfo table = indexed_table();
  return KeySchema::of(table, *table.find_index(index_name));
}

ExpressionContext make_context() {
  Item values = item(
      {{":s", S("ab")}, {":s2", S("b")}, {":n", num("5")}, {":n2", num("9")}, {":empty", S("")}});
  return ExpressionContext({}, std::move(values));
}

std::string resolve_message(const std::string& text, const KeySchema& schema,
                            const Item* start_key = nullptr) {
  ExpressionContext ctx = make_context();
  return validation_message([&] {
    resolve_key_condition(
        key_terms_from_expression(parse_condition(text, ExpressionKind::kKeyCondition, ctx)),
        schema, start_key);
  });
}

KeyCondition resolve(const std::string& text, const KeySchema& schema) {
  ExpressionContext ctx = make_context();
  return resolve_key_condition(
      key_terms_from_expression(parse_condition(text, ExpressionKind::kKeyCondition, ctx)), schema,
      nullptr);
}

TEST(IndexKeySchemaTest, NamesTheIndexKeysAndCountsTheStartKeyAttributes) {
  const KeySchema by_g = schema_of("by_g");
  EXPECT_EQ(by_g.storage_id, 21u);
  EXPECT_TRUE(by_g.is_index);
  EXPECT_FALSE(by_g.multi_attribute());
  EXPECT_EQ(by_g.start_key_size, 4u);  // p, c, g, r
  EXPECT_EQ(schema_of("g_only").start_key_size, 3u);
  EXPECT_EQ(schema_of("lsi").start_key_size, 3u);  // p once
  EXPECT_TRUE(schema_of("multi").multi_attribute());
  EXPECT_EQ(schema_of("multi").start_key_size, 7u);
  const KeySchema table = KeySchema::of(indexed_table());
  EXPECT_FALSE(table.is_index);
  EXPECT_EQ(table.start_key_size, 2u);
}

TEST(IndexKeyConditionTest, ResolvesAgainstTheIndexKeysNotTheTables) {
  EXPECT_EQ(resolve_message("g = :s AND r > :n", schema_of("by_g")), "");
  EXPECT_EQ(resolve_message("p = :s", schema_of("by_g")),
            "Query condition missed key schema element: g");
  EXPECT_EQ(resolve_message("g = :s AND c > :n", schema_of("by_g")),
            "Query condition missed key schema element: r");
  EXPECT_EQ(resolve_message("g = :s AND r > :n", schema_of("g_only")),
            "Query key condition not supported");
  EXPECT_EQ(resolve_message("p = :s AND r BETWEEN :n AND :n2", schema_of("lsi")), "");
}

TEST(IndexKeyConditionTest, StartKeyHoldsTheTableKeyAndTheIndexKey) {
  const KeySchema by_g = schema_of("by_g");
  Item full = item({{"p", S("x")}, {"c", num("1")}, {"g", S("ab")}, {"r", num("7")}});
  EXPECT_EQ(resolve_message("g = :s", by_g, &full), "");
  Item index_key_only = item({{"g", S("ab")}, {"r", num("7")}});
  EXPECT_EQ(resolve_message("g = :s", by_g, &index_key_only),
            "The provided starting key is invalid");
  Item no_sort = item({{"p", S("x")}, {"c", num("1")}, {"g", S("ab")}, {"y", num("7")}});
  EXPECT_EQ(resolve_message("g = :s", by_g, &no_sort), "The provided starting key is invalid");
  Item wrong_type = item({{"p", S("x")}, {"c", num("1")}, {"g", S("ab")}, {"r", S("7")}});
  EXPECT_EQ(resolve_message("g = :s", by_g, &wrong_type),
            "The provided key element does not match the schema");
  // The same shape rules for a Scan of the index.
  EXPECT_EQ(validation_message([&] { check_index_start_key_shape(by_g, full); }), "");
  EXPECT_EQ(validation_message([&] { check_index_start_key_shape(by_g, index_key_only); }),
            "The provided starting key is invalid");
  EXPECT_EQ(validation_message([&] { check_index_start_key_shape(by_g, wrong_type); }),
            "The provided key element does not match the schema");
}

std::string start_key_message(const std::string& text, const KeySchema& schema,
                              const Item& start_key) {
  return validation_message([&] { check_start_key(resolve(text, schema), schema, start_key); });
}

TEST(IndexKeyConditionTest, IndexQueriesResumeWhereTableQueriesCouldNot) {
  // Entries may share index keys: a hash-only index, or an equality on its sort key, still
  // reads many entries, so the Query may be resumed (and always ends with its key).
  const KeySchema g_only = schema_of("g_only");
  const Item in_g = item({{"p", S("x")}, {"c", num("1")}, {"g", S("ab")}});
  EXPECT_EQ(start_key_message("g = :s", g_only, in_g), "");
  EXPECT_EQ(start_key_message("g = :s2", g_only, in_g),
            "The provided starting key is outside query boundaries based on provided conditions");
  EXPECT_FALSE(reads_at_most_one_item(resolve("g = :s", g_only), g_only));

  const KeySchema by_g = schema_of("by_g");
  const Item at_5 = item({{"p", S("x")}, {"c", num("1")}, {"g", S("ab")}, {"r", num("5")}});
  EXPECT_EQ(start_key_message("g = :s AND r = :n", by_g, at_5), "");
  EXPECT_FALSE(reads_at_most_one_item(resolve("g = :s AND r = :n", by_g), by_g));
  EXPECT_EQ(start_key_message("g = :s AND r = :n2", by_g, at_5),
            "The provided starting key does not match the range key predicate");
  EXPECT_EQ(start_key_message("g = :s2 AND r = :n", by_g, at_5),
            "The query can return at most one row and cannot be restarted");
}

TEST(IndexKeyConditionTest, FilterMayNameTheTableKeyButNotTheIndexKey) {
  auto message = [](const std::string& text, const KeySchema& schema) {
    ExpressionContext ctx = make_context();
    const Condition filter = parse_condition(text, ExpressionKind::kFilter, ctx);
    return validation_message(
        [&] { check_filter_excludes_keys(filter, schema, "Filter Expression"); });
  };
  EXPECT_EQ(message("p = :s AND c > :n", schema_of("by_g")), "");
  EXPECT_EQ(message("r > :n", schema_of("by_g")),
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: r");
  EXPECT_EQ(message("c > :n", schema_of("lsi")), "");
  EXPECT_EQ(message("p = :s", schema_of("lsi")),
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: p");
  EXPECT_EQ(message("a = :s OR r2 > :n", schema_of("multi")),
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: r2");
}

struct MultiCase {
  const char* text;
  const char* message;  // "" when valid on the multi-attribute index
};

class MultiAttributeKeyTest : public ::testing::TestWithParam<MultiCase> {};

TEST_P(MultiAttributeKeyTest, FollowsDynamoDBsLeftToRightRules) {
  EXPECT_EQ(resolve_message(GetParam().text, schema_of("multi")), GetParam().message)
      << GetParam().text;
}

constexpr char kHashRule[] =
    "Query key condition not supported: every HASH key attribute of a multi-attribute key "
    "needs an equality condition; missing for: ";
constexpr char kRangeRule[] =
    "Query key condition not supported: RANGE key attributes of a multi-attribute key must be "
    "given left to right without gaps, with equality conditions on all but the last; out of "
    "order: ";

INSTANTIATE_TEST_SUITE_P(
    Cases, MultiAttributeKeyTest,
    ::testing::Values(
        MultiCase{"h1 = :s AND h2 = :n", ""}, MultiCase{"h2 = :n AND h1 = :s", ""},
        MultiCase{"h1 = :s AND h2 = :n AND r1 > :s", ""},
        MultiCase{"h1 = :s AND h2 = :n AND r1 = :s AND r2 BETWEEN :n AND :n2", ""},
        MultiCase{"h1 = :s AND h2 = :n AND r1 = :s AND r2 = :n AND begins_with(r3, :s)", ""},
        MultiCase{"r1 = :s AND h1 = :s AND r2 <= :n AND h2 = :n", ""},
        MultiCase{"h1 = :s",
                  "Query key condition not supported: every HASH key attribute of a "
                  "multi-attribute key needs an equality condition; missing for: h2"},
        MultiCase{"h1 = :s AND h2 > :n",
                  "Query key condition not supported: every HASH key "
                  "attribute of a multi-attribute key needs an equality "
                  "condition; missing for: h2"},
        MultiCase{"begins_with(h1, :s) AND h2 = :n",
                  "Query key condition not supported: every HASH key attribute of a "
                  "multi-attribute key needs an equality condition; missing for: h1"},
        MultiCase{"h1 = :s AND h2 = :n AND r2 = :n",
                  "Query key condition not supported: RANGE key attributes of a "
                  "multi-attribute key must be given left to right without gaps, with equality "
                  "conditions on all but the last; out of order: r2"},
        MultiCase{"h1 = :s AND h2 = :n AND r1 > :s AND r2 = :n",
                  "Query key condition not supported: RANGE key attributes of a "
                  "multi-attribute key must be given left to right without gaps, with equality "
                  "conditions on all but the last; out of order: r2"},
        MultiCase{"h1 = :s AND h2 = :n AND r1 = :s AND r3 = :s",
                  "Query key condition not supported: RANGE key attributes of a "
                  "multi-attribute key must be given left to right without gaps, with equality "
                  "conditions on all but the last; out of order: r3"},
        MultiCase{"h1 = :s AND h2 = :n AND x = :n",
                  "Query condition missed key schema element: r1"},
        MultiCase{"h1 = :s AND h2 = :n AND r1 = :s AND x = :n",
                  "Query condition missed key schema element: r2"},
        MultiCase{"h1 = :s AND h2 = :n AND r1 = :s AND r2 = :n AND r3 = :s AND x = :s",
                  "The number of query conditions (6) exceeds the number of key attributes "
                  "defined in the schema (5)"},
        MultiCase{"h1 = :s AND h2 = :s",
                  "One or more parameter values were invalid: Condition "
                  "parameter type does not match schema type"},
        MultiCase{"h1 = :s AND h2 = :n AND r1 = :s AND r2 > :s",
                  "One or more parameter values were invalid: Condition parameter type does "
                  "not match schema type"},
        MultiCase{"h1 = :empty AND h2 = :n",
                  "One or more parameter values are not valid. The AttributeValue for a key "
                  "attribute cannot contain an empty string value. Key: h1"}));

LegacyCondition legacy(std::string attribute, std::string op, std::vector<AttributeValue> values) {
  LegacyCondition c;
  c.attribute = std::move(attribute);
  c.comparison = std::move(op);
  c.value_list = std::move(values);
  return c;
}

TEST(MultiAttributeKeyTest, LegacyKeyConditionsMayNameEveryKeyAttribute) {
  const KeySchema multi = schema_of("multi");
  const KeyTerms four =
      key_terms_from_legacy({legacy("h1", "EQ", {S("a")}), legacy("h2", "EQ", {num("1")}),
                             legacy("r1", "EQ", {S("b")}), legacy("r2", "LE", {num("3")})});
  const KeyCondition k = resolve_key_condition(four, multi, nullptr);
  EXPECT_EQ(k.partition, (std::vector<AttributeValue>{S("a"), num("1")}));
  ASSERT_EQ(k.sort.size(), 2u);
  EXPECT_EQ(k.sort[1].op, SortKeyCondition::Op::kLe);
  EXPECT_EQ(validation_message([&] {
              resolve_key_condition(key_terms_from_legacy({legacy("h1", "EQ", {S("a")}),
                                                           legacy("h2", "EQ", {num("1")}),
                                                           legacy("r1", "NE", {S("b")})}),
                                    multi, nullptr);
            }),
            "Attempted conditional constraint is not an indexable operation");
  // A table's key schema still takes one or two.
  EXPECT_EQ(validation_message(
                [&] { resolve_key_condition(four, KeySchema::of(indexed_table()), nullptr); }),
            "Conditions can be of length 1 or 2 only");
  std::vector<LegacyCondition> nine;
  for (int i = 0; i < 9; ++i) nine.push_back(legacy("a" + std::to_string(i), "EQ", {S("x")}));
  EXPECT_EQ(validation_message([&] { key_terms_from_legacy(nine); }),
            "Conditions can be of length 1 or 2 only");
}

TEST(MultiAttributeKeyTest, StartKeyMustLieWithinEveryCondition) {
  const KeySchema multi = schema_of("multi");
  const Item start = item({{"p", S("x")},
                           {"c", num("1")},
                           {"h1", S("ab")},
                           {"h2", num("5")},
                           {"r1", S("ab")},
                           {"r2", num("7")},
                           {"r3", S("z")}});
  EXPECT_EQ(resolve_message("h1 = :s AND h2 = :n", multi, &start), "");
  EXPECT_EQ(start_key_message("h1 = :s AND h2 = :n AND r1 = :s AND r2 > :n", multi, start), "");
  EXPECT_EQ(start_key_message("h1 = :s AND h2 = :n2", multi, start),
            "The provided starting key is outside query boundaries based on provided conditions");
  EXPECT_EQ(start_key_message("h1 = :s AND h2 = :n AND r1 = :s2", multi, start),
            "The provided starting key does not match the range key predicate");
  EXPECT_EQ(start_key_message("h1 = :s AND h2 = :n AND r1 = :s AND r2 > :n2", multi, start),
            "The provided starting key does not match the range key predicate");
  Item missing = start;
  missing.erase("r3");
  EXPECT_EQ(resolve_message("h1 = :s AND h2 = :n", multi, &missing),
            "The provided starting key is invalid");
}

// key_range over real index entries: for every condition, the entries read (both ways) are
// exactly the entries whose keys satisfy it, in storage order. Several items share each
// index key, so a bound "after every entry equal to v" must skip the table keys after v.
class IndexKeyRangeTest : public ::testing::Test {
 protected:
  IndexKeyRangeTest() : table_(indexed_table()), reader_(store_) {}

  void put(Item item) {
    items_.put(table_, item, false);
    all_.push_back(std::move(item));
  }

  // Reads the index range of `condition` both ways and compares with the brute-force answer
  // of `want` over every item written.
  template <typename Want>
  void expect_exact(const std::string& index_name, const KeyCondition& condition, Want want,
                    const std::string& what) {
    const engine::IndexInfo& index = *table_.find_index(index_name);
    std::vector<std::string> expected;
    for (const Item& i : all_) {
      auto key = engine::index_entry_key(table_, index, i);
      if (key && want(i)) expected.push_back(*key);
    }
    std::sort(expected.begin(), expected.end());
    for (bool forward : {true, false}) {
      engine::ReadRequest read;
      read.range = key_range(KeySchema::of(table_, index), condition);
      read.forward = forward;
      std::vector<std::string> got;
      for (const Item& i : reader_.read(table_, read, nullptr).items) {
        got.push_back(*engine::index_entry_key(table_, index, i));
      }
      if (!forward) std::reverse(got.begin(), got.end());
      EXPECT_EQ(got, expected) << what << (forward ? " forward" : " backward");
    }
  }

  testing_support::EngineParts parts_;
  storage::RocksDbStore& store_ = parts_.store;
  engine::TableInfo table_;
  engine::ItemStore& items_ = parts_.items;
  engine::RangeReader reader_;
  std::vector<Item> all_;
};

const SortKeyCondition::Op kOps[] = {
    SortKeyCondition::Op::kEq,        SortKeyCondition::Op::kLt, SortKeyCondition::Op::kLe,
    SortKeyCondition::Op::kGt,        SortKeyCondition::Op::kGe, SortKeyCondition::Op::kBetween,
    SortKeyCondition::Op::kBeginsWith};

TEST_F(IndexKeyRangeTest, SingleAttributeIndexWithSharedSortValues) {
  // Three table items per (g, r): the entries of one r differ only by the table key.
  for (const char* g : {"ab", "b"}) {
    for (int r : {-3, 0, 5, 7, 12}) {
      for (int c = 0; c < 3; ++c) {
        put(item({{"p", S("p" + std::to_string(r + 10) + g)},
                  {"c", num(std::to_string(c))},
                  {"g", S(g)},
                  {"r", num(std::to_string(r))}}));
      }
    }
  }
  put(item({{"p", S("sparse")}, {"c", num("1")}, {"g", S("ab")}}));  // no r: not in by_g
  for (SortKeyCondition::Op op : kOps) {
    if (op == SortKeyCondition::Op::kBeginsWith) continue;  // r is a number
    for (const char* v : {"-5", "0", "5", "6", "12", "20"}) {
      const SortKeyCondition sort{op, num(v), num("7")};
      const bool above_upper =
          SortKeyCondition{SortKeyCondition::Op::kGt, num("7"), {}}.matches(num(v));
      if (op == SortKeyCondition::Op::kBetween && above_upper) continue;
      expect_exact(
          "by_g", KeyCondition{{S("ab")}, {sort}},
          [&](const Item& i) { return i.at("g") == S("ab") && sort.matches(i.at("r")); },
          "op " + std::to_string(static_cast<int>(op)) + " " + v);
    }
  }
  expect_exact(
      "by_g", KeyCondition{{S("b")}, {}}, [](const Item& i) { return i.at("g") == S("b"); },
      "whole partition");
  expect_exact(
      "g_only", KeyCondition{{S("ab")}, {}}, [](const Item& i) { return i.at("g") == S("ab"); },
      "hash-only index");
}

TEST_F(IndexKeyRangeTest, MultiAttributeIndexPrefixesAndLastCondition) {
  int n = 0;
  for (const char* h1 : {"ab", "abc"}) {
    for (const char* r1 : {"a", "ab", "abc", "b"}) {
      for (int r2 : {1, 5, 9}) {
        for (const char* r3 : {"x", "y"}) {
          put(item({{"p", S("p" + std::to_string(n++))},
                    {"c", num("1")},
                    {"h1", S(h1)},
                    {"h2", num("5")},
                    {"r1", S(r1)},
                    {"r2", num(std::to_string(r2))},
                    {"r3", S(r3)}}));
        }
      }
    }
  }
  auto in_partition = [](const Item& i) { return i.at("h1") == S("ab") && i.at("h2") == num("5"); };
  for (SortKeyCondition::Op op : kOps) {
    // A condition on r1 alone: r2 and r3 (and the table key) follow in every entry key.
    for (const char* v : {"a", "ab", "abc", "b", "c"}) {
      const SortKeyCondition sort{op, S(v), S("b")};
      if (op == SortKeyCondition::Op::kBetween && std::string_view(v) > "b") continue;
      expect_exact(
          "multi", KeyCondition{{S("ab"), num("5")}, {sort}},
          [&](const Item& i) { return in_partition(i) && sort.matches(i.at("r1")); },
          "r1 op " + std::to_string(static_cast<int>(op)) + " " + v);
    }
    if (op == SortKeyCondition::Op::kBeginsWith) continue;
    // r1 equal, then a condition on r2.
    for (const char* v : {"1", "5", "7", "9"}) {
      const SortKeyCondition sort{op, num(v), num("9")};
      const SortKeyCondition r1_eq{SortKeyCondition::Op::kEq, S("ab"), {}};
      expect_exact(
          "multi", KeyCondition{{S("ab"), num("5")}, {r1_eq, sort}},
          [&](const Item& i) {
            return in_partition(i) && i.at("r1") == S("ab") && sort.matches(i.at("r2"));
          },
          "r1 = ab, r2 op " + std::to_string(static_cast<int>(op)) + " " + v);
    }
  }
}

}  // namespace
}  // namespace cairn::api
