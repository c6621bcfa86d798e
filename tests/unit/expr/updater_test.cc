#include "expr/updater.h"

#include <gtest/gtest.h>

#include <string>

#include "expr/parser.h"
#include "expr/projection.h"
#include "expr_test_util.h"

namespace cairn::expr {
namespace {

using namespace testing;  // NOLINT: the value shorthands

constexpr const char* kInvalidPath =
    "The document path provided in the update expression is invalid for update";
constexpr const char* kMissing =
    "The provided expression refers to an attribute that does not exist in the item";
constexpr const char* kWrongType = "An operand in the update expression has an incorrect data type";

Item values() {
  return item({{":0", N("0")},
               {":1", N("1")},
               {":2", N("2")},
               {":3", N("3")},
               {":4", N("4")},
               {":5", N("5")},
               {":7", N("7")},
               {":8", N("8")},
               {":9", N("9")},
               {":10", N("10")},
               {":17", N("17")},
               {":tenth", N("0.1")},
               {":fifth", N("0.2")},
               {":huge", N("99999999999999999999999999999999999999")},
               {":hello", S("hello")},
               {":hey", S("hey")},
               {":dog", S("dog")},
               {":a1", S("a1")},
               {":a2", S("a2")},
               {":a3", S("a3")},
               {":a4", S("a4")},
               {":l13", L({N("1"), N("3")})},
               {":l24", L({N("2"), N("4")})},
               {":lempty", L({})},
               {":pig", SS({"pig"})},
               {":cbb", SS({"coati", "beaver", "badger"})},
               {":catmouse", SS({"cat", "mouse"})},
               {":dogset", SS({"dog"})},
               {":ns", NS({"1", "2"})},
               {":lm", SS({"l", "m"})},
               {":no", SS({"n", "o"})}});
}

UpdateResult run_update(const std::string& text, const Item* old) {
  ExpressionContext ctx(NameMap{{"#name", "x"}}, values());
  return apply_update(parse_update(text, ctx), old);
}

Item updated(const std::string& text, const Item& old) {
  return run_update(text, &old).item;
}

std::string error(const std::string& text, const Item* old) {
  return validation_message([&] { run_update(text, old); });
}

TEST(ApplyUpdate, SetCreatesAndOverwrites) {
  EXPECT_EQ(run_update("SET b = :4", nullptr).item, item({{"b", N("4")}}));
  EXPECT_EQ(updated("SET x = :4, y = :4", item({{"p", S("k")}})),
            item({{"p", S("k")}, {"x", N("4")}, {"y", N("4")}}));
  const Item hi = item({{"a", S("hi")}});
  EXPECT_EQ(updated("SET b = :hello", hi), item({{"a", S("hi")}, {"b", S("hello")}}));
  EXPECT_EQ(updated("SET a = :hey", hi), item({{"a", S("hey")}}));
  EXPECT_EQ(updated("SET a = :l13", hi), item({{"a", L({N("1"), N("3")})}}));
}

TEST(ApplyUpdate, SetCopiesFromTheItemBeforeTheUpdate) {
  const Item old = item({{"a", S("hello")}});
  EXPECT_EQ(updated("SET b = a", old), item({{"a", S("hello")}, {"b", S("hello")}}));
  EXPECT_EQ(updated("SET a = a", old), old);
  EXPECT_EQ(error("SET c = z", &old), kMissing);
  EXPECT_EQ(error("SET c = z", nullptr), kMissing);
  EXPECT_EQ(error("SET z = z", &old), kMissing);
  // y = x reads x before the SET of x happens.
  EXPECT_EQ(error("SET x = :1, y = x", &old), kMissing);
  EXPECT_EQ(updated("SET a = b, b = a", item({{"a", N("1")}, {"b", N("2")}})),
            item({{"a", N("2")}, {"b", N("1")}}));
  EXPECT_EQ(updated("REMOVE a SET b = a", old), item({{"b", S("hello")}}));
  EXPECT_EQ(updated("SET c = a REMOVE a", old), item({{"c", S("hello")}}));
}

TEST(ApplyUpdate, Arithmetic) {
  EXPECT_EQ(run_update("SET b = :4 + :3", nullptr).item, item({{"b", N("7")}}));
  EXPECT_EQ(run_update("SET b = :5 - :2", nullptr).item, item({{"b", N("3")}}));
  const Item two = item({{"a", N("2")}});
  EXPECT_EQ(updated("SET a = a + :3", two), item({{"a", N("5")}}));
  EXPECT_EQ(updated("SET a = :4 + a", two), item({{"a", N("6")}}));
  EXPECT_EQ(updated("SET b = :1 + a", two), item({{"a", N("2")}, {"b", N("3")}}));
  EXPECT_EQ(updated("SET a = a - :5", two), item({{"a", N("-3")}}));
  EXPECT_EQ(updated("SET nn = :7 - n", item({{"n", N("2")}})),
            item({{"n", N("2")}, {"nn", N("5")}}));
  EXPECT_EQ(updated("SET a = a + a", two), item({{"a", N("4")}}));
  EXPECT_EQ(updated("SET a = a + :tenth", item({{"a", N("0.2")}})), item({{"a", N("0.3")}}));
  EXPECT_EQ(run_update("SET a = :tenth + :fifth", nullptr).item, item({{"a", N("0.3")}}));
  EXPECT_EQ(error("SET b = b + :7", &two), kMissing);
  EXPECT_EQ(error("SET b = b + :7", nullptr), kMissing);
  const Item string_s = item({{"s", S("x")}});
  const Item list_s = item({{"s", L({})}});
  EXPECT_EQ(error("SET a = s + :1", &string_s), kWrongType);
  EXPECT_EQ(error("SET a = :1 - s", &list_s), kWrongType);
  EXPECT_EQ(error("SET a = :huge + :tenth", nullptr),
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
}

TEST(ApplyUpdate, IfNotExists) {
  EXPECT_EQ(run_update("SET a = if_not_exists(a, :2)", nullptr).item, item({{"a", N("2")}}));
  const Item two = item({{"a", N("2")}});
  EXPECT_EQ(updated("SET a = if_not_exists(a, :3)", two), two);
  EXPECT_EQ(updated("SET b = if_not_exists(c, :4)", two), item({{"a", N("2")}, {"b", N("4")}}));
  EXPECT_EQ(updated("SET b = if_not_exists(a, :4)", two), item({{"a", N("2")}, {"b", N("2")}}));
  EXPECT_EQ(updated("SET a = if_not_exists(a, :0) + :3", two), item({{"a", N("5")}}));
  EXPECT_EQ(run_update("SET a = if_not_exists(a, :0) + :7", nullptr).item, item({{"a", N("7")}}));
  EXPECT_EQ(run_update("SET a = if_not_exists(b, if_not_exists(c, :3))", nullptr).item,
            item({{"a", N("3")}}));
  EXPECT_EQ(updated("SET x = if_not_exists(b, if_not_exists(a, :4))", two),
            item({{"a", N("2")}, {"x", N("2")}}));
  // A path through a non-map is simply "not existing".
  EXPECT_EQ(updated("SET b = if_not_exists(a.x[3], :4)", two),
            item({{"a", N("2")}, {"b", N("4")}}));
  EXPECT_EQ(error("SET a = if_not_exists(a, b)", nullptr), kMissing);
}

TEST(ApplyUpdate, ListAppend) {
  EXPECT_EQ(run_update("SET a = list_append(:l13, :l24)", nullptr).item,
            item({{"a", L({N("1"), N("3"), N("2"), N("4")})}}));
  const Item old = item({{"a", L({S("hi"), N("2")})}});
  EXPECT_EQ(updated("SET a = list_append(a, :l13)", old),
            item({{"a", L({S("hi"), N("2"), N("1"), N("3")})}}));
  EXPECT_EQ(updated("SET a = list_append(:l13, a)", old),
            item({{"a", L({N("1"), N("3"), S("hi"), N("2")})}}));
  EXPECT_EQ(updated("SET b = list_append(a, a)", old),
            item({{"a", L({S("hi"), N("2")})}, {"b", L({S("hi"), N("2"), S("hi"), N("2")})}}));
  EXPECT_EQ(updated("SET a = list_append(a, :lempty)", old), old);
  EXPECT_EQ(run_update("SET a = list_append(if_not_exists(a, :lempty), :l13)", nullptr).item,
            item({{"a", L({N("1"), N("3")})}}));
  EXPECT_EQ(error("SET a = list_append(b, :l13)", nullptr), kMissing);
  EXPECT_EQ(error("SET a = list_append(:l13, b)", &old), kMissing);
  for (const AttributeValue& b : {N("7"), S("hello"), B("hi"), NS({"1"}), M({{"a", N("3")}})}) {
    const Item with_b = item({{"b", b}});
    EXPECT_EQ(error("SET a = list_append(b, :l13)", &with_b), kWrongType);
    EXPECT_EQ(error("SET a = list_append(:l13, b)", &with_b), kWrongType);
  }
}

TEST(ApplyUpdate, Remove) {
  const Item old = item({{"a", S("hello")}, {"b", S("hi")}});
  EXPECT_EQ(updated("REMOVE a", old), item({{"b", S("hi")}}));
  EXPECT_EQ(updated("REMOVE a, b", old), Item{});
  EXPECT_EQ(updated("REMOVE c", old), old);
  EXPECT_EQ(run_update("REMOVE c", nullptr).item, Item{});
}

TEST(ApplyUpdate, AddNumbers) {
  const Item old = item({{"a", N("3")}, {"b", S("hi")}});
  EXPECT_EQ(updated("ADD a :4", old), item({{"a", N("7")}, {"b", S("hi")}}));
  EXPECT_EQ(updated("ADD c :7", old), item({{"a", N("3")}, {"b", S("hi")}, {"c", N("7")}}));
  EXPECT_EQ(run_update("ADD b :8", nullptr).item, item({{"b", N("8")}}));
  EXPECT_EQ(updated("ADD a :tenth", old), item({{"a", N("3.1")}, {"b", S("hi")}}));
  EXPECT_EQ(error("ADD b :1", &old), kWrongType);
  EXPECT_EQ(error("ADD a :pig", &old), kWrongType);
}

TEST(ApplyUpdate, AddSets) {
  const Item old = item({{"a", SS({"dog", "cat", "mouse"})}, {"l", L({N("1")})}, {"n", NS({"1"})}});
  EXPECT_EQ(updated("ADD a :pig", old).at("a"), SS({"dog", "cat", "mouse", "pig"}));
  const Item animals = item({{"a", SS({"beaver", "lynx", "coati"})}});
  const Item added = updated("ADD a :cbb", animals);
  EXPECT_EQ(added.at("a"), SS({"beaver", "badger", "lynx", "coati"}));
  EXPECT_EQ(added.at("a").set.size(), 4u);  // no duplicates
  EXPECT_EQ(updated("ADD b :dogset", old).at("b"), SS({"dog"}));
  EXPECT_EQ(run_update("ADD b :dogset", nullptr).item, item({{"b", SS({"dog"})}}));
  EXPECT_EQ(updated("ADD n :ns", old).at("n"), NS({"1", "2"}));
  EXPECT_EQ(error("ADD l :pig", &old), kWrongType);
  EXPECT_EQ(error("ADD n :pig", &old), kWrongType);
  EXPECT_EQ(error("ADD a :ns", &old), kWrongType);
}

TEST(ApplyUpdate, DeleteFromSets) {
  const Item old = item({{"a", SS({"dog", "cat", "mouse"})}, {"b", S("hi")}});
  const Item dog = updated("DELETE a :catmouse", old);
  EXPECT_EQ(dog, item({{"a", SS({"dog"})}, {"b", S("hi")}}));
  EXPECT_EQ(updated("DELETE a :pig", dog), dog);
  // Deleting the last element removes the attribute: sets are never empty.
  EXPECT_EQ(updated("DELETE a :dogset", dog), item({{"b", S("hi")}}));
  EXPECT_EQ(updated("DELETE c :dogset", dog), dog);
  EXPECT_EQ(run_update("DELETE c :dogset", nullptr).item, Item{});
  EXPECT_EQ(error("DELETE a :ns", &old), kWrongType);
  EXPECT_EQ(error("DELETE b :pig", &old), kWrongType);
}

TEST(ApplyUpdate, NestedSet) {
  const Item old = item({{"a", M({{"b", N("3")}, {"c", N("4")}})}, {"d", N("5")}});
  EXPECT_EQ(updated("SET a.c = :7", old),
            item({{"a", M({{"b", N("3")}, {"c", N("7")}})}, {"d", N("5")}}));
  EXPECT_EQ(updated("SET a.d = :3", old),
            item({{"a", M({{"b", N("3")}, {"c", N("4")}, {"d", N("3")}})}, {"d", N("5")}}));
  EXPECT_EQ(updated("SET a.c = :l13", old),
            item({{"a", M({{"b", N("3")}, {"c", L({N("1"), N("3")})}})}, {"d", N("5")}}));
  EXPECT_EQ(updated("SET z = a.c", old).at("z"), N("4"));
  const Item list = item({{"a", L({S("one"), S("two"), S("three")})}});
  EXPECT_EQ(updated("SET a[1] = :hello", list),
            item({{"a", L({S("one"), S("hello"), S("three")})}}));
  const Item deep =
      item({{"a", M({{"b", N("3")},
                     {"c", L({S("hi"), M({{"x", M({{"y", L({N("3"), N("5"), N("7")})}})}})})}})}});
  const Item deep2 = updated("SET a.c[1].#name.y[1] = :9", deep);
  EXPECT_EQ(deep2.at("a").map.at("c").list[1].map.at("x").map.at("y"), L({N("3"), N("9"), N("7")}));
  EXPECT_EQ(updated("SET a.z = a.c[1].#name.y[1]", deep2).at("a").map.at("z"), N("9"));
}

TEST(ApplyUpdate, SetPastTheEndOfAListAppendsInIndexOrder) {
  const Item list = item({{"a", L({S("one"), S("two"), S("three")})}});
  const Item appended = updated("SET a[7] = :hello", list);
  EXPECT_EQ(appended, item({{"a", L({S("one"), S("two"), S("three"), S("hello")})}}));
  EXPECT_EQ(updated("SET a[84] = :a1, a[37] = :a2, a[17] = :a3, a[50] = :a4", appended).at("a"),
            L({S("one"), S("two"), S("three"), S("hello"), S("a3"), S("a2"), S("a4"), S("a1")}));
  EXPECT_EQ(updated("ADD a[9] :1", list).at("a").list.back(), N("1"));
}

TEST(ApplyUpdate, NestedRemove) {
  const Item old = item(
      {{"a", M({{"b", N("3")},
                {"c", L({S("hi"),
                         M({{"x", M({{"y", L({N("3"), N("5"), N("7")})}})}, {"q", N("2")}})})}})}});
  EXPECT_EQ(updated("REMOVE a.c[1].x.y[1], a.c[1].q", old).at("a"),
            M({{"b", N("3")}, {"c", L({S("hi"), M({{"x", M({{"y", L({N("3"), N("7")})}})}})})}}));
  const Item list = item({{"a", L({N("4"), N("5"), N("6")})}});
  EXPECT_EQ(updated("REMOVE a[17]", list), list);
  EXPECT_EQ(updated("REMOVE a.b", item({{"a", M({{"b", N("1")}})}})), item({{"a", M({})}}));
  EXPECT_EQ(updated("REMOVE a[0]", item({{"a", L({N("1")})}})), item({{"a", L({})}}));
  EXPECT_EQ(updated("REMOVE a[0], a[2]", list), item({{"a", L({N("5")})}}));
  const Item leafs = item({{"a", M({{"x", N("3")}})}, {"b", L({S("hi")})}});
  EXPECT_EQ(updated("REMOVE a.y", leafs), leafs);
  EXPECT_EQ(updated("REMOVE b[7]", leafs), leafs);
  EXPECT_EQ(updated("REMOVE c", leafs), leafs);
}

TEST(ApplyUpdate, ListIndexesReferToTheOriginalList) {
  const Item old = item({{"a", L({N("2"), N("3"), N("4"), N("5"), N("6"), N("7")})}});
  const AttributeValue expected = L({N("2"), N("4"), N("17"), N("6"), N("7")});
  EXPECT_EQ(updated("REMOVE a[1] SET a[3] = :17", old).at("a"), expected);
  EXPECT_EQ(updated("SET a[3] = :17 REMOVE a[1]", old).at("a"), expected);
  EXPECT_EQ(updated("REMOVE a[1], a[2] SET a[9] = :17", old).at("a"),
            L({N("2"), N("5"), N("6"), N("7"), N("17")}));
}

TEST(ApplyUpdate, SeveralNonOverlappingNestedChanges) {
  const Item old = item({{"a", M({{"x", N("3")}, {"y", N("4")}, {"c", M({{"y", N("3")}})}})},
                         {"b", M({{"x", N("1")}, {"y", N("2")}})}});
  EXPECT_EQ(
      updated("SET a.b = :10, a.c.d = :dog, b.x = :17 REMOVE a.x, b.y", old),
      item({{"a", M({{"y", N("4")}, {"b", N("10")}, {"c", M({{"y", N("3")}, {"d", S("dog")}})}})},
            {"b", M({{"x", N("17")}})}}));
}

TEST(ApplyUpdate, AddAndDeleteOnNestedSets) {
  const Item old = item(
      {{"a",
        M({{"b", S("c")}, {"d", L({S("e"), S("f"), SS({"g", "h"})})}, {"i", SS({"j", "k"})}})}});
  const Item added = updated("ADD a.d[2] :lm, a.i :no", old);
  EXPECT_EQ(added.at("a"), M({{"b", S("c")},
                              {"d", L({S("e"), S("f"), SS({"g", "h", "l", "m"})})},
                              {"i", SS({"j", "k", "n", "o"})}}));
  // A set inside a list that DELETE empties disappears from the list.
  const Item one = item({{"l", L({S("x"), SS({"dog"}), S("y")})}});
  EXPECT_EQ(updated("DELETE l[1] :dogset", one), item({{"l", L({S("x"), S("y")})}}));
  EXPECT_EQ(updated("DELETE l[5] :dogset", one), one);
}

TEST(ApplyUpdate, PathsThroughMissingOrWrongParentsAreInvalid) {
  const Item old = item({{"a", S("hello")}, {"b", L({S("hi")})}});
  for (const char* expr :
       {"SET a.c = :7", "SET b.c = :7", "SET c.c = :7", "REMOVE a.c", "REMOVE b.c", "REMOVE c.c",
        "SET a[0] = :7", "SET c[0] = :7", "REMOVE a[0]", "REMOVE c[0]", "SET b[3].x = :7",
        "ADD c.d :1", "DELETE c.d :pig", "SET b[0].x = :7", "SET a.b.c = :1"}) {
    EXPECT_EQ(error(expr, &old), kInvalidPath) << expr;
  }
  EXPECT_EQ(error("SET c.c = :7", nullptr), kInvalidPath);
  EXPECT_EQ(error("SET b[0] = :7", nullptr), kInvalidPath);
}

TEST(ApplyUpdate, RemovingNestedPathsOfAMissingItemDoesNothing) {
  EXPECT_EQ(run_update("REMOVE x.y", nullptr).item, Item{});
  EXPECT_EQ(run_update("REMOVE x[0]", nullptr).item, Item{});
  EXPECT_EQ(run_update("REMOVE x[0].y, z SET a = :1", nullptr).item, item({{"a", N("1")}}));
}

TEST(ApplyUpdate, ErrorsLeaveTheOldItemUntouched) {
  const Item old = item({{"a", N("1")}, {"s", S("x")}});
  const Item copy = old;
  EXPECT_EQ(error("SET a = :2 ADD s :1", &old), kWrongType);
  EXPECT_EQ(old, copy);
}

// ReturnValues UPDATED_OLD / UPDATED_NEW are the old and new items projected onto the
// update's target paths.
TEST(ApplyUpdate, UpdatedPathsGiveUpdatedOldAndNew) {
  Item current = item({{"p", S("k")},
                       {"a", M({{"b", S("dog")}, {"c", L({N("1"), N("2"), N("3")})}})},
                       {"d", S("cat")}});
  auto step = [&](const std::string& text, const Item& want_old, const Item& want_new) {
    UpdateResult r = run_update(text, &current);
    EXPECT_EQ(project_paths(current, r.updated_paths), want_old) << text;
    EXPECT_EQ(project_paths(r.item, r.updated_paths), want_new) << text;
    current = r.item;
  };
  step("SET a.b = :hello", item({{"a", M({{"b", S("dog")}})}}),
       item({{"a", M({{"b", S("hello")}})}}));
  step("SET a.c[1] = :7", item({{"a", M({{"c", L({N("2")})}})}}),
       item({{"a", M({{"c", L({N("7")})}})}}));
  step("SET a.c[1] = :8, a.b = :dog", item({{"a", M({{"b", S("hello")}, {"c", L({N("7")})}})}}),
       item({{"a", M({{"b", S("dog")}, {"c", L({N("8")})}})}}));
  step("SET a.c[1] = :3", item({{"a", M({{"c", L({N("8")})}})}}),
       item({{"a", M({{"c", L({N("3")})}})}}));
  step("REMOVE a.c[1], a.c[3]", item({{"a", M({{"c", L({N("3")})}})}}),
       item({{"a", M({{"c", L({N("3")})}})}}));
  step("SET a.x1 = :8", Item{}, item({{"a", M({{"x1", N("8")}})}}));
  step("SET a.c[100] = :7", Item{}, Item{});
  step("SET d = :dog, e = :hello", item({{"d", S("cat")}}),
       item({{"d", S("dog")}, {"e", S("hello")}}));
  step("REMOVE d", item({{"d", S("dog")}}), Item{});
}

}  // namespace
}  // namespace cairn::expr
