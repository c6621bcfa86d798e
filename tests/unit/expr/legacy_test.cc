#include "expr/legacy.h"

#include <gtest/gtest.h>

#include "expr/evaluator.h"
#include "expr/projection.h"
#include "expr/updater.h"
#include "model/api_error.h"

namespace cairn::expr {
namespace {

AttributeValue n(const char* v) {
  return AttributeValue::number(v);
}
AttributeValue s(const char* v) {
  return AttributeValue::string(v);
}

Item sample() {
  Item item;
  item["a"] = n("5");
  item["s"] = s("hello");
  AttributeValue set;
  set.type = AttrType::SS;
  set.set = {"x", "y"};
  item["ss"] = set;
  return item;
}

bool holds(const std::string& attr, const char* op, std::vector<AttributeValue> values) {
  LegacyCondition c;
  c.attribute = attr;
  c.comparison = op;
  c.value_list = std::move(values);
  auto cond = translate_conditions({c}, false);
  Item item = sample();
  return evaluate(*cond, &item);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) {
    return std::string(e.message());
  }
  return "no error";
}

TEST(LegacyConditions, ComparisonOperators) {
  EXPECT_TRUE(holds("a", "EQ", {n("5")}));
  EXPECT_FALSE(holds("a", "EQ", {s("5")}));
  EXPECT_TRUE(holds("a", "NE", {n("4")}));
  EXPECT_TRUE(holds("missing", "NE", {n("4")}));
  EXPECT_TRUE(holds("a", "LT", {n("6")}));
  EXPECT_TRUE(holds("a", "GE", {n("5")}));
  EXPECT_TRUE(holds("a", "NOT_NULL", {}));
  EXPECT_TRUE(holds("missing", "NULL", {}));
  EXPECT_TRUE(holds("s", "CONTAINS", {s("ell")}));
  EXPECT_TRUE(holds("ss", "CONTAINS", {s("x")}));
  EXPECT_TRUE(holds("s", "NOT_CONTAINS", {s("zz")}));
  EXPECT_FALSE(holds("missing", "NOT_CONTAINS", {s("zz")}));  // DynamoDB's surprise
  EXPECT_TRUE(holds("s", "BEGINS_WITH", {s("he")}));
  EXPECT_TRUE(holds("a", "IN", {n("1"), n("5")}));
  EXPECT_TRUE(holds("a", "BETWEEN", {n("5"), n("6")}));
  EXPECT_FALSE(holds("a", "BETWEEN", {n("6"), n("7")}));
}

TEST(LegacyConditions, ReportsMalformedEntries) {
  EXPECT_EQ(error_of([] { holds("a", "EQ", {}); }),
            "One or more parameter values were invalid: Invalid number of argument(s) for the EQ "
            "ComparisonOperator");
  EXPECT_EQ(error_of([] {
              holds("a", "BETWEEN", {n("7"), n("6")});
            }),
            "The BETWEEN condition was provided a range where the lower bound is greater than the "
            "upper bound");
  EXPECT_EQ(error_of([] {
              holds("a", "IN", {n("7"), s("x")});
            }),
            "One or more parameter values were invalid: AttributeValues inside AttributeValueList "
            "must be of same type");
  AttributeValue list;
  list.type = AttrType::L;
  EXPECT_EQ(error_of([&] { holds("a", "LT", {list}); }),
            "One or more parameter values were invalid: ComparisonOperator LT is not valid for L "
            "AttributeValue type");
  LegacyCondition exists_without_value;
  exists_without_value.attribute = "a";
  exists_without_value.exists = true;
  EXPECT_EQ(error_of([&] { translate_conditions({exists_without_value}, false); }),
            "One or more parameter values were invalid: Exists is set to TRUE for attribute (a), "
            "Value must also be set");
}

TEST(LegacyConditions, ValueAndExistsForms) {
  LegacyCondition eq;
  eq.attribute = "a";
  eq.value = n("5");
  LegacyCondition absent;
  absent.attribute = "zz";
  absent.exists = false;
  Item item = sample();
  EXPECT_TRUE(evaluate(*translate_conditions({eq, absent}, false), &item));
  absent.attribute = "a";
  EXPECT_FALSE(evaluate(*translate_conditions({eq, absent}, false), &item));
  EXPECT_TRUE(evaluate(*translate_conditions({eq, absent}, true), &item));
  EXPECT_FALSE(translate_conditions({}, false).has_value());
}

TEST(LegacyUpdates, PutAddDeleteAndListAppend) {
  AttributeValue more;
  more.type = AttrType::L;
  more.list = {s("z")};
  AttributeValue remove_x;
  remove_x.type = AttrType::SS;
  remove_x.set = {"x"};
  auto update = translate_attribute_updates({{"a", "ADD", n("2")},
                                             {"b", "PUT", s("new")},
                                             {"s", "DELETE", std::nullopt},
                                             {"ss", "DELETE", remove_x},
                                             {"l", "ADD", more}});
  Item item = sample();
  Item out = apply_update(update, &item).item;
  EXPECT_EQ(out["a"], n("7"));
  EXPECT_EQ(out["b"], s("new"));
  EXPECT_EQ(out.count("s"), 0u);
  EXPECT_EQ(out["ss"].set, std::vector<std::string>{"y"});
  EXPECT_EQ(out["l"].list.size(), 1u);
}

TEST(LegacyUpdates, TypeErrorsUseTheLegacyWording) {
  auto update = translate_attribute_updates({{"s", "ADD", n("1")}});
  Item item = sample();
  EXPECT_EQ(error_of([&] { apply_update(update, &item); }),
            "Type mismatch for attribute to update");
  EXPECT_EQ(
      error_of([] {
        translate_attribute_updates({{"s", "ADD", s("x")}});
      }),
      "One or more parameter values were invalid: ADD action is not supported for the type S");
  EXPECT_EQ(error_of([] {
              translate_attribute_updates({{"s", "PUT", std::nullopt}});
            }),
            "One or more parameter values were invalid: Only DELETE action is allowed when no "
            "attribute value is specified");
}

TEST(LegacyProjection, AttributesToGet) {
  auto p = translate_attributes_to_get({"a", "missing"});
  Item item = sample();
  Item got = apply_projection(p, item);
  EXPECT_EQ(got.size(), 1u);
  EXPECT_EQ(error_of([] {
              translate_attributes_to_get({"a", "a"});
            }),
            "One or more parameter values were invalid: Duplicate value in attribute name: a");
}

}  // namespace
}  // namespace cairn::expr
