#include "api/access_checks.h"

#include <optional>
#include <set>
#include <utility>

#include "api/attribute_json.h"
#include "api/base64.h"
#include "api/expression_request.h"
#include "api/query_request.h"
#include "api/shard_iterator.h"
#include "auth/credential.h"
#include "expr/parser.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

using Context = std::map<std::string, std::vector<std::string>>;

constexpr std::string_view kLeadingKeys = "dynamodb:leadingkeys";
constexpr std::string_view kAttributes = "dynamodb:attributes";
constexpr std::string_view kSelect = "dynamodb:select";

// A key value as a condition key sees it: the string, the number (canonical) or the
// base64 of the binary.
std::string value_text(const AttributeValue& v) {
  if (v.type != AttrType::B) return v.scalar;
  std::string out;
  base64_encode(v.scalar, out);
  return out;
}

// The value of a key attribute as the handler will read it (the same parser, so that an
// odd spelling such as {"x": "alice", "S": "bob"} means "bob" to both). One the handler
// will refuse matches nothing a policy may name.
std::string key_value_text(JsonElement value) {
  try {
    const AttributeValue v = parse_attribute_value(value);
    if (v.is_scalar_key_type()) return value_text(v);
  } catch (const ApiError&) {
  }
  return std::string("\0invalid", 8);
}

// The top-level attributes a request's expressions (or their legacy forms) name. A request
// whose expressions do not parse names none here: its handler refuses it anyway.
void add_expression_attributes(const RequestReader& r, std::set<std::string>& names) {
  try {
    auto exprs = read_expression_context(r);
    if (auto projection = read_projection(r, *exprs)) {
      for (const auto& path : projection->paths) names.insert(path.top());
    }
    if (auto text = r.string("UpdateExpression")) {
      for (const auto& name : expr::attributes_named_by(expr::parse_update(*text, *exprs))) {
        names.insert(name);
      }
    } else if (auto updates = r.object("AttributeUpdates")) {
      for (auto [name, update] : *updates) names.emplace(name);
    }
    if (auto condition = read_write_condition(r, *exprs)) {
      for (const auto& name : expr::attributes_read_by(*condition)) names.insert(name);
    }
  } catch (const ApiError&) {
  }
}

// The condition keys of one item's access: its partition key value, the attributes it
// touches, and the request options a policy may restrict. key_or_item: the item's Key (or
// Item); expressions: the member holding its expressions and options (the request, a
// transaction's entry, a batch's table entry); top: the request (ReturnConsumedCapacity).
Context item_context(const engine::TableInfo* table, std::optional<JsonObject> key_or_item,
                     const RequestReader& expressions, bool read, const RequestReader& top) {
  Context c;
  std::set<std::string> names;
  if (key_or_item) {
    for (auto [name, value] : *key_or_item) {
      names.emplace(name);
      if (table && name == table->hash_key.name) {
        c[std::string(kLeadingKeys)].push_back(key_value_text(value));
      }
    }
  }
  add_expression_attributes(expressions, names);
  c[std::string(kAttributes)].assign(names.begin(), names.end());
  if (read) {
    const bool projected =
        expressions.has("ProjectionExpression") || expressions.has("AttributesToGet");
    c[std::string(kSelect)] = {projected ? "SPECIFIC_ATTRIBUTES" : "ALL_ATTRIBUTES"};
  }
  auto& returns = c["dynamodb:returnvalues"];
  if (auto v = expressions.string("ReturnValues")) returns.emplace_back(*v);
  // The whole old item on a failed condition is a return value too (a hardening: IAM has
  // no key of its own for it), so that a policy limiting ReturnValues limits it.
  if (auto v = expressions.string("ReturnValuesOnConditionCheckFailure"); v && *v != "NONE") {
    returns.emplace_back(*v);
  }
  if (returns.empty()) c.erase("dynamodb:returnvalues");
  if (auto v = top.string("ReturnConsumedCapacity")) {
    c["dynamodb:returnconsumedcapacity"] = {std::string(*v)};
  }
  return c;
}

class Builder {
 public:
  Builder(const AccessScope& scope, const RequestReader& request)
      : scope_(scope), request_(request) {}

