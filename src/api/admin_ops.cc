// Cairn's admin API: access keys, identity policies and tags of the caller's account,
// managed on a running server (target prefix CairnAdmin_20261201, the same endpoint, JSON).
// Operations and members are named after IAM's (CreateAccessKey, ListAccessKeys,
// UpdateAccessKey, DeleteAccessKey, PutUserPolicy, GetUserPolicy, DeleteUserPolicy,
// ListUserPolicies, TagUser, UntagUser, ListUserTags), plus RotateAccessKey; a missing
// UserName means the caller, as in IAM. Every request is authorized like any other
// (action "iam:<Operation>" on the user's ARN): the root user may do all, another user what
// its policies allow. Never served without --auth sigv4 (the dispatcher refuses it).
#include "api/constraints.h"
#include "api/handler.h"
#include "api/root_only.h"
#include "auth/credential.h"
#include "auth/credential_store.h"
#include "auth/iam_name.h"
#include "auth/policy.h"
#include "auth/policy_store.h"
#include "backup/server_backup.h"
#include "model/api_error.h"
#include "model/clock.h"

namespace cairn::api {
namespace {

auth::CredentialStore& keys_of(const RequestContext& ctx) {
  if (!ctx.keys || !ctx.principal) throw ApiError::internal("no credential store");
  return *ctx.keys;
}
auth::PolicyStore& policies_of(const RequestContext& ctx) {
  if (!ctx.policies) throw ApiError::internal("no policy store");
  return *ctx.policies;
}

// UserName, or the caller's own. The root user's keys and policies are the root user's
// alone to manage: no identity policy can grant that (as in IAM).
std::string user_of(const RequestContext& ctx, const RequestReader& r, bool required = false) {
  auto user = r.string("UserName");
  if (!user) {
    if (required) throw ApiError::validation("UserName is required");
    return ctx.principal ? ctx.principal->user_name : std::string();
  }
  if (!auth::is_valid_iam_name(*user)) {
    throw ApiError::validation("Invalid UserName: it must match [\\w+=,.@-]+ (1 to 128)");
  }
  if (*user == auth::kRootUser && (!ctx.principal || ctx.principal->user_name != auth::kRootUser)) {
    throw ApiError(ErrorType::kAccessDenied,
                   "User: " + ctx.principal->arn() +
                       " is not authorized to manage the root user's credentials or policies");
  }
  return std::string(*user);
}

std::string_view required(const RequestReader& r, std::string_view member) {
  auto value = r.string(member);
  if (!value || value->empty()) throw ApiError::validation(std::string(member) + " is required");
  return *value;
}

// The key, if it is the user's in the caller's account.
std::shared_ptr<const auth::AccessKey> key_of(const RequestContext& ctx, const RequestReader& r,
                                              const std::string& user) {
  const std::string_view id = required(r, "AccessKeyId");
  auto key = keys_of(ctx).find(id);
  if (!key || key->account_id != ctx.account || key->user_name != user) {
    throw ApiError(ErrorType::kNoSuchEntity,
                   "The Access Key with id " + std::string(id) + " cannot be found.");
  }
  return key;
}

void write_key(JsonWriter& out, const auth::AccessKey& key, bool with_secret) {
  out.begin_object();
  out.field("UserName", key.user_name);
  out.field("AccessKeyId", key.access_key_id);
  out.field("Status", key.active ? "Active" : "Inactive");
  if (with_secret) out.field("SecretAccessKey", key.secret);
  if (with_secret && !key.session_token.empty()) {
    out.field("SessionToken", key.session_token);
    out.field("Expiration", iso8601_utc(key.expires_ms));
  }
  out.field("CreateDate", iso8601_utc(key.created_ms));
  out.end_object();
}

void create_access_key(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auth::NewAccessKey spec;
  spec.account_id = std::string(ctx.account);
  spec.user_name = user_of(ctx, r);
  if (auto seconds = r.integer("DurationSeconds")) {
    if (*seconds < 60 || *seconds > 129600) {
      throw ApiError::validation("DurationSeconds must be from 60 to 129600");
    }
    spec.lifetime_seconds = *seconds;
  }
  auth::AccessKey made;
  try {
    made = keys_of(ctx).create(std::move(spec));
  } catch (const std::invalid_argument& e) {
    throw ApiError::validation(e.what());
  }
  out.begin_object();
  out.key("AccessKey");
  write_key(out, made, true);
  out.end_object();
}

void list_access_keys(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  const std::string user = user_of(ctx, r);
  out.begin_object();
  out.key("AccessKeyMetadata");
  out.begin_array();
  for (const auto& key : keys_of(ctx).list()) {
    if (key.account_id == ctx.account && key.user_name == user) write_key(out, key, false);
  }
  out.end_array();
  out.field("IsTruncated", false);
  out.end_object();
}

void update_access_key(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  const std::string user = user_of(ctx, r);
  const std::string_view status = required(r, "Status");
  if (status != "Active" && status != "Inactive") {
    throw ApiError::validation("Status must be Active or Inactive");
  }
  auto key = key_of(ctx, r, user);
  keys_of(ctx).set_active(key->access_key_id, status == "Active");
  out.begin_object();
  out.end_object();
}

void delete_access_key(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto key = key_of(ctx, r, user_of(ctx, r));
  keys_of(ctx).remove(key->access_key_id);
  out.begin_object();
  out.end_object();
}

void rotate_access_key(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  auto key = key_of(ctx, r, user_of(ctx, r));
  std::optional<auth::AccessKey> fresh;
  try {
    fresh = keys_of(ctx).rotate(key->access_key_id);
  } catch (const std::invalid_argument& e) {
    throw ApiError::validation(e.what());
  }
  if (!fresh) throw ApiError(ErrorType::kNoSuchEntity, "The Access Key cannot be found.");
  out.begin_object();
  out.key("AccessKey");
  write_key(out, *fresh, true);
  out.end_object();
}

std::string_view policy_name_of(const RequestReader& r) {
  const std::string_view name = required(r, "PolicyName");
  if (!auth::is_valid_iam_name(name)) {
    throw ApiError::validation("Invalid PolicyName: it must match [\\w+=,.@-]+ (1 to 128)");
  }
  return name;
}

ApiError no_such_policy(std::string_view name) {
  return ApiError(ErrorType::kNoSuchEntity,
                  "The user policy with name " + std::string(name) + " cannot be found.");
}

void put_user_policy(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  const std::string user = user_of(ctx, r, true);
  const std::string_view name = policy_name_of(r);
  const std::string_view document = required(r, "PolicyDocument");
  try {
    policies_of(ctx).put_user_policy(ctx.account, user, name, document);
  } catch (const auth::PolicyError& e) {
    throw ApiError(ErrorType::kMalformedPolicyDocument, e.what());
  }
  out.begin_object();
  out.end_object();
}

void get_user_policy(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  const std::string user = user_of(ctx, r, true);
  const std::string_view name = policy_name_of(r);
  auto them = policies_of(ctx).user(ctx.account, user);
  for (const auto& p : them ? them->policies : std::vector<auth::NamedPolicy>{}) {
    if (p.name != name) continue;
    out.begin_object();
    out.field("UserName", user);
    out.field("PolicyName", p.name);
    out.field("PolicyDocument", p.document);
    out.end_object();
    return;
  }
  throw no_such_policy(name);
}

void delete_user_policy(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  const std::string user = user_of(ctx, r, true);
  const std::string_view name = policy_name_of(r);
  if (!policies_of(ctx).delete_user_policy(ctx.account, user, name)) throw no_such_policy(name);
  out.begin_object();
  out.end_object();
}

void list_user_policies(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  const std::string user = user_of(ctx, r, true);
  auto them = policies_of(ctx).user(ctx.account, user);
  out.begin_object();
  out.key("PolicyNames");
  out.begin_array();
  if (them) {
    for (const auto& p : them->policies) out.string(p.name);
  }
  out.end_array();
  out.field("IsTruncated", false);
  out.end_object();
}

std::map<std::string, std::string> tags_of(const RequestContext& ctx, const std::string& user) {
  auto them = policies_of(ctx).user(ctx.account, user);
  return them ? them->tags : std::map<std::string, std::string>{};
}

void set_tags(RequestContext& ctx, const std::string& user,
              std::map<std::string, std::string> tags) {
  try {
    policies_of(ctx).set_user_tags(ctx.account, user, std::move(tags));
  } catch (const auth::PolicyError& e) {
    throw ApiError::validation(e.what());
  }
}

void tag_user(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  const std::string user = user_of(ctx, r, true);
  auto tags = tags_of(ctx, user);
  auto list = r.array("Tags");
  if (!list) throw ApiError::validation("Tags is required");
  for (JsonElement entry : *list) {
    JsonObject tag;
    if (entry.get_object().get(tag)) throw ApiError::validation("A tag is {Key, Value}");
    const RequestReader t(tag);
    tags[std::string(required(t, "Key"))] = std::string(t.string("Value").value_or(""));
  }
  if (tags.size() > 50) throw ApiError::validation("A user has at most 50 tags");
  set_tags(ctx, user, std::move(tags));
  out.begin_object();
  out.end_object();
}

void untag_user(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  const std::string user = user_of(ctx, r, true);
  auto tags = tags_of(ctx, user);
  auto keys = r.array("TagKeys");
  if (!keys) throw ApiError::validation("TagKeys is required");
  for (JsonElement key : *keys) {
    std::string_view k;
    if (!key.get_string().get(k)) tags.erase(std::string(k));
  }
  set_tags(ctx, user, std::move(tags));
  out.begin_object();
  out.end_object();
}

void list_user_tags(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  const std::string user = user_of(ctx, r, true);
  out.begin_object();
  out.key("Tags");
  out.begin_array();
  for (const auto& [k, v] : tags_of(ctx, user)) {
    out.begin_object();
    out.field("Key", k);
    out.field("Value", v);
    out.end_object();
  }
  out.end_array();
  out.field("IsTruncated", false);
  out.end_object();
}

// BackupServer {"Directory": "/abs/path"}: the whole server, online, into a new directory
// (backup/server_backup.h). The root user's alone: a backup holds every account's data.
void backup_server(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  require_root(ctx, "back up the server");
  if (!ctx.server_backup) throw ApiError::internal("no server backup");
  const std::string directory(required(r, "Directory"));
  const backup::ServerBackupResult made = ctx.server_backup->back_up(directory);
  out.begin_object();
  out.field("Directory", directory);
  out.field("Files", made.files);
  out.field("Bytes", made.bytes);
  out.end_object();
}

}  // namespace

void register_admin_ops(HandlerTable& table) {
  table["CreateAccessKey"] = create_access_key;
  table["ListAccessKeys"] = list_access_keys;
  table["UpdateAccessKey"] = update_access_key;
  table["DeleteAccessKey"] = delete_access_key;
  table["RotateAccessKey"] = rotate_access_key;
  table["PutUserPolicy"] = put_user_policy;
  table["GetUserPolicy"] = get_user_policy;
  table["DeleteUserPolicy"] = delete_user_policy;
  table["ListUserPolicies"] = list_user_policies;
  table["TagUser"] = tag_user;
  table["UntagUser"] = untag_user;
  table["ListUserTags"] = list_user_tags;
  table["BackupServer"] = backup_server;
  register_database_snapshot_ops(table);
}

}  // namespace cairn::api
