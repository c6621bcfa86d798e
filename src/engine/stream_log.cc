#include "engine/stream_log.h"

#include <algorithm>
#include <cstdio>

#include "engine/key_space.h"
#include "engine/stored_form.h"
#include "model/item_codec.h"
#include "storage/kv_store.h"

namespace cairn::engine {
namespace {

using namespace stored;

std::string descriptor_to_bytes(const StreamDescriptor& d) {
  Item item;
  item["stream_id"] = num(static_cast<int64_t>(d.stream_id));
  item["arn"] = str(d.arn);
  item["label"] = str(d.label);
  item["table_name"] = str(d.table_name);
  item["hash_key"] = key_element(d.hash_key);
  if (d.range_key) item["range_key"] = key_element(*d.range_key);
  item["view_type"] = num(static_cast<int64_t>(d.view_type));
  item["created_ms"] = num(d.created_ms);
  item["disabled_ms"] = num(d.disabled_ms);
  AttributeValue shards;
  shards.type = AttrType::L;
  for (const auto& s : d.shards) {
    AttributeValue v;
    v.type = AttrType::M;
    v.map["id"] = str(s.id);
    v.map["parent_id"] = str(s.parent_id);
    v.map["first"] = num(static_cast<int64_t>(s.first_sequence));
    if (s.last_sequence) v.map["last"] = num(static_cast<int64_t>(*s.last_sequence));
    v.map["created_ms"] = num(s.created_ms);
    shards.list.push_back(std::move(v));
  }
  item["shards"] = std::move(shards);
  return encode_item(item);
}

// A shard id as DynamoDB forms them ("shardId-" + 20 digits + "-" + 8 hex digits).
std::string shard_id(uint64_t stream_id, int64_t created_ms, size_t ordinal) {
  uint64_t h = stream_id * 0x9E3779B97F4A7C15ULL + ordinal * 0xC2B2AE3D27D4EB4FULL;
  h ^= h >> 29;
  char buf[48];
  std::snprintf(buf, sizeof buf, "shardId-%020lld-%08x", static_cast<long long>(created_ms),
                static_cast<unsigned>(h & 0xffffffffU));
  return buf;
}

}  // namespace

const StreamShard* StreamDescriptor::find_shard(std::string_view id) const {
  for (const auto& s : shards) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::string sequence_text(uint64_t sequence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%021llu", static_cast<unsigned long long>(sequence));
  return buf;
}

std::optional<uint64_t> parse_sequence(std::string_view text) {
  if (text.empty() || text.size() > 40) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    if (v > (UINT64_MAX - 9) / 10) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

StreamDescriptor descriptor_from_bytes(std::string_view bytes) {
  Item item = decode_item(bytes);
  StreamDescriptor d;
  d.stream_id = static_cast<uint64_t>(num_field(item, "stream_id"));
  d.arn = field(item, "arn").scalar;
  d.label = field(item, "label").scalar;
  d.table_name = field(item, "table_name").scalar;
  d.hash_key = key_element_from(field(item, "hash_key"));
  if (item.count("range_key")) d.range_key = key_element_from(field(item, "range_key"));
  d.view_type = static_cast<StreamViewType>(num_field(item, "view_type"));
  d.created_ms = num_field(item, "created_ms");
  d.disabled_ms = num_field(item, "disabled_ms");
  for (const auto& v : field(item, "shards").list) {
    StreamShard s;
    s.id = field(v.map, "id").scalar;
    s.parent_id = field(v.map, "parent_id").scalar;
    s.first_sequence = static_cast<uint64_t>(num_field(v.map, "first"));
    if (v.map.count("last")) s.last_sequence = static_cast<uint64_t>(num_field(v.map, "last"));
    s.created_ms = num_field(v.map, "created_ms");
    d.shards.push_back(std::move(s));
  }
  return d;
}

StreamLog::Ticket::~Ticket() {
  if (log_) log_->release(sequence_);
}

StreamLog::StreamLog(storage::KvStore& store, StreamDescriptor descriptor,
                     const StreamSettings& settings)
    : store_(store), settings_(settings), descriptor_(std::move(descriptor)) {}

std::shared_ptr<StreamLog> StreamLog::create(storage::KvStore& store, const TableInfo& table,
                                             const StreamSettings& settings) {
  StreamDescriptor d;
  d.stream_id = table.stream->stream_id;
  d.arn = table.stream_arn();
  d.label = table.stream->label;
  d.table_name = table.name;
  d.hash_key = table.hash_key;
  d.range_key = table.range_key;
  d.view_type = table.stream->view_type;
  d.created_ms = table.stream->created_ms;
  if (!table.stream->enabled) d.disabled_ms = table.stream->created_ms;
  StreamShard first;
  first.id = shard_id(d.stream_id, d.created_ms, 0);
  first.first_sequence = 1;
  first.created_ms = d.created_ms;
  d.shards.push_back(std::move(first));
  auto log = std::make_shared<StreamLog>(store, std::move(d), settings);
  std::lock_guard lock(log->mu_);
  if (!log->descriptor_.enabled()) log->close_open_shard_locked();
  log->persist_locked();
  return log;
}

std::shared_ptr<StreamLog> StreamLog::load(storage::KvStore& store, StreamDescriptor descriptor,
                                           const StreamSettings& settings) {
  auto log = std::make_shared<StreamLog>(store, std::move(descriptor), settings);
  const KeyRange records = prefix_range(stream_records_prefix(log->descriptor_.stream_id));
  uint64_t next = 1;
  for (const auto& s : log->descriptor_.shards) {
    next = std::max(next, s.last_sequence ? *s.last_sequence + 1 : s.first_sequence);
  }
  auto it = store.scan(records.lower, records.upper);
  it->seek_to_last();
  if (it->valid()) next = std::max(next, stream_record_sequence(it->key()) + 1);
  it->seek_to_first();
  log->trim_horizon_ = it->valid() ? stream_record_sequence(it->key()) : next;
  log->next_sequence_ = next;
  return log;
}

void StreamLog::persist_locked() const {
  store_.put(stream_descriptor_key(descriptor_.stream_id), descriptor_to_bytes(descriptor_));
}

void StreamLog::close_open_shard_locked() {
  StreamShard& open = descriptor_.shards.back();
  if (open.last_sequence) return;
  // An empty shard burns one sequence number, so that its range is never empty.
  if (next_sequence_ == open.first_sequence) ++next_sequence_;
  open.last_sequence = next_sequence_ - 1;
}

void StreamLog::roll_shard_locked(int64_t now_ms) {
  const StreamShard& open = descriptor_.shards.back();
  if (now_ms - open.created_ms < settings_.shard_lifetime_ms) return;
  if (next_sequence_ == open.first_sequence) return;  // nothing in it yet: keep it open
  close_open_shard_locked();
  StreamShard child;
  child.id = shard_id(descriptor_.stream_id, now_ms, descriptor_.shards.size());
  child.parent_id = descriptor_.shards.back().id;
  child.first_sequence = next_sequence_;
  child.created_ms = now_ms;
  descriptor_.shards.push_back(std::move(child));
  persist_locked();
}

StreamLog::Ticket StreamLog::append(storage::KvTransaction& txn, StreamRecord& record) {
  std::lock_guard lock(mu_);
  if (!descriptor_.enabled()) return {};
  roll_shard_locked(record.created_ms);
  record.sequence = next_sequence_++;
  unsettled_.insert(record.sequence);
  Ticket ticket(this, record.sequence);
  // The record key is this write's alone (a fresh sequence number): no lock needed.
  txn.put_unlocked(record_key(record.sequence), encode_stream_record(record));
  return ticket;
}

void StreamLog::release(uint64_t sequence) {
  std::lock_guard lock(mu_);
  unsettled_.erase(sequence);
}

void StreamLog::disable(int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (!descriptor_.enabled()) return;
  descriptor_.disabled_ms = std::max<int64_t>(now_ms, 1);
  close_open_shard_locked();
  persist_locked();
}

StreamDescriptor StreamLog::descriptor() const {
  std::lock_guard lock(mu_);
  return descriptor_;
}

uint64_t StreamLog::settled_end() const {
  std::lock_guard lock(mu_);
  return unsettled_.empty() ? next_sequence_ : *unsettled_.begin();
}

uint64_t StreamLog::trim_horizon() const {
  std::lock_guard lock(mu_);
  return trim_horizon_;
}

uint64_t StreamLog::latest_position(const StreamShard& shard) const {
  if (shard.last_sequence) return *shard.last_sequence + 1;
  std::lock_guard lock(mu_);
  return next_sequence_;
}

StreamLog::Page StreamLog::read(uint64_t from, uint64_t end, size_t limit, size_t max_bytes) const {
  Page page;
  page.next = from;
  const uint64_t stop = std::min(end, settled_end());
  if (from >= stop) return page;
  const std::string lower = record_key(from);
  const std::string upper = record_key(stop);
  auto it = store_.scan(lower, upper);
  size_t bytes = 0;
  for (it->seek_to_first(); it->valid() && page.records.size() < limit; it->next()) {
    const uint64_t sequence = stream_record_sequence(it->key());
    page.records.push_back(decode_stream_record(it->value(), sequence));
    bytes += it->value().size();
    page.next = sequence + 1;
    if (bytes >= max_bytes) break;
  }
  // Everything up to stop was seen (or is a gap that will never fill).
  if (page.records.size() < limit && bytes < max_bytes) page.next = stop;
  return page;
}

bool StreamLog::trim(int64_t now_ms) {
  const int64_t cutoff = now_ms - settings_.retention_ms;
  {
    std::lock_guard lock(mu_);
    if (!descriptor_.enabled() && descriptor_.disabled_ms < cutoff) {
      for (const KeyRange& range : stream_ranges(descriptor_.stream_id)) {
        store_.remove_range(range.lower, range.upper);
      }
      return false;
    }
  }
  const uint64_t stop = settled_end();
  uint64_t keep_from = stop;
  {
    auto it = store_.scan(record_key(trim_horizon()), record_key(stop));
    for (it->seek_to_first(); it->valid(); it->next()) {
      if (decode_stream_record(it->value(), 0).created_ms >= cutoff) {
        keep_from = stream_record_sequence(it->key());
        break;
      }
    }
  }
  std::lock_guard lock(mu_);
  if (keep_from <= trim_horizon_) return true;
  store_.remove_range(record_key(trim_horizon_), record_key(keep_from));
  trim_horizon_ = keep_from;
  const size_t before = descriptor_.shards.size();
  std::erase_if(descriptor_.shards, [&](const StreamShard& s) {
    return s.last_sequence && *s.last_sequence < keep_from;
  });
  if (descriptor_.shards.size() != before) persist_locked();
  return true;
}

}  // namespace cairn::engine
