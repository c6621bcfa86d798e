#include <gtest/gtest.h>

#include <string>

#include "expr/parser.h"
#include "expr_test_util.h"

namespace cairn::expr {
namespace {

using namespace testing;  // NOLINT: the value shorthands

ExpressionContext make_context() {
  NameMap names = {{"#n", "n"},   {"#a1", "a"},       {"#a2", "a"},
                   {"#x", "x.y"}, {"#123", "digits"}, {"#_", "underscore"}};
  Item values = item({{":s", S("hello")},
                      {":n", N("1")},
                      {":n2", N("2")},
                      {":b", B("abc")},
                      {":l", L({N("1")})},
                      {":m", M({{"k", S("v")}})},
                      {":ss", SS({"x"})},
                      {":ns", NS({"1"})},
                      {":bs", BS({"z"})},
                      {":bool", Bool(true)},
                      {":null", Null()},
                      {":123", N("123")},
                      {":_", N("7")}});
  return ExpressionContext(std::move(names), std::move(values));
}

std::string parse_message(const std::string& text) {
  ExpressionContext ctx = make_context();
  return validation_message([&] { parse_update(text, ctx); });
}

class ValidUpdate : public ::testing::TestWithParam<const char*> {};

TEST_P(ValidUpdate, Parses) {
  EXPECT_EQ(parse_message(GetParam()), "") << GetParam();
}

INSTANTIATE_TEST_SUITE_P(
    Examples, ValidUpdate,
    ::testing::Values(
        "SET a = :n", "set a = :n", "sEt a=:n", "  SET   a=:n  ", "SET a = :n, b = :s", "SET a = b",
        "SET a = a", "SET a = a + :n", "SET a = :n - a", "SET a = b + a", "SET a = :n+:n2",
        "SET a = (:n + :n2)", "SET a = (:n) + (:n2)", "SET a = (:n)", "SET a = ((:n))",
        "SET a = list_append(:l, :l)", "SET a = list_append(a, :l)",
        "SET a = list_append( a , :l )", "SET a = if_not_exists(a, :n)",
        "SET a = if_not_exists(a, :n) + :n2", "SET a = if_not_exists(b, if_not_exists(c, :n))",
        "SET a = list_append(if_not_exists(a, :l), :l)", "SET a = if_not_exists(a, b)",
        "SET a = list_append(a, b)", "REMOVE a", "remove a", "REMOVE a, b.c, d[1]",
        "REMOVE a[1], a[3]", "ADD a :n", "ADD a :ss, b :n", "ADD a :ns", "ADD a :bs",
        "add a.b[2] :ss", "DELETE a :ss", "DELETE a :ns, b :bs", "delete a :ss",
        "SET a = :n REMOVE b ADD c :n DELETE d :ss", "DELETE d :ss ADD c :n REMOVE b SET a = :n",
        "REMOVE a SET b = a", "SET c = b REMOVE b", "SET a[1] = :n, a[2] = :n",
        "SET a[1] = :n, a[2].b = :n", "SET a.b = :n, a.c = :n", "SET a.b.d = :n, a.b.e = :n",
        "SET a.b = :n, a.c[2] = :n", "SET #n = :n", "SET #x = :n", "SET a.#n[0] = :n",
        "SET #123 = :n", "SET #_ = :n", "SET a = :123", "SET a = :_", "SET Alpha_Numeric_123 = :n",
        "SET A123_ = :n", "SET alnum = :n",
        "SET a = :m, b = :l, c = :null, d = :bool, e = :b, f = :ss", "SET a.c[1].#n.y[1] = :n",
        "SET a.z = a.c[1].#n.y[1]", "REMOVE a[1] SET a[3] = :n", "SET a[7] = :n",
        "SET a[2147483647] = :n"));

struct InvalidCase {
  const char* text;
  const char* message;  // without the "Invalid UpdateExpression: " prefix
};

void PrintTo(const InvalidCase& c, std::ostream* os) {
  *os << c.text;
}

class InvalidUpdate : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidUpdate, FailsWithDynamoDbsMessage) {
  EXPECT_EQ(parse_message(GetParam().text),
            std::string("Invalid UpdateExpression: ") + GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    SyntaxErrors, InvalidUpdate,
    ::testing::Values(
        InvalidCase{"", "The expression can not be empty;"},
        InvalidCase{"   ", "Syntax error; token: \"<EOF>\", near: \"\""},
        InvalidCase{"SET", "Syntax error; token: \"<EOF>\", near: \"SET\""},
        InvalidCase{"SET a", "Syntax error; token: \"<EOF>\", near: \"a\""},
        InvalidCase{"SET a = ", "Syntax error; token: \"<EOF>\", near: \"= \""},
        InvalidCase{"SET a = :n,", "Syntax error; token: \"<EOF>\", near: \",\""},
        InvalidCase{"SET _123 = :n", "Syntax error; token: \"_\", near: \"SET _123\""},
        InvalidCase{"SET _abc = :n", "Syntax error; token: \"_\", near: \"SET _abc\""},
        InvalidCase{"SET 123a = :n", "Syntax error; token: \"123\", near: \"SET 123a\""},
        InvalidCase{"SET 123 = :n", "Syntax error; token: \"123\", near: \"SET 123 =\""},
        InvalidCase{"SET hi-there = :n", "Syntax error; token: \"-\", near: \"hi-there\""},
        InvalidCase{"SET hi$there = :n", "Syntax error; token: \"$\", near: \"hi$there\""},
        InvalidCase{"SET \"hithere\" = :n", "Syntax error; token: \"\"\", near: \"SET \"hithere\""},
        InvalidCase{"SET !hithere = :n", "Syntax error; token: \"!\", near: \"SET !hithere\""},
        InvalidCase{"SET #hi-there = :n", "Syntax error; token: \"-\", near: \"#hi-there\""},
        InvalidCase{"SET #!hi = :n", "Syntax error; token: \"#\", near: \"SET #!\""},
        InvalidCase{"SET # = :n", "Syntax error; token: \"#\", near: \"SET # =\""},
        InvalidCase{"SET a = :", "Syntax error; token: \":\", near: \"= :\""},
        InvalidCase{"SET a = :hi!there", "Syntax error; token: \"!\", near: \":hi!there\""},
        InvalidCase{"SET :a = :n", "Syntax error; token: \":a\", near: \"SET :a =\""},
        InvalidCase{"HELLO b = :n", "Syntax error; token: \"HELLO\", near: \"HELLO b\""},
        InvalidCase{"SET a = :n + :n + :n", "Syntax error; token: \"+\", near: \":n + :n\""},
        InvalidCase{"SET a = :n b = :n", "Syntax error; token: \"b\", near: \":n b =\""},
        InvalidCase{"SET c = if_not_exists(c, :n+:n2)",
                    "Syntax error; token: \"+\", near: \":n+:n2\""},
        InvalidCase{"SET b = if_not_exists(non@sense, :n)",
                    "Syntax error; token: \"@\", near: \"non@sense\""},
        InvalidCase{"SET a = _f(b,c,d)", "Syntax error; token: \"_\", near: \"= _f\""},
        InvalidCase{"SET a[:x] = :n", "Syntax error; token: \":x\", near: \"[:x]\""},
        InvalidCase{"SET a[#n] = :n", "Syntax error; token: \"#n\", near: \"[#n]\""},
        InvalidCase{"SET a = (((:n)))", "Syntax error; token: \"(\", near: \"((:n\""},
        InvalidCase{"SET set = :n", "Syntax error; token: \"set\", near: \"SET set =\""},
        InvalidCase{"REMOVE a.remove", "Syntax error; token: \"remove\", near: \".remove\""},
        InvalidCase{"REMOVE", "Syntax error; token: \"<EOF>\", near: \"REMOVE\""},
        InvalidCase{"REMOVE a = :n", "Syntax error; token: \"=\", near: \"a = :n\""},
        InvalidCase{"ADD a b", "Syntax error; token: \"b\", near: \"a b\""},
        InvalidCase{"ADD a", "Syntax error; token: \"<EOF>\", near: \"a\""},
        InvalidCase{"DELETE a", "Syntax error; token: \"<EOF>\", near: \"a\""},
        InvalidCase{"DELETE a :ss :ss", "Syntax error; token: \":ss\", near: \":ss :ss\""},
        InvalidCase{"SET a = :n,, b = :n", "Syntax error; token: \",\", near: \",, b\""},
        InvalidCase{"SET a = :n AND b = :n", "Syntax error; token: \"AND\", near: \":n AND b\""}));

INSTANTIATE_TEST_SUITE_P(
    SemanticErrors, InvalidUpdate,
    ::testing::Values(
        InvalidCase{"SET a = LIST_APPEND(:l, :l)", "Invalid function name; function: LIST_APPEND"},
        InvalidCase{"SET a = f(b,c,d)", "Invalid function name; function: f"},
        InvalidCase{"SET a = f123_hi(b)", "Invalid function name; function: f123_hi"},
        InvalidCase{"SET a = size(b)",
                    "The function is not allowed to be used this way in an expression; function: "
                    "size"},
        InvalidCase{"SET a = attribute_exists(b)",
                    "The function is not allowed to be used this way in an expression; function: "
                    "attribute_exists"},
        InvalidCase{"SET a = list_append(list_append(:l, :l), :l)",
                    "The function is not allowed to be used this way in an expression; function: "
                    "list_append"},
        InvalidCase{"SET a = if_not_exists(a, list_append(:l, :l))",
                    "The function is not allowed to be used this way in an expression; function: "
                    "list_append"},
        InvalidCase{"SET a = :n SET b = :n",
                    "The \"SET\" section can only be used once in an update expression;"},
        InvalidCase{"SET a = :n REMOVE b SET c = :n",
                    "The \"SET\" section can only be used once in an update expression;"},
        InvalidCase{"REMOVE a remove b",
                    "The \"REMOVE\" section can only be used once in an update expression;"},
        InvalidCase{"ADD a :n ADD b :n",
                    "The \"ADD\" section can only be used once in an update expression;"},
        InvalidCase{"DELETE a :ss DELETE b :ss",
                    "The \"DELETE\" section can only be used once in an update expression;"},
        InvalidCase{"SET name = :n",
                    "Attribute name is a reserved keyword; reserved keyword: name"},
        InvalidCase{"SET a = name", "Attribute name is a reserved keyword; reserved keyword: name"},
        InvalidCase{"SET and = :n", "Attribute name is a reserved keyword; reserved keyword: and"},
        InvalidCase{"REMOVE a.Comment",
                    "Attribute name is a reserved keyword; reserved keyword: Comment"},
        InvalidCase{"SET #zz = :n",
                    "An expression attribute name used in the document path is not defined; "
                    "attribute name: #zz"},
        InvalidCase{"SET a = :zz",
                    "An expression attribute value used in expression is not defined; attribute "
                    "value: :zz"},
        InvalidCase{"ADD a :zz",
                    "An expression attribute value used in expression is not defined; attribute "
                    "value: :zz"},
        InvalidCase{"SET a = if_not_exists(:zz, :n)",
                    "An expression attribute value used in expression is not defined; attribute "
                    "value: :zz"},
        InvalidCase{"SET a = :n REMOVE a",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a], path two: [a]"},
        InvalidCase{"REMOVE a SET a = :n",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a], path two: [a]"},
        InvalidCase{"SET a = :n, a = :n2",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a], path two: [a]"},
        InvalidCase{"SET #a1 = :n, #a2 = :n2",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a], path two: [a]"},
        InvalidCase{"SET a = :n, a.b = :n",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a], path two: [a, b]"},
        InvalidCase{"SET a.b = :n, a = :n",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a, b], path two: [a]"},
        InvalidCase{"SET a.b.c.d.e = :n, a.b = :n",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a, b, c, d, e], path two: [a, b]"},
        InvalidCase{"SET a[1][1] = :n, a[1] = :n",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a, [1], [1]], path two: [a, [1]]"},
        InvalidCase{"ADD a :n DELETE a :ss",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a], path two: [a]"},
        InvalidCase{"SET a.b = :n, a[1] = :n",
                    "Two document paths conflict with each other; must remove or rewrite one of "
                    "these paths; path one: [a, b], path two: [a, [1]]"},
        InvalidCase{"SET a.b.c = :n, a.b[2] = :n",
                    "Two document paths conflict with each other; must remove or rewrite one of "
                    "these paths; path one: [a, b, c], path two: [a, b, [2]]"},
        InvalidCase{"SET a = :n + :s",
                    "Incorrect operand type for operator or function; operator or function: +, "
                    "operand type: S"},
        InvalidCase{"SET a = :l - :n",
                    "Incorrect operand type for operator or function; operator or function: -, "
                    "operand type: L"},
        InvalidCase{"SET a = list_append(:l)",
                    "Incorrect number of operands for operator or function; operator or function: "
                    "list_append, number of operands: 1"},
        InvalidCase{"SET a = list_append(:l, :l, :l)",
                    "Incorrect number of operands for operator or function; operator or function: "
                    "list_append, number of operands: 3"},
        InvalidCase{"SET a = if_not_exists(a)",
                    "Incorrect number of operands for operator or function; operator or function: "
                    "if_not_exists, number of operands: 1"},
        InvalidCase{"SET a = list_append(:l, :s)",
                    "Incorrect operand type for operator or function; operator or function: "
                    "list_append, operand type: S"},
        InvalidCase{"SET a = list_append(:m, a)",
                    "Incorrect operand type for operator or function; operator or function: "
                    "list_append, operand type: M"},
        InvalidCase{"SET a = if_not_exists(:n, :n)",
                    "Operator or function requires a document path; operator or function: "
                    "if_not_exists"},
        InvalidCase{"SET b = if_not_exists(if_not_exists(a, :n), :n)",
                    "Operator or function requires a document path; operator or function: "
                    "if_not_exists"},
        InvalidCase{"ADD a :s",
                    "Incorrect operand type for operator or function; operator: ADD, operand type: "
                    "STRING"},
        InvalidCase{"ADD a :l",
                    "Incorrect operand type for operator or function; operator: ADD, operand type: "
                    "LIST"},
        InvalidCase{"ADD a :m",
                    "Incorrect operand type for operator or function; operator: ADD, operand type: "
                    "MAP"},
        InvalidCase{"ADD a :b",
                    "Incorrect operand type for operator or function; operator: ADD, operand type: "
                    "BINARY"},
        InvalidCase{"ADD a :bool",
                    "Incorrect operand type for operator or function; operator: ADD, operand type: "
                    "BOOLEAN"},
        InvalidCase{"ADD a :null",
                    "Incorrect operand type for operator or function; operator: ADD, operand type: "
                    "NULL"},
        InvalidCase{"DELETE a :n",
                    "Incorrect operand type for operator or function; operator: DELETE, operand "
                    "type: NUMBER"},
        InvalidCase{"DELETE a :s",
                    "Incorrect operand type for operator or function; operator: DELETE, operand "
                    "type: STRING"},
        InvalidCase{"DELETE a :l",
                    "Incorrect operand type for operator or function; operator: DELETE, operand "
                    "type: LIST"}));

INSTANTIATE_TEST_SUITE_P(
    ErrorPrecedence, InvalidUpdate,
    ::testing::Values(
        InvalidCase{"SET a = f(b) REMOVE name",
                    "Attribute name is a reserved keyword; reserved keyword: name"},
        InvalidCase{"SET a = :n SET b = f(c)", "Invalid function name; function: f"},
        InvalidCase{"SET a = :zz, #zz = :n",
                    "An expression attribute name used in the document path is not defined; "
                    "attribute name: #zz"},
        InvalidCase{"SET a = :n, a = :zz",
                    "An expression attribute value used in expression is not defined; attribute "
                    "value: :zz"},
        InvalidCase{"SET a = :n SET b = :zz",
                    "The \"SET\" section can only be used once in an update expression;"},
        InvalidCase{"SET a.b = :n, a[1] = :n, c = :n, c = :n",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [c], path two: [c]"},
        InvalidCase{"ADD a :s, a :n",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a], path two: [a]"},
        InvalidCase{"SET a = :n + :s ADD b :s",
                    "Incorrect operand type for operator or function; operator: ADD, operand type: "
                    "STRING"},
        InvalidCase{"SET a = :n REMOVE b c", "Syntax error; token: \"c\", near: \"b c\""}));

TEST(UpdateParser, ExpressionSizeLimitIs4096Bytes) {
  const std::string ok = "SET" + std::string(4087, ' ') + "a = :n";
  ASSERT_EQ(ok.size(), 4096u);
  EXPECT_EQ(parse_message(ok), "");
  EXPECT_EQ(parse_message(ok + " "),
            "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: 4097");
}

TEST(UpdateParser, AtMost300Operators) {
  std::string expr = "SET ";
  for (int i = 0; i < 301; ++i) {
    if (i > 0) expr += ",";
    expr += "a" + std::to_string(i) + "=:n+:n";
  }
  ASSERT_LE(expr.size(), 4096u);
  EXPECT_EQ(parse_message(expr),
            "Invalid UpdateExpression: The expression contains too many operators; operator "
            "count: 301");
  EXPECT_EQ(parse_message(expr.substr(0, expr.rfind(','))), "");
}

TEST(UpdateParser, DeepFunctionNestingFailsCleanly) {
  std::string calls = "SET a = ";
  for (int i = 0; i < 1300; ++i) calls += "f(";
  calls += ":n" + std::string(1300, ')');
  ASSERT_LE(calls.size(), 4096u);
  EXPECT_EQ(parse_message(calls), "Invalid UpdateExpression: Invalid function name; function: f");
  std::string appends = "SET a = ";
  for (int i = 0; i < 300; ++i) appends += "list_append(";
  EXPECT_EQ(parse_message(appends + ":l" + std::string(300, ')')),
            "Invalid UpdateExpression: The function is not allowed to be used this way in an "
            "expression; function: list_append");
  std::string fallbacks = "SET a = ";
  for (int i = 0; i < 200; ++i) fallbacks += "if_not_exists(a, ";
  fallbacks += ":n" + std::string(200, ')');
  EXPECT_EQ(parse_message(fallbacks), "");
}

TEST(UpdateParser, PathsNestAtMost32Levels) {
  std::string path = "a";
  for (int i = 0; i < 31; ++i) path += "[0]";
  EXPECT_EQ(parse_message("REMOVE " + path), "");
  EXPECT_EQ(parse_message("REMOVE " + path + ".b"),
            "Invalid UpdateExpression: The document path has too many nesting levels; nesting "
            "levels: 33");
  EXPECT_EQ(parse_message("SET a[4294967296] = :n"),
            "Invalid UpdateExpression: List index is not within the allowable range; index: "
            "[4294967296]");
}

TEST(UpdateParser, BuildsActionsInWrittenOrder) {
  ExpressionContext ctx = make_context();
  UpdateExpression u =
      parse_update("SET a = :n, b = c + :n REMOVE d[2] ADD e.f :n DELETE #n :ss, a2 :ss", ctx);
  ASSERT_EQ(u.actions.size(), 6u);
  EXPECT_EQ(u.actions[0].kind, UpdateAction::Kind::kSet);
  EXPECT_EQ(u.actions[0].value.kind, Operand::Kind::kValue);
  EXPECT_EQ(*u.actions[0].value.value, N("1"));
  EXPECT_EQ(u.actions[1].value.kind, Operand::Kind::kPlus);
  EXPECT_EQ(u.actions[1].value.args[0].path, Path::attribute("c"));
  EXPECT_EQ(u.actions[2].kind, UpdateAction::Kind::kRemove);
  EXPECT_EQ(u.actions[2].path, Path::attribute("d").index(2));
  EXPECT_EQ(u.actions[3].kind, UpdateAction::Kind::kAdd);
  EXPECT_EQ(u.actions[3].path, Path::attribute("e").field("f"));
  EXPECT_EQ(u.actions[4].kind, UpdateAction::Kind::kDelete);
  EXPECT_EQ(u.actions[4].path, Path::attribute("n"));
  EXPECT_EQ(*u.actions[4].value.value, SS({"x"}));
  EXPECT_EQ(u.modified_attributes(), (std::vector<std::string>{"a", "b", "d", "e", "n", "a2"}));
  EXPECT_EQ(u.target_paths().size(), 6u);
  EXPECT_EQ(u.target_paths()[3].to_string(), "[e, f]");
}

TEST(UpdateParser, FunctionsNest) {
  ExpressionContext ctx = make_context();
  UpdateExpression u =
      parse_update("SET a = list_append(if_not_exists(a, :l), :l), b = (:n) - b", ctx);
  const Operand& append = u.actions[0].value;
  ASSERT_EQ(append.kind, Operand::Kind::kListAppend);
  EXPECT_EQ(append.args[0].kind, Operand::Kind::kIfNotExists);
  EXPECT_EQ(append.args[0].args[0].path, Path::attribute("a"));
  EXPECT_EQ(u.actions[1].value.kind, Operand::Kind::kMinus);
}

}  // namespace
}  // namespace cairn::expr
