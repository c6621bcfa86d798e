#include <gtest/gtest.h>

#include <string>

#include "expr/parser.h"
#include "expr_test_util.h"

namespace cairn::expr {
namespace {

using namespace testing;  // NOLINT: the value shorthands

std::string parse_message(const std::string& text) {
  ExpressionContext ctx(NameMap{{"#n", "a"}, {"#dot", "a.b"}}, std::nullopt);
  return validation_message([&] { parse_projection(text, ctx); });
}

class ValidProjection : public ::testing::TestWithParam<const char*> {};

TEST_P(ValidProjection, Parses) {
  EXPECT_EQ(parse_message(GetParam()), "") << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Examples, ValidProjection,
                         ::testing::Values("a", "a,b", " a  ,   b  ", "#n", "#dot", "#n.b", "a.#n",
                                           "#n.#n", "a.b[0]", "a.b[0],a.b[1]", "a.b[0],a.c",
                                           "a.c,b", "a.x, a.b[0], x, a.b[3].x", "a, b", "a.b, a.c",
                                           "a.b.d, a.b.e", "a[1], a[2]", "a.b, a.c[2]",
                                           "a.b, a.c[1]", "a[999]", "#dot, a", "a[2147483647]",
                                           "p, c, another, nonexistent"));

struct InvalidCase {
  const char* text;
  const char* message;  // without the "Invalid ProjectionExpression: " prefix
};

void PrintTo(const InvalidCase& c, std::ostream* os) {
  *os << c.text;
}

class InvalidProjection : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidProjection, FailsWithDynamoDbsMessage) {
  EXPECT_EQ(parse_message(GetParam().text),
            std::string("Invalid ProjectionExpression: ") + GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, InvalidProjection,
    ::testing::Values(
        InvalidCase{"", "The expression can not be empty;"},
        InvalidCase{"a,", "Syntax error; token: \"<EOF>\", near: \",\""},
        InvalidCase{",a", "Syntax error; token: \",\", near: \",a\""},
        InvalidCase{"a,,b", "Syntax error; token: \",\", near: \",,b\""},
        InvalidCase{"a b", "Syntax error; token: \"b\", near: \"a b\""},
        InvalidCase{"!!!", "Syntax error; token: \"!\", near: \"!!\""},
        InvalidCase{"a[-1]", "Syntax error; token: \"-\", near: \"[-1\""},
        InvalidCase{"a[]", "Syntax error; token: \"]\", near: \"[]\""},
        InvalidCase{"l[a]", "Syntax error; token: \"a\", near: \"[a]\""},
        InvalidCase{"a = b", "Syntax error; token: \"=\", near: \"a = b\""},
        InvalidCase{":v", "Syntax error; token: \":v\", near: \":v\""},
        InvalidCase{"a[99999999999999]",
                    "List index is not within the allowable range; index: [99999999999999]"},
        InvalidCase{"name", "Attribute name is a reserved keyword; reserved keyword: name"},
        InvalidCase{"#zz",
                    "An expression attribute name used in the document path is not defined; "
                    "attribute name: #zz"},
        InvalidCase{"a, a",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a], path two: [a]"},
        InvalidCase{"a, #n",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a], path two: [a]"},
        InvalidCase{"a.b, a.b",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a, b], path two: [a, b]"},
        InvalidCase{"a[1], a[1]",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a, [1]], path two: [a, [1]]"},
        InvalidCase{"a, a.b",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a], path two: [a, b]"},
        InvalidCase{"a.b, a",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a, b], path two: [a]"},
        InvalidCase{"a.b, a.b[2]",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a, b], path two: [a, b, [2]]"},
        InvalidCase{"a, a.b[2].c",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a], path two: [a, b, [2], c]"},
        InvalidCase{"a.b.d.e, a.b",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a, b, d, e], path two: [a, b]"},
        InvalidCase{"a.b[0],a.b[0]",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [a, b, [0]], path two: [a, b, [0]]"},
        InvalidCase{"a.b, a[1]",
                    "Two document paths conflict with each other; must remove or rewrite one of "
                    "these paths; path one: [a, b], path two: [a, [1]]"},
        InvalidCase{"a[1], a.b",
                    "Two document paths conflict with each other; must remove or rewrite one of "
                    "these paths; path one: [a, [1]], path two: [a, b]"},
        InvalidCase{"a.b[1], a.b.c",
                    "Two document paths conflict with each other; must remove or rewrite one of "
                    "these paths; path one: [a, b, [1]], path two: [a, b, c]"},
        InvalidCase{"a.b.c, a.b[1]",
                    "Two document paths conflict with each other; must remove or rewrite one of "
                    "these paths; path one: [a, b, c], path two: [a, b, [1]]"},
        InvalidCase{"a.b, a[1], c, c",
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    "these paths; path one: [c], path two: [c]"},
        InvalidCase{"a, a, name", "Attribute name is a reserved keyword; reserved keyword: name"},
        InvalidCase{"#zz, name", "Attribute name is a reserved keyword; reserved keyword: name"}));

TEST(ProjectionParser, ExpressionSizeLimitIs4096Bytes) {
  EXPECT_EQ(parse_message(std::string(4096, 'x')), "");
  EXPECT_EQ(parse_message(std::string(4097, 'x')),
            "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size; "
            "expression size: 4097");
}

TEST(ProjectionParser, PathsNestAtMost32Levels) {
  std::string path = "a";
  for (int i = 0; i < 31; ++i) path += ".b";
  EXPECT_EQ(parse_message(path), "");
  EXPECT_EQ(parse_message(path + ".b"),
            "Invalid ProjectionExpression: The document path has too many nesting levels; nesting "
            "levels: 33");
}

TEST(ProjectionParser, ResolvesPlaceholdersIntoSingleElements) {
  ExpressionContext ctx(NameMap{{"#n", "a"}, {"#dot", "a.b"}}, std::nullopt);
  ProjectionExpression p = parse_projection("#dot, #n.b[3], c", ctx);
  ASSERT_EQ(p.paths.size(), 3u);
  EXPECT_EQ(p.paths[0], Path::attribute("a.b"));
  EXPECT_EQ(p.paths[1], Path::attribute("a").field("b").index(3));
  EXPECT_EQ(p.paths[2], Path::attribute("c"));
  EXPECT_NO_THROW(ctx.check_all_used());
}

}  // namespace
}  // namespace cairn::expr
