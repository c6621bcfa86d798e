// PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy: DynamoDB's resource-based
// policies of tables and streams, kept by auth/policy_store.h and enforced by the authorizer.
// Messages as observed on DynamoDB (an AWS-verified test suite of another emulator, and a
// 2026 catalogue of live DynamoDB errors): "Resource-based policy not found for the provided
// ResourceArn: <arn>", the revision mismatch texts, and "Requested resource not found:
// Table: <name> not found".
#include "api/constraints.h"
#include "api/handler.h"
#include "api/resource_arn.h"
#include "api/resource_policy_rules.h"
#include "auth/policy_store.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

constexpr std::string_view kPolicyNotFound =
    "Resource-based policy not found for the provided ResourceArn: ";

auth::PolicyStore& store_of(const RequestContext& ctx) {
  if (!ctx.policies) throw ApiError::internal("resource-based policies are not kept here");
  return *ctx.policies;
}

// The ResourceArn's checks, then the resource: a table must exist (or, for a stream ARN,
// the table and that stream) for Put and Delete.
PolicyResource resource_of(const RequestContext& ctx, const RequestReader& r, Constraints& c) {
  auto arn = r.string("ResourceArn");
  if (!arn) c.not_null("resourceArn");
  if (arn) c.length_between(*arn, "resourceArn", 1, 1283);
  if (auto revision = r.string("ExpectedRevisionId")) {
    c.length_between(*revision, "expectedRevisionId", 1, 255);
  }
  c.throw_if_any();
  return policy_resource_of_arn(ctx.engine.catalog(), ctx.account, ctx.region, *arn);
}

[[noreturn]] void throw_missing_table(std::string_view arn) {
  // "arn:aws:dynamodb:region:account:table/NAME[/stream/LABEL]"
  std::string_view name = arn.substr(arn.find(":table/") + 7);
  name = name.substr(0, name.find('/'));
  throw ApiError::resource_not_found("Requested resource not found: Table: " + std::string(name) +
                                     " not found");
}

ApiError revision_mismatch(const auth::RevisionMismatch& m, std::string_view expected,
                           std::string_view table_name) {
  if (!m.current) {
    return ApiError(ErrorType::kPolicyNotFound,
                    std::string(kPolicyNotFound) + "Requested update for policy with revision id " +
                        std::string(expected) + ", but no policy is associated to target table " +
                        std::string(table_name) + ".");
  }
  if (expected == auth::kNoPolicyRevision) {
    return ApiError(ErrorType::kPolicyNotFound,
                    std::string(kPolicyNotFound) +
                        "Requested policy update expecting none to be present for table " +
                        std::string(table_name) + ", but a policy exists with revision id " +
                        *m.current + ".");
  }
  return ApiError(ErrorType::kPolicyNotFound,
                  std::string(kPolicyNotFound) + "Requested update for policy with revision id " +
                      std::string(expected) + ", but the policy associated to target table " +
                      std::string(table_name) + " has revision id " + *m.current + ".");
}

void put_resource_policy(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  auto policy = r.string("Policy");
  if (!policy) c.not_null("policy");
  const PolicyResource resource = resource_of(ctx, r, c);
  const std::string_view arn = *r.string("ResourceArn");
  if (!resource.exists) throw_missing_table(arn);
  check_resource_policy_document(*policy);
  std::optional<std::string> expected;
  if (auto e = r.string("ExpectedRevisionId")) expected = std::string(*e);
  const auto result = store_of(ctx).put_resource_policy(arn, *policy, expected);
  if (auto* m = std::get_if<auth::RevisionMismatch>(&result)) {
    throw revision_mismatch(*m, *expected, resource.table->name);
  }
  // A DeleteTable that ran meanwhile has already forgotten the table's policies: this one
  // must not wait for a table created again under the name.
  if (!policy_resource_of_arn(ctx.engine.catalog(), ctx.account, ctx.region, arn).exists) {
    store_of(ctx).delete_resource_policy(arn, std::get<std::string>(result));
    throw_missing_table(arn);
  }
  out.begin_object();
  out.field("RevisionId", std::get<std::string>(result));
  out.end_object();
}

void get_resource_policy(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const PolicyResource resource = resource_of(ctx, r, c);
  const std::string_view arn = *r.string("ResourceArn");
  // A stream ARN whose table is gone has no policy (as observed); a missing table is
  // not found.
  if (!resource.table && !resource.is_stream) throw_missing_table(arn);
  auto policy = store_of(ctx).resource_policy(arn);
  if (!policy)
    throw ApiError(ErrorType::kPolicyNotFound, std::string(kPolicyNotFound) + std::string(arn));
  out.begin_object();
  out.field("Policy", policy->document);
  out.field("RevisionId", policy->revision_id);
  out.end_object();
}

void delete_resource_policy(RequestContext& ctx, const RequestReader& r, JsonWriter& out) {
  Constraints c;
  const PolicyResource resource = resource_of(ctx, r, c);
  const std::string_view arn = *r.string("ResourceArn");
  if (!resource.exists) throw_missing_table(arn);
  std::optional<std::string> expected;
  if (auto e = r.string("ExpectedRevisionId")) expected = std::string(*e);
  auto result = store_of(ctx).delete_resource_policy(arn, expected);
  if (auto* m = std::get_if<auth::RevisionMismatch>(&result)) {
    if (!m->current || !expected) {
      throw ApiError(ErrorType::kPolicyNotFound, std::string(kPolicyNotFound) + std::string(arn));
    }
    throw revision_mismatch(*m, *expected, resource.table->name);
  }
  out.begin_object();
  out.field("RevisionId", std::get<std::string>(result));
  out.end_object();
}

}  // namespace

void register_resource_policy_ops(HandlerTable& table) {
  table["PutResourcePolicy"] = put_resource_policy;
  table["GetResourcePolicy"] = get_resource_policy;
  table["DeleteResourcePolicy"] = delete_resource_policy;
}

}  // namespace cairn::api
