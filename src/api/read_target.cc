#include "api/read_target.h"

#include "engine/index_keys.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

using engine::IndexKind;
using engine::ProjectionType;

engine::TableInfo view_of(const engine::TableInfo& table, const engine::IndexInfo& index) {
  engine::TableInfo v;
  v.name = table.name;
  v.arn = table.arn;
  v.storage_id = index.storage_id;
  v.hash_key = index.hash_keys.front();
  if (!index.range_keys.empty()) v.range_key = index.range_keys.front();
  v.attribute_definitions = table.attribute_definitions;
  return v;
}

// The attributes a ProjectionExpression/AttributesToGet names that the index lacks.
std::string unprojected(const ReadTarget& t, const PageRequest& request) {
  std::string missing;
  if (!request.projection) return missing;
  for (const auto& path : request.projection->paths) {
    if (!engine::index_projects(*t.table, *t.index, path.top())) {
      missing += (missing.empty() ? "" : ", ") + path.top();
    }
  }
  return missing;
}

}  // namespace

ReadTarget resolve_read_target(const engine::TableInfo& table, const PageRequest& request) {
  ReadTarget t;
  t.table = &table;
  t.keys = &table;
  if (!request.index_name) return t;
  t.index = table.find_index(*request.index_name);
  if (!t.index) {
    throw ApiError::validation("The table does not have the specified index: " +
                               std::string(*request.index_name));
  }
  if (t.is_gsi() && request.consistent) {
    throw ApiError::validation("Consistent reads are not supported on global secondary indexes");
  }
  if (t.index->status == engine::IndexStatus::kCreating) {
    throw ApiError::validation("Cannot read from backfilling global secondary index: " +
                               t.index->name);
  }
  t.index_view = view_of(table, *t.index);
  t.keys = &*t.index_view;
  if (t.index->projection == ProjectionType::kAll) return t;
  const bool all_attributes = request.select == "ALL_ATTRIBUTES";
  const std::string missing = unprojected(t, request);
  if (t.is_gsi()) {
    if (all_attributes) {
      throw ApiError::validation(
          "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
          "supported for global secondary index " +
          t.index->name + " because its projection type is not ALL");
    }
    if (!missing.empty()) {
      throw ApiError::validation(
          "One or more parameter values were invalid: Global secondary index " + t.index->name +
          " does not project the attributes: [" + missing + "]");
    }
  } else {
    t.fetch_from_table = all_attributes || !missing.empty();
  }
  return t;
}

}  // namespace cairn::api