  std::vector<AccessCheck> take() { return std::move(checks_); }

  std::string table_arn(std::string_view name) const {
    return scope_.catalog.arn_of(scope_.account, scope_.region, name);
  }
  engine::TablePtr table(std::string_view name) const {
    return scope_.catalog.find(scope_.account, scope_.region, name);
  }

  // One check; without condition keys, a repeat of an earlier one is not asked again.
  void add(std::string action, std::string resource, std::string policy_arn, Context context) {
    if (!scope_.with_conditions) {
      for (const auto& c : checks_) {
        if (c.action == action && c.resource == resource) return;
      }
    }
    checks_.push_back(
        {std::move(action), std::move(resource), std::move(policy_arn), std::move(context)});
  }

  // GetItem, PutItem, UpdateItem, DeleteItem (alone, in a batch or in a transaction).
  void item(std::string action, std::string_view table_name, const RequestReader& item,
            std::string_view key_member, bool read, std::string_view enclosing = {}) {
    std::string arn = table_arn(table_name);
    Context c;
    if (scope_.with_conditions) {
      const engine::TablePtr t = table(table_name);
      c = item_context(t.get(), item.object(key_member), item, read, request_);
      if (!enclosing.empty()) c["dynamodb:enclosingoperation"] = {std::string(enclosing)};
    }
    std::string policy = arn;
    add(std::move(action), std::move(arn), std::move(policy), std::move(c));
  }

  void batch_get() {
    auto tables = request_.object("RequestItems");
    if (!tables) return add("dynamodb:BatchGetItem", "*", "", {});
    for (auto [name, entry] : *tables) {
      JsonObject spec;
      if (entry.get_object().get(spec)) continue;
      const RequestReader r(spec);
      auto keys = r.array("Keys");
      if (!keys || !scope_.with_conditions) {
        const std::string arn = table_arn(name);
        add("dynamodb:BatchGetItem", arn, arn, {});
        continue;
      }
      const engine::TablePtr t = table(name);
      const std::string arn = table_arn(name);
      for (JsonElement key : *keys) {
        JsonObject key_object;
        if (key.get_object().get(key_object)) continue;
        // The key, with the table entry's projection, as one GetItem-like access.
        add("dynamodb:BatchGetItem", arn, arn,
            item_context(t.get(), key_object, r, true, request_));
      }
    }
  }

  void batch_write() {
    auto tables = request_.object("RequestItems");
    if (!tables) return add("dynamodb:BatchWriteItem", "*", "", {});
    for (auto [name, entry] : *tables) {
      JsonArray writes;
      if (entry.get_array().get(writes) || !scope_.with_conditions) {
        const std::string arn = table_arn(name);
        add("dynamodb:BatchWriteItem", arn, arn, {});
        continue;
      }
      for (JsonElement write : writes) {
        JsonObject w;
        if (write.get_object().get(w)) continue;
        const RequestReader r(w);
        if (auto put = r.object("PutRequest")) {
          item("dynamodb:BatchWriteItem", name, RequestReader(*put), "Item", false);
        } else if (auto del = r.object("DeleteRequest")) {
          item("dynamodb:BatchWriteItem", name, RequestReader(*del), "Key", false);
        } else {
          const std::string arn = table_arn(name);
          add("dynamodb:BatchWriteItem", arn, arn, {});
        }
      }
    }
  }

  void transaction(bool write) {
    const std::string_view enclosing = write ? "TransactWriteItems" : "TransactGetItems";
    auto items = request_.array("TransactItems");
    if (!items) return add(write ? "dynamodb:PutItem" : "dynamodb:GetItem", "*", "", {});
    static const std::pair<std::string_view, std::string_view> kWrites[] = {
        {"Put", "dynamodb:PutItem"},
        {"Update", "dynamodb:UpdateItem"},
        {"Delete", "dynamodb:DeleteItem"},
        {"ConditionCheck", "dynamodb:ConditionCheckItem"}};
    for (JsonElement entry : *items) {
      JsonObject e;
      if (entry.get_object().get(e)) continue;
      const RequestReader r(e);
      if (!write) {
        if (auto get = r.object("Get")) {
          const RequestReader g(*get);
          item("dynamodb:GetItem", g.string("TableName").value_or(""), g, "Key", true, enclosing);
        }
        continue;
      }
      for (const auto& [member, action] : kWrites) {
        if (auto op = r.object(member)) {
          const RequestReader w(*op);
          item(std::string(action), w.string("TableName").value_or(""), w,
               member == "Put" ? "Item" : "Key", false, enclosing);
        }
      }
    }
  }

