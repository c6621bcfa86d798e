#include "api/key_condition.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

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

engine::TableInfo table_with(std::optional<AttrType> sort_type, AttrType hash_type = AttrType::S) {
  engine::TableInfo t;
  t.name = "t";
  t.storage_id = 7;
  t.hash_key = {"p", hash_type};
  if (sort_type) t.range_key = engine::KeyElement{"c", *sort_type};
  return t;
}

AttributeValue num(std::string_view text) {
  return N(Number::parse(text).to_string());
}

// The placeholders every key-condition case may use.
ExpressionContext make_context() {
  NameMap names = {{"#p", "p"}, {"#c", "c"}, {"#dotted", "c.d"}};
  Item values = item({{":p", S("part")},
                      {":p2", S("other")},
                      {":n", num("5")},
                      {":n2", num("9")},
                      {":s", S("ab")},
                      {":s2", S("b")},
                      {":b", B("ab")},
                      {":empty", S("")},
                      {":bool", Bool(true)},
                      {":t", S("N")}});
  return ExpressionContext(std::move(names), std::move(values));
}

KeyTerms terms_of(const std::string& text, ExpressionContext& ctx) {
  return key_terms_from_expression(parse_condition(text, ExpressionKind::kKeyCondition, ctx));
}

// The message of the ValidationException that turning `text` into terms and resolving
// them against `table` raises; "" when it succeeds.
std::string resolve_message(const std::string& text, const engine::TableInfo& table,
                            const Item* start_key = nullptr) {
  ExpressionContext ctx = make_context();
  return validation_message(
      [&] { resolve_key_condition(terms_of(text, ctx), KeySchema::of(table), start_key); });
}

KeyCondition resolve(const std::string& text, const engine::TableInfo& table) {
  ExpressionContext ctx = make_context();
  return resolve_key_condition(terms_of(text, ctx), KeySchema::of(table), nullptr);
}

struct ExpressionCase {
  const char* text;
  const char* message;  // "" when the key condition is valid for table (p S, c N)
};

class KeyConditionExpressionTest : public ::testing::TestWithParam<ExpressionCase> {};

