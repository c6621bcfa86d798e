// CreateTable's LocalSecondaryIndexes and GlobalSecondaryIndexes: member checks, DynamoDB's
// semantic checks in its order and words, and the IndexInfos they produce.
#include "api/index_spec.h"

#include <gtest/gtest.h>

#include "model/api_error.h"

namespace cairn::api {
namespace {

using engine::BillingMode;
using engine::IndexInfo;
using engine::IndexKind;
using engine::ProjectionType;
using engine::TableInfo;

const std::string kInvalid = "ValidationException: One or more parameter values were invalid: ";

class IndexSpecTest : public ::testing::Test {
 protected:
  IndexSpecTest() {
    table_.hash_key = {"pk", AttrType::S};
    table_.range_key = engine::KeyElement{"sk", AttrType::S};
    table_.billing_mode = BillingMode::kPayPerRequest;
    define({"pk", "sk", "a", "b"});
  }

  // The request's AttributeDefinitions, in order: strings, but "n" is a number.
  void define(const std::vector<std::string>& names) {
    definitions_ = names;
    table_.attribute_definitions.clear();
    for (const auto& n : names)
      table_.attribute_definitions[n] = n == "n" ? AttrType::N : AttrType::S;
  }

  // Reads {"LocalSecondaryIndexes":..., "GlobalSecondaryIndexes":...} against table_;
  // "" (and indexes_ set) or the error.
  std::string read(const std::string& json) {
    try {
      auto doc = parser_.parse(json).value();
      RequestReader r(doc.get_object().value());
      Constraints c;
      TableIndexSpecs specs = read_table_index_specs(r, c);
      c.throw_if_any();
      indexes_ = read_table_indexes(specs, table_, definitions_);
    } catch (const ApiError& e) {
      return std::string(e.name()) + ": " + std::string(e.message());
    }
    return "";
  }

  // One index element: keys as "name:HASH,name:RANGE", then the rest of the object.
  static std::string index(const std::string& name, const std::string& keys,
                           const std::string& rest = R"("Projection":{"ProjectionType":"ALL"})") {
    std::string ks;
    size_t start = 0;
    while (start < keys.size()) {
      size_t end = keys.find(',', start);
      if (end == std::string::npos) end = keys.size();
      const std::string k = keys.substr(start, end - start);
      const size_t colon = k.find(':');
      ks += std::string(ks.empty() ? "" : ",") + R"({"AttributeName":")" + k.substr(0, colon) +
            R"(","KeyType":")" + k.substr(colon + 1) + R"("})";
      start = end + 1;
    }
    return R"({"IndexName":")" + name + R"(","KeySchema":[)" + ks + "]" +
           (rest.empty() ? "" : "," + rest) + "}";
  }
  static std::string gsis(const std::string& list) {
    return R"({"GlobalSecondaryIndexes":[)" + list + "]}";
  }
  static std::string lsis(const std::string& list) {
    return R"({"LocalSecondaryIndexes":[)" + list + "]}";
  }

  simdjson::dom::parser parser_;
  TableInfo table_;
  std::vector<std::string> definitions_;
  std::vector<IndexInfo> indexes_;
};

TEST_F(IndexSpecTest, GlobalIndexWithMultiAttributeKeys) {
  define({"pk", "sk", "a", "b", "n"});
  ASSERT_EQ(read(gsis(index("gsi1", "a:HASH,b:HASH,n:RANGE"))), "");
  ASSERT_EQ(indexes_.size(), 1u);
  EXPECT_EQ(indexes_[0].kind, IndexKind::kGlobal);
  ASSERT_EQ(indexes_[0].hash_keys.size(), 2u);
  EXPECT_EQ(indexes_[0].hash_keys[1].name, "b");
  ASSERT_EQ(indexes_[0].range_keys.size(), 1u);
  EXPECT_EQ(indexes_[0].range_keys[0].type, AttrType::N);
}

TEST_F(IndexSpecTest, LocalIndexesComeFirstWithTheirProjection) {
  define({"pk", "sk", "a", "n"});
  ASSERT_EQ(
      read(R"({"GlobalSecondaryIndexes":[)" + index("gsi1", "a:HASH") +
           R"(],"LocalSecondaryIndexes":[)" +
           index("lsi1", "pk:HASH,n:RANGE",
                 R"("Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["z","y"]})") +
           "]}"),
      "");
  ASSERT_EQ(indexes_.size(), 2u);
  EXPECT_EQ(indexes_[0].name, "lsi1");
  EXPECT_EQ(indexes_[0].kind, IndexKind::kLocal);
  EXPECT_EQ(indexes_[0].projection, ProjectionType::kInclude);
  EXPECT_EQ(indexes_[0].non_key_attributes, (std::vector<std::string>{"z", "y"}));
  EXPECT_EQ(indexes_[1].name, "gsi1");
}