  void page_read(std::string_view operation) {
    const std::string_view name = request_.string("TableName").value_or("");
    const std::string arn = table_arn(name);
    const auto index = request_.string("IndexName");
    std::string resource = index ? arn + "/index/" + std::string(*index) : arn;
    Context c;
    if (scope_.with_conditions) {
      const bool query = operation == "Query";
      if (!query) c["dynamodb:fulltablescan"] = {"true"};
      try {
        const PageRequest page =
            read_page_request(request_, query ? ReadOperation::kQuery : ReadOperation::kScan);
        std::set<std::string> names;
        if (page.projection) {
          for (const auto& path : page.projection->paths) names.insert(path.top());
        }
        if (page.filter) {
          for (const auto& n : expr::attributes_read_by(*page.filter)) names.insert(n);
        }
        const engine::TablePtr t = table(name);
        const engine::IndexInfo* idx = t && index ? t->find_index(*index) : nullptr;
        const std::string_view hash =
            idx ? (idx->hash_keys.empty() ? "" : std::string_view(idx->hash_keys.front().name))
            : t ? std::string_view(t->hash_key.name)
                : "";
        if (page.key_terms) {
          for (const auto& term : page.key_terms->terms) {
            names.insert(term.attribute);
            if (term.attribute == hash && term.comparison == "EQ" && term.values.size() == 1) {
              c[std::string(kLeadingKeys)].push_back(value_text(term.values.front()));
            }
          }
        }
        c[std::string(kAttributes)].assign(names.begin(), names.end());
        c[std::string(kSelect)] = {page.select         ? std::string(*page.select)
                                   : page.projection   ? "SPECIFIC_ATTRIBUTES"
                                   : index.has_value() ? "ALL_PROJECTED_ATTRIBUTES"
                                                       : "ALL_ATTRIBUTES"};
      } catch (const ApiError&) {
      }
      if (auto v = request_.string("ReturnConsumedCapacity")) {
        c["dynamodb:returnconsumedcapacity"] = {std::string(*v)};
      }
    }
    add("dynamodb:" + std::string(operation), std::move(resource), arn, std::move(c));
  }

  // A ResourceArn (tags, resource policies): the resource as named; the policy that applies
  // is the table's (for the table and its indexes) or the stream's.
  void named_resource(std::string_view action, std::string_view arn) {
    std::string policy(arn);
    if (const auto index = policy.find("/index/"); index != std::string::npos) policy.resize(index);
    add(std::string(action), std::string(arn), std::move(policy), {});
  }

 private:
  const AccessScope& scope_;
  const RequestReader& request_;
  std::vector<AccessCheck> checks_;
};

}  // namespace

