#include "api/table_request.h"

#include <chrono>

namespace cairn::api {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

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
