// Secrets the server keeps for itself: random keys, made once per data directory and kept
// in it (key_space.h, tag 'k'), with which it signs the tokens it hands to clients (a
// stream's shard iterators), so that a client can neither forge a token nor change one,
// and a token stays good across a restart. They never leave the server and are never
// logged.
#pragma once

#include <string>
#include <string_view>

#include "engine/storage_fwd.h"

namespace cairn::engine {

constexpr std::string_view kTokenSecret = "token";
constexpr size_t kSecretBytes = 32;

// The secret named name: read from the store, or drawn from the system's secure random
// source and stored (durably) the first time.
std::string load_or_create_secret(storage::KvStore& store, std::string_view name);

}  // namespace cairn::engine