TEST_P(KeyConditionExpressionTest, ValidatesLikeDynamoDB) {
  EXPECT_EQ(resolve_message(GetParam().text, table_with(AttrType::N)), GetParam().message)
      << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, KeyConditionExpressionTest,
    ::testing::Values(
        ExpressionCase{"p = :p", ""}, ExpressionCase{"p = :p AND c = :n", ""},
        ExpressionCase{":p = p AND :n < c", ""},
        ExpressionCase{"c BETWEEN :n AND :n2 AND p = :p", ""},
        ExpressionCase{"((c = :n) AND (p = :p))", ""}, ExpressionCase{"#p = :p AND #c >= :n", ""},
        // The shape of the expression, refused before the schema is consulted.
        ExpressionCase{"p = :p OR c = :n", "Invalid operator used in KeyConditionExpression: OR"},
        ExpressionCase{"NOT c = :n AND p = :p",
                       "Invalid operator used in KeyConditionExpression: NOT"},
        ExpressionCase{"p = :p AND c IN (:n)",
                       "Invalid operator used in KeyConditionExpression: IN"},
        ExpressionCase{"p = :p AND c <> :n", "Invalid operator used in KeyConditionExpression: <>"},
        ExpressionCase{"p = :p AND attribute_exists(c)",
                       "Invalid operator used in KeyConditionExpression: attribute_exists"},
        ExpressionCase{"p = :p AND attribute_not_exists(c)",
                       "Invalid operator used in KeyConditionExpression: attribute_not_exists"},
        ExpressionCase{"p = :p AND contains(c, :n)",
                       "Invalid operator used in KeyConditionExpression: contains"},
        ExpressionCase{"p = :p AND attribute_type(c, :t)",
                       "Invalid operator used in KeyConditionExpression: attribute_type"},
        ExpressionCase{"p = :p AND c > size(a)",
                       "KeyConditionExpressions cannot contain nested operations"},
        ExpressionCase{
            "p = :p AND :n BETWEEN c AND :n2",
            "Invalid condition in KeyConditionExpression: BETWEEN operator must have the "
            "key attribute as its first operand"},
        ExpressionCase{
            "p = :p AND begins_with(:s, c)",
            "Invalid condition in KeyConditionExpression: begins_with operator must have "
            "the key attribute as its first operand"},
        ExpressionCase{"p = c",
                       "Invalid condition in KeyConditionExpression: Multiple attribute "
                       "names used in one condition"},
        ExpressionCase{"p = :p AND c.d > :n",
                       "KeyConditionExpressions cannot have conditions on nested attributes"},
        ExpressionCase{"p = :p AND c[1] > :n",
                       "KeyConditionExpressions cannot have conditions on nested attributes"},
        ExpressionCase{":p = :p2",
                       "Invalid condition in KeyConditionExpression: No key attribute specified"},
        ExpressionCase{"p = :p AND p = :p",
                       "Invalid KeyConditionExpression: KeyConditionExpressions "
                       "must only contain one condition per key"},
        ExpressionCase{"p = :p AND c > :n AND c < :n2",
                       "Invalid KeyConditionExpression: KeyConditionExpressions must only contain "
                       "one condition per key"},
        // A placeholder resolving to a dotted name is one (top-level) attribute.
        ExpressionCase{"p = :p AND #dotted = :n", "Query condition missed key schema element: c"},
        // Against the key schema.
        ExpressionCase{"c = :n", "Query condition missed key schema element: p"},
        ExpressionCase{"x = :p", "Query condition missed key schema element: p"},
        ExpressionCase{"p = :p AND x = :n", "Query condition missed key schema element: c"},
        ExpressionCase{"p = :p AND c > :n AND x = :n2",
                       "The number of query conditions (3) exceeds the number of key attributes "
                       "defined in the schema (2)"},
        ExpressionCase{"p < :p", "Query key condition not supported"},
        ExpressionCase{"begins_with(p, :s)", "Query key condition not supported"},
        ExpressionCase{"p = :n",
                       "One or more parameter values were invalid: Condition parameter "
                       "type does not match schema type"},
        ExpressionCase{"p = :p AND c = :s",
                       "One or more parameter values were invalid: Condition "
                       "parameter type does not match schema type"},
        // begins_with of a string on a number key fails the schema check, not the parser's.
        ExpressionCase{"p = :p AND begins_with(c, :s)",
                       "One or more parameter values were invalid: Condition parameter type does "
                       "not match schema type"},
        ExpressionCase{"p = :empty",
                       "One or more parameter values are not valid. The "
                       "AttributeValue for a key attribute cannot contain an empty "
                       "string value. Key: p"}));

