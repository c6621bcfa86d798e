// HandlerTable: operation name -> handler, the dispatcher's map. Kept apart from what a
// handler sees (api/handler.h) so that the dispatcher's header, which the HTTP layer
// includes, names no engine or JSON type.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace cairn::api {

struct RequestContext;
class RequestReader;
class JsonWriter;

using Handler = void (*)(RequestContext& ctx, const RequestReader& request, JsonWriter& out);

// A flat list: with a few dozen short names, comparing lengths first beats hashing the name.
class HandlerTable {
 public:
  Handler& operator[](std::string_view operation);
  Handler find(std::string_view operation) const;

 private:
  std::vector<std::pair<std::string_view, Handler>> entries_;
};

}  // namespace cairn::api
