#include "api/table_request.h"

#include <cstdio>

#include "model/clock.h"

namespace cairn::api {
namespace {

// A stable key id in KMS's shape (8-4-4-4-12 hex digits) for the account's AWS-managed key.
std::string aws_managed_key_id(std::string_view account, std::string_view region) {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a over "account/region"
  for (char ch : std::string(account) + "/" + std::string(region)) {
    h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
  }
  char id[40];
  std::snprintf(id, sizeof id, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(h >> 32),
                static_cast<unsigned>(h >> 16) & 0xffff, static_cast<unsigned>(h) & 0xffff,
                static_cast<unsigned>((h * 31) >> 48) & 0xffff,
                static_cast<unsigned long long>(h * 1099511628211ULL) & 0xffffffffffffULL);
  return id;
}

}  // namespace

ApiError invalid(std::string what) {
  return ApiError::validation("One or more parameter values were invalid: " + std::move(what));
}

ParsedThroughput parse_throughput(std::optional<JsonObject> object, const std::string& member,
                                  Constraints& c) {
  ParsedThroughput p;
  if (!object) return p;
  p.present = true;
  RequestReader t(*object);
  p.read = t.integer("ReadCapacityUnits");
  p.write = t.integer("WriteCapacityUnits");
  if (!p.read) c.not_null(member + ".readCapacityUnits");
  if (!p.write) c.not_null(member + ".writeCapacityUnits");
  if (p.read) c.at_least(*p.read, member + ".readCapacityUnits", 1);
  if (p.write) c.at_least(*p.write, member + ".writeCapacityUnits", 1);
  return p;
}

void apply_throughput(engine::Throughput& tp, const ParsedThroughput& requested, int64_t now) {
  if (*requested.read > tp.read_capacity || *requested.write > tp.write_capacity) {
    tp.last_increase_ms = now;
  }
  if (*requested.read < tp.read_capacity || *requested.write < tp.write_capacity) {
    tp.last_decrease_ms = now;
    ++tp.decreases_today;
  }
  tp.read_capacity = *requested.read;
  tp.write_capacity = *requested.write;
}

std::vector<std::pair<std::string, std::string>> read_attribute_definitions(JsonArray defs,
                                                                            Constraints& c) {
  std::vector<std::pair<std::string, std::string>> definitions;
  size_t i = 0;
  for (JsonElement e : defs) {
    RequestReader d(as_object(e));
    const std::string at = "attributeDefinitions." + std::to_string(++i) + ".member.";
    auto attr = d.string("AttributeName");
    auto type = d.string("AttributeType");
    if (!attr) c.not_null(at + "attributeName");
    if (!type) c.not_null(at + "attributeType");
    if (attr) c.length_between(*attr, at + "attributeName", 1, 255);
    if (type) c.one_of(*type, at + "attributeType", {"B", "N", "S"});
    definitions.emplace_back(std::string(attr.value_or("")), std::string(type.value_or("")));
  }
  return definitions;
}

std::optional<std::string> read_sse_specification(const RequestReader& r, std::string_view account,
                                                  std::string_view region,
                                                  std::string_view member) {
  auto sse = r.object(member);
  if (!sse) return std::nullopt;
  RequestReader spec(*sse);
  Constraints c;
  auto type = spec.string("SSEType");
  // The model's field names start lower-case ("sSESpecification.sSEType").
  std::string field(member);
  if (!field.empty())
    field[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(field[0])));
  if (type) c.one_of(*type, field + ".sSEType", {"AES256", "KMS"});
  c.throw_if_any();
  if (!spec.boolean("Enabled").value_or(false)) return std::string();
  const std::string prefix =
      "arn:aws:kms:" + std::string(region) + ":" + std::string(account) + ":";
  auto key = spec.string("KMSMasterKeyId");
  // No key named: the AWS-managed key (alias aws/dynamodb), one per account and region.
  if (!key || key->empty()) return prefix + "key/" + aws_managed_key_id(account, region);
  if (key->substr(0, 4) == "arn:") return std::string(*key);
  if (key->substr(0, 6) == "alias/") return prefix + std::string(*key);
  return prefix + "key/" + std::string(*key);
}

}  // namespace cairn::api
