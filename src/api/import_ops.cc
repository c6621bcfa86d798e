// Imports from a bucket into a new table (decision 0032): ImportTable, DescribeImport,
// ListImports. The import runs in the background (backup/imports.h); these answer at once
// with its description, as DynamoDB does, and in DynamoDB's words for every refusal.
#include <algorithm>

#include "api/arn_page_token.h"
#include "api/bucket_rules.h"
#include "api/constraints.h"
#include "api/handler.h"
#include "api/table_request.h"
#include "backup/imports.h"
#include "backup/operation_id.h"
#include "engine/uuid.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

constexpr int64_t kMaxPageSize = 25;
constexpr int64_t kDefaultPageSize = 10;

bool is_csv_header_char(char c) {
  return c >= 0x20 && c <= 0x7e && c != '"' && c != ',';
}
bool is_csv_delimiter(char c) {
  return c == ',' || c == ';' || c == ':' || c == '|' || c == '\t' || c == ' ';
}

backup::Imports& imports_of(RequestContext& ctx) {
  if (!ctx.imports)
    throw ApiError(ErrorType::kUnknownOperation, "Cairn does not serve imports here");
  return *ctx.imports;
}

void write_bucket_source(JsonWriter& w, const backup::ImportRecord& r) {
  w.key("S3BucketSource");
  w.begin_object();
  w.field("S3BucketOwner", r.s3_bucket_owner);
  w.field("S3Bucket", r.s3_bucket);
  if (!r.s3_key_prefix.empty()) w.field("S3KeyPrefix", r.s3_key_prefix);
  w.end_object();
}

void write_import_description(JsonWriter& w, const backup::ImportRecord& r) {
  w.begin_object();
  w.field("ImportArn", r.arn());
  w.field("ImportStatus", backup::operation_status_name(r.status));
  w.field("TableArn", r.table.arn);
  w.field("TableId", r.table.table_id);
  w.field("ClientToken", r.client_token);
  write_bucket_source(w, r);
  w.field("ErrorCount", r.error_count);
  w.field("InputFormat", r.input_format);
  if (r.csv_options_given) {
    w.key("InputFormatOptions");
    w.begin_object();
    w.key("Csv");
    w.begin_object();
    if (!r.csv_delimiter.empty()) w.field("Delimiter", r.csv_delimiter);
    if (r.csv_header_list) {
      w.key("HeaderList");
      w.begin_array();
      for (const std::string& h : *r.csv_header_list) w.string(h);
      w.end_array();
    }
    w.end_object();
    w.end_object();
  }
  w.field("InputCompressionType", r.input_compression);
  w.key("TableCreationParameters");
  w.raw_number(r.table_creation_parameters);  // already-valid JSON, echoed as sent
  w.key("StartTime");
  w.decimal_seconds(r.start_ms);
  if (r.end_ms) {
    w.key("EndTime");
    w.decimal_seconds(r.end_ms);
  }
  // DynamoDB shows ProcessedSizeBytes once an import has read something, and its counters
  // only at the end; Cairn shows them moving (decision 0032).
  if (r.end_ms || r.processed_size_bytes > 0) {
    w.field("ProcessedSizeBytes", r.processed_size_bytes);
  }
  w.field("ProcessedItemCount", r.processed_item_count);
  w.field("ImportedItemCount", r.imported_item_count);
  if (!r.failure_code.empty()) w.field("FailureCode", r.failure_code);
  if (!r.failure_message.empty()) w.field("FailureMessage", r.failure_message);
  w.end_object();
}

void write_description_response(JsonWriter& out, const backup::ImportRecord& r) {
  out.begin_object();
  out.key("ImportTableDescription");
  write_import_description(out, r);
  out.end_object();
}

