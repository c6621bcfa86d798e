// ReturnConsumedCapacity: which detail a request asked for, and the ConsumedCapacity
// object DynamoDB returns: TableName and CapacityUnits (with ReadCapacityUnits or
// WriteCapacityUnits) for TOTAL; INDEXES adds the table's share ("Table") and each index's
// ("LocalSecondaryIndexes", "GlobalSecondaryIndexes").
#pragma once

#include <string_view>
#include <vector>

#include "api/json_writer.h"
#include "api/request_reader.h"
#include "engine/capacity.h"
#include "engine/throughput.h"

namespace cairn::api {

enum class CapacityDetail { kNone, kTotal, kIndexes };

// Which units an object carries. DynamoDB reports CapacityUnits alone for single-item
// operations, Query, Scan and the batches, and adds ReadCapacityUnits/WriteCapacityUnits,
// at every level, for the transactions (as captured against DynamoDB by another emulator's
// conformance work; DynamoDB Local omits them everywhere).
enum class CapacityAxes { kTotalOnly, kPerAxis };

// The request's ReturnConsumedCapacity (its enum is checked by check_return_options).
CapacityDetail read_capacity_detail(const RequestReader& r);

// Where an operation records what it consumed: when the client asked for it or throttling
// charges it; nullptr (measure nothing) otherwise.
engine::ConsumedCapacity* measured(engine::ConsumedCapacity& consumed, CapacityDetail detail,
                                   const engine::ThroughputLimiter& limiter);

// One ConsumedCapacity object.
void write_capacity_object(JsonWriter& out, std::string_view table_name,
                           const engine::ConsumedCapacity& consumed, CapacityDetail detail,
                           CapacityAxes axes);

// The "ConsumedCapacity" member of a single-table response, when asked for.
void write_consumed_capacity(JsonWriter& out, std::string_view table_name,
                             const engine::ConsumedCapacity& consumed, CapacityDetail detail);

// The "ConsumedCapacity" list of a multi-table response (batches, transactions): one object
// per table, in the order given, when asked for.
struct TableConsumption {
  std::string_view table_name;
  engine::ConsumedCapacity consumed;
};
void write_consumed_capacity_list(JsonWriter& out, const std::vector<TableConsumption>& tables,
                                  CapacityDetail detail,
                                  CapacityAxes axes = CapacityAxes::kTotalOnly);

// Adds consumed to the entry of table_name in tables (appending one if needed).
void add_table_consumption(std::vector<TableConsumption>& tables, std::string_view table_name,
                           const engine::ConsumedCapacity& consumed);

}  // namespace cairn::api
