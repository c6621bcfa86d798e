// TagResource, UntagResource, ListTagsOfResource on table ARNs.
#include "api/constraints.h"
#include "api/handler.h"
#include "api/tag_rules.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

// arn:aws:dynamodb:<region>:<account>:table/<name>, nothing more (an index ARN is not a
// taggable resource).
bool well_formed_table_arn(std::string_view arn) {
  constexpr std::string_view prefix = "arn:aws:dynamodb:";
  if (arn.substr(0, prefix.size()) != prefix) return false;
  std::string_view rest = arn.substr(prefix.size());
  for (int part = 0; part < 2; ++part) {  // region, account
    auto colon = rest.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    rest.remove_prefix(colon + 1);
  }
  constexpr std::string_view table = "table/";
  if (rest.substr(0, table.size()) != table) return false;
  std::string_view name = rest.substr(table.size());
  if (name.size() < 3 || name.size() > 255) return false;
  for (char ch : name) {
    if (!is_table_name_char(ch)) return false;
  }
  return true;
}

engine::TablePtr table_of(engine::Engine& engine, const RequestReader& r, Constraints& c,
                          std::string_view operation) {
  auto arn = r.string("ResourceArn");
  if (!arn) c.not_null("resourceArn");
  if (arn) c.length_between(*arn, "resourceArn", 1, 1283);
  c.throw_if_any();
  // DynamoDB authorizes before it parses: a string that is not an ARN at all matches no
  // resource a policy could allow, so it is denied rather than found invalid.
  if (arn->substr(0, 4) != "arn:") {
    throw ApiError(ErrorType::kAccessDenied,
                   "User is not authorized to perform: dynamodb:" + std::string(operation) +
                       " on resource: " + std::string(*arn));
  }
  if (!well_formed_table_arn(*arn)) {
    throw ApiError::validation("Invalid TableArn: Invalid ResourceArn provided as input " +
                               std::string(*arn));
  }
  auto t = engine.catalog().find_by_arn(*arn);
  if (!t) {
    throw ApiError::resource_not_found(
        "Requested resource not found: ResourcArn: " + std::string(*arn) + " not found");
  }
  return t;
}

void tag_resource(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto tags_json = r.array("Tags");
  if (!tags_json) c.not_null("tags");
  auto table = table_of(engine, r, c, "TagResource");
  auto tags = parse_tags(*tags_json, "tags");
  engine.catalog().update(table->name, [&](engine::TableInfo& t) {
    auto merged = t.tags;
    for (const auto& [k, v] : tags) merged[k] = v;
    check_tag_count(merged);
    t.tags = std::move(merged);
  });
  // DynamoDB answers TagResource with an empty body.
}

void untag_resource(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  auto keys = r.array("TagKeys");
  if (!keys) c.not_null("tagKeys");
  auto table = table_of(engine, r, c, "UntagResource");
  std::vector<std::string> remove;
  for (JsonElement k : *keys) {
    auto key = as_string(k);
    c.length_between(key, "tagKeys", 1, 128);
    remove.emplace_back(key);
  }
  c.throw_if_any();
  engine.catalog().update(table->name, [&](engine::TableInfo& t) {
    for (const auto& k : remove) t.tags.erase(k);
  });
}

void list_tags_of_resource(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto& engine = ctx.engine;
  Constraints c;
  r.string("NextToken");  // every tag fits in one page; only type-checked
  auto table = table_of(engine, r, c, "ListTagsOfResource");
  out.begin_object();
  out.key("Tags");
  out.begin_array();
  for (const auto& [k, v] : table->tags) {
    out.begin_object();
    out.field("Key", k);
    out.field("Value", v);
    out.end_object();
  }
  out.end_array();
  out.end_object();
}

}  // namespace

void register_tag_ops(HandlerTable& table) {
  table["TagResource"] = tag_resource;
  table["UntagResource"] = untag_resource;
  table["ListTagsOfResource"] = list_tags_of_resource;
}

}  // namespace cairn::api
