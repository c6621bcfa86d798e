#include "backup/operation_id.h"

#include <cstdio>
#include <random>

namespace cairn::backup {

std::string new_operation_id(int64_t start_ms) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  char id[32];
  std::snprintf(id, sizeof id, "%014lld-%08x", static_cast<long long>(start_ms),
                static_cast<unsigned>(random() & 0xffffffffu));
  return id;
}

std::string_view operation_id_of(std::string_view arn, std::string_view kind) {
  const std::string marker = "/" + std::string(kind) + "/";
  const auto at = arn.rfind(marker);
  if (arn.substr(0, 4) != "arn:" || at == std::string_view::npos) return {};
  return arn.substr(at + marker.size());
}

}  // namespace cairn::backup
