// Every stream Cairn keeps: the enabled streams of tables and, for the retention period,
// disabled ones and those of deleted tables. Loads descriptors at start, creates a
// table's stream log on first use, and trims expired records in a background thread.
#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "engine/background_worker.h"
#include "engine/storage_fwd.h"
#include "engine/stream_log.h"
#include "engine/table_info.h"

namespace cairn::engine {

class StreamRegistry {
 public:
  StreamRegistry(storage::KvStore& store, StreamSettings settings);
  ~StreamRegistry();
  StreamRegistry(const StreamRegistry&) = delete;
  StreamRegistry& operator=(const StreamRegistry&) = delete;

  // The log of table's latest stream (table.stream must be set), created on first use.
  std::shared_ptr<StreamLog> log_for(const TableInfo& table);
  // Disables table's latest stream, if it has one (UpdateTable, DeleteTable).
  void disable(const TableInfo& table);
  // The stream with this ARN, or nullptr.
  std::shared_ptr<StreamLog> find(std::string_view arn) const;
  // Every stream, ordered by ARN.
  std::vector<std::shared_ptr<StreamLog>> all() const;

  // Trims every stream now (the background worker does so every minute, or every quarter
  // of the retention period when that is shorter).
  void trim_all();
  // Starts the background trimming; its first pass is one period away.
  void start();

  const StreamSettings& settings() const { return settings_; }

 private:
  storage::KvStore& store_;
  const StreamSettings settings_;
  mutable std::shared_mutex mu_;
  std::map<uint64_t, std::shared_ptr<StreamLog>> by_id_;
  std::map<std::string, uint64_t, std::less<>> by_arn_;
  BackgroundWorker worker_;  // last: stops before everything above goes
};

}  // namespace cairn::engine