TEST_F(IndexSpecTest, MemberChecksAreReportedTogether) {
  EXPECT_EQ(read(gsis(index("h;", "", R"("Projection":{"ProjectionType":"all"})"))),
            "ValidationException: 4 validation errors detected: Value 'h;' at "
            "'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member "
            "must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'h;' at "
            "'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: Member "
            "must have length greater than or equal to 3; Value '[]' at "
            "'globalSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: Member "
            "must have length greater than or equal to 1; Value 'all' at "
            "'globalSecondaryIndexes.1.member.projection.projectionType' failed to satisfy "
            "constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]");
}

TEST_F(IndexSpecTest, LocalKeySchemaHasAtMostTwoElements) {
  EXPECT_EQ(read(lsis(index("lsi1", "pk:HASH,a:RANGE,b:RANGE"))),
            "ValidationException: 1 validation error detected: Value "
            "'[KeySchemaElement(attributeName=pk, keyType=HASH), "
            "KeySchemaElement(attributeName=a, keyType=RANGE), KeySchemaElement(attributeName=b, "
            "keyType=RANGE)]' at 'localSecondaryIndexes.1.member.keySchema' failed to satisfy "
            "constraint: Member must have length less than or equal to 2");
}

TEST_F(IndexSpecTest, GlobalKeySchemaRules) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a:RANGE",
       "ValidationException: Invalid KeySchema: The first KeySchemaElement is not a "
       "HASH key type"},
      {"a:HASH,b:RANGE,pk:HASH",
       kInvalid + "All HASH key attributes must precede RANGE key attributes in the KeySchema"},
      {"a:HASH,b:HASH,pk:HASH,sk:HASH,a:HASH",
       kInvalid + "The KeySchema exceeds the maximum allowed number of HASH key attributes"},
      {"a:HASH,b:RANGE,pk:RANGE,sk:RANGE,a:RANGE,b:RANGE",
       kInvalid + "The KeySchema exceeds the maximum allowed number of RANGE key attributes"},
      {"a:HASH,a:RANGE",
       "ValidationException: Both the Hash Key and the Range Key element in "
       "the KeySchema have the same name"},
      {"a:HASH,a:HASH",
       "ValidationException: The KeySchema contains multiple key attributes "
       "with the same name"},
      {"a:HASH,b:HASH,a:RANGE",
       "ValidationException: The KeySchema contains multiple key "
       "attributes with the same name"},
  };
  for (const auto& [keys, expected] : cases) {
    EXPECT_EQ(read(gsis(index("gsi1", keys))), expected) << keys;
  }
}

TEST_F(IndexSpecTest, LocalKeySchemaRules) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"pk:HASH,pk:RANGE",
       "ValidationException: Both the Hash Key and the Range Key element in "
       "the KeySchema have the same name"},
      {"pk:RANGE",
       "ValidationException: Invalid KeySchema: The first KeySchemaElement is not a "
       "HASH key type"},
      {"pk:HASH,a:HASH",
       "ValidationException: Invalid KeySchema: The second KeySchemaElement is "
       "not a RANGE key type"},
      {"pk:HASH", kInvalid + "Index KeySchema does not have a range key for index: lsi1"},
      {"a:HASH,pk:RANGE", kInvalid + "Index KeySchema does not have the same leading hash key as "
                                     "table KeySchema for index: lsi1. index hash key: a, table "
                                     "hash key: pk"},
  };
  for (const auto& [keys, expected] : cases) {
    EXPECT_EQ(read(lsis(index("lsi1", keys))), expected) << keys;
  }
}

TEST_F(IndexSpecTest, LocalIndexesNeedATableSortKey) {
  table_.range_key.reset();
  EXPECT_EQ(read(lsis(index("lsi1", "pk:HASH,a:RANGE"))),
            kInvalid +
                "Table KeySchema does not have a range key, which is required when "
                "specifying a LocalSecondaryIndex");
}

TEST_F(IndexSpecTest, EmptyListsAreRefused) {
  EXPECT_EQ(read(lsis("")), kInvalid + "List of LocalSecondaryIndexes is empty");
  EXPECT_EQ(read(gsis("")), kInvalid + "List of GlobalSecondaryIndexes is empty");
}

TEST_F(IndexSpecTest, AttributeDefinitionsMustMatchTheKeysUsed) {
  // Keys and definitions are listed as DynamoDB lists these sets (Java HashSet order).
  define({"pk", "sk"});
  EXPECT_EQ(read(gsis(index("gsi1", "q:HASH"))),
            kInvalid +
                "Some index key attributes are not defined in AttributeDefinitions. "
                "Keys: [q], AttributeDefinitions: [sk, pk]");
  define({"sk", "a", "b", "pk", "c"});
  EXPECT_EQ(read(gsis(index("gsi1", "a:HASH"))),
            kInvalid +
                "Some AttributeDefinitions are not used. AttributeDefinitions: "
                "[sk, a, b, pk, c], keys used: [a, sk, pk]");
}

