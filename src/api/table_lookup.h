// The table an item, batch or transaction operation names. DynamoDB words a missing table
// per operation family: these operations answer a bare "Requested resource not found",
// while DescribeTable, UpdateTable and DeleteTable name the table (Catalog::get).
#pragma once

#include <string_view>

#include "engine/catalog.h"

namespace cairn::api {

engine::TablePtr item_operation_table(const engine::Catalog& catalog, std::string_view account,
                                      std::string_view region, std::string_view name);

}  // namespace cairn::api
