#include "expr/evaluator.h"

#include <gtest/gtest.h>

#include <string>

#include "expr/parser.h"
#include "expr_test_util.h"

namespace cairn::expr {
namespace {

using namespace testing;  // NOLINT: the value shorthands

Item sample_item() {
  return item({{"p", S("p1")},
               {"a", N("1")},
               {"b", N("2")},
               {"c", N("3")},
               {"big", N("10000000000")},
               {"neg", N("-5")},
               {"half", N("0.5")},
               {"s", S("hello")},
               {"unicode", S("\xc3\xa9")},
               {"emptys", S("")},
               {"bin", B("hi there")},
               {"b127", B("\x7f")},
               {"b128", B("\x80")},
               {"ss", SS({"dog", "cat"})},
               {"ns", NS({"2", "4", "7"})},
               {"bs", BS({"x", "y"})},
               {"l", L({N("2"), S("dog"), N("7")})},
               {"emptyl", L({})},
               {"m", M({{"x", N("2")}, {"y", M({{"m", N("3")}, {"n", N("4")}})}})},
               {"emptym", M({})},
               {"t", Bool(true)},
               {"nul", Null()},
               {"e", L({S("hi"), NS({"1", "2"}), L({N("3"), N("4")})})},
               {"nested", M({{"b", L({N("-1"), N("2"), N("0")})}, {"x", N("1")}})}});
}

ExpressionContext make_context() {
  NameMap names = {{"#n", "nested"}, {"#dot", "x.y"}};
  Item values = item({{":0", N("0")},
                      {":1", N("1")},
                      {":2", N("2")},
                      {":3", N("3")},
                      {":4", N("4")},
                      {":5", N("5")},
                      {":8", N("8")},
                      {":10", N("10")},
                      {":neg", N("-10")},
                      {":hello", S("hello")},
                      {":hell", S("hell")},
                      {":dog", S("dog")},
                      {":ell", S("ell")},
                      {":hi", B("hi")},
                      {":here", B("here")},
                      {":x", B("x")},
                      {":b127", B("\x7f")},
                      {":b128", B("\x80")},
                      {":ssv", SS({"cat", "dog"})},
                      {":nsv", NS({"7", "4", "2"})},
                      {":ns12", NS({"2", "1"})},
                      {":l34", L({N("3"), N("4")})},
                      {":lv", L({N("2"), S("dog"), N("7")})},
                      {":mv", M({{"y", M({{"n", N("4")}, {"m", N("3")}})}, {"x", N("2")}})},
                      {":true", Bool(true)},
                      {":false", Bool(false)},
                      {":null", Null()},
                      {":S", S("S")},
                      {":N", S("N")},
                      {":B", S("B")},
                      {":SS", S("SS")},
                      {":NS", S("NS")},
                      {":BS", S("BS")},
                      {":BOOL", S("BOOL")},
                      {":NULL", S("NULL")},
                      {":L", S("L")},
                      {":M", S("M")}});
  return ExpressionContext(std::move(names), std::move(values));
}

bool eval(const std::string& text, const Item* target) {
  ExpressionContext ctx = make_context();
  Condition c = parse_condition(text, ExpressionKind::kCondition, ctx);
  return evaluate(c, target);
}

struct Case {
  const char* text;
  bool expected;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.text << " -> " << (c.expected ? "true" : "false");
}

class EvaluateOnItem : public ::testing::TestWithParam<Case> {};

TEST_P(EvaluateOnItem, MatchesDynamoDb) {
  const Item target = sample_item();
  EXPECT_EQ(eval(GetParam().text, &target), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Equality, EvaluateOnItem,
    ::testing::Values(Case{"a = :1", true}, Case{"a = :2", false}, Case{"a = b", false},
                      Case{":1 = a", true}, Case{"q = :1", false}, Case{"q = z", false},
                      Case{"a <> :2", true}, Case{"a <> :1", false}, Case{"q <> :1", true},
                      Case{"q <> z", true}, Case{"a <> s", true}, Case{"a = :hello", false},
                      Case{"s = :hello", true}, Case{"ss = :ssv", true}, Case{"ss <> :ssv", false},
                      Case{"ns = :nsv", true}, Case{"l = :lv", true}, Case{"m = :mv", true},
                      Case{"t = :true", true}, Case{"t = :false", false}, Case{"t <> :false", true},
                      Case{"nul = :null", true}, Case{"bin = :hi", false}, Case{":1 = :1", true},
                      Case{"a = :ssv", false}, Case{"l = :l34", false}));

INSTANTIATE_TEST_SUITE_P(
    Ordering, EvaluateOnItem,
    ::testing::Values(Case{"a < :2", true}, Case{"a < :1", false}, Case{"a <= :1", true},
                      Case{"a <= :0", false}, Case{"b > :1", true}, Case{"b > :2", false},
                      Case{"b >= :2", true}, Case{"b >= :3", false}, Case{"a < b", true},
                      Case{"c > b", true}, Case{"neg < a", true}, Case{":neg < neg", true},
                      Case{"half < a", true}, Case{"half > :0", true}, Case{"big > b", true},
                      Case{"big > :10", true}, Case{"s > :hell", true}, Case{"s < :dog", false},
                      Case{":dog < s", true}, Case{"s <= :hello", true}, Case{"unicode > s", true},
                      Case{"b127 < :b128", true}, Case{"b128 > :b127", true},
                      Case{"b127 <= :b128", true}, Case{"b128 >= :b127", true},
                      Case{"b128 < :b127", false}, Case{"a < :hello", false}, Case{"s < :1", false},
                      Case{"bin < :hello", false}, Case{"l < :2", false}, Case{":2 > l", false},
                      Case{"m >= :1", false}, Case{"t > :1", false}, Case{"q < :1", false},
                      Case{":1 > q", false}, Case{"q < z", false}, Case{"q <= z", false},
                      Case{"q > z", false}, Case{"q >= z", false}));

INSTANTIATE_TEST_SUITE_P(
    Between, EvaluateOnItem,
    ::testing::Values(Case{"a BETWEEN :0 AND :2", true}, Case{"a BETWEEN :1 AND :1", true},
                      Case{"a BETWEEN :2 AND :3", false}, Case{"a BETWEEN :neg AND :0", false},
                      Case{"s BETWEEN :dog AND :hello", true},
                      Case{"s BETWEEN :hell AND :hello", true},
                      Case{"a BETWEEN :dog AND :hello", false}, Case{"q BETWEEN :0 AND :2", false},
                      Case{"a BETWEEN b AND c", false}, Case{"b BETWEEN a AND c", true},
                      Case{"a BETWEEN c AND :0", false}, Case{"l BETWEEN :0 AND :2", false},
                      Case{"a BETWEEN q AND :2", false}, Case{"a BETWEEN s AND :2", false},
                      Case{"b127 BETWEEN :b127 AND :b128", true},
                      Case{"size(s) BETWEEN :1 AND :10", true}, Case{"q between z and x", false}));

INSTANTIATE_TEST_SUITE_P(In, EvaluateOnItem,
                         ::testing::Values(Case{"a IN (:1)", true}, Case{"a IN (:2, :3)", false},
                                           Case{"a IN (:hello, :1)", true},
                                           Case{"q IN (:1)", false}, Case{"l IN (:lv)", true},
                                           Case{"ss IN (:ssv)", true}, Case{"a IN (b, :1)", true},
                                           Case{"a IN (b, c)", false}, Case{"nul IN (:null)", true},
                                           Case{"a IN (q)", false},
                                           Case{"size(s) IN (:3, :5)", true},
                                           Case{"m IN (:mv)", true}));

INSTANTIATE_TEST_SUITE_P(
    Functions, EvaluateOnItem,
    ::testing::Values(Case{"attribute_exists(a)", true}, Case{"attribute_exists(q)", false},
                      Case{"attribute_not_exists(q)", true}, Case{"attribute_not_exists(a)", false},
                      Case{"attribute_exists(m.y.n)", true}, Case{"attribute_exists(m.y.z)", false},
                      Case{"attribute_exists(m.x.z)", false}, Case{"attribute_exists(l[2])", true},
                      Case{"attribute_exists(l[3])", false}, Case{"attribute_exists(m[0])", false},
                      Case{"attribute_exists(l.x)", false}, Case{"attribute_exists(#n.b[0])", true},
                      Case{"attribute_exists(#dot)", false}, Case{"attribute_type(a, :N)", true},
                      Case{"attribute_type(a, :S)", false}, Case{"attribute_type(s, :S)", true},
                      Case{"attribute_type(bin, :B)", true}, Case{"attribute_type(ss, :SS)", true},
                      Case{"attribute_type(ns, :NS)", true}, Case{"attribute_type(bs, :BS)", true},
                      Case{"attribute_type(t, :BOOL)", true},
                      Case{"attribute_type(nul, :NULL)", true}, Case{"attribute_type(l, :L)", true},
                      Case{"attribute_type(m, :M)", true}, Case{"attribute_type(m, :L)", false},
                      Case{"attribute_type(ss, :S)", false}, Case{"attribute_type(q, :N)", false},
                      Case{"attribute_type(:1, :N)", true}, Case{"begins_with(s, :hell)", true},
                      Case{"begins_with(s, :hello)", true}, Case{"begins_with(s, :dog)", false},
                      Case{"begins_with(bin, :hi)", true}, Case{"begins_with(bin, :here)", false},
                      Case{"begins_with(s, :hi)", false}, Case{"begins_with(a, :hell)", false},
                      Case{"begins_with(q, :hell)", false}, Case{"begins_with(:hello, s)", true},
                      Case{"begins_with(s, q)", false}, Case{"begins_with(s, a)", false},
                      Case{"contains(s, :ell)", true}, Case{"contains(s, :dog)", false},
                      Case{"contains(s, :hello)", true}, Case{"contains(ss, :dog)", true},
                      Case{"contains(ss, :hello)", false}, Case{"contains(ns, :2)", true},
                      Case{"contains(ns, :3)", false}, Case{"contains(ns, :dog)", false},
                      Case{"contains(l, :2)", true}, Case{"contains(l, :dog)", true},
                      Case{"contains(l, :3)", false}, Case{"contains(bin, :here)", true},
                      Case{"contains(bin, :hi)", true}, Case{"contains(bs, :x)", true},
                      Case{"contains(bs, :hi)", false}, Case{"contains(e, :ns12)", true},
                      Case{"contains(e, :l34)", true}, Case{"contains(e, :nsv)", false},
                      Case{"contains(m, :2)", false}, Case{"contains(m, :dog)", false},
                      Case{"contains(t, :true)", false}, Case{"contains(s, :1)", false},
                      Case{"contains(q, :1)", false}, Case{"contains(ss, :ssv)", false},
                      Case{"contains(a, :1)", false}, Case{"contains(l, q)", false},
                      Case{"contains(ss, s)", false}, Case{"contains(:ssv, :dog)", true}));

INSTANTIATE_TEST_SUITE_P(
    Size, EvaluateOnItem,
    ::testing::Values(
        Case{"size(s) = :5", true}, Case{"size(bin) = :8", true}, Case{"size(ss) = :2", true},
        Case{"size(ns) = :3", true}, Case{"size(l) = :3", true}, Case{"size(m) = :2", true},
        Case{"size(emptys) = :0", true}, Case{"size(emptyl) = :0", true},
        Case{"size(emptym) = :0", true},
        Case{"size(unicode) = :1", true} /* UTF-16 units: decision 0024 */,
        Case{"size(a) = :1", false}, Case{"size(a) < :10", false}, Case{"size(a) >= :0", false},
        Case{"size(t) = :1", false}, Case{"size(nul) = :1", false}, Case{"size(q) = :0", false},
        Case{"size(s) < :10", true}, Case{"size(s) > :5", false}, Case{"size(s) = a", false},
        Case{"size(l) = c", true}, Case{"size(:hello) = :5", true}, Case{"size(:ssv) = :2", true},
        Case{"size(m.y) = b", true}, Case{"size(s) = :hello", false},
        Case{"size(s) = size(:hello)", true}));

INSTANTIATE_TEST_SUITE_P(
    Logic, EvaluateOnItem,
    ::testing::Values(
        Case{"a = :1 AND b = :2", true}, Case{"a = :1 AND b = :1", false},
        Case{"a = :2 AND b = :2", false}, Case{"a = :2 OR b = :2", true},
        Case{"a = :2 OR b = :1", false}, Case{"a = :1 OR q = :1", true}, Case{"NOT a = :2", true},
        Case{"NOT a = :1", false}, Case{"NOT NOT a = :1", true},
        Case{"NOT NOT NOT NOT a < b", true}, Case{"a < b OR c < b AND b < c", true},
        Case{"b < a OR c < b AND b < c", false}, Case{"NOT a < b AND c < b", false},
        Case{"NOT (a < b AND c < b)", true},
        Case{"(a < b OR b < a) AND (b < c AND (a < b OR b < c))", true},
        Case{"b BETWEEN a AND c AND a < b", true},
        Case{"attribute_exists(a) AND attribute_not_exists(q) AND contains(s, :ell)", true},
        Case{"a = :2 OR b = :1 OR c = :3", true}, Case{"a = :1 AND b = :2 AND c = :2", false}));

INSTANTIATE_TEST_SUITE_P(NestedPaths, EvaluateOnItem,
                         ::testing::Values(Case{"nested.x < nested.b[1]", true},
                                           Case{"nested.x < nested.b[0]", false},
                                           Case{"nested.z < nested.b[100]", false},
                                           Case{"#n.x = :1", true}, Case{"m.y.m = :3", true},
                                           Case{"e[2][1] = :4", true}, Case{"e[1] = :ns12", true},
                                           Case{"l[1] = :dog", true}, Case{"l[1].x = :dog", false},
                                           Case{"m.y <> :mv", true}));

TEST(Evaluate, MissingItemHasNoAttributes) {
  EXPECT_TRUE(eval("attribute_not_exists(p)", nullptr));
  EXPECT_FALSE(eval("attribute_exists(p)", nullptr));
  EXPECT_TRUE(eval("p <> :hello", nullptr));
  EXPECT_FALSE(eval("p = :hello", nullptr));
  EXPECT_TRUE(eval("NOT attribute_exists(p)", nullptr));
  EXPECT_FALSE(eval("size(p) = :0", nullptr));
  EXPECT_TRUE(eval(":1 = :1", nullptr));
}

TEST(Evaluate, EqualityIsExactForNumbersAndDeepForDocuments) {
  const Item target =
      item({{"n", N("100")}, {"doc", M({{"s", SS({"b", "a"})}, {"l", L({N("1")})}})}});
  ExpressionContext ctx(std::nullopt,
                        item({{":n", N("100")},
                              {":n1", N("100." + std::string(31, '0') + "1")},
                              {":doc", M({{"l", L({N("1")})}, {"s", SS({"a", "b"})}})},
                              {":doc2", M({{"l", L({N("2")})}, {"s", SS({"a", "b"})}})}}));
  auto check = [&](const char* text) {
    return evaluate(parse_condition(text, ExpressionKind::kCondition, ctx), &target);
  };
  EXPECT_TRUE(check("n = :n"));
  EXPECT_FALSE(check("n = :n1"));
  EXPECT_TRUE(check("n < :n1"));
  EXPECT_TRUE(check("doc = :doc"));
  EXPECT_FALSE(check("doc = :doc2"));
}

// Trees built in code, as the legacy Expected/QueryFilter translation will build them.
TEST(Evaluate, TreesBuiltWithoutParsing) {
  const Item target = sample_item();
  const Condition eq = Condition::compare(Operand::of_path(Path::attribute("a")), Comparator::kEq,
                                          Operand::constant(N("1")));
  EXPECT_TRUE(evaluate(eq, &target));
  const Condition copy = eq;  // owned constants survive copies
  EXPECT_TRUE(evaluate(copy, &target));

  const Condition ne = Condition::compare(Operand::of_path(Path::attribute("q")), Comparator::kNe,
                                          Operand::constant(S("x")));
  EXPECT_TRUE(evaluate(ne, &target));

  const Condition between = Condition::between(
      Operand::of_path(Path::attribute("b")), Operand::constant(N("1")), Operand::constant(N("2")));
  EXPECT_TRUE(evaluate(between, &target));

  std::vector<Operand> candidates;
  candidates.push_back(Operand::constant(S("x")));
  candidates.push_back(Operand::constant(S("hello")));
  EXPECT_TRUE(evaluate(Condition::in(Operand::of_path(Path::attribute("s")), std::move(candidates)),
                       &target));

  std::vector<Operand> args;
  args.push_back(Operand::of_path(Path::attribute("ss")));
  args.push_back(Operand::constant(S("dog")));
  const Condition contains = Condition::function(Condition::Kind::kContains, std::move(args));
  EXPECT_TRUE(evaluate(contains, &target));
  EXPECT_FALSE(evaluate(Condition::negation(contains), &target));

  std::vector<Operand> exists;
  exists.push_back(Operand::of_path(Path::attribute("m").field("y").field("n")));
  const Condition not_null =
      Condition::function(Condition::Kind::kAttributeExists, std::move(exists));
  EXPECT_TRUE(evaluate(Condition::conjunction({not_null, eq}), &target));
  EXPECT_FALSE(evaluate(Condition::conjunction({not_null, ne, Condition::negation(eq)}), &target));
  EXPECT_TRUE(evaluate(Condition::disjunction({Condition::negation(eq), ne}), &target));
  EXPECT_TRUE(evaluate(Condition::conjunction({}), &target));
  EXPECT_FALSE(evaluate(Condition::disjunction({}), &target));
}

}  // namespace
}  // namespace cairn::expr