TEST_F(IndexSpecTest, AnUnusedDefinitionHidesProjectionAndNameErrorsButNotKeyErrors) {
  define({"pk", "sk", "a", "unused"});
  EXPECT_EQ(read(gsis(index("gsi1", "a:HASH", R"("Projection":{})"))),
            kInvalid +
                "Some AttributeDefinitions are not used. AttributeDefinitions: "
                "[pk, sk, a, unused], keys used: [a, sk, pk]");
  EXPECT_EQ(read(gsis(index("gsi1", "a:HASH,a:HASH"))),
            "ValidationException: The KeySchema contains multiple key attributes with the same "
            "name");
}

TEST_F(IndexSpecTest, ProjectionRules) {
  define({"pk", "sk", "a"});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("Projection":{})", kInvalid + "Unknown ProjectionType: null"},
      {R"("Projection":{"ProjectionType":"INCLUDE"})",
       kInvalid + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified"},
      {R"("Projection":{"ProjectionType":"KEYS_ONLY","NonKeyAttributes":["x"]})",
       kInvalid + "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified"},
      {R"("Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["x","y","x"]})",
       kInvalid + "Duplicate element in NonKeyAttributes: x"},
  };
  for (const auto& [projection, expected] : cases) {
    EXPECT_EQ(read(gsis(index("gsi1", "a:HASH", projection))), expected) << projection;
  }
}

TEST_F(IndexSpecTest, GlobalIndexThroughputFollowsTheBillingMode) {
  define({"pk", "sk", "a"});
  const std::string throughput =
      R"("Projection":{"ProjectionType":"ALL"},)"
      R"("ProvisionedThroughput":{"ReadCapacityUnits":3,"WriteCapacityUnits":4})";
  EXPECT_EQ(read(gsis(index("gsi1", "a:HASH", throughput))),
            kInvalid +
                "ProvisionedThroughput should not be specified for index: gsi1 when "
                "BillingMode is PAY_PER_REQUEST");
  table_.billing_mode = BillingMode::kProvisioned;
  EXPECT_EQ(read(gsis(index("gsi1", "a:HASH"))),
            kInvalid + "ProvisionedThroughput is not specified for index: gsi1");
  ASSERT_EQ(read(gsis(index("gsi1", "a:HASH", throughput))), "");
  EXPECT_EQ(indexes_[0].throughput.read_capacity, 3);
  EXPECT_EQ(indexes_[0].throughput.write_capacity, 4);
}

TEST_F(IndexSpecTest, IndexNamesAreUniqueAcrossLocalAndGlobal) {
  define({"pk", "sk", "a"});
  EXPECT_EQ(read(R"({"LocalSecondaryIndexes":[)" + index("same", "pk:HASH,a:RANGE") +
                 R"(],"GlobalSecondaryIndexes":[)" + index("same", "a:HASH") + "]}"),
            kInvalid + "Duplicate index name: same");
}

TEST_F(IndexSpecTest, IndexCountLimits) {
  define({"pk", "sk", "a"});
  std::string list;
  for (int i = 0; i < 6; ++i) {
    list += (i ? "," : "") + index("lsi" + std::to_string(i), "pk:HASH,a:RANGE");
  }
  EXPECT_EQ(read(lsis(list)), kInvalid +
                                  "Number of LocalSecondaryIndexes exceeds per-table "
                                  "limit of 5");
  list.clear();
  for (int i = 0; i < 21; ++i) list += (i ? "," : "") + index("gsi" + std::to_string(i), "a:HASH");
  EXPECT_EQ(read(gsis(list)),
            kInvalid + "GlobalSecondaryIndex count exceeds the per-table limit of 20");
}

TEST_F(IndexSpecTest, NonKeyAttributesSummedOverIndexesAreLimited) {
  define({"pk", "sk", "a"});
  std::string list;
  for (int i = 0; i < 6; ++i) {
    std::string names;
    for (int k = 0; k < 20; ++k)
      names += std::string(k ? "," : "") + "\"x" + std::to_string(k) + "\"";
    list +=
        (i ? "," : "") +
        index("gsi" + std::to_string(i), "a:HASH",
              R"("Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":[)" + names + "]}");
  }
  EXPECT_EQ(read(gsis(list)),
            kInvalid + "Number of projected attributes in all indexes exceeds limit of 100");
}

TEST(KeySchemaText, RendersAsDynamoDBsValidatorDoes) {
  EXPECT_EQ(key_schema_text({{"p", "HASH"}, {"c", "RANGE"}}),
            "[KeySchemaElement(attributeName=p, keyType=HASH), "
            "KeySchemaElement(attributeName=c, keyType=RANGE)]");
}

}  // namespace
}  // namespace cairn::api