TEST(KeyConditionTest, ParserRefusesWhatNoKeyTypeCouldSatisfy) {
  // Operand types no key could have are the parser's errors, named after the expression.
  EXPECT_EQ(resolve_message("p = :p AND begins_with(c, :n)", table_with(AttrType::N)),
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: begins_with, operand type: N");
  EXPECT_EQ(resolve_message("p = :p AND c < :bool", table_with(AttrType::N)),
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: <, operand type: BOOL");
}

TEST(KeyConditionTest, HashOnlyTableTakesOnlyThePartitionKey) {
  const engine::TableInfo t = table_with(std::nullopt);
  EXPECT_EQ(resolve_message("p = :p", t), "");
  EXPECT_EQ(resolve_message("p = :p AND c = :n", t), "Query key condition not supported");
  EXPECT_EQ(resolve_message("p = :p AND c = :n AND d = :n2", t),
            "The number of query conditions (3) exceeds the number of key attributes defined in "
            "the schema (1)");
}

TEST(KeyConditionTest, ResolvesOperatorsAndFlipsReversedComparisons) {
  const engine::TableInfo t = table_with(AttrType::N);
  KeyCondition k = resolve(":n < c AND p = :p", t);
  EXPECT_EQ(k.partition, std::vector<AttributeValue>{S("part")});
  ASSERT_EQ(k.sort.size(), 1u);
  EXPECT_EQ(k.sort[0].op, SortKeyCondition::Op::kGt);
  EXPECT_EQ(k.sort[0].value, num("5"));

  const std::pair<const char*, SortKeyCondition::Op> cases[] = {
      {"p = :p AND c = :n", SortKeyCondition::Op::kEq},
      {"p = :p AND c < :n", SortKeyCondition::Op::kLt},
      {"p = :p AND c <= :n", SortKeyCondition::Op::kLe},
      {"p = :p AND c > :n", SortKeyCondition::Op::kGt},
      {"p = :p AND c >= :n", SortKeyCondition::Op::kGe},
      {"p = :p AND :n >= c", SortKeyCondition::Op::kLe},
      {"p = :p AND :n > c", SortKeyCondition::Op::kLt},
      {"p = :p AND :n <= c", SortKeyCondition::Op::kGe},
      {"p = :p AND :n = c", SortKeyCondition::Op::kEq},
  };
  for (const auto& [text, op] : cases) EXPECT_EQ(resolve(text, t).sort.at(0).op, op) << text;

  k = resolve("p = :p AND c BETWEEN :n AND :n2", t);
  EXPECT_EQ(k.sort.at(0).op, SortKeyCondition::Op::kBetween);
  EXPECT_EQ(k.sort[0].value, num("5"));
  EXPECT_EQ(k.sort[0].upper, num("9"));

  k = resolve("p = :p AND begins_with(c, :s)", table_with(AttrType::S));
  EXPECT_EQ(k.sort.at(0).op, SortKeyCondition::Op::kBeginsWith);
  EXPECT_EQ(k.sort[0].value, S("ab"));
  EXPECT_TRUE(resolve("p = :p", t).sort.empty());
}

LegacyCondition legacy(std::string attribute, std::string op, std::vector<AttributeValue> values) {
  LegacyCondition c;
  c.attribute = std::move(attribute);
  c.comparison = std::move(op);
  c.value_list = std::move(values);
  return c;
}

std::string legacy_message(const std::vector<LegacyCondition>& entries,
                           const engine::TableInfo& table, const Item* start_key = nullptr) {
  return validation_message([&] {
    resolve_key_condition(key_terms_from_legacy(entries), KeySchema::of(table), start_key);
  });
}

TEST(KeyConditionTest, LegacyKeyConditions) {
  const engine::TableInfo t = table_with(AttrType::N);
  EXPECT_EQ(legacy_message({legacy("p", "EQ", {S("a")}), legacy("c", "GE", {num("1")})}, t), "");
  EXPECT_EQ(legacy_message({}, t), "Conditions can be of length 1 or 2 only");
  EXPECT_EQ(legacy_message({legacy("p", "EQ", {S("a")}), legacy("c", "EQ", {num("1")}),
                            legacy("x", "EQ", {num("1")})},
                           t),
            "Conditions can be of length 1 or 2 only");
  EXPECT_EQ(legacy_message({legacy("p", "EQ", {})}, t),
            "One or more parameter values were invalid: Invalid number of argument(s) for the EQ "
            "ComparisonOperator");
  EXPECT_EQ(
      legacy_message({legacy("p", "EQ", {S("a")}), legacy("c", "BEGINS_WITH", {num("1")})}, t),
      "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid "
      "for N AttributeValue type");
  for (const char* op : {"NE", "IN", "CONTAINS", "NOT_CONTAINS"}) {
    EXPECT_EQ(legacy_message({legacy("p", op, {S("a")})}, t),
              "Attempted conditional constraint is not an indexable operation")
        << op;
    EXPECT_EQ(legacy_message({legacy("p", "EQ", {S("a")}), legacy("c", op, {num("1")})}, t),
              "Attempted conditional constraint is not an indexable operation")
        << op;
  }
  EXPECT_EQ(legacy_message({legacy("p", "NULL", {})}, t),
            "Attempted conditional constraint is not an indexable operation");
  for (const char* op : {"LT", "LE", "GT", "GE", "BEGINS_WITH"}) {
    EXPECT_EQ(legacy_message({legacy("p", op, {S("a")})}, t), "Query key condition not supported")
        << op;
  }
  EXPECT_EQ(legacy_message({legacy("p", "BETWEEN", {S("a"), S("b")})}, t),
            "Query key condition not supported");
  EXPECT_EQ(legacy_message({legacy("c", "EQ", {num("1")})}, t),
            "Query condition missed key schema element: p");
  EXPECT_EQ(legacy_message({legacy("p", "EQ", {S("a")}), legacy("z", "EQ", {num("1")})}, t),
            "Query condition missed key schema element: c");
  EXPECT_EQ(legacy_message({legacy("p", "EQ", {num("3")})}, t),
            "One or more parameter values were invalid: Condition parameter type does not match "
            "schema type");
  EXPECT_EQ(legacy_message({legacy("p", "EQ", {S("a")}), legacy("q", "EQ", {S("a")})},
                           table_with(std::nullopt)),
            "Query key condition not supported");
}

TEST(KeyConditionTest, StartKeyShapeIsCheckedInTheSameWalk) {
  const engine::TableInfo t = table_with(AttrType::N);
  Item full = item({{"p", S("part")}, {"c", num("3")}});
  EXPECT_EQ(resolve_message("p = :p", t, &full), "");
  Item partial = item({{"p", S("part")}});
  EXPECT_EQ(resolve_message("p = :p", t, &partial), "The provided starting key is invalid");
  Item extra = item({{"p", S("part")}, {"c", num("3")}, {"x", num("1")}});
  EXPECT_EQ(resolve_message("p = :p", t, &extra), "The provided starting key is invalid");
  Item wrong_attribute = item({{"p", S("part")}, {"x", num("3")}});
  EXPECT_EQ(resolve_message("p = :p", t, &wrong_attribute), "The provided starting key is invalid");
  Item wrong_type = item({{"p", S("part")}, {"c", S("3")}});
  EXPECT_EQ(resolve_message("p = :p", t, &wrong_type),
            "The provided key element does not match the schema");
  // DynamoDB walks the key attributes once, checking the start key and then the key
  // condition for each: a missing partition condition is found before the start key's
  // wrong second attribute.
  EXPECT_EQ(resolve_message("x = :p", t, &wrong_attribute),
            "Query condition missed key schema element: p");
}

std::string start_key_message(const std::string& text, const engine::TableInfo& table,
                              const Item& start_key) {
  ExpressionContext ctx = make_context();
  return validation_message([&] {
    const KeySchema schema = KeySchema::of(table);
    check_start_key(resolve_key_condition(terms_of(text, ctx), schema, &start_key), schema,
                    start_key);
  });
}

TEST(KeyConditionTest, StartKeyMustLieWithinTheCondition) {
  const engine::TableInfo t = table_with(AttrType::N);
  const Item inside = item({{"p", S("part")}, {"c", num("7")}});
  EXPECT_EQ(start_key_message("p = :p", t, inside), "");
  EXPECT_EQ(start_key_message("p = :p AND c BETWEEN :n AND :n2", t, inside), "");
  EXPECT_EQ(start_key_message("p = :p2", t, inside),
            "The provided starting key is outside query boundaries based on provided conditions");
  EXPECT_EQ(start_key_message("p = :p AND c > :n2", t, inside),
            "The provided starting key does not match the range key predicate");
  EXPECT_EQ(start_key_message("p = :p2 AND c > :n", t, inside),
            "The query can return at most one row and cannot be restarted");

  const engine::TableInfo hash_only = table_with(std::nullopt);
  EXPECT_EQ(start_key_message("p = :p", hash_only, item({{"p", S("part")}})),
            "The provided exclusive start key is invalid: ExclusiveStartKey: {p=AttributeValue: "
            "{S:part}}");
  EXPECT_EQ(start_key_message("p = :p", hash_only, item({{"p", S("elsewhere")}})),
            "The provided starting key is outside query boundaries based on provided conditions");
}

TEST(KeyConditionTest, FilterMayNotNameKeyAttributes) {
  const engine::TableInfo t = table_with(AttrType::N);
  auto message = [&](const std::string& text) {
    ExpressionContext ctx = make_context();
    const Condition filter = parse_condition(text, ExpressionKind::kFilter, ctx);
    return validation_message(
        [&] { check_filter_excludes_keys(filter, KeySchema::of(t), "Filter Expression"); });
  };
  EXPECT_EQ(message("a = :n AND b.c > :n2"), "");
  EXPECT_EQ(message("a = :n AND c > :n2"),
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: c");
  EXPECT_EQ(message("c = :n OR p = :p"),
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: p");
  EXPECT_EQ(message("size(p) > :n"),
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: p");
  EXPECT_EQ(message("NOT begins_with(p.x, :s)"),
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: p");
  EXPECT_EQ(message("a = c"),
            "Filter Expression can only contain non-primary key attributes: Primary key "
            "attribute: c");
}

TEST(KeyConditionTest, OnlyEqualityOnEveryKeyReadsAtMostOneItem) {
  const engine::TableInfo t = table_with(AttrType::N);
  const KeySchema schema = KeySchema::of(t);
  EXPECT_TRUE(reads_at_most_one_item(resolve("p = :p AND c = :n", t), schema));
  EXPECT_FALSE(reads_at_most_one_item(resolve("p = :p AND c >= :n", t), schema));
  EXPECT_FALSE(reads_at_most_one_item(resolve("p = :p", t), schema));
  const engine::TableInfo hash_only = table_with(std::nullopt);
  EXPECT_TRUE(reads_at_most_one_item(resolve("p = :p", hash_only), KeySchema::of(hash_only)));
}

TEST(KeyConditionTest, SortKeyMatchesInKeyOrder) {
  SortKeyCondition lt{SortKeyCondition::Op::kLt, num("-1"), {}};
  EXPECT_TRUE(lt.matches(num("-2")));
  EXPECT_FALSE(lt.matches(num("-1")));
  EXPECT_FALSE(lt.matches(num("0")));
  EXPECT_FALSE(lt.matches(S("-5")));  // another type never matches
  SortKeyCondition between{SortKeyCondition::Op::kBetween, B(std::string("\x01", 1)),
                           B(std::string("\xff", 1))};
  EXPECT_TRUE(between.matches(B(std::string("\x7f\x00", 2))));
  EXPECT_TRUE(between.matches(B(std::string("\xff", 1))));
  EXPECT_FALSE(between.matches(B(std::string("\xff\x00", 2))));
  EXPECT_FALSE(between.matches(B(std::string("\x00\xff", 2))));
  SortKeyCondition prefix{SortKeyCondition::Op::kBeginsWith, S("ab"), {}};
  EXPECT_TRUE(prefix.matches(S("ab")));
  EXPECT_TRUE(prefix.matches(S("abc")));
  EXPECT_FALSE(prefix.matches(S("a")));
}

// A readable rendering of a key value for failure messages.
std::string hex(const AttributeValue& v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(type_name(v.type));
  out += ':';
  for (unsigned char c : v.scalar) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// key_range against real storage: for every operator and operand, the items the range
// holds are exactly the partition's items whose sort key matches the condition.
class KeyRangeTest : public ::testing::Test {
 protected:
  KeyRangeTest() : reader_(store_) {}

  void fill(const engine::TableInfo& table, const std::vector<AttributeValue>& sort_keys) {
    for (const auto& partition : {S("part"), S("pars"), S("pa")}) {
      for (const auto& sk : sort_keys) {
        items_.put(table, item({{"p", partition}, {"c", sk}}), false);
      }
    }
  }

  void expect_exact(const engine::TableInfo& table, const std::vector<AttributeValue>& sort_keys,
                    const std::vector<AttributeValue>& operands) {
    using Op = SortKeyCondition::Op;
    for (Op op : {Op::kEq, Op::kLt, Op::kLe, Op::kGt, Op::kGe, Op::kBetween, Op::kBeginsWith}) {
      if (op == Op::kBeginsWith && table.range_key->type == AttrType::N) continue;
      for (const auto& value : operands) {
        for (const auto& upper : operands) {
          if (op != Op::kBetween && !(upper == operands.front())) continue;
          if (op == Op::kBetween && SortKeyCondition{Op::kLt, value, {}}.matches(upper)) {
            continue;  // BETWEEN needs lower <= upper
          }
          KeyCondition k{{S("part")}, {SortKeyCondition{op, value, upper}}};
          for (bool forward : {true, false}) {
            engine::ReadRequest read;
            read.range = key_range(KeySchema::of(table), k);
            read.forward = forward;
            std::vector<std::string> got;
            for (const auto& i : reader_.read(table, read, nullptr).items) {
              EXPECT_EQ(i.at("p"), S("part"));
              got.push_back(hex(i.at("c")));
            }
            std::vector<std::string> want;
            for (const auto& sk : sort_keys) {
              if (k.sort[0].matches(sk)) want.push_back(hex(sk));
            }
            if (!forward) std::reverse(want.begin(), want.end());
            EXPECT_EQ(got, want) << "op " << static_cast<int>(op) << " operand " << hex(value)
                                 << " upper " << hex(upper) << " forward " << forward;
          }
        }
      }
    }
  }

  testing_support::EngineParts parts_;
  storage::RocksDbStore& store_ = parts_.store;
  engine::ItemStore& items_ = parts_.items;
  engine::RangeReader reader_;
};

TEST_F(KeyRangeTest, NumberSortKeysIncludingNegatives) {
  engine::TableInfo t = table_with(AttrType::N);
  std::vector<AttributeValue> keys;  // in numeric order
  for (const char* n :
       {"-1e10", "-100", "-2.5", "-1", "-0.001", "0", "0.001", "1", "2.5", "10", "100", "1e10"}) {
    keys.push_back(num(n));
  }
  fill(t, keys);
  expect_exact(t, keys, {num("-2.5"), num("-3"), num("0"), num("1"), num("99"), num("1e11")});
}

TEST_F(KeyRangeTest, StringSortKeys) {
  engine::TableInfo t = table_with(AttrType::S);
  t.storage_id = 8;
  std::vector<AttributeValue> keys;  // in byte order
  for (const char* s : {"a", "ab", "abc", "abd", "ab\x7f", "b", "\xc3\xbf", "\xc3\xbf\xc3\xbf"}) {
    keys.push_back(S(s));
  }
  fill(t, keys);
  expect_exact(t, keys, {S("ab"), S("a"), S("abc"), S("c"), S("\xc3\xbf")});
}

TEST_F(KeyRangeTest, BinarySortKeysWithZeroAndFFBytes) {
  engine::TableInfo t = table_with(AttrType::B);
  t.storage_id = 9;
  std::vector<AttributeValue> keys;  // in unsigned byte order
  for (std::string b :
       {std::string("\x00", 1), std::string("\x00\x00", 2), std::string("\x00\xff", 2),
        std::string("\x01", 1), std::string("\x7f", 1), std::string("\x80", 1),
        std::string("\xfe\xff", 2), std::string("\xff", 1), std::string("\xff\x00", 2),
        std::string("\xff\xff", 2), std::string("\xff\xff\xff", 3)}) {
    keys.push_back(B(b));
  }
  fill(t, keys);
  expect_exact(t, keys,
               {B(std::string("\x00", 1)), B(std::string("\xff", 1)), B(std::string("\x7f", 1)),
                B(std::string("\xff\xff", 2)), B(std::string("\x00\xff", 2))});
}

TEST_F(KeyRangeTest, NoSortConditionReadsTheWholePartitionOnly) {
  engine::TableInfo t = table_with(AttrType::N);
  fill(t, {num("1"), num("2")});
  engine::ReadRequest read;
  read.range = key_range(KeySchema::of(t), KeyCondition{{S("pa")}, {}});
  auto page = reader_.read(t, read, nullptr);
  ASSERT_EQ(page.items.size(), 2u);
  for (const auto& i : page.items) EXPECT_EQ(i.at("p"), S("pa"));
}

}  // namespace
}  // namespace cairn::api