void import_table(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const auto token = r.string("ClientToken");
  check_client_token(c, token);
  const auto source = r.object("S3BucketSource");
  std::optional<std::string_view> bucket, owner, prefix;
  if (!source) {
    c.not_null("s3BucketSource");
  } else {
    const RequestReader s(*source);
    bucket = s.string("S3Bucket");
    owner = s.string("S3BucketOwner");
    prefix = s.string("S3KeyPrefix");
    check_s3_bucket(c, bucket, "s3BucketSource.s3Bucket");
    check_s3_bucket_owner(c, owner, "s3BucketSource.s3BucketOwner");
    if (prefix) c.length_between(*prefix, "s3BucketSource.s3KeyPrefix", 0, 1024);
  }
  const auto format = r.string("InputFormat");
  if (!format) {
    c.not_null("inputFormat");
  } else {
    c.one_of(*format, "inputFormat", {"DYNAMODB_JSON", "ION", "CSV"});
  }
  const auto compression = r.string("InputCompressionType");
  if (compression) c.one_of(*compression, "inputCompressionType", {"ZSTD", "NONE", "GZIP"});
  std::optional<JsonObject> csv;
  std::optional<std::string_view> delimiter;
  std::optional<std::vector<std::string>> headers;
  if (const auto options = r.object("InputFormatOptions")) {
    csv = RequestReader(*options).object("Csv");
  }
  if (csv) {
    const RequestReader o(*csv);
    delimiter = o.string("Delimiter");
    if (delimiter && c.length_between(*delimiter, "inputFormatOptions.csv.delimiter", 1, 1)) {
      c.pattern(*delimiter, "inputFormatOptions.csv.delimiter", "[,;:|\\t ]", is_csv_delimiter);
    }
    if (const auto list = o.array("HeaderList")) {
      headers.emplace();
      for (JsonElement e : *list) headers->emplace_back(as_string(e));
      if (headers->empty() || headers->size() > 255) {
        c.fail_unechoed("inputFormatOptions.csv.headerList",
                        "Member must have length between 1 and 255");
      }
      for (size_t i = 0; i < headers->size(); ++i) {
        const std::string field =
            "inputFormatOptions.csv.headerList." + std::to_string(i + 1) + ".member";
        if (c.length_between((*headers)[i], field, 1, 65536)) {
          c.pattern((*headers)[i], field, "[\\x20-\\x21\\x23-\\x2B\\x2D-\\x7E]*",
                    is_csv_header_char);
        }
      }
    }
  }
  const auto creation = r.object("TableCreationParameters");
  if (!creation) c.not_null("tableCreationParameters");
  c.throw_if_any();

  if (csv && format != "CSV") {
    throw ApiError::validation(
        "Invalid Request: Unsupported InputFormatOptions for the given input format: " +
        std::string(*format) + ".");
  }
  backup::ImportRecord request;
  request.table = read_new_table(ctx, RequestReader(*creation));
  backup::Imports& imports = imports_of(ctx);
  request.client_token = token ? std::string(*token) : engine::random_uuid();
  request.s3_bucket = std::string(*bucket);
  request.s3_bucket_owner = std::string(owner.value_or(ctx.account));
  request.s3_key_prefix = std::string(prefix.value_or(""));
  request.input_format = std::string(*format);
  request.input_compression = std::string(compression.value_or("NONE"));
  request.csv_options_given = csv.has_value();
  request.csv_delimiter = std::string(delimiter.value_or(""));
  request.csv_header_list = std::move(headers);
  request.table_creation_parameters = simdjson::minify(*r.element("TableCreationParameters"));
  write_description_response(out, imports.start(std::move(request)));
}

void describe_import(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const auto arn = r.string("ImportArn");
  if (!arn) {
    c.not_null("importArn");
  } else {
    c.length_between(*arn, "importArn", 37, 1024);
  }
  c.throw_if_any();
  backup::Imports& imports = imports_of(ctx);
  if (backup::operation_id_of(*arn, "import").empty()) {
    throw ApiError::validation("Invalid Import ARN");
  }
  const std::string prefix = ctx.engine.catalog().arn_of(ctx.account, ctx.region, "");
  const auto found = imports.find(*arn);
  if (!found || found->table.arn.compare(0, prefix.size(), prefix) != 0) {
    throw ApiError(ErrorType::kImportNotFound,
                   "Import not found: Import not found: " + std::string(*arn));
  }
  write_description_response(out, *found);
}

void list_imports(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const auto table_arn = r.string("TableArn");
  if (table_arn) c.length_between(*table_arn, "tableArn", 1, 1024);
  const auto page_size = r.integer("PageSize");
  if (page_size) {
    c.at_least(*page_size, "pageSize", 1);
    c.at_most(*page_size, "pageSize", kMaxPageSize);
  }
  const auto next_token = r.string("NextToken");
  if (next_token) c.length_between(*next_token, "nextToken", 112, 1024);
  c.throw_if_any();
  backup::Imports& imports = imports_of(ctx);
  std::vector<backup::ImportRecord> listed = imports.list(ctx.account, ctx.region);
  if (table_arn) {
    std::erase_if(listed, [&](const backup::ImportRecord& i) { return i.table.arn != *table_arn; });
  }
  // Newest first, as DynamoDB lists them.
  std::sort(listed.begin(), listed.end(),
            [](const backup::ImportRecord& a, const backup::ImportRecord& b) {
              return a.id != b.id ? a.id > b.id : a.arn() > b.arn();
            });
  std::vector<std::string> arns;
  for (const backup::ImportRecord& i : listed) arns.push_back(i.arn());
  const Page page =
      page_of(arns, next_token, static_cast<size_t>(page_size.value_or(kDefaultPageSize)));
  out.begin_object();
  out.key("ImportSummaryList");
  out.begin_array();
  for (size_t i = page.begin; i < page.end; ++i) {
    const backup::ImportRecord& record = listed[i];
    out.begin_object();
    out.field("ImportArn", record.arn());
    out.field("ImportStatus", backup::operation_status_name(record.status));
    out.field("TableArn", record.table.arn);
    write_bucket_source(out, record);
    out.field("InputFormat", record.input_format);
    out.key("StartTime");
    out.decimal_seconds(record.start_ms);
    if (record.end_ms) {
      out.key("EndTime");
      out.decimal_seconds(record.end_ms);
    }
    out.end_object();
  }
  out.end_array();
  if (page.next_token) out.field("NextToken", *page.next_token);
  out.end_object();
}

}  // namespace

void register_import_ops(HandlerTable& table) {
  table["ImportTable"] = import_table;
  table["DescribeImport"] = describe_import;
  table["ListImports"] = list_imports;
}

}  // namespace cairn::api
