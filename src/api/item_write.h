// The parts of a conditional write that UpdateItem/PutItem/DeleteItem and the actions of
// TransactWriteItems share: the condition as an engine precondition, and an
// UpdateExpression applied to an item.
#pragma once

#include <optional>
#include <vector>

#include "engine/item_store.h"
#include "engine/table_info.h"
#include "expr/ast.h"
#include "expr/path.h"
#include "model/attribute_value.h"

namespace cairn::api {

// The precondition of a conditional write: throws ConditionalCheckFailedException, with
// the current item when the request asked for it. nullptr without a condition. The
// condition must outlive the precondition.
engine::ItemStore::Precondition precondition(const std::optional<expr::Condition>& condition,
                                             bool return_old_on_failure);

// An update may not touch a key attribute (DynamoDB's ValidationException).
void check_update_spares_keys(const expr::UpdateExpression& update, const engine::TableInfo& table);

// The item after applying update to current (nullptr: absent), with the Key's attributes;
// nullopt when the item is absent and the update only removes (DynamoDB creates no item
// then). updated_paths, if given, receives the paths the update wrote.
std::optional<Item> apply_item_update(const expr::UpdateExpression& update, const Item& key,
                                      const Item* current,
                                      std::vector<expr::Path>* updated_paths = nullptr);

}  // namespace cairn::api
