#include "engine/stream_registry.h"

#include <algorithm>
#include <chrono>

#include "engine/key_space.h"
#include "model/clock.h"
#include "storage/kv_store.h"

namespace cairn::engine {

StreamRegistry::StreamRegistry(storage::KvStore& store, StreamSettings settings)
    : store_(store), settings_(settings), worker_("stream trimming", [this] {
        trim_all();
        return BackgroundWorker::PassOutcome::kDone;
      }) {
  const KeyRange descriptors = stream_descriptor_range();
  auto it = store_.scan(descriptors.lower, descriptors.upper);
  for (it->seek_to_first(); it->valid(); it->next()) {
    auto log = StreamLog::load(store_, descriptor_from_bytes(it->value()), settings_);
    const auto d = log->descriptor();
    by_arn_[d.arn] = d.stream_id;
    by_id_[d.stream_id] = std::move(log);
  }
}

StreamRegistry::~StreamRegistry() = default;

std::shared_ptr<StreamLog> StreamRegistry::log_for(const TableInfo& table) {
  const uint64_t id = table.stream->stream_id;
  {
    std::shared_lock lock(mu_);
    if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
  }
  std::unique_lock lock(mu_);
  if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
  auto log = StreamLog::create(store_, table, settings_);
  by_arn_[table.stream_arn()] = id;
  by_id_[id] = log;
  return log;
}

void StreamRegistry::disable(const TableInfo& table) {
  if (!table.stream) return;
  log_for(table)->disable(now_ms());
}

std::shared_ptr<StreamLog> StreamRegistry::find(std::string_view arn) const {
  std::shared_lock lock(mu_);
  auto it = by_arn_.find(arn);
  if (it == by_arn_.end()) return nullptr;
  return by_id_.at(it->second);
}

std::vector<std::shared_ptr<StreamLog>> StreamRegistry::all() const {
  std::shared_lock lock(mu_);
  std::vector<std::shared_ptr<StreamLog>> out;
  out.reserve(by_arn_.size());
  for (const auto& [arn, id] : by_arn_) out.push_back(by_id_.at(id));
  return out;
}

void StreamRegistry::trim_all() {
  const int64_t now = now_ms();
  for (const auto& log : all()) {
    if (log->trim(now)) continue;
    std::unique_lock lock(mu_);
    const auto d = log->descriptor();
    by_arn_.erase(d.arn);
    by_id_.erase(d.stream_id);
  }
}

void StreamRegistry::start() {
  // Often enough that records leave within a minute of their retention (configurable
  // retention may be short in tests), rarely enough to cost nothing.
  const auto period =
      std::chrono::milliseconds(std::clamp<int64_t>(settings_.retention_ms / 4, 100, 60'000));
  worker_.start({.period = period, .wait_before_first = true});
}

}  // namespace cairn::engine
