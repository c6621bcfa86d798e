#include <gtest/gtest.h>

#include <string>

#include "condition_test_support.h"
#include "expr/parser.h"
#include "expr_test_util.h"

namespace cairn::expr {
namespace {

using namespace testing;  // NOLINT: the value shorthands

class ValidCondition : public ::testing::TestWithParam<const char*> {};

TEST_P(ValidCondition, Parses) {
  EXPECT_EQ(parse_message(GetParam()), "") << GetParam();
}

INSTANTIATE_TEST_SUITE_P(
    Examples, ValidCondition,
    ::testing::Values(
        "a = :s", "a <> :s", "a < :n", "a <= :n", "a > :n", "a >= :n", "a=:s", "a<>:s", "a<=:n",
        "  a   =   :s  ", "\ta\n=\r:s", "a BETWEEN :n AND :n2", "a between :n and :n2",
        "a BeTwEeN :n aNd :n2", "a BETWEEN :n AND :n", "a BETWEEN :s AND :s2",
        "a BETWEEN :b2 AND :b2", "a BETWEEN b AND c", "a BETWEEN :n2 AND b", "a IN (:s)",
        "a in (:s, :n, b)", "a IN (:l, :m, :ss, :bool, :null)", "a In(:s)", "attribute_exists(a)",
        "attribute_exists (a)", "attribute_exists ( a )", "attribute_not_exists(a.b[1].c)",
        "attribute_type(a, :t)", "attribute_type(:n, :t)", "attribute_type(#n, :t)",
        "begins_with(a, :s)", "begins_with(a, :b)", "begins_with(:s, a)", "begins_with(a, b)",
        "contains(a, :s)", "contains(a, :l)", "contains(a, :n)", "contains(a, :bool)",
        "contains(a, b)", "contains(:ss, a)", "size(a) = :n", "size(a) < :n", "size(a)<>:n",
        "size(:s) >= :n", "size(:l) >= :n", "size(:m) >= :n", "size(:ss) >= :n", "size(:b) >= :n",
        "size(#n) > :n", "size(a) BETWEEN :n AND :n2", "size(a) IN (:n, :n2)", ":n = size(a)",
        "size(a) = size(b)", "size(a) = :s", "size(a) = f", "a < b AND b < c", "a < b OR b < c",
        "a < b aNd b < c", "a < b oR b < c", "NOT a < b", "nOt a < b", "NOT NOT NOT NOT a < b",
        "NOT attribute_exists(a)", "NOT (a < b)", "(a < b)", "(a < b) AND (b < c)",
        "((a < b) AND b < c)", "(a < b OR b < a) AND (b < c AND (a < b OR b < c))", "(a) = :s",
        "a = (:s)", "(a) BETWEEN (:n) AND (:n2)", "(a) IN ((:s), :n)", "(size(a)) > :n", "#n = :s",
        "#n.#n = :s", "#a = :s", "#x = :s", "a.#n[3] = :s", "a.b.c[0][1].d = :s", "a[0] = :s",
        "a[2147483647] = :s", ":s = :s", ":s = :s2", "a = b", "a.b = a.c", "a[0] = a[1]",
        "Alpha_Numeric_123 = :s", "A123_ = :s", "a<b", "b BETWEEN a AND c AND a < b",
        "q between z and x", "attribute_exists(a) AND attribute_not_exists(b) OR contains(c, :s)",
        "a = :s OR NOT (b = :s AND c = :s)", "a = :l", "a = :m", "a <> :ss", "a = :null",
        "a = :bool", "a IN (b)", "begins_with(a, :s) AND contains(b, :s)", "sizes = :n"));

struct InvalidCase {
  const char* text;
  const char* message;  // without the "Invalid ConditionExpression: " prefix
};

void PrintTo(const InvalidCase& c, std::ostream* os) {
  *os << c.text;
}

class InvalidCondition : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidCondition, FailsWithDynamoDbsMessage) {
  EXPECT_EQ(parse_message(GetParam().text),
            std::string("Invalid ConditionExpression: ") + GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    SyntaxErrors, InvalidCondition,
    ::testing::Values(
        InvalidCase{"", "The expression can not be empty;"},
        InvalidCase{" ", "Syntax error; token: \"<EOF>\", near: \"\""},
        InvalidCase{"a", "Syntax error; token: \"<EOF>\", near: \"a\""},
        InvalidCase{"foo", "Syntax error; token: \"<EOF>\", near: \"foo\""},
        InvalidCase{":s", "Syntax error; token: \"<EOF>\", near: \":s\""},
        InvalidCase{"NOT a", "Syntax error; token: \"<EOF>\", near: \"a\""},
        InvalidCase{"a AND :s", "Syntax error; token: \"AND\", near: \"a AND :s\""},
        InvalidCase{"a OR NOT :s", "Syntax error; token: \"OR\", near: \"a OR NOT\""},
        InvalidCase{"a = :s OR NOT :s", "Syntax error; token: \"<EOF>\", near: \":s\""},
        InvalidCase{"a != :s", "Syntax error; token: \"!\", near: \"a !=\""},
        InvalidCase{"a == :s", "Syntax error; token: \"=\", near: \"== :s\""},
        InvalidCase{"a IN ()", "Syntax error; token: \")\", near: \"()\""},
        InvalidCase{"a IN :s", "Syntax error; token: \":s\", near: \"IN :s\""},
        InvalidCase{"a IN (:s,)", "Syntax error; token: \")\", near: \",)\""},
        InvalidCase{"a = ", "Syntax error; token: \"<EOF>\", near: \"= \""},
        InvalidCase{"a = :s AND", "Syntax error; token: \"<EOF>\", near: \"AND\""},
        InvalidCase{"(a = :s", "Syntax error; token: \"<EOF>\", near: \":s\""},
        InvalidCase{"a = :s)", "Syntax error; token: \")\", near: \":s)\""},
        InvalidCase{"(((", "Syntax error; token: \"<EOF>\", near: \"(\""},
        InvalidCase{"a BETWEEN :n :n2", "Syntax error; token: \":n2\", near: \":n :n2\""},
        InvalidCase{"a BETWEEN :n OR :n2", "Syntax error; token: \"OR\", near: \":n OR :n2\""},
        InvalidCase{"_a = :s", "Syntax error; token: \"_\", near: \"_a\""},
        InvalidCase{"1a = :s", "Syntax error; token: \"1\", near: \"1a\""},
        InvalidCase{"a.1 = :s", "Syntax error; token: \"1\", near: \".1 =\""},
        InvalidCase{"a..b = :s", "Syntax error; token: \".\", near: \"..b\""},
        InvalidCase{"a[-1] = :s", "Syntax error; token: \"-\", near: \"[-1\""},
        InvalidCase{"a[] = :s", "Syntax error; token: \"]\", near: \"[] =\""},
        InvalidCase{"a[:x] = :s", "Syntax error; token: \":x\", near: \"[:x]\""},
        InvalidCase{"a[#n] = :s", "Syntax error; token: \"#n\", near: \"[#n]\""},
        InvalidCase{"a[1.5] = :s", "Syntax error; token: \".\", near: \"1.5\""},
        InvalidCase{"and = :s", "Syntax error; token: \"and\", near: \"and =\""},
        InvalidCase{"a = between", "Syntax error; token: \"between\", near: \"= between\""},
        InvalidCase{"a.in = :s", "Syntax error; token: \"in\", near: \".in =\""},
        InvalidCase{"\xc3\xbc > a", "Syntax error; token: \"\xc3\xbc\", near: \"\xc3\xbc >\""},
        InvalidCase{"a = :s :s", "Syntax error; token: \":s\", near: \":s :s\""},
        InvalidCase{"# = :s", "Syntax error; token: \"#\", near: \"# =\""},
        InvalidCase{"a = :", "Syntax error; token: \":\", near: \"= :\""},
        InvalidCase{"#$.b > a", "Syntax error; token: \"#\", near: \"#$\""},
        InvalidCase{"a > :s.b", "Syntax error; token: \".\", near: \":s.b\""},
        InvalidCase{"size(a).b > :n", "Syntax error; token: \".\", near: \").b\""},
        InvalidCase{"size(a)[0] > :n", "Syntax error; token: \"[\", near: \")[0\""},
        InvalidCase{"f() = :s", "Syntax error; token: \")\", near: \"() =\""},
        InvalidCase{"a + :n = :n", "Syntax error; token: \"+\", near: \"a + :n\""},
        InvalidCase{"attribute_exists(a) attribute_exists(b)",
                    "Syntax error; token: \"attribute_exists\", near: \") attribute_exists(\""}));

INSTANTIATE_TEST_SUITE_P(
    SemanticErrors, InvalidCondition,
    ::testing::Values(
        InvalidCase{"size(a)",
                    "The function is not allowed to be used this way in an expression; function: "
                    "size"},
        InvalidCase{"attribute_exists(a) < :n",
                    "The function is not allowed to be used this way in an expression; function: "
                    "attribute_exists"},
        InvalidCase{"contains(attribute_type(a, :t), :s)",
                    "The function is not allowed to be used this way in an expression; function: "
                    "attribute_type"},
        InvalidCase{"if_not_exists(a, a) = :n",
                    "The function is not allowed to be used this way in an expression; function: "
                    "if_not_exists"},
        InvalidCase{"list_append(a, a) = :n",
                    "The function is not allowed to be used this way in an expression; function: "
                    "list_append"},
        InvalidCase{"list_append(a, :s)",
                    "The function is not allowed to be used this way in an expression; function: "
                    "list_append"},
        InvalidCase{"dog(a) = :n", "Invalid function name; function: dog"},
        InvalidCase{"dog(a)", "Invalid function name; function: dog"},
        InvalidCase{"a < f(f(f(b)))", "Invalid function name; function: f"},
        InvalidCase{"ATTRIBUTE_EXISTS(a)", "Invalid function name; function: ATTRIBUTE_EXISTS"},
        InvalidCase{"name = :s", "Attribute name is a reserved keyword; reserved keyword: name"},
        InvalidCase{"Name = :s", "Attribute name is a reserved keyword; reserved keyword: Name"},
        InvalidCase{"a.status = :s",
                    "Attribute name is a reserved keyword; reserved keyword: status"},
        InvalidCase{"size(size) > :n",
                    "Attribute name is a reserved keyword; reserved keyword: size"},
        InvalidCase{"#zz = :s",
                    "An expression attribute name used in the document path is not defined; "
                    "attribute name: #zz"},
        InvalidCase{"a.#zz = :s",
                    "An expression attribute name used in the document path is not defined; "
                    "attribute name: #zz"},
        InvalidCase{"a = :zz",
                    "An expression attribute value used in expression is not defined; attribute "
                    "value: :zz"},
        InvalidCase{"size(a, a) = :n",
                    "Incorrect number of operands for operator or function; operator or function: "
                    "size, number of operands: 2"},
        InvalidCase{"attribute_exists(a, b)",
                    "Incorrect number of operands for operator or function; operator or function: "
                    "attribute_exists, number of operands: 2"},
        InvalidCase{"begins_with(a)",
                    "Incorrect number of operands for operator or function; operator or function: "
                    "begins_with, number of operands: 1"},
        InvalidCase{"contains(a, b, c)",
                    "Incorrect number of operands for operator or function; operator or function: "
                    "contains, number of operands: 3"},
        InvalidCase{"contains(a, a)",
                    "The first operand must be distinct from the remaining operands for this "
                    "operator or function; operator: contains, first operand: [a]"},
        InvalidCase{"a = a",
                    "The first operand must be distinct from the remaining operands for this "
                    "operator or function; operator: =, first operand: [a]"},
        InvalidCase{"#n <> n",
                    "The first operand must be distinct from the remaining operands for this "
                    "operator or function; operator: <>, first operand: [n]"},
        InvalidCase{"a.b[1] < a.b[1]",
                    "The first operand must be distinct from the remaining operands for this "
                    "operator or function; operator: <, first operand: [a, b, [1]]"},
        InvalidCase{"attribute_exists(:s)",
                    "Operator or function requires a document path; operator or function: "
                    "attribute_exists"},
        InvalidCase{"attribute_not_exists(size(a))",
                    "Operator or function requires a document path; operator or function: "
                    "attribute_not_exists"},
        InvalidCase{"attribute_type(a, b)",
                    "Incorrect operand type for operator or function; operator or function: "
                    "attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}"},
        InvalidCase{"attribute_type(a, :n)",
                    "Incorrect operand type for operator or function; operator or function: "
                    "attribute_type, operand type: N"},
        InvalidCase{"attribute_type(a, :bad)",
                    "Invalid attribute type name found; type: DOG, valid types: "
                    "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}"},
        InvalidCase{"begins_with(a, :n)",
                    "Incorrect operand type for operator or function; operator or function: "
                    "begins_with, operand type: N"},
        InvalidCase{"begins_with(:l, a)",
                    "Incorrect operand type for operator or function; operator or function: "
                    "begins_with, operand type: L"},
        InvalidCase{"begins_with(size(a), :s)",
                    "Incorrect operand type for operator or function; operator or function: "
                    "begins_with, operand type: N"},
        InvalidCase{"size(:n) > :n",
                    "Incorrect operand type for operator or function; operator or function: size, "
                    "operand type: N"},
        InvalidCase{"size(size(a)) > :n",
                    "Incorrect operand type for operator or function; operator or function: size, "
                    "operand type: N"},
        InvalidCase{"size(:bool) > :n",
                    "Incorrect operand type for operator or function; operator or function: size, "
                    "operand type: BOOL"},
        InvalidCase{"size(:null) > :n",
                    "Incorrect operand type for operator or function; operator or function: size, "
                    "operand type: NULL"},
        InvalidCase{"a < :l",
                    "Incorrect operand type for operator or function; operator or function: <, "
                    "operand type: L"},
        InvalidCase{":m >= a",
                    "Incorrect operand type for operator or function; operator or function: >=, "
                    "operand type: M"},
        InvalidCase{"a > :bool",
                    "Incorrect operand type for operator or function; operator or function: >, "
                    "operand type: BOOL"},
        InvalidCase{"a <= :ss",
                    "Incorrect operand type for operator or function; operator or function: <=, "
                    "operand type: SS"},
        InvalidCase{"a BETWEEN :l AND :l",
                    "Incorrect operand type for operator or function; operator or function: "
                    "BETWEEN, operand type: L"},
        InvalidCase{":null BETWEEN a AND b",
                    "Incorrect operand type for operator or function; operator or function: "
                    "BETWEEN, operand type: NULL"},
        InvalidCase{"a BETWEEN :n2 AND :n",
                    "The BETWEEN operator requires upper bound to be greater than or equal to "
                    "lower bound; lower bound operand: AttributeValue: {N:2}, upper bound "
                    "operand: AttributeValue: {N:1}"},
        InvalidCase{"a BETWEEN :s2 AND :s",
                    "The BETWEEN operator requires upper bound to be greater than or equal to "
                    "lower bound; lower bound operand: AttributeValue: {S:world}, upper bound "
                    "operand: AttributeValue: {S:hello}"},
        InvalidCase{"a BETWEEN :b2 AND :b",
                    "The BETWEEN operator requires upper bound to be greater than or equal to "
                    "lower bound; lower bound operand: AttributeValue: {B:/wE=}, upper bound "
                    "operand: AttributeValue: {B:YWJj}"},
        InvalidCase{"a BETWEEN :n AND :s",
                    "The BETWEEN operator requires same data type for lower and upper bounds; "
                    "lower bound operand: AttributeValue: {N:1}, upper bound operand: "
                    "AttributeValue: {S:hello}"},
        InvalidCase{"((a < b))", "The expression has redundant parentheses;"},
        InvalidCase{"((a)) = :s", "The expression has redundant parentheses;"},
        InvalidCase{"NOT ((a < b))", "The expression has redundant parentheses;"},
        InvalidCase{"a < b AND ((b < c))", "The expression has redundant parentheses;"},
        InvalidCase{"(((a < b) AND b < c))", "The expression has redundant parentheses;"}));

// When an expression has several problems, DynamoDB reports one by class, not position.
INSTANTIATE_TEST_SUITE_P(
    ErrorPrecedence, InvalidCondition,
    ::testing::Values(
        InvalidCase{"a = :zz AND name = :s",
                    "Attribute name is a reserved keyword; reserved keyword: name"},
        InvalidCase{"#zz = :s AND name = :s",
                    "Attribute name is a reserved keyword; reserved keyword: name"},
        InvalidCase{"name = :s AND dog(a) = :s", "Invalid function name; function: dog"},
        InvalidCase{"dog(a) = :s AND ((b < c))", "The expression has redundant parentheses;"},
        InvalidCase{"size(a) AND dog(b) = :n", "Invalid function name; function: dog"},
        InvalidCase{"name = :s AND size(a)",
                    "The function is not allowed to be used this way in an expression; function: "
                    "size"},
        InvalidCase{"#zz = :yy",
                    "An expression attribute name used in the document path is not defined; "
                    "attribute name: #zz"},
        InvalidCase{":yy = #zz",
                    "An expression attribute value used in expression is not defined; attribute "
                    "value: :yy"},
        InvalidCase{"contains(a, a) AND size(a, b) = :n",
                    "Incorrect number of operands for operator or function; operator or function: "
                    "size, number of operands: 2"},
        InvalidCase{"a < :l AND contains(a, a)",
                    "The first operand must be distinct from the remaining operands for this "
                    "operator or function; operator: contains, first operand: [a]"},
        InvalidCase{"a < :l AND b = :zz",
                    "An expression attribute value used in expression is not defined; attribute "
                    "value: :zz"},
        InvalidCase{"name = :s AND a < b c", "Syntax error; token: \"c\", near: \"b c\""}));

TEST(ConditionParser, KindNamesTheParameterInMessages) {
  EXPECT_EQ(parse_message("", ExpressionKind::kFilter),
            "Invalid FilterExpression: The expression can not be empty;");
  EXPECT_EQ(parse_message("a", ExpressionKind::kKeyCondition),
            "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\"");
  EXPECT_EQ(parse_message("begins_with(s, :n)", ExpressionKind::kFilter),
            "Invalid FilterExpression: Incorrect operand type for operator or function; operator "
            "or function: begins_with, operand type: N");
}

TEST(ConditionParser, ValuesWithoutExpressionAttributeValuesAreUndefined) {
  ExpressionContext ctx;
  EXPECT_EQ(validation_message([&] { parse_condition("a = :v", ExpressionKind::kCondition, ctx); }),
            "Invalid ConditionExpression: An expression attribute value used in expression is "
            "not defined; attribute value: :v");
  EXPECT_EQ(validation_message([&] { parse_condition("#n = a", ExpressionKind::kCondition, ctx); }),
            "Invalid ConditionExpression: An expression attribute name used in the document path "
            "is not defined; attribute name: #n");
}

TEST(ConditionParser, PrecedenceIsNotThenAndThenOr) {
  ExpressionContext ctx = make_context();
  Condition c = parse_condition("a < b OR c < d AND e < f", ExpressionKind::kCondition, ctx);
  ASSERT_EQ(c.kind, Condition::Kind::kOr);
  ASSERT_EQ(c.children.size(), 2u);
  EXPECT_EQ(c.children[0].kind, Condition::Kind::kCompare);
  EXPECT_EQ(c.children[1].kind, Condition::Kind::kAnd);

  c = parse_condition("NOT a < b AND c < d", ExpressionKind::kCondition, ctx);
  ASSERT_EQ(c.kind, Condition::Kind::kAnd);
  EXPECT_EQ(c.children[0].kind, Condition::Kind::kNot);
  EXPECT_EQ(c.children[0].children[0].kind, Condition::Kind::kCompare);

  c = parse_condition("a < b AND c < d AND e < f", ExpressionKind::kCondition, ctx);
  ASSERT_EQ(c.kind, Condition::Kind::kAnd);
  EXPECT_EQ(c.children.size(), 3u);

  c = parse_condition("b BETWEEN a AND c AND a < b", ExpressionKind::kCondition, ctx);
  ASSERT_EQ(c.kind, Condition::Kind::kAnd);
  EXPECT_EQ(c.children[0].kind, Condition::Kind::kBetween);
  EXPECT_EQ(c.children[1].kind, Condition::Kind::kCompare);

  c = parse_condition("(a < b OR c < d) AND e < f", ExpressionKind::kCondition, ctx);
  ASSERT_EQ(c.kind, Condition::Kind::kAnd);
  EXPECT_EQ(c.children[0].kind, Condition::Kind::kOr);
}

TEST(ConditionParser, BuildsTypedOperands) {
  ExpressionContext ctx = make_context();
  Condition c = parse_condition("#n.b[2].#x >= :n", ExpressionKind::kCondition, ctx);
  ASSERT_EQ(c.kind, Condition::Kind::kCompare);
  EXPECT_EQ(c.op, Comparator::kGe);
  EXPECT_EQ(c.operands[0].path, Path::attribute("n").field("b").index(2).field("x.y"));
  EXPECT_EQ(c.operands[0].path.to_string(), "[n, b, [2], x.y]");
  ASSERT_EQ(c.operands[1].kind, Operand::Kind::kValue);
  EXPECT_EQ(*c.operands[1].value, N("1"));
  EXPECT_EQ(c.operands[1].placeholder, ":n");

  c = parse_condition("size(a) IN (:n, b)", ExpressionKind::kCondition, ctx);
  ASSERT_EQ(c.kind, Condition::Kind::kIn);
  ASSERT_EQ(c.operands.size(), 3u);
  EXPECT_EQ(c.operands[0].kind, Operand::Kind::kSize);
  EXPECT_EQ(c.operands[2].kind, Operand::Kind::kPath);

  c = parse_condition("attribute_type(a, :t)", ExpressionKind::kCondition, ctx);
  EXPECT_EQ(c.kind, Condition::Kind::kAttributeType);
  c = parse_condition("NOT NOT contains(a, :s)", ExpressionKind::kCondition, ctx);
  ASSERT_EQ(c.kind, Condition::Kind::kNot);
  EXPECT_EQ(c.children[0].kind, Condition::Kind::kNot);
  EXPECT_EQ(c.children[0].children[0].kind, Condition::Kind::kContains);
}

}  // namespace
}  // namespace cairn::expr