std::vector<AccessCheck> access_checks(std::string_view operation, Api api,
                                       const RequestReader& request, const AccessScope& scope) {
  Builder b(scope, request);
  if (api == Api::kAdmin) {
    const std::string_view user = request.string("UserName").value_or(scope.user_name);
    b.add("iam:" + std::string(operation), auth::user_arn(scope.account, user), "", {});
    return b.take();
  }
  std::string action = "dynamodb:" + std::string(operation);
  if (api == Api::kStreams) {
    if (operation == "GetRecords") {
      std::string stream;
      if (auto token = request.string("ShardIterator")) {
        if (auto it = decode_shard_iterator(*token, scope.token_secret)) stream = it->stream_arn;
      }
      b.named_resource(action, stream.empty() ? "*" : stream);
    } else if (operation == "DescribeStream" || operation == "GetShardIterator") {
      b.named_resource(action, request.string("StreamArn").value_or("*"));
    } else {
      // ListStreams (whatever the request names), and any other: "*" only.
      b.add(action, "*", "", {});
    }
    return b.take();
  }
  // Every operation Cairn serves, each with the member that names its resource, and only
  // that member: a handler ignores members it does not know, so a request naming one
  // resource in TableName and another in ResourceArn must be checked against the one the
  // handler acts on.
  if (operation == "GetItem" || operation == "DeleteItem" || operation == "UpdateItem") {
    b.item(std::move(action), request.string("TableName").value_or(""), request, "Key",
           operation == "GetItem");
  } else if (operation == "PutItem") {
    b.item(std::move(action), request.string("TableName").value_or(""), request, "Item", false);
  } else if (operation == "Query" || operation == "Scan") {
    b.page_read(operation);
  } else if (operation == "BatchGetItem") {
    b.batch_get();
  } else if (operation == "BatchWriteItem") {
    b.batch_write();
  } else if (operation == "TransactWriteItems" || operation == "TransactGetItems") {
    b.transaction(operation == "TransactWriteItems");
  } else if (operation == "CreateTable") {
    const std::string arn = b.table_arn(request.string("TableName").value_or(""));
    // A table that does not exist yet has no resource policy; one given with it needs the
    // right to attach it too, as on DynamoDB.
    b.add(action, arn, "", {});
    if (request.has("ResourcePolicy")) b.add("dynamodb:PutResourcePolicy", arn, "", {});
  } else if (operation == "DeleteTable" || operation == "DescribeTable" ||
             operation == "UpdateTable" || operation == "DescribeTimeToLive" ||
             operation == "UpdateTimeToLive" || operation == "DescribeContinuousBackups" ||
             operation == "UpdateContinuousBackups") {
    const std::string arn = b.table_arn(request.string("TableName").value_or(""));
    b.add(action, arn, arn, {});
  } else if (operation == "CreateBackup") {
    const std::string arn = b.table_arn(request.string("TableName").value_or(""));
    b.add(action, arn, arn, {});
  } else if (operation == "DescribeBackup" || operation == "DeleteBackup") {
    // A backup's own ARN, as DynamoDB's IAM reference lists it for these actions.
    b.named_resource(action, request.string("BackupArn").value_or("*"));
  } else if (operation == "RestoreTableFromBackup" || operation == "RestoreTableToPointInTime") {
    if (operation == "RestoreTableFromBackup") {
      b.named_resource(action, request.string("BackupArn").value_or("*"));
    } else if (const auto source_arn = request.string("SourceTableArn")) {
      b.named_resource(action, *source_arn);
    } else {
      const std::string source = b.table_arn(request.string("SourceTableName").value_or(""));
      b.add(action, source, source, {});
    }
    // Writing the new table takes what writing any table takes (DynamoDB's documented
    // permissions for a restore).
    const std::string target = b.table_arn(request.string("TargetTableName").value_or(""));
    for (const char* write :
         {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:GetItem",
          "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchWriteItem"}) {
      b.add(write, target, "", {});
    }
  } else if (operation == "ExportTableToPointInTime") {
    b.named_resource(action, request.string("TableArn").value_or("*"));
  } else if (operation == "ImportTable") {
    // The table it makes (TableCreationParameters.TableName).
    std::string name;
    if (const auto creation = request.object("TableCreationParameters")) {
      name = std::string(RequestReader(*creation).string("TableName").value_or(""));
    }
    const std::string arn = b.table_arn(name);
    b.add(action, arn, "", {});
  } else if (operation == "DescribeImport") {
    b.named_resource(action, request.string("ImportArn").value_or("*"));
  } else if (operation == "DescribeExport") {
    // An export's own ARN (<table ARN>/export/<id>), as DynamoDB's IAM reference lists it.
    b.named_resource(action, request.string("ExportArn").value_or("*"));
  } else if (operation == "TagResource" || operation == "UntagResource" ||
             operation == "ListTagsOfResource" || operation == "PutResourcePolicy" ||
             operation == "GetResourcePolicy" || operation == "DeleteResourcePolicy") {
    b.named_resource(action, request.string("ResourceArn").value_or("*"));
  } else {
    // ListTables, DescribeLimits, DescribeEndpoints, and any operation without a resource
    // of its own here: only a policy granting the action on "*" allows it.
    b.add(action, "*", "", {});
  }
  return b.take();
}

}  // namespace cairn::api
