#include "api/table_lookup.h"

#include "model/api_error.h"

namespace cairn::api {

engine::TablePtr item_operation_table(const engine::Catalog& catalog, std::string_view account,
                                      std::string_view region, std::string_view name,
                                      const std::function<void()>& validate_first) {
  auto table = catalog.find(account, region, name);
  if (!table) {
    if (validate_first) validate_first();
    throw ApiError::item_table_not_found();
  }
  return table;
}

}  // namespace cairn::api
