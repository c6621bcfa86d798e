// libFuzzer target: the lines ImportTable reads from a bucket (api/import_format.h), which
// come from files nobody vouches for. Each input is split into lines and fed to a DynamoDB
// JSON parser, an Ion parser and a CSV parser (header first) of a table keyed by a string, a number
// and a binary: every line is an item or an ApiError, never a crash, a hang or a leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/import_format.h"
#include "model/api_error.h"

namespace {

void feed(cairn::backup::ImportLineParser& parser, std::string_view text) {
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    try {
      parser.parse(text.substr(start, end - start));
    } catch (const cairn::ApiError&) {
    }
    start = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cairn::backup::ImportRecord record;
  record.table.attribute_definitions = {
      {"pk", cairn::AttrType::S}, {"n", cairn::AttrType::N}, {"b", cairn::AttrType::B}};
  const cairn::api::ImportInputFormat format;
  record.input_format = "DYNAMODB_JSON";
  feed(*format.parser(record), text);
  record.input_format = "ION";
  feed(*format.parser(record), text);
  record.input_format = "CSV";
  record.csv_delimiter = size > 0 && data[0] % 2 ? ";" : "";
  feed(*format.parser(record), text);
  return 0;
}
