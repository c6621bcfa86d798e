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

engine::TablePtr backup_operation_table(const engine::Catalog& catalog, std::string_view account,
                                        std::string_view region, std::string_view name_or_arn) {
  engine::TablePtr t = name_or_arn.substr(0, 4) == "arn:"
                           ? catalog.find_by_arn(name_or_arn)
                           : catalog.find(account, region, name_or_arn);
  // An ARN of another account or region is not this request's table.
  if (t && t->arn != catalog.arn_of(account, region, t->name)) t = nullptr;
  if (!t) {
    throw ApiError(ErrorType::kTableNotFound, "Table not found: " + std::string(name_or_arn));
  }
  return t;
}

}  // namespace cairn::api
