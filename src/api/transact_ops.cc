// TransactWriteItems and TransactGetItems. The request is checked whole first (member
// constraints, then every action's expressions, then the tables): what is wrong there is a
// ValidationException (or ResourceNotFoundException) for the whole request, as DynamoDB
// answers it. What the engine finds while running the transaction cancels it with one
// CancellationReason per action.
#include <openssl/sha.h>

#include <array>
#include <optional>

#include "api/attribute_json.h"
#include "api/constraints.h"
#include "api/consumed_capacity.h"
#include "api/expression_request.h"
#include "api/handler.h"
#include "api/item_collection_metrics.h"
#include "api/item_request.h"
#include "api/item_write.h"
#include "api/table_lookup.h"
#include "engine/transaction.h"
#include "expr/parser.h"
#include "expr/projection.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "model/item_size.h"

namespace cairn::api {
namespace {

using Kind = engine::TransactAction::Kind;

constexpr size_t kMaxTransactItems = 100;
constexpr size_t kMaxClientRequestToken = 36;

struct ActionMember {
  std::string_view name;  // the request member, e.g. "ConditionCheck"
  std::string_view path;  // its name in validation messages, e.g. "conditionCheck"
  Kind kind;
};
constexpr std::array<ActionMember, 4> kActionMembers = {{
    {"ConditionCheck", "conditionCheck", Kind::kConditionCheck},
    {"Put", "put", Kind::kPut},
    {"Delete", "delete", Kind::kDelete},
    {"Update", "update", Kind::kUpdate},
}};

// One action as the request states it, expressions parsed.
struct ParsedAction {
  const ActionMember* member = nullptr;
  JsonObject spec;
  std::string_view table_name;
  JsonObject subject;  // Item (Put) or Key
  bool old_on_failure = false;
  std::unique_ptr<expr::ExpressionContext> exprs;  // the trees below point into it
  std::optional<expr::Condition> condition;
  expr::UpdateExpression update;
};

// The list member (TransactItems) with DynamoDB's 1..100 length constraint.
std::optional<JsonArray> read_transact_items(const RequestReader& r, Constraints& c) {
  auto items = r.array("TransactItems");
  if (!items) {
    c.not_null("transactItems");
  } else if (items->size() < 1) {
    c.fail("[]", "transactItems", "Member must have length greater than or equal to 1");
  } else if (items->size() > kMaxTransactItems) {
    c.fail("[...]", "transactItems", "Member must have length less than or equal to 100");
  }
  return items;
}

// Member constraints of one write action, into c.
ParsedAction read_action_members(JsonElement element, size_t index, Constraints& c) {
  RequestReader item(as_object(element));
  ParsedAction a;
  size_t present = 0;
  for (const auto& m : kActionMembers) {
    if (auto spec = item.object(m.name)) {
      a.member = &m;
      a.spec = *spec;
      ++present;
    }
  }
  if (present != 1) {
    throw ApiError::validation(
        "TransactItems can only contain one of Check, Put, Update or Delete");
  }
  const std::string at =
      "transactItems." + std::to_string(index + 1) + ".member." + std::string(a.member->path) + ".";
  RequestReader r(a.spec);
  auto name = r.string("TableName");
  c.table_name(name, at + "tableName");
  if (name) a.table_name = *name;
  const bool put = a.member->kind == Kind::kPut;
  if (auto subject = r.object(put ? "Item" : "Key")) {
    a.subject = *subject;
  } else {
    c.not_null(at + (put ? "item" : "key"));
  }
  if (a.member->kind == Kind::kUpdate && !r.has("UpdateExpression")) {
    c.not_null(at + "updateExpression");
  }
  if (a.member->kind == Kind::kConditionCheck && !r.has("ConditionExpression")) {
    c.not_null(at + "conditionExpression");
  }
  a.old_on_failure = parse_return_values_on_condition_check_failure(r, c, at);
  return a;
}

// An action's expressions, with the same rules as the single-item operations.
void read_action_expressions(ParsedAction& a) {
  RequestReader r(a.spec);
  check_expression_style(r, {}, {"ConditionExpression", "UpdateExpression"});
  a.exprs = read_expression_context(r);
  if (auto text = r.string("UpdateExpression")) a.update = expr::parse_update(*text, *a.exprs);
  if (auto text = r.string("ConditionExpression")) {
    a.condition = expr::parse_condition(*text, expr::ExpressionKind::kCondition, *a.exprs);
  }
  a.exprs->check_all_used();
}

// Throttling: an action on a table (or GSI) out of capacity cancels the transaction. A
// replay (its ClientRequestToken already succeeded) only reads its items.
void admit_actions(engine::ThroughputLimiter& limiter,
                   const std::vector<engine::TransactAction>& actions, bool replay) {
  for (size_t i = 0; i < actions.size(); ++i) {
    try {
      limiter.admit(*actions[i].table, replay || actions[i].kind == Kind::kConditionCheck
                                           ? engine::Access::kRead
                                           : engine::Access::kWrite);
    } catch (const ApiError& e) {
      if (e.type() != ErrorType::kProvisionedThroughputExceeded) throw;
      std::vector<CancellationReason> reasons(actions.size());
      reasons[i].code = "ProvisionedThroughputExceeded";
      reasons[i].message = std::string(e.message());
      throw ApiError::transaction_canceled(std::move(reasons));
    }
  }
}

// ClientRequestToken's fingerprint: a SHA-256 of the request's actions as sent (minified),
// so that a token keeps 32 bytes of its request, not the request.
std::string fingerprint(const RequestReader& r) {
  const std::string actions = simdjson::minify(*r.element("TransactItems"));
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(actions.data()), actions.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

void transact_write_items(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto items = read_transact_items(r, c);
  auto token = r.string("ClientRequestToken");
  if (token) c.length_between(*token, "clientRequestToken", 1, kMaxClientRequestToken);
  check_return_options(r, c);
  std::vector<ParsedAction> parsed;
  if (items) {
    size_t i = 0;
    for (JsonElement e : *items) parsed.push_back(read_action_members(e, i++, c));
  }
  c.throw_if_any();
  for (auto& a : parsed) read_action_expressions(a);

  // Items and sizes are validated before any table is looked up, as DynamoDB does.
  std::vector<engine::TransactAction> actions;
  size_t payload = 0;
  for (auto& a : parsed) {
    engine::TransactAction action;
    action.kind = a.member->kind;
    action.subject = parse_item(a.subject);
    const size_t size = item_size(action.subject);
    if (action.kind == Kind::kPut) check_item_size_limit(size);
    payload += size;
    actions.push_back(std::move(action));
  }
  if (payload > engine::kMaxTransactionBytes) {
    throw ApiError::validation("Transaction request size cannot exceed 4 MB (4194304 bytes)");
  }
  std::vector<engine::TablePtr> tables;  // keeps each table's metadata alive
  for (size_t i = 0; i < parsed.size(); ++i) {
    const auto& a = parsed[i];
    tables.push_back(item_operation_table(engine.catalog(), ctx.account, ctx.region, a.table_name));
    actions[i].table = tables.back().get();
    actions[i].check = precondition(a.condition, a.old_on_failure);
    if (actions[i].kind == Kind::kUpdate) check_update_spares_keys(a.update, *actions[i].table);
  }
  // An update computes the new item from its action's own Key: bound once the vector no
  // longer moves.
  for (size_t i = 0; i < actions.size(); ++i) {
    if (actions[i].kind != Kind::kUpdate) continue;
    actions[i].compute = [&update = parsed[i].update,
                          &key = actions[i].subject](const Item* current) {
      return apply_item_update(update, key, current);
    };
  }

  auto& limiter = engine.throughput();
  const CapacityDetail detail = read_capacity_detail(r);
  std::vector<engine::ConsumedCapacity> consumed;
  std::vector<uint64_t> collection_bytes;
  const bool measure = detail != CapacityDetail::kNone || limiter.enforcing();
  const bool metrics = wants_item_collection_metrics(r);
  bool replay = false;
  std::optional<engine::TokenRecord> record;
  if (token) {
    const std::string print = fingerprint(r);
    replay = engine.idempotency().begin(std::string(*token), print);
    if (!replay) record = engine::IdempotencyRegistry::record(std::string(*token), print, now_ms());
  }
  if (!replay) {
    try {
      admit_actions(limiter, actions, false);
      engine.transactions().write(actions, measure ? &consumed : nullptr,
                                  metrics ? &collection_bytes : nullptr,
                                  record ? &*record : nullptr);
    } catch (...) {
      if (token) engine.idempotency().finish(std::string(*token), false);
      throw;
    }
    if (token) engine.idempotency().finish(std::string(*token), true);
  } else {
    admit_actions(limiter, actions, true);
    if (measure) consumed = engine.transactions().replay_consumption(actions);
  }
  out.begin_object();
  std::vector<TableConsumption> per_table;
  for (size_t i = 0; i < consumed.size(); ++i) {
    limiter.charge(*actions[i].table, consumed[i]);
    add_table_consumption(per_table, actions[i].table->name, consumed[i]);
  }
  write_consumed_capacity_list(out, per_table, detail, CapacityAxes::kPerAxis);
  if (metrics) {
    std::vector<CollectionMetrics> collections;
    for (size_t i = 0; i < actions.size(); ++i) {
      const engine::TransactAction& a = actions[i];
      if (a.kind == Kind::kConditionCheck) continue;
      // A replay wrote nothing: its collections are reported as they stand.
      const uint64_t bytes =
          replay ? engine.items().collection_size(*a.table, a.subject) : collection_bytes[i];
      add_collection_metrics(collections, collection_metrics(*a.table, a.subject, bytes));
    }
    write_item_collection_metrics_map(out, collections);
  }
  out.end_object();
}

void transact_get_items(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto items = read_transact_items(r, c);
  check_return_options(r, c);
  struct ParsedGet {
    std::string_view table_name;
    JsonObject key;
    std::unique_ptr<expr::ExpressionContext> exprs;
    std::optional<expr::ProjectionExpression> projection;
  };
  std::vector<ParsedGet> parsed;
  if (items) {
    size_t i = 0;
    for (JsonElement e : *items) {
      const std::string at = "transactItems." + std::to_string(++i) + ".member.get.";
      auto get = RequestReader(as_object(e)).object("Get");
      if (!get) {
        c.not_null(at.substr(0, at.size() - 1));
        continue;
      }
      RequestReader g(*get);
      ParsedGet p;
      auto name = g.string("TableName");
      c.table_name(name, at + "tableName");
      if (name) p.table_name = *name;
      if (auto key = g.object("Key")) {
        p.key = *key;
      } else {
        c.not_null(at + "key");
      }
      parsed.push_back(std::move(p));
    }
  }
  c.throw_if_any();
  size_t i = 0;
  for (JsonElement e : *items) {
    RequestReader g(*RequestReader(as_object(e)).object("Get"));
    check_expression_style(g, {}, {"ProjectionExpression"});
    parsed[i].exprs = read_expression_context(g);
    if (auto text = g.string("ProjectionExpression")) {
      parsed[i].projection = expr::parse_projection(*text, *parsed[i].exprs);
    }
    parsed[i].exprs->check_all_used();
    ++i;
  }
  std::vector<engine::TablePtr> tables;
  std::vector<engine::TransactGet> gets;
  for (auto& p : parsed) {
    tables.push_back(item_operation_table(engine.catalog(), ctx.account, ctx.region, p.table_name));
    gets.push_back({tables.back().get(), parse_item(p.key)});
  }
  auto& limiter = engine.throughput();
  for (const auto& g : gets) limiter.admit(*g.table, engine::Access::kRead);
  auto found = engine.transactions().get(gets);
  std::vector<TableConsumption> per_table;
  for (size_t k = 0; k < found.size(); ++k) {
    engine::ConsumedCapacity consumed;
    consumed.table.read = engine::transactional_read_units(found[k] ? item_size(*found[k]) : 0);
    limiter.charge(*gets[k].table, consumed);
    add_table_consumption(per_table, gets[k].table->name, consumed);
  }
  out.begin_object();
  out.key("Responses");
  out.begin_array();
  for (size_t k = 0; k < found.size(); ++k) {
    out.begin_object();
    if (found[k]) {
      out.key("Item");
      if (parsed[k].projection) {
        write_item(out, expr::apply_projection(*parsed[k].projection, *found[k]));
      } else {
        write_item(out, *found[k]);
      }
    }
    out.end_object();
  }
  out.end_array();
  write_consumed_capacity_list(out, per_table, read_capacity_detail(r), CapacityAxes::kPerAxis);
  out.end_object();
}

}  // namespace

void register_transact_ops(HandlerTable& table) {
  table["TransactWriteItems"] = transact_write_items;
  table["TransactGetItems"] = transact_get_items;
}

}  // namespace cairn::api
