// Secondary index specifications in CreateTable (LocalSecondaryIndexes,
// GlobalSecondaryIndexes) and UpdateTable (GlobalSecondaryIndexUpdates' Create): reading
// them with DynamoDB's member checks, then its semantic checks, into engine::IndexInfo.
//
// Reading is two steps, as DynamoDB's are: read_index_spec records member-constraint
// failures (lengths, patterns, enums) in the request's Constraints, reported together with
// the rest of the request's; the semantic checks (read_global_index, read_table_indexes)
// run after Constraints::throw_if_any and throw the first failure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/constraints.h"
#include "api/request_reader.h"
#include "api/table_request.h"
#include "engine/table_info.h"

namespace cairn::api {

// One index as the request states it, member checks done, nothing resolved yet.
struct IndexSpec {
  std::string name;
  std::vector<KeySchemaEntry> key_schema;
  std::optional<std::string> projection_type;                  // absent: Projection lacks it
  std::optional<std::vector<std::string>> non_key_attributes;  // absent: not given
  bool has_projection = false;
  ParsedThroughput throughput;  // GSIs only
};

// Reads one LocalSecondaryIndexes or GlobalSecondaryIndexes element (or an UpdateTable
// Create). at is its member path with a trailing dot, e.g.
// "globalSecondaryIndexes.1.member." or "globalSecondaryIndexUpdates.1.member.create.".
// Wrong JSON types throw SerializationException; constraint failures go into c. An LSI's
// KeySchema may list 2 elements at most; a GSI's has no member limit (multi-attribute
// keys: up to 4 HASH and 4 RANGE, a semantic check).
IndexSpec read_index_spec(JsonObject spec, engine::IndexKind kind, const std::string& at,
                          Constraints& c);

// The semantic checks of one GSI and the IndexInfo it describes (storage id 0, status
// ACTIVE, created_ms unset: the caller sets what differs, e.g. CREATING for UpdateTable),
// in DynamoDB's order: key attributes defined, key schema shape (HASH entries first, at
// most 4 + 4, no attribute twice), projection, throughput (in CreateTable's words).
// definitions: every attribute type known (for UpdateTable, the table's merged with the
// request's AttributeDefinitions); billing: the table's billing mode (ProvisionedThroughput
// required when PROVISIONED, refused when PAY_PER_REQUEST). Does not check the name
// against other indexes nor the NonKeyAttributes total; see the functions below.
engine::IndexInfo read_global_index(const IndexSpec& spec,
                                    const std::map<std::string, AttrType>& definitions,
                                    engine::BillingMode billing);

// DynamoDB's limit on NonKeyAttributes summed over all a table's indexes (100): throws its
// error when indexes exceed it.
void check_non_key_attribute_total(const std::vector<engine::IndexInfo>& indexes);

// CreateTable's LocalSecondaryIndexes and GlobalSecondaryIndexes members, read with their
// member checks into c (absent: nullopt; present: the specs, possibly empty).
struct TableIndexSpecs {
  std::optional<std::vector<IndexSpec>> local;
  std::optional<std::vector<IndexSpec>> global;
};
TableIndexSpecs read_table_index_specs(const RequestReader& r, Constraints& c);

// CreateTable's semantic checks of its indexes against the table t (keys, attribute
// definitions, billing mode already set) and the IndexInfos, LSIs first. The attribute
// definitions each must be used by the table's or an index's key schema; this checks that
// too, so CreateTable's own count check only applies without indexes. definitions: the
// request's AttributeDefinitions names, in request order (DynamoDB's message lists them so).
std::vector<engine::IndexInfo> read_table_indexes(const TableIndexSpecs& specs,
                                                  const engine::TableInfo& t,
                                                  const std::vector<std::string>& definitions);

// A key schema as DynamoDB's validator prints it in a constraint failure:
// "[KeySchemaElement(attributeName=p, keyType=HASH), ...]".
std::string key_schema_text(const std::vector<KeySchemaEntry>& key_schema);

}  // namespace cairn::api
