// StreamSpecification: reading it from CreateTable and UpdateTable, applying it to a
// table's metadata with DynamoDB's rules, and the view type names.
#pragma once

#include <optional>
#include <string_view>

#include "api/constraints.h"
#include "api/request_reader.h"
#include "engine/table_info.h"

namespace cairn::api {

struct StreamSpec {
  bool present = false;
  bool enabled = false;
  std::optional<engine::StreamViewType> view_type;
};

// Reads the request's StreamSpecification member; member-shape failures go to c.
StreamSpec read_stream_specification(const RequestReader& request, Constraints& c);

// CreateTable: a table created with StreamEnabled gets its first stream. ValidationException
// when an enabled stream has no view type or a disabled one has one.
void apply_stream_on_create(engine::TableInfo& table, const StreamSpec& spec);
// UpdateTable: enables a new stream or disables the current one; ValidationException for a
// view type missing (enabling) or present (disabling), for enabling a table whose stream is
// enabled, and for disabling one without an enabled stream.
void apply_stream_update(engine::TableInfo& table, const StreamSpec& spec);

std::string_view view_type_name(engine::StreamViewType type);

}  // namespace cairn::api
