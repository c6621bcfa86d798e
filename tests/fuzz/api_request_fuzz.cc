// libFuzzer target: the DynamoDB JSON protocol end to end, below HTTP: the JSON request
// reader, every operation's validation, expressions, and the engine over an in-memory
// RocksDB. The first byte chooses the operation, the rest is the request body. Every
// answer must be a response or a DynamoDB error; a crash, leak or undefined behaviour is a
// finding. A few tables exist from the start so that requests get past "table not found".
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "api/dispatcher.h"
#include "api/output_buffer.h"
#include "engine/engine.h"
#include "storage/rocksdb_store.h"

namespace {

constexpr std::string_view kOperations[] = {
    "PutItem",          "GetItem",      "UpdateItem",
    "DeleteItem",       "Query",        "Scan",
    "BatchWriteItem",   "BatchGetItem", "TransactWriteItems",
    "TransactGetItems", "CreateTable",  "UpdateTable",
    "DescribeTable",    "DeleteTable",  "ListTables",
    "UpdateTimeToLive", "TagResource",  "ListTagsOfResource"};

struct Server {
  Server()
      : store({"/api-request-fuzz", /*in_memory=*/true, /*sync=*/false}),
        engine(store, cairn::engine::CatalogConfig{}),
        dispatcher(engine) {
    for (
        const char* body :
        {R"({"TableName":"t","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"g","AttributeType":"S"}],"GlobalSecondaryIndexes":[{"IndexName":"gsi","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}],"LocalSecondaryIndexes":[{"IndexName":"lsi","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"g","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],"StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}})",
         R"({"TableName":"h","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"k","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"k","AttributeType":"B"}]})"}) {
      run("CreateTable", body);
    }
  }
  int run(std::string_view operation, std::string body) {
    body.reserve(body.size() + cairn::api::kBodyPadding);
    return dispatcher.handle("DynamoDB_20120810." + std::string(operation), body, "localhost", out);
  }
  cairn::storage::RocksDbStore store;
  cairn::engine::Engine engine;
  cairn::api::Dispatcher dispatcher;
  cairn::api::OutputBuffer out;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Server* server = new Server();  // kept for the whole run, as a server is
  if (size == 0) return 0;
  const std::string_view operation = kOperations[data[0] % std::size(kOperations)];
  server->run(operation, std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  return 0;
}
