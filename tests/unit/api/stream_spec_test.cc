#include "api/stream_spec.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "model/api_error.h"

namespace cairn::api {
namespace {

using engine::StreamViewType;

StreamSpec spec(bool enabled, std::optional<StreamViewType> view) {
  StreamSpec s;
  s.present = true;
  s.enabled = enabled;
  s.view_type = view;
  return s;
}

engine::TableInfo table(std::optional<bool> stream_enabled) {
  engine::TableInfo t;
  t.name = "t";
  if (stream_enabled) {
    engine::TableStream s;
    s.enabled = *stream_enabled;
    s.view_type = StreamViewType::kKeysOnly;
    t.stream = s;
  }
  return t;
}

// The ValidationException message a call throws, or "" when it throws nothing.
template <typename F>
std::string refusal(F&& f) {
  try {
    f();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.type(), ErrorType::kValidation);
    return std::string(e.message());
  }
  return "";
}

TEST(StreamSpecTest, CreateTableRules) {
  struct Case {
    StreamSpec spec;
    std::string error;
    bool stream;
  };
  const Case cases[] = {
      {StreamSpec{}, "", false},
      {spec(true, StreamViewType::kNewImage), "", true},
      {spec(false, std::nullopt), "", false},
      {spec(true, std::nullopt),
       "One or more parameter values were invalid: Table is being created with a stream "
       "enabled, UpdateViewType is required",
       false},
      {spec(false, StreamViewType::kKeysOnly),
       "One or more parameter values were invalid: Table is being created with a stream "
       "disabled, UpdateViewType should not be specified",
       false},
  };
  for (const Case& c : cases) {
    engine::TableInfo t = table(std::nullopt);
    EXPECT_EQ(refusal([&] { apply_stream_on_create(t, c.spec); }), c.error);
    EXPECT_EQ(t.stream.has_value(), c.stream) << c.error;
  }
}

TEST(StreamSpecTest, CreateTableKeepsTheViewType) {
  engine::TableInfo t = table(std::nullopt);
  apply_stream_on_create(t, spec(true, StreamViewType::kOldImage));
  ASSERT_TRUE(t.stream_enabled());
  EXPECT_EQ(t.stream->view_type, StreamViewType::kOldImage);
}

TEST(StreamSpecTest, UpdateTableRules) {
  struct Case {
    std::optional<bool> current;  // the table's stream: none, disabled or enabled
    StreamSpec spec;
    std::string error;
  };
  const Case cases[] = {
      {std::nullopt, spec(true, StreamViewType::kKeysOnly), ""},
      {false, spec(true, StreamViewType::kKeysOnly), ""},
      {true, spec(false, std::nullopt), ""},
      // The specification's own shape is checked before the table's state.
      {true, spec(true, std::nullopt),
       "One or more parameter values were invalid: If stream is being enabled then "
       "UpdateViewType is required"},
      {true, spec(false, StreamViewType::kKeysOnly),
       "One or more parameter values were invalid: If stream is being disabled, then "
       "UpdateViewType must not be specified"},
      // Same view type or another: a stream's view type cannot change in place.
      {true, spec(true, StreamViewType::kKeysOnly),
       "Table already has an enabled stream: TableName: t"},
      {true, spec(true, StreamViewType::kNewImage),
       "Table already has an enabled stream: TableName: t"},
      {std::nullopt, spec(false, std::nullopt), "Table has no stream to disable: TableName: t"},
      {false, spec(false, std::nullopt), "Table has no stream to disable: TableName: t"},
  };
  for (const Case& c : cases) {
    engine::TableInfo t = table(c.current);
    EXPECT_EQ(refusal([&] { apply_stream_update(t, c.spec); }), c.error);
  }
}

TEST(StreamSpecTest, EnablingAgainStartsANewStream) {
  engine::TableInfo t = table(false);
  t.stream->stream_id = 5;
  apply_stream_update(t, spec(true, StreamViewType::kNewAndOldImages));
  ASSERT_TRUE(t.stream_enabled());
  EXPECT_EQ(t.stream->stream_id, 0u);  // the catalogue assigns a fresh one
  EXPECT_EQ(t.stream->view_type, StreamViewType::kNewAndOldImages);
}

TEST(StreamSpecTest, DisablingKeepsTheStreamAsTheLatest) {
  engine::TableInfo t = table(true);
  apply_stream_update(t, spec(false, std::nullopt));
  ASSERT_TRUE(t.stream.has_value());
  EXPECT_FALSE(t.stream->enabled);
}

}  // namespace
}  // namespace cairn::api
