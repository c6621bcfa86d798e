#include "api/item_read.h"

#include <gtest/gtest.h>

#include "api/attribute_json.h"
#include "engine/item_change.h"
#include "expr/parser.h"
#include "model/item_size.h"
#include "storage/rocksdb_store.h"
#include "support/engine_parts.h"

namespace cairn::api {
namespace {

class ItemReadTest : public ::testing::Test {
 protected:
  ItemReadTest() {
    table_.name = "t";
    table_.storage_id = 1;
    table_.hash_key = {"pk", AttrType::S};
    stored_["pk"] = AttributeValue::string("a");
    stored_["n"] = AttributeValue::number("12.5");
    stored_["m"] = flag_map();
    items_.put(table_, stored_, false);
    key_["pk"] = AttributeValue::string("a");
  }

  static AttributeValue flag_map() {
    AttributeValue m;
    m.type = AttrType::M;
    AttributeValue flag;
    flag.type = AttrType::BOOL;
    flag.boolean = true;
    m.map["x"] = flag;
    return m;
  }
  static std::string json(const ItemRead& read) {
    OutputBuffer s;
    JsonWriter w(s);
    read.write(w);
    return std::string(s.view());
  }
  static std::string json(const Item& item) {
    OutputBuffer s;
    JsonWriter w(s);
    write_item(w, item);
    return std::string(s.view());
  }

  testing_support::EngineParts parts_;
  storage::RocksDbStore& store_ = parts_.store;
  engine::ItemStore& items_ = parts_.items;
  engine::TableInfo table_;
  Item stored_;
  Item key_;
};

TEST_F(ItemReadTest, UnprojectedGivesTheWholeItemAndItsSize) {
  const std::optional<expr::ProjectionExpression> none;
  const ItemRead read(items_, table_, key_, none);
  ASSERT_TRUE(read.found());
  EXPECT_EQ(json(read), json(stored_));
  EXPECT_EQ(read.size(), item_size(stored_));
}

TEST_F(ItemReadTest, ProjectedShowsTheProjectionButPaysForTheWholeItem) {
  expr::ExpressionContext ctx;
  const std::optional<expr::ProjectionExpression> projection = expr::parse_projection("m.x", ctx);
  const ItemRead read(items_, table_, key_, projection);
  ASSERT_TRUE(read.found());
  Item shown;
  shown["m"] = flag_map();
  EXPECT_EQ(json(read), json(shown));
  EXPECT_EQ(read.size(), item_size(stored_));
}

TEST_F(ItemReadTest, AMissingItemIsNotFoundAndCostsNothing) {
  Item other;
  other["pk"] = AttributeValue::string("b");
  for (bool projected : {false, true}) {
    expr::ExpressionContext ctx;
    std::optional<expr::ProjectionExpression> projection;
    if (projected) projection = expr::parse_projection("n", ctx);
    const ItemRead read(items_, table_, other, projection);
    EXPECT_FALSE(read.found());
    EXPECT_EQ(read.size(), 0u);
  }
}

}  // namespace
}  // namespace cairn::api
