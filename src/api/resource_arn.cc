#include "api/resource_arn.h"

#include <vector>

#include "api/constraints.h"
#include "model/api_error.h"

namespace cairn::api {
namespace {

ApiError invalid(std::string message) {
  return ApiError::validation("One or more parameter values were invalid: " + std::move(message));
}

// arn:partition:service:region:account:resource, the resource keeping any further colons.
std::vector<std::string_view> arn_parts(std::string_view arn) {
  std::vector<std::string_view> parts;
  while (parts.size() < 5) {
    auto colon = arn.find(':');
    if (colon == std::string_view::npos) break;
    parts.push_back(arn.substr(0, colon));
    arn.remove_prefix(colon + 1);
  }
  parts.push_back(arn);
  return parts;
}

}  // namespace

std::string_view account_of_arn(std::string_view arn) {
  const auto parts = arn_parts(arn);
  return parts.size() == 6 ? parts[4] : std::string_view();
}

std::string_view region_of_arn(std::string_view arn) {
  const auto parts = arn_parts(arn);
  return parts.size() == 6 ? parts[3] : std::string_view();
}

namespace {

struct ArnTarget {
  std::string_view table_name;
  std::string_view sub;  // after "table/<name>/", e.g. "stream/<label>"; empty for a table
};

// The checks every ResourceArn gets, in DynamoDB's order; index ARNs are refused.
ArnTarget checked_arn(std::string_view account, std::string_view region, std::string_view arn) {
  const std::string quoted(arn);
  if (arn.substr(0, 4) != "arn:") throw invalid("ARNs must start with 'arn:': " + quoted);
  const auto parts = arn_parts(arn);
  if (parts.size() < 6 || parts[1].empty() || parts[2].empty()) {
    throw invalid("Provided Arn is not a DynamoDB resource arn: " + quoted);
  }
  // Authorization comes before the resource is looked at: another service's or another
  // account's resource is denied without saying whether it exists.
  if (parts[2] != "dynamodb" || parts[4] != account) {
    throw ApiError(ErrorType::kAccessDenied, "Access is denied");
  }
  std::string_view resource = parts[5];
  constexpr std::string_view table_prefix = "table/";
  if (resource.substr(0, table_prefix.size()) != table_prefix) {
    throw invalid("Provided Arn is not a DynamoDB resource arn: " + quoted);
  }
  resource.remove_prefix(table_prefix.size());
  const auto slash = resource.find('/');
  ArnTarget target{resource.substr(0, slash), {}};
  if (slash != std::string_view::npos) {
    target.sub = resource.substr(slash + 1);
    if (target.sub.substr(0, 6) == "index/") {
      throw invalid(
          "Invalid resource arn provided, only table or stream is accepted. Provided resource "
          "arn: " +
          quoted);
    }
  }
  if (parts[1] != "aws" || parts[3] != region || !is_valid_table_name(target.table_name)) {
    throw ApiError::validation("Invalid TableArn: Invalid ResourceArn provided as input " + quoted);
  }
  return target;
}

}  // namespace

engine::TablePtr table_of_resource_arn(const engine::Catalog& catalog, std::string_view account,
                                       std::string_view region, std::string_view arn) {
  const ArnTarget target = checked_arn(account, region, arn);
  auto table = target.sub.empty() ? catalog.find_by_arn(arn) : nullptr;
  if (!table) {
    throw ApiError::resource_not_found(
        "Requested resource not found: ResourceArn: " + std::string(arn) + " not found");
  }
  return table;
}

PolicyResource policy_resource_of_arn(const engine::Catalog& catalog, std::string_view account,
                                      std::string_view region, std::string_view arn) {
  const ArnTarget target = checked_arn(account, region, arn);
  PolicyResource out;
  out.table = catalog.find(account, region, target.table_name);
  out.is_stream = !target.sub.empty();
  if (out.is_stream) {
    constexpr std::string_view stream_prefix = "stream/";
    out.exists = out.table && out.table->stream &&
                 target.sub.substr(0, stream_prefix.size()) == stream_prefix &&
                 target.sub.substr(stream_prefix.size()) == out.table->stream->label;
  } else {
    out.exists = out.table != nullptr;
  }
  return out;
}

}  // namespace cairn::api
