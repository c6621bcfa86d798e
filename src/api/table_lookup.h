// The table an item, batch or transaction operation names. DynamoDB words a missing table
// per operation family: these operations answer a bare "Requested resource not found",
// while DescribeTable, UpdateTable and DeleteTable name the table (Catalog::get).
#pragma once

#include <functional>
#include <string_view>

#include "engine/catalog.h"

namespace cairn::api {

//
// DynamoDB validates the whole request before it looks the table up. The checks Cairn leaves
// to the engine's write path (an item's size) are passed as validate_first: they run here,
// before a missing table is reported, and cost nothing when the table exists.
engine::TablePtr item_operation_table(const engine::Catalog& catalog, std::string_view account,
                                      std::string_view region, std::string_view name,
                                      const std::function<void()>& validate_first = {});

// The table a backup or point-in-time recovery operation names, by name or by ARN (one of the
// request's account and region only), or its TableNotFoundException, which names it.
engine::TablePtr backup_operation_table(const engine::Catalog& catalog, std::string_view account,
                                        std::string_view region, std::string_view name_or_arn);

}  // namespace cairn::api
