#include "engine/server_secret.h"

#include <openssl/rand.h>

#include <stdexcept>

#include "engine/key_space.h"
#include "storage/kv_store.h"

namespace cairn::engine {

std::string load_or_create_secret(storage::KvStore& store, std::string_view name) {
  const std::string key = secret_key(name);
  if (auto stored = store.get(key); stored && stored->size() == kSecretBytes) return *stored;
  std::string secret(kSecretBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), kSecretBytes) != 1) {
    throw std::runtime_error("no secure random bytes for the server's secret");
  }
  store.put(key, secret);
  store.make_durable();
  return secret;
}

}  // namespace cairn::engine
