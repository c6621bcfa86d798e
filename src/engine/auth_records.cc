#include "engine/auth_records.h"

#include "engine/key_space.h"
#include "engine/server_secret.h"
#include "storage/kv_store.h"

namespace cairn::engine {

void AuthRecords::put(std::string_view name, std::string_view value) {
  store_.put(auth_record_key(name), value);
  store_.make_durable();
}

void AuthRecords::remove(std::string_view name) {
  store_.remove(auth_record_key(name));
  store_.make_durable();
}

std::vector<std::pair<std::string, std::string>> AuthRecords::all() const {
  std::vector<std::pair<std::string, std::string>> out;
  const KeyRange range = auth_record_range();
  auto it = store_.scan(range.lower, range.upper);
  for (it->seek_to_first(); it->valid(); it->next()) {
    out.emplace_back(std::string(auth_record_name_of(it->key())), std::string(it->value()));
  }
  return out;
}

std::string AuthRecords::secret(std::string_view name) {
  return load_or_create_secret(store_, name);
}

}  // namespace cairn::engine
