#include "api/import_format.h"

#include "api/attribute_json.h"
#include "api/base64.h"
#include "api/ion_text.h"
#include "model/api_error.h"
#include "model/number.h"

namespace cairn::api {
namespace {

class DynamoDbJsonLines : public backup::ImportLineParser {
 public:
  std::optional<Item> parse(std::string_view line) override { return parse_json(line); }

 protected:
  Item parse_json(std::string_view line) {
    simdjson::padded_string padded(line);
    JsonElement root;
    if (parser_.parse(padded).get(root)) {
      throw ApiError::validation("The line is not valid JSON");
    }
    JsonObject object, item;
    if (root.get_object().get(object) || object["Item"].get_object().get(item)) {
      throw ApiError::validation("The line is not an object with an Item member");
    }
    return parse_item(item);
  }

 private:
  simdjson::dom::parser parser_;
};

// Ion lines ($ion_1_0 {Item:{...}}), read as the DynamoDB JSON they stand for.
class IonLines : public DynamoDbJsonLines {
 public:
  std::optional<Item> parse(std::string_view line) override {
    return parse_json(ion_line_as_dynamodb_json(line));
  }
};

// One line of CSV split at the delimiter, with RFC 4180's quoting: a field in double quotes
// may hold the delimiter, and "" in it stands for one quote.
std::vector<std::string> split_csv(std::string_view line, char delimiter) {
  std::vector<std::string> fields;
  size_t i = 0;
  for (;;) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) throw ApiError::validation("A quoted CSV field is not closed");
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(line[i++]);
      }
      if (i < line.size() && line[i] != delimiter) {
        throw ApiError::validation("A quoted CSV field is followed by more than a delimiter");
      }
    } else {
      const size_t end = std::min(line.find(delimiter, i), line.size());
      field.assign(line.substr(i, end - i));
      if (field.find('"') != std::string::npos) {
        throw ApiError::validation("A CSV field holds a double quote that is not escaped");
      }
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return fields;
    ++i;  // the delimiter
  }
}

class CsvLines : public backup::ImportLineParser {
 public:
  explicit CsvLines(const backup::ImportRecord& record)
      : delimiter_(record.csv_delimiter.empty() ? ',' : record.csv_delimiter[0]),
        headers_(record.csv_header_list),
        types_(record.table.attribute_definitions) {}

  std::optional<Item> parse(std::string_view line) override {
    std::vector<std::string> fields = split_csv(line, delimiter_);
    if (!headers_) {
      headers_ = std::move(fields);
      return std::nullopt;
    }
    if (fields.size() != headers_->size()) {
      throw ApiError::validation("The line has " + std::to_string(fields.size()) +
                                 " fields; the header has " + std::to_string(headers_->size()));
    }
    Item item;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].empty()) continue;  // no value: no attribute
      const auto type = types_.find((*headers_)[i]);
      AttributeValue value;
      if (type == types_.end() || type->second == AttrType::S) {
        value = AttributeValue::string(std::move(fields[i]));
      } else if (type->second == AttrType::N) {
        value = AttributeValue::number(Number::parse(fields[i]).to_string());
      } else {
        std::string bytes;
        if (!base64_decode(fields[i], bytes)) {
          throw ApiError::validation("The value of " + (*headers_)[i] + " is not base64");
        }
        value = AttributeValue::binary(std::move(bytes));
      }
      item[(*headers_)[i]] = std::move(value);
    }
    return item;
  }

 private:
  char delimiter_;
  std::optional<std::vector<std::string>> headers_;
  std::map<std::string, AttrType> types_;
};

}  // namespace

std::unique_ptr<backup::ImportLineParser> ImportInputFormat::parser(
    const backup::ImportRecord& record) const {
  if (record.input_format == "CSV") return std::make_unique<CsvLines>(record);
  if (record.input_format == "ION") return std::make_unique<IonLines>();
  return std::make_unique<DynamoDbJsonLines>();
}

}  // namespace cairn::api
