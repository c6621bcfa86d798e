// libFuzzer target: IAM policy documents from clients (PutResourcePolicy, CreateTable's
// ResourcePolicy, the admin API's PutUserPolicy). The input is split at the first '\n': a
// policy document, then a resource; a parsed policy is evaluated against requests for that
// resource with multi-valued condition keys and policy variables. Parsing must accept or
// refuse with PolicyError, and evaluation must decide, never crash, hang or read out of
// bounds (wildcards and variables are matched in linear passes).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view document = input.substr(0, newline);
  const std::string resource(newline == std::string_view::npos ? std::string_view("*")
                                                               : input.substr(newline + 1));
  cairn::auth::Policy policy;
  try {
    policy = cairn::auth::Policy::parse(document);
  } catch (const cairn::auth::PolicyError&) {
    return 0;
  }
  cairn::auth::AccessRequest request;
  request.principal_arn = "arn:aws:iam::000000000000:user/fuzz";
  request.principal_account = "000000000000";
  request.resource = resource;
  request.context = {{"aws:username", {"fuzz"}},
                     {"aws:sourceip", {"10.1.2.3"}},
                     {"aws:currenttime", {"2026-12-07T00:00:00Z"}},
                     {"dynamodb:leadingkeys", {"fuzz", resource}},
                     {"dynamodb:attributes", {"a", "b", resource}}};
  for (const char* action : {"dynamodb:GetItem", "iam:CreateAccessKey", ""}) {
    request.action = action;
    (void)cairn::auth::evaluate({&policy}, request);
  }
  return 0;
}
