#include "api/stream_spec.h"

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

// An enabled stream needs its view type; a disabled one takes none.
void check_view_type(const StreamSpec& spec) {
  if (spec.enabled && !spec.view_type) {
    throw ApiError::validation(
        "StreamSpecification: StreamViewType is required when streams are enabled");
  }
}

engine::TableStream new_stream(StreamViewType view) {
  engine::TableStream s;
  s.view_type = view;
  s.enabled = true;
  return s;  // the catalogue assigns its id, label and creation time
}

}  // namespace

void apply_stream_on_create(engine::TableInfo& table, const StreamSpec& spec) {
  if (!spec.present || !spec.enabled) return;
  check_view_type(spec);
  table.stream = new_stream(*spec.view_type);
}

void apply_stream_update(engine::TableInfo& table, const StreamSpec& spec) {
  if (spec.enabled) {
    if (table.stream_enabled()) {
      throw ApiError::validation("Table already has an enabled stream: TableName: " + table.name);
    }
    check_view_type(spec);
    table.stream = new_stream(*spec.view_type);
    return;
  }
  if (!table.stream_enabled()) {
    throw ApiError::validation("Table does not have a stream to disable: TableName: " + table.name);
  }
  table.stream->enabled = false;
}

}  // namespace cairn::api
