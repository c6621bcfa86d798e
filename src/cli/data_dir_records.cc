#include "cli/data_dir_records.h"

#include "cli/encryption_key.h"

#include <iostream>

#include "engine/key_space.h"
#include "engine/key_space_format.h"
#include "storage/rocksdb_store.h"

namespace cairn::cli {

int with_auth_records(const std::string& data_dir, std::string_view command,
                      const std::function<void(engine::AuthRecords&)>& work) {
  try {
    storage::RocksDbOptions options{data_dir, false, false};
    options.bloom_prefix_length = engine::kPartitionPrefixBytes;
    // An encrypted directory opens with the key in the environment (CAIRN_ENCRYPTION_KEY).
    options.master_key = master_key_from_environment();
    storage::RocksDbStore database(options);
    engine::AuthRecords records(engine::open_key_space(database));
    work(records);
  } catch (const std::exception& e) {
    const std::string what = e.what();
    if (what.find("lock") != std::string::npos) {
      std::cerr << "cairn " << command << ": " << data_dir
                << " is in use, most likely by a running server: stop it first" << std::endl;
    } else {
      std::cerr << "cairn " << command << ": " << what << std::endl;
    }
    return 1;
  }
  return 0;
}

}  // namespace cairn::cli
