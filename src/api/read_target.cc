#include "api/read_target.h"

#include <algorithm>
#include <string>
#include <vector>

#include "engine/index_keys.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

using engine::ProjectionType;

// A list as DynamoDB's messages render one: "[a, b]".
std::string listing(const std::vector<std::string_view>& names) {
  std::string s = "[";
  for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + std::string(names[i]);
  return s + "]";
}

// The attributes a ProjectionExpression/AttributesToGet names that the index lacks, each
// once, in the order named.
std::vector<std::string_view> unprojected_in_projection(const ReadTarget& t,
                                                        const PageRequest& request) {
  std::vector<std::string_view> missing;
  if (!request.projection) return missing;
  for (const auto& path : request.projection->paths) {
    const std::string_view top = path.top();
    if (engine::index_projects(*t.table, *t.index, top)) continue;
    if (std::find(missing.begin(), missing.end(), top) == missing.end()) missing.push_back(top);
  }
  return missing;
}

// The attributes the filter reads that the index lacks.
std::vector<std::string> unprojected_in_filter(const ReadTarget& t, const PageRequest& request) {
  std::vector<std::string> missing;
  if (!request.filter) return missing;
  for (const auto& name : expr::attributes_read_by(*request.filter)) {
    if (!engine::index_projects(*t.table, *t.index, name)) missing.push_back(name);
  }
  return missing;
}

}  // namespace

ReadTarget resolve_read_target(const engine::TableInfo& table, const PageRequest& request) {
  ReadTarget t;
  t.table = &table;
  if (!request.index_name) {
    t.keys = engine::KeySchema::of(table);
    return t;
  }
  t.index = table.find_index(*request.index_name);
  if (!t.index) {
    throw ApiError::validation("The table does not have the specified index: " +
                               std::string(*request.index_name));
  }
  if (t.is_gsi() && request.consistent) {
    throw ApiError::validation("Consistent reads are not supported on global secondary indexes");
  }
  if (t.index->status == engine::IndexStatus::kCreating) {
    throw ApiError::validation("Cannot read from backfilling global secondary index");
  }
  t.keys = engine::KeySchema::of(table, *t.index);
  return t;
}

void apply_index_projection(ReadTarget& t, const PageRequest& request) {
  if (!t.index || t.index->projection == ProjectionType::kAll) return;
  const bool all_attributes = request.select == "ALL_ATTRIBUTES";
  const auto in_projection = unprojected_in_projection(t, request);
  const auto in_filter = unprojected_in_filter(t, request);
  if (!t.is_gsi()) {
    const bool asked = all_attributes || !in_projection.empty();
    t.fetch_from_table = asked || !in_filter.empty();
    t.project_fetched = t.fetch_from_table && !asked && !request.projection;
    return;
  }
  const std::string invalid = "One or more parameter values were invalid: ";
  if (all_attributes) {
    throw ApiError::validation(invalid + "Select type ALL_ATTRIBUTES is not supported for global " +
                               "secondary index " + t.index->name +
                               " because its projection type is not ALL");
  }
  if (!in_projection.empty()) {
    throw ApiError::validation(invalid + "Global secondary index " + t.index->name +
                               " does not project " + listing(in_projection));
  }
  // A Scan of a GSI is served whatever its filter reads: the filter sees the index's rows,
  // where an attribute the index does not project is absent. Only a Query is refused.
  const bool is_query = request.key_terms.has_value();
  if (!in_filter.empty() && is_query) {
    throw ApiError::validation(
        invalid + "Secondary index " + t.index->name +
        " does not project one or more filter attributes: " +
        listing(std::vector<std::string_view>(in_filter.begin(), in_filter.end())));
  }
}

}  // namespace cairn::api
