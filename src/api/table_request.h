// Request pieces CreateTable and UpdateTable share: key schemas, provisioned throughput,
// the SSE specification and the "parameter values were invalid" wording.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/constraints.h"
#include "api/request_reader.h"
#include "engine/table_info.h"
#include "model/api_error.h"

namespace cairn::api {

// "One or more parameter values were invalid: " + what.
ApiError invalid(std::string what);

struct KeySchemaEntry {
  std::string name;
  std::string type;  // HASH or RANGE
};

struct ParsedThroughput {
  bool present = false;
  std::optional<int64_t> read, write;
};

// A ProvisionedThroughput object (absent: present=false). member is its path in the
// validator's messages, e.g. "provisionedThroughput" or
// "globalSecondaryIndexes.1.member.provisionedThroughput".
ParsedThroughput parse_throughput(std::optional<JsonObject> object, const std::string& member,
                                  Constraints& c);

// Sets tp to the requested throughput, recording an increase or a decrease (and counting
// today's decreases) as DescribeTable reports them. requested must be present.
void apply_throughput(engine::Throughput& tp, const ParsedThroughput& requested, int64_t now);

// An AttributeDefinitions list: (name, type) pairs in request order, member constraints
// into c (DynamoDB's "attributeDefinitions.N.member..." paths).
std::vector<std::pair<std::string, std::string>> read_attribute_definitions(JsonArray defs,
                                                                            Constraints& c);

// Encryption at rest is DynamoDB's default (owned keys); asking for KMS keys is not
// supported yet.
// SSESpecification: nullopt without one; "" for Enabled false (DynamoDB's default key);
// else the KMS key ARN to show (KMSMasterKeyId as an ARN, alias or key id of the account,
// or the account's AWS-managed key). Cairn encrypts with its own key (decision 0029).
// member: the request member that holds it (RestoreTableFromBackup's is
// SSESpecificationOverride).
std::optional<std::string> read_sse_specification(const RequestReader& r, std::string_view account,
                                                  std::string_view region,
                                                  std::string_view member = "SSESpecification");

struct RequestContext;

// The table a CreateTable request describes (also ImportTable's TableCreationParameters):
// every member checked in DynamoDB's order and words; the account and region are the
// request's. Defined in table_ops.cc.
engine::TableInfo read_new_table(RequestContext& ctx, const RequestReader& r);

}  // namespace cairn::api
