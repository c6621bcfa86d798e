#include "api/table_request.h"

#include "model/clock.h"

namespace cairn::api {

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

void check_sse_specification(const RequestReader& r) {
  auto sse = r.object("SSESpecification");
  if (!sse) return;
  RequestReader spec(*sse);
  spec.string("SSEType");
  spec.string("KMSMasterKeyId");
  if (spec.boolean("Enabled").value_or(false)) {
    throw ApiError::validation("SSESpecification: KMS encryption is not supported yet");
  }
}

}  // namespace cairn::api
