// The condition parser's limits: expression size, operator count, nesting depth, IN
// operands, path depth and list indexes, each with DynamoDB's message.
#include <gtest/gtest.h>

#include <string>

#include "condition_test_support.h"
#include "expr/parser.h"

namespace cairn::expr {
namespace {

TEST(ConditionParser, ExpressionSizeLimitIs4096Bytes) {
  const std::string ok = "a" + std::string(4085, ' ') + " = :s" + std::string(5, ' ');
  ASSERT_EQ(ok.size(), 4096u);
  EXPECT_EQ(parse_message(ok), "");
  EXPECT_EQ(parse_message(ok + " "),
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: 4097");
  // Length is checked before syntax, so a huge garbage expression is cheap to refuse.
  EXPECT_EQ(parse_message(std::string(15000, '(')),
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: 15000");
  std::string deep = "a<b ";
  for (int i = 0; i < 20000; ++i) deep += "and (a<b ";
  deep += std::string(20000, ')');
  EXPECT_EQ(parse_message(deep),
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: 200004");
}

TEST(ConditionParser, AtMost300Operators) {
  std::string expr = "a<b";
  for (int i = 0; i < 149; ++i) expr += " or (a<b";  // 299 operators
  expr += std::string(149, ')');
  EXPECT_EQ(parse_message(expr), "");
  std::string flat = "a<b";
  for (int i = 0; i < 150; ++i) flat += " or a<b";  // 301
  EXPECT_EQ(parse_message(flat),
            "Invalid ConditionExpression: The expression contains too many operators; operator "
            "count: 301");
  std::string nots;
  for (int i = 0; i < 1000; ++i) nots += "not ";
  EXPECT_EQ(parse_message(nots + "a<b"),
            "Invalid ConditionExpression: The expression contains too many operators; operator "
            "count: 1001");
  EXPECT_EQ(parse_message("NOT a BETWEEN :n AND :n2 AND b IN (:s) OR c = :s"), "");
}

TEST(ConditionParser, DeepNestingWithinTheSizeLimitFailsCleanly) {
  const std::string parens = std::string(2046, '(') + "a<b" + std::string(2046, ')');
  EXPECT_EQ(parse_message(parens),
            "Invalid ConditionExpression: The expression has redundant parentheses;");
  std::string calls = "a < ";
  for (int i = 0; i < 1355; ++i) calls += "f(";
  calls += "b" + std::string(1355, ')');
  EXPECT_EQ(parse_message(calls),
            "Invalid ConditionExpression: Invalid function name; function: f");
  std::string sizes = "a < ";
  for (int i = 0; i < 680; ++i) sizes += "size(";
  sizes += "b" + std::string(680, ')');
  EXPECT_EQ(parse_message(sizes),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; "
            "operator or function: size, operand type: N");
  EXPECT_EQ(parse_message(std::string(4096, '(')),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\"");
  std::string ors = "a<b";
  for (int i = 0; i < 440; ++i) ors += " or(a<b";
  ors += std::string(440, ')');
  ASSERT_LE(ors.size(), 4096u);
  EXPECT_EQ(parse_message(ors),
            "Invalid ConditionExpression: The expression contains too many operators; operator "
            "count: 881");
  std::string unclosed = "a<b";
  for (int i = 0; i < 500; ++i) unclosed += " or(a<b";
  EXPECT_EQ(parse_message(unclosed),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"b\"");
  std::string inner_calls = "contains(";
  for (int i = 0; i < 450; ++i) inner_calls += "contains(";
  EXPECT_EQ(parse_message(inner_calls + "a"),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an "
            "expression; function: contains");
}

TEST(ConditionParser, LegitimateNestingParses) {
  std::string expr;
  for (int i = 0; i < 150; ++i) expr += "attribute_exists(a) and (";
  expr += "b = :s" + std::string(150, ')');
  EXPECT_EQ(parse_message(expr), "");
  ExpressionContext ctx = make_context();
  Condition c = parse_condition(expr, ExpressionKind::kCondition, ctx);
  for (int i = 0; i < 150; ++i) {
    ASSERT_EQ(c.kind, Condition::Kind::kAnd);
    Condition next = std::move(c.children[1]);
    c = std::move(next);
  }
  EXPECT_EQ(c.kind, Condition::Kind::kCompare);
}

TEST(ConditionParser, InTakesAtMost100Operands) {
  Item values;
  std::string list;
  for (int i = 0; i < 100; ++i) {
    const std::string key = ":v" + std::to_string(i);
    values.emplace(key, N(std::to_string(i)));
    if (i > 0) list += ",";
    list += key;
  }
  ExpressionContext ctx(std::nullopt, values);
  EXPECT_EQ(validation_message(
                [&] { parse_condition("a IN (" + list + ")", ExpressionKind::kCondition, ctx); }),
            "Invalid ConditionExpression: The IN operator is provided with too many operands; "
            "number of operands: 101");
  const std::string ninety_nine = list.substr(0, list.rfind(','));
  EXPECT_EQ(validation_message([&] {
              parse_condition("a IN (" + ninety_nine + ")", ExpressionKind::kCondition, ctx);
            }),
            "");
}

TEST(ConditionParser, PathsNestAtMost32Levels) {
  std::string path = "a";
  for (int i = 0; i < 31; ++i) path += ".b";
  EXPECT_EQ(parse_message("attribute_exists(" + path + ")"), "");
  EXPECT_EQ(parse_message("attribute_exists(" + path + "[0])"),
            "Invalid ConditionExpression: The document path has too many nesting levels; nesting "
            "levels: 33");
}

TEST(ConditionParser, ListIndexMustFitAnInt32) {
  EXPECT_EQ(parse_message("a[2147483648] = :s"),
            "Invalid ConditionExpression: List index is not within the allowable range; index: "
            "[2147483648]");
  EXPECT_EQ(parse_message("a[99999999999999] = :s"),
            "Invalid ConditionExpression: List index is not within the allowable range; index: "
            "[99999999999999]");
}

}  // namespace
}  // namespace cairn::expr
