#include "api/access_checks.h"

#include <set>
#include <utility>

#include "api/base64.h"
#include "api/expression_request.h"
#include "api/query_request.h"
#include "api/shard_iterator.h"
#include "expr/parser.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

using Context = std::map<std::string, std::vector<std::string>>;

constexpr std::string_view kLeadingKeys = "dynamodb:leadingkeys";
constexpr std::string_view kAttributes = "dynamodb:attributes";
constexpr std::string_view kSelect = "dynamodb:select";

// An attribute value as a condition key sees it: the string, the number or the base64 of
// the binary, as written.
std::string key_value_text(JsonElement value) {
  JsonObject typed;
  if (value.get_object().get(typed)) return {};
  for (auto [type, scalar] : typed) {
    std::string_view text;
    if (!scalar.get_string().get(text)) return std::string(text);
    return simdjson::minify(scalar);
  }
  return {};
}

std::string value_text(const AttributeValue& v) {
  if (v.type != AttrType::B) return v.scalar;
  std::string out;
  base64_encode(v.scalar, out);
  return out;
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
      for (auto& name : expr::parse_update(*text, *exprs).modified_attributes()) {
        names.insert(std::move(name));
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
// touches, and the request options a policy may restrict.
Context item_context(const engine::TableInfo* table, const RequestReader& item,
                     std::string_view key_member, bool read, const RequestReader& top) {
  Context c;
  std::set<std::string> names;
  if (auto key = item.object(key_member)) {
    for (auto [name, value] : *key) {
      names.emplace(name);
      if (table && name == table->hash_key.name) {
        c[std::string(kLeadingKeys)].push_back(key_value_text(value));
      }
    }
  }
  add_expression_attributes(item, names);
  c[std::string(kAttributes)].assign(names.begin(), names.end());
  if (read) {
    const bool projected = item.has("ProjectionExpression") || item.has("AttributesToGet");
    c[std::string(kSelect)] = {projected ? "SPECIFIC_ATTRIBUTES" : "ALL_ATTRIBUTES"};
  }
  if (auto v = item.string("ReturnValues")) c["dynamodb:returnvalues"] = {std::string(*v)};
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
      c = item_context(t.get(), item, key_member, read, request_);
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
      for (JsonElement key : *keys) {
        JsonObject key_object;
        if (key.get_object().get(key_object)) continue;
        // The key, with the table entry's projection, as one GetItem-like access.
        Context c;
        const engine::TablePtr t = table(name);
        std::set<std::string> names;
        for (auto [attr, value] : key_object) {
          names.emplace(attr);
          if (t && attr == t->hash_key.name) {
            c[std::string(kLeadingKeys)].push_back(key_value_text(value));
          }
        }
        add_expression_attributes(r, names);
        c[std::string(kAttributes)].assign(names.begin(), names.end());
        const bool projected = r.has("ProjectionExpression") || r.has("AttributesToGet");
        c[std::string(kSelect)] = {projected ? "SPECIFIC_ATTRIBUTES" : "ALL_ATTRIBUTES"};
        if (auto v = request_.string("ReturnConsumedCapacity")) {
          c["dynamodb:returnconsumedcapacity"] = {std::string(*v)};
        }
        const std::string arn = table_arn(name);
        add("dynamodb:BatchGetItem", arn, arn, std::move(c));
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
    b.add("iam:" + std::string(operation),
          "arn:aws:iam::" + std::string(scope.account) +
              (user == "root" ? std::string(":root") : ":user/" + std::string(user)),
          "", {});
    return b.take();
  }
  const std::string action = "dynamodb:" + std::string(operation);
  if (api == Api::kStreams) {
    if (operation == "GetRecords") {
      std::string stream;
      if (auto token = request.string("ShardIterator")) {
        if (auto it = decode_shard_iterator(*token, scope.token_secret)) stream = it->stream_arn;
      }
      b.named_resource(action, stream.empty() ? "*" : stream);
    } else if (auto arn = request.string("StreamArn")) {
      b.named_resource(action, *arn);
    } else {
      b.add(action, "*", "", {});
    }
    return b.take();
  }
  if (operation == "GetItem" || operation == "DeleteItem" || operation == "UpdateItem") {
    b.item(action, request.string("TableName").value_or(""), request, "Key",
           operation == "GetItem");
  } else if (operation == "PutItem") {
    b.item(action, request.string("TableName").value_or(""), request, "Item", false);
  } else if (operation == "Query" || operation == "Scan") {
    b.page_read(operation);
  } else if (operation == "BatchGetItem") {
    b.batch_get();
  } else if (operation == "BatchWriteItem") {
    b.batch_write();
  } else if (operation == "TransactWriteItems" || operation == "TransactGetItems") {
    b.transaction(operation == "TransactWriteItems");
  } else if (auto name = request.string("TableName")) {
    const std::string arn = b.table_arn(*name);
    // A table that does not exist yet has no resource policy.
    b.add(action, arn, operation == "CreateTable" ? "" : arn, {});
  } else if (auto arn = request.string("ResourceArn")) {
    b.named_resource(action, *arn);
  } else if (auto backup = request.string("BackupArn")) {
    b.add(action, std::string(*backup), "", {});
  } else {
    // ListTables, DescribeLimits, DescribeEndpoints, ListBackups, ...: no one resource.
    b.add(action, "*", "", {});
  }
  return b.take();
}

}  // namespace cairn::api
