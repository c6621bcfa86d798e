// UpdateTable's GlobalSecondaryIndexUpdates against a table's metadata: the rules that
// depend on the table's state (indexes being created, LSIs, billing mode, attribute types).
#include "api/index_updates.h"

#include <gtest/gtest.h>

#include "model/api_error.h"

namespace cairn::api {
namespace {

using engine::BillingMode;
using engine::IndexInfo;
using engine::IndexKind;
using engine::IndexStatus;
using engine::TableInfo;

class IndexUpdatesTest : public ::testing::Test {
 protected:
  IndexUpdatesTest() {
    table_.name = "t";
    table_.hash_key = {"pk", AttrType::S};
    table_.range_key = engine::KeyElement{"sk", AttrType::S};
    table_.attribute_definitions = {
        {"pk", AttrType::S}, {"sk", AttrType::S}, {"g", AttrType::S}, {"l", AttrType::N}};
    table_.billing_mode = BillingMode::kPayPerRequest;
    IndexInfo gsi;
    gsi.name = "gsi";
    gsi.hash_keys = {{"g", AttrType::S}};
    table_.indexes.push_back(gsi);
    IndexInfo lsi;
    lsi.name = "lsi";
    lsi.kind = IndexKind::kLocal;
    lsi.hash_keys = {{"pk", AttrType::S}};
    lsi.range_keys = {{"l", AttrType::N}};
    table_.indexes.push_back(lsi);
  }

  // Reads an UpdateTable request body and applies it to table_; "" or the error.
  std::string apply(const std::string& json) {
    try {
      auto doc = parser_.parse(json).value();
      RequestReader r(doc.get_object().value());
      Constraints c;
      IndexUpdates updates = read_index_updates(r, c);
      c.throw_if_any();
      check_index_update_list(updates);
      apply_index_updates(updates, table_, 1000);
    } catch (const ApiError& e) {
      return std::string(e.name()) + ": " + std::string(e.message());
    }
    return "";
  }

  static std::string create(const std::string& name, const std::string& attr,
                            const std::string& type = "S") {
    return R"({"AttributeDefinitions":[{"AttributeName":")" + attr + R"(","AttributeType":")" +
           type + R"("}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":")" + name +
           R"(","KeySchema":[{"AttributeName":")" + attr +
           R"(","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]})";
  }

  simdjson::dom::parser parser_;
  TableInfo table_;
};

TEST_F(IndexUpdatesTest, CreatePublishesTheIndexCreatingWithItsAttributeDefinition) {
  EXPECT_EQ(apply(create("by_x", "x")), "");
  const IndexInfo* index = table_.find_index("by_x");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->status, IndexStatus::kCreating);
  EXPECT_TRUE(index->backfilling);
  EXPECT_EQ(index->created_ms, 1000);
  EXPECT_EQ(table_.attribute_definitions.at("x"), AttrType::S);
}

TEST_F(IndexUpdatesTest, OneIndexIsCreatedOrDeletedAtATime) {
  ASSERT_EQ(apply(create("by_x", "x")), "");
  const std::string limit =
      "LimitExceededException: Subscriber limit exceeded: Only 1 online index can be created or "
      "deleted simultaneously per table";
  EXPECT_EQ(apply(create("by_y", "y")), limit);
  EXPECT_EQ(apply(R"({"GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"gsi"}}]})"), limit);
  // The index being created may itself be deleted.
  EXPECT_EQ(apply(R"({"GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"by_x"}}]})"), "");
  EXPECT_EQ(table_.find_index("by_x"), nullptr);
  EXPECT_EQ(table_.attribute_definitions.count("x"), 0u);
}

TEST_F(IndexUpdatesTest, AnLsiIsNotUpdatedOrDeleted) {
  EXPECT_EQ(apply(R"({"GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"lsi"}}]})"),
            "ValidationException: Cannot delete an index that is not a GlobalSecondaryIndex: lsi");
  EXPECT_EQ(apply(R"({"GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"lsi",
                 "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}}]})"),
            "ValidationException: Cannot update an index that is not a GlobalSecondaryIndex: lsi");
  EXPECT_EQ(apply(create("lsi", "x")),
            "ValidationException: Attempting to create an index which already exists");
}

TEST_F(IndexUpdatesTest, AttributesCannotBeRedefined) {
  EXPECT_EQ(apply(create("by_g", "g", "N")),
            "ValidationException: One or more parameter values were invalid: Attributes cannot be "
            "redefined. Please check that your attribute has the same type as previously "
            "defined. Existing schema: Schema:[SchemaElement: key{g:S:HASH}] New schema: "
            "Schema:[SchemaElement: key{g:N:HASH}]");
  EXPECT_EQ(apply(create("by_l", "l", "S")),
            "ValidationException: One or more parameter values were invalid: Attributes cannot be "
            "redefined. Please check that your attribute has the same type as previously "
            "defined. Existing schema: Schema:[SchemaElement: key{pk:S:HASH}, SchemaElement: "
            "key{l:N:RANGE}] New schema: Schema:[SchemaElement: key{l:S:HASH}]");
  // The same type is fine: a second index on g.
  EXPECT_EQ(apply(create("by_g", "g", "S")), "");
}

TEST_F(IndexUpdatesTest, DeletingAnIndexPrunesTheDefinitionsOnlyItUsed) {
  EXPECT_EQ(apply(R"({"GlobalSecondaryIndexUpdates":[{"Delete":{"IndexName":"gsi"}}]})"), "");
  EXPECT_EQ(table_.attribute_definitions.count("g"), 0u);
  EXPECT_EQ(table_.attribute_definitions.count("l"), 1u);  // the LSI's
}

TEST_F(IndexUpdatesTest, ThroughputFollowsTheBillingMode) {
  const std::string update =
      R"({"GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"gsi",
      "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":6}}}]})";
  EXPECT_EQ(apply(update),
            "ValidationException: One or more parameter values were invalid: The only Updates for "
            "index: gsi when TableThroughputMode is PAY_PER_REQUEST can be to "
            "OnDemandThroughput, WarmThroughput");
  table_.billing_mode = BillingMode::kProvisioned;
  EXPECT_EQ(apply(update), "");
  EXPECT_EQ(table_.find_index("gsi")->throughput.read_capacity, 5);
  EXPECT_EQ(table_.find_index("gsi")->throughput.last_increase_ms, 1000);
  EXPECT_EQ(apply(create("by_x", "x")),
            "ValidationException: One or more parameter values were invalid: Both "
            "ReadCapacityUnits and WriteCapacityUnits must be specified for index: by_x");
}

TEST_F(IndexUpdatesTest, TwentyGlobalIndexesAtMost) {
  for (int i = 1; i < 20; ++i) {
    IndexInfo gsi;
    gsi.name = "g" + std::to_string(100 + i);
    gsi.hash_keys = {{"g", AttrType::S}};
    table_.indexes.push_back(gsi);
  }
  EXPECT_EQ(apply(create("by_x", "x")),
            "LimitExceededException: Subscriber limit exceeded: Number of global secondary "
            "indexes exceeds per-table limit of 20");
}

TEST_F(IndexUpdatesTest, APayPerRequestTableTurningProvisionedNamesIndexesWithoutThroughput) {
  IndexUpdates none;
  try {
    check_throughput_for_every_index(none, table_);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.message(),
              "One or more parameter values were invalid: ProvisionedThroughput must be "
              "specified for index: gsi");
  }
}

}  // namespace
}  // namespace cairn::api
