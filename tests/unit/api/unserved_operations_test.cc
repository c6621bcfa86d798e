#include "api/unserved_operations.h"

#include <gtest/gtest.h>

namespace cairn::api {
namespace {

TEST(UnservedOperationsTest, KnowsDynamoDbsOperations) {
  for (const char* op : {"ExecuteStatement", "CreateBackup", "BatchExecuteStatement", "PutItem",
                         "UpdateTimeToLive", "ExportTableToPointInTime"}) {
    EXPECT_TRUE(is_dynamodb_operation(op)) << op;
  }
  for (const char* op : {"", "putitem", "PutItems", "GetRecords", "Foo"}) {
    EXPECT_FALSE(is_dynamodb_operation(op)) << op;
  }
}

}  // namespace
}  // namespace cairn::api
