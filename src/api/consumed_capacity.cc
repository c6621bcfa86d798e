#include "api/consumed_capacity.h"

#include <charconv>
#include <map>
#include <string>

namespace cairn::api {
namespace {

// Units as DynamoDB prints its doubles: "1.0", "0.5", "22.0".
void write_units(JsonWriter& out, double units) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, units);
  std::string text(buf, end);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  out.raw_number(text);
}

// CapacityUnits, and with kPerAxis the read and write units that make it up.
void write_units_of(JsonWriter& out, const engine::Capacity& c, CapacityAxes axes) {
  out.key("CapacityUnits");
  write_units(out, c.total());
  if (axes != CapacityAxes::kPerAxis) return;
  if (c.read > 0) {
    out.key("ReadCapacityUnits");
    write_units(out, c.read);
  }
  if (c.write > 0) {
    out.key("WriteCapacityUnits");
    write_units(out, c.write);
  }
}

void write_capacity(JsonWriter& out, const engine::Capacity& c, CapacityAxes axes) {
  out.begin_object();
  write_units_of(out, c, axes);
  out.end_object();
}

// An index map appears only when an index was charged.
void write_index_map(JsonWriter& out, std::string_view member,
                     const std::map<std::string, engine::Capacity>& indexes, CapacityAxes axes) {
  if (indexes.empty()) return;
  out.key(member);
  out.begin_object();
  for (const auto& [name, c] : indexes) {
    out.key(name);
    write_capacity(out, c, axes);
  }
  out.end_object();
}

}  // namespace

CapacityDetail read_capacity_detail(const RequestReader& r) {
  auto v = r.string("ReturnConsumedCapacity");
  if (v == "TOTAL") return CapacityDetail::kTotal;
  if (v == "INDEXES") return CapacityDetail::kIndexes;
  return CapacityDetail::kNone;
}

engine::ConsumedCapacity* measured(engine::ConsumedCapacity& consumed, CapacityDetail detail,
                                   const engine::ThroughputLimiter& limiter) {
  return detail != CapacityDetail::kNone || limiter.enforcing() ? &consumed : nullptr;
}

void write_capacity_object(JsonWriter& out, std::string_view table_name,
                           const engine::ConsumedCapacity& consumed, CapacityDetail detail,
                           CapacityAxes axes) {
  out.begin_object();
  out.field("TableName", table_name);
  write_units_of(out, consumed.total(), axes);
  if (detail == CapacityDetail::kIndexes) {
    // The table's share is always named, 0.0 for a read of an index alone.
    out.key("Table");
    write_capacity(out, consumed.table, axes);
    write_index_map(out, "LocalSecondaryIndexes", consumed.local_indexes, axes);
    write_index_map(out, "GlobalSecondaryIndexes", consumed.global_indexes, axes);
  }
  out.end_object();
}

void write_consumed_capacity(JsonWriter& out, std::string_view table_name,
                             const engine::ConsumedCapacity& consumed, CapacityDetail detail) {
  if (detail == CapacityDetail::kNone) return;
  out.key("ConsumedCapacity");
  write_capacity_object(out, table_name, consumed, detail, CapacityAxes::kTotalOnly);
}

void write_consumed_capacity_list(JsonWriter& out, const std::vector<TableConsumption>& tables,
                                  CapacityDetail detail, CapacityAxes axes) {
  if (detail == CapacityDetail::kNone) return;
  out.key("ConsumedCapacity");
  out.begin_array();
  for (const auto& t : tables) write_capacity_object(out, t.table_name, t.consumed, detail, axes);
  out.end_array();
}

void add_table_consumption(std::vector<TableConsumption>& tables, std::string_view table_name,
                           const engine::ConsumedCapacity& consumed) {
  for (auto& t : tables) {
    if (t.table_name == table_name) {
      t.consumed += consumed;
      return;
    }
  }
  tables.push_back({table_name, consumed});
}

}  // namespace cairn::api
