#include "api/item_write.h"

#include <algorithm>

#include "expr/evaluator.h"
#include "expr/updater.h"
#include "model/api_error.h"

namespace cairn::api {

engine::ItemStore::Precondition precondition(const std::optional<expr::Condition>& condition,
                                             bool return_old_on_failure) {
  if (!condition) return nullptr;
  return [&condition, return_old_on_failure](const Item* current) {
    if (!expr::evaluate(*condition, current)) {
      throw ApiError::conditional_check_failed(return_old_on_failure ? current : nullptr);
    }
  };
}

void check_update_spares_keys(const expr::UpdateExpression& update,
                              const engine::TableInfo& table) {
  for (const auto& attr : update.modified_attributes()) {
    if (table.is_key_attribute(attr)) {
      throw ApiError::validation(
          "One or more parameter values were invalid: Cannot update attribute " + attr +
          ". This attribute is part of the key");
    }
  }
}

std::optional<Item> apply_item_update(const expr::UpdateExpression& update, const Item& key,
                                      const Item* current, std::vector<expr::Path>* updated_paths) {
  const bool only_removes =
      !update.actions.empty() &&
      std::all_of(update.actions.begin(), update.actions.end(), [](const expr::UpdateAction& a) {
        return a.kind == expr::UpdateAction::Kind::kRemove ||
               a.kind == expr::UpdateAction::Kind::kDelete;
      });
  if (!current && only_removes) return std::nullopt;
  // An update that creates the item starts from its key: "SET b = a" on a missing item
  // with key a gives {a, b} with b = a, as DynamoDB does. (A ConditionExpression still
  // sees no item: attribute_exists(pk) is how clients refuse to create one.)
  expr::UpdateResult applied = expr::apply_update(update, current ? current : &key);
  if (updated_paths) *updated_paths = std::move(applied.updated_paths);
  for (const auto& [attr, value] : key) applied.item[attr] = value;
  return std::optional<Item>(std::move(applied.item));
}

}  // namespace cairn::api
