#include "api/stream_spec.h"

#include "api/table_request.h"
#include "model/api_error.h"

namespace cairn::api {

using engine::StreamViewType;

std::string_view view_type_name(StreamViewType type) {
  switch (type) {
    case StreamViewType::kKeysOnly:
      return "KEYS_ONLY";
    case StreamViewType::kNewImage:
      return "NEW_IMAGE";
    case StreamViewType::kOldImage:
      return "OLD_IMAGE";
    case StreamViewType::kNewAndOldImages:
      break;
  }
  return "NEW_AND_OLD_IMAGES";
}

StreamSpec read_stream_specification(const RequestReader& request, Constraints& c) {
  StreamSpec spec;
  auto object = request.object("StreamSpecification");
  if (!object) return spec;
  spec.present = true;
  RequestReader r(*object);
  auto enabled = r.boolean("StreamEnabled");
  if (!enabled) c.not_null("streamSpecification.streamEnabled");
  spec.enabled = enabled.value_or(false);
  if (auto view = r.string("StreamViewType")) {
    if (c.one_of(*view, "streamSpecification.streamViewType",
                 {"NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"})) {
      for (auto type : {StreamViewType::kKeysOnly, StreamViewType::kNewImage,
                        StreamViewType::kOldImage, StreamViewType::kNewAndOldImages}) {
        if (*view == view_type_name(type)) spec.view_type = type;
      }
    }
  }
  return spec;
}

namespace {

engine::TableStream new_stream(StreamViewType view) {
  engine::TableStream s;
  s.view_type = view;
  s.enabled = true;
  return s;  // the catalogue assigns its id, label and creation time
}

}  // namespace

// DynamoDB's CreateTable wants a view type exactly when the stream is enabled.
void apply_stream_on_create(engine::TableInfo& table, const StreamSpec& spec) {
  if (!spec.present) return;
  if (spec.enabled && !spec.view_type) {
    throw invalid("Table is being created with a stream enabled, UpdateViewType is required");
  }
  if (!spec.enabled && spec.view_type) {
    throw invalid(
        "Table is being created with a stream disabled, UpdateViewType should not be specified");
  }
  if (spec.enabled) table.stream = new_stream(*spec.view_type);
}

// UpdateTable checks the specification's own shape first (as DynamoDB: enabling an already
// enabled stream without a view type is refused for the missing view type), then the
// table's state. A stream's view type cannot be changed in place: DynamoDB refuses any
// enable on a table whose stream is enabled, whatever the view type.
void apply_stream_update(engine::TableInfo& table, const StreamSpec& spec) {
  if (spec.enabled && !spec.view_type) {
    throw invalid("If stream is being enabled then UpdateViewType is required");
  }
  if (!spec.enabled && spec.view_type) {
    throw invalid("If stream is being disabled, then UpdateViewType must not be specified");
  }
  if (spec.enabled) {
    if (table.stream_enabled()) {
      throw ApiError::validation("Table already has an enabled stream: TableName: " + table.name);
    }
    table.stream = new_stream(*spec.view_type);
    return;
  }
  if (!table.stream_enabled()) {
    throw ApiError::validation("Table has no stream to disable: TableName: " + table.name);
  }
  table.stream->enabled = false;
}

}  // namespace cairn::api
