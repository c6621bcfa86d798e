#include "engine/catalog.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "engine/key_space.h"
#include "engine/storage_conflicts.h"
#include "engine/uuid.h"
#include "model/api_error.h"
#include "model/clock.h"
#include "model/item_codec.h"
#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

// DynamoDB's StreamLabel: the stream's creation time, ISO 8601 with milliseconds (UTC).
std::string stream_label(int64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace

Catalog::Catalog(storage::KvStore& store, CatalogConfig config)
    : store_(store), config_(std::move(config)) {
  if (auto v = store_.get(sequence_key(kNextStorageId))) next_storage_id_ = std::stoull(*v);
  const KeyRange metadata = table_metadata_range();
  auto it = store_.scan(metadata.lower, metadata.upper);
  for (it->seek_to_first(); it->valid(); it->next()) {
    auto t = std::make_shared<TableInfo>(table_info_from_item(decode_item(it->value())));
    next_storage_id_ = std::max(next_storage_id_, t->storage_id + 1);
    tables_.emplace(key_of(*t), std::move(t));
  }
}

std::string Catalog::key_of(std::string_view account, std::string_view region,
                            std::string_view name) const {
  if (account.empty()) account = config_.account;
  if (region.empty()) region = config_.region;
  if (account == config_.account && region == config_.region) return std::string(name);
  return std::string(account) + ":" + std::string(region) + ":" + std::string(name);
}

std::string Catalog::arn_of(std::string_view account, std::string_view region,
                            std::string_view table_name) const {
  const std::string_view r = region.empty() ? std::string_view(config_.region) : region;
  const std::string_view a = account.empty() ? std::string_view(config_.account) : account;
  std::string arn;
  arn.reserve(17 + r.size() + 1 + a.size() + 7 + table_name.size());
  arn.append("arn:aws:dynamodb:").append(r).append(":").append(a).append(":table/");
  arn.append(table_name);
  return arn;
}

void Catalog::assign_storage_ids(TableInfo& t, const TableInfo* previous) {
  for (auto& index : t.indexes) {
    if (index.storage_id == 0) index.storage_id = next_storage_id_++;
  }
  if (t.stream && t.stream->stream_id == 0) {
    t.stream->stream_id = next_storage_id_++;
    // Labels (and so ARNs) of one table's streams must differ even within a millisecond.
    int64_t created = now_ms();
    if (previous && previous->stream) {
      created = std::max(created, previous->stream->created_ms + 1);
    }
    t.stream->created_ms = created;
    t.stream->label = stream_label(created);
  }
}

void Catalog::persist(const TableInfo& t) {
  return conflicts_as_api_errors([&] {
    // The id counter and the metadata commit together, so a crash can never reuse an id.
    auto txn = store_.begin();
    txn->put(sequence_key(kNextStorageId), std::to_string(next_storage_id_));
    txn->put(table_metadata_key(key_of(t)), encode_item(table_info_to_item(t)));
    txn->commit();
  });
}

void Catalog::remove_ranges(const std::vector<KeyRange>& ranges) {
  for (const KeyRange& range : ranges) store_.remove_range(range.lower, range.upper);
}

TablePtr Catalog::create(TableInfo spec) {
  return create_filled(std::move(spec), nullptr);
}

void Catalog::prepare(TableInfo& spec) {
  if (spec.account_id == config_.account) spec.account_id.clear();
  if (spec.region == config_.region) spec.region.clear();
  if (find(spec.account_id, spec.region, spec.name) || reserved_.count(key_of(spec))) {
    throw ApiError::resource_in_use("Table already exists: " + spec.name);
  }
  {
    std::shared_lock lock(mu_);
    size_t owned =
        static_cast<size_t>(std::count_if(tables_.begin(), tables_.end(), [&](const auto& entry) {
          return entry.second->account_id == spec.account_id && entry.second->region == spec.region;
        }));
    owned += static_cast<size_t>(
        std::count_if(reserved_.begin(), reserved_.end(), [&](const auto& entry) {
          return entry.second.account_id == spec.account_id && entry.second.region == spec.region;
        }));
    if (owned >= config_.max_tables) {
      throw ApiError::limit_exceeded("Subscriber limit exceeded: Only " +
                                     std::to_string(config_.max_tables) +
                                     " tables can be created in one account in one region");
    }
  }
  spec.storage_id = next_storage_id_++;
  assign_storage_ids(spec, nullptr);
  spec.table_id = random_uuid();
  spec.arn = arn_of(spec.account_id, spec.region, spec.name);
  spec.created_ms = now_ms();
  spec.billing_mode_updated_ms = spec.created_ms;
}

void Catalog::remove_data_of(const TableInfo& spec) {
  remove_ranges(table_ranges(spec.storage_id));
  for (const auto& index : spec.indexes) remove_ranges(index_ranges(index.storage_id));
}

TablePtr Catalog::publish_new(TableInfo spec) {
  persist(spec);
  auto t = std::make_shared<const TableInfo>(std::move(spec));
  std::unique_lock lock(mu_);
  tables_[key_of(*t)] = t;
  return t;
}

TablePtr Catalog::create_filled(TableInfo spec, const std::function<void(const TableInfo&)>& fill) {
  std::lock_guard ddl(ddl_mu_);
  prepare(spec);
  if (fill) {
    conflicts_as_api_errors(
        [&] { store_.put(sequence_key(kNextStorageId), std::to_string(next_storage_id_)); });
    try {
      fill(spec);
    } catch (...) {
      // What was written under the spent ids goes (a kill here leaves it: keys no table
      // will ever name).
      remove_data_of(spec);
      throw;
    }
  }
  return publish_new(std::move(spec));
}

TableInfo Catalog::reserve(TableInfo spec) {
  std::lock_guard ddl(ddl_mu_);
  prepare(spec);
  conflicts_as_api_errors(
      [&] { store_.put(sequence_key(kNextStorageId), std::to_string(next_storage_id_)); });
  reserved_[key_of(spec)] = {spec.account_id, spec.region};
  return spec;
}

TablePtr Catalog::publish_reserved(TableInfo reserved) {
  std::lock_guard ddl(ddl_mu_);
  reserved_.erase(key_of(reserved));
  return publish_new(std::move(reserved));
}

void Catalog::release_reserved(const TableInfo& reserved) {
  remove_data_of(reserved);
  std::lock_guard ddl(ddl_mu_);
  reserved_.erase(key_of(reserved));
}

TablePtr Catalog::find(std::string_view account, std::string_view region,
                       std::string_view name) const {
  return find(key_of(account, region, name));
}

TablePtr Catalog::get(std::string_view account, std::string_view region,
                      std::string_view name) const {
  auto t = find(account, region, name);
  if (!t) throw ApiError::table_not_found(name);
  return t;
}

std::vector<std::string> Catalog::names(std::string_view account, std::string_view region) const {
  const std::string_view owner = account == config_.account ? std::string_view() : account;
  const std::string_view place = region == config_.region ? std::string_view() : region;
  std::shared_lock lock(mu_);
  std::vector<std::string> out;
  for (const auto& [key, t] : tables_) {
    if (t->account_id == owner && t->region == place) out.push_back(t->name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TablePtr Catalog::find(std::string_view name) const {
  std::shared_lock lock(mu_);
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

TablePtr Catalog::get(std::string_view name) const {
  auto t = find(name);
  if (!t) throw ApiError::table_not_found(name);
  return t;
}

TablePtr Catalog::find_by_arn(std::string_view arn) const {
  // arn:aws:dynamodb:<region>:<account>:table/<name>
  std::string_view rest = arn;
  std::string_view region;
  for (int i = 0; i < 4; ++i) {
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) return nullptr;
    if (i == 3) region = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
  }
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return nullptr;
  const std::string_view account = rest.substr(0, colon);
  constexpr std::string_view prefix = "table/";
  const std::string_view resource = rest.substr(colon + 1);
  if (resource.substr(0, prefix.size()) != prefix) return nullptr;
  auto t = find(account, region, resource.substr(prefix.size()));
  return t && t->arn == arn ? t : nullptr;
}

std::vector<std::string> Catalog::names() const {
  std::shared_lock lock(mu_);
  std::vector<std::string> out;
  out.reserve(tables_.size());
  for (const auto& [name, t] : tables_) out.push_back(name);
  return out;
}

TablePtr Catalog::update(std::string_view name, const std::function<void(TableInfo&)>& change) {
  std::lock_guard ddl(ddl_mu_);
  auto current = get(name);
  auto next = std::make_shared<TableInfo>(*current);
  change(*next);
  return publish(current, std::move(next));
}

TablePtr Catalog::update_if(std::string_view name, const std::function<bool(TableInfo&)>& change) {
  std::lock_guard ddl(ddl_mu_);
  auto current = find(name);
  if (!current) return nullptr;
  auto next = std::make_shared<TableInfo>(*current);
  if (!change(*next)) return nullptr;
  return publish(current, std::move(next));
}

// Persists next and swaps it in for current (ddl_mu_ held).
TablePtr Catalog::publish(const TablePtr& current, std::shared_ptr<TableInfo> next) {
  assign_storage_ids(*next, current.get());
  persist(*next);
  {
    std::unique_lock lock(mu_);
    tables_[key_of(*next)] = next;
    auto& replaced = superseded_[current->storage_id];
    std::erase_if(replaced, [](const auto& weak) { return weak.expired(); });
    replaced.push_back(current);
  }
  // Entries of an index the change dropped: no reader can find the index any more.
  for (const auto& index : current->indexes) {
    if (!next->find_index(index.name)) remove_ranges(index_ranges(index.storage_id));
  }
  return next;
}

bool Catalog::superseded_snapshots_held(uint64_t table_storage_id) const {
  std::unique_lock lock(mu_);
  auto it = superseded_.find(table_storage_id);
  if (it == superseded_.end()) return false;
  std::erase_if(it->second, [](const auto& weak) { return weak.expired(); });
  if (!it->second.empty()) return true;
  superseded_.erase(it);
  return false;
}

TablePtr Catalog::drop(std::string_view name) {
  std::lock_guard ddl(ddl_mu_);
  auto t = get(name);
  for (const auto& index : t->indexes) {
    if (index.status == IndexStatus::kCreating) {
      throw ApiError::resource_in_use(
          "Attempt to change a resource which is still in use: Cannot delete table while "
          "indexes are being created, updated, or deleted.");
    }
  }
  store_.remove(table_metadata_key(name));
  {
    std::unique_lock lock(mu_);
    tables_.erase(tables_.find(name));
    superseded_.erase(t->storage_id);
  }
  remove_ranges(table_ranges(t->storage_id));
  for (const auto& index : t->indexes) remove_ranges(index_ranges(index.storage_id));
  return t;
}

}  // namespace cairn::engine
