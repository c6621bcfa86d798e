// The records authentication keeps (key_space.h, tag 'a'): one opaque value per access key,
// written durably. What a record holds, and its encryption, are auth/'s; the engine only
// keeps them, as it keeps the server's secrets.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/storage_fwd.h"

namespace cairn::engine {

class AuthRecords {
 public:
  explicit AuthRecords(storage::KvStore& store) : store_(store) {}

  void put(std::string_view name, std::string_view value);
  void remove(std::string_view name);
  // Every record, by name.
  std::vector<std::pair<std::string, std::string>> all() const;
  // A server secret (server_secret.h) for auth/'s own use, e.g. the key its records are
  // encrypted under.
  std::string secret(std::string_view name);

 private:
  storage::KvStore& store_;
};

}  // namespace cairn::engine
