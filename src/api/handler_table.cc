#include "api/handler_table.h"

namespace cairn::api {

Handler& HandlerTable::operator[](std::string_view operation) {
  for (auto& [name, handler] : entries_) {
    if (name == operation) return handler;
  }
  return entries_.emplace_back(operation, nullptr).second;
}

Handler HandlerTable::find(std::string_view operation) const {
  for (const auto& [name, handler] : entries_) {
    if (name.size() == operation.size() && name == operation) return handler;
  }
  return nullptr;
}

}  // namespace cairn::api
