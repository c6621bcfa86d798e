// One stream's records and shards. Records (key_space.h, tag 'r': stream id, sequence number)
// are written in the same commit as the change they describe; the descriptor (view type,
// shards, state; tag 'd') is written when they change.
//
// Sequence numbers are allocated in order under the log's mutex, but commits can finish
// in another order. So that a reader never passes a record that is still committing (and
// would then skip it for ever), the log tracks the allocated, unsettled numbers: readers
// see only records below the smallest of them ("settled end").
//
// Shards: one shard is open at a time. Like DynamoDB's, it is closed after a lifetime
// (DynamoDB: about four hours) and a child shard whose ParentShardId names it takes over,
// so that consumers following the shard lineage keep working.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/key_space.h"
#include "engine/storage_fwd.h"
#include "engine/stream_record.h"
#include "engine/table_info.h"

namespace cairn::engine {

struct StreamSettings {
  int64_t retention_ms = 24LL * 3600 * 1000;      // DynamoDB keeps records 24 hours
  int64_t shard_lifetime_ms = 4LL * 3600 * 1000;  // and rolls shards over about every 4
};

struct StreamShard {
  std::string id;
  std::string parent_id;  // empty for a stream's first shard (or when the parent expired)
  uint64_t first_sequence = 0;
  std::optional<uint64_t> last_sequence;  // set when the shard is closed
  int64_t created_ms = 0;
};

struct StreamDescriptor {
  uint64_t stream_id = 0;
  std::string arn;
  std::string label;
  std::string table_name;
  KeyElement hash_key;
  std::optional<KeyElement> range_key;
  StreamViewType view_type = StreamViewType::kNewAndOldImages;
  int64_t created_ms = 0;
  int64_t disabled_ms = 0;  // 0 while enabled
  std::vector<StreamShard> shards;

  bool enabled() const { return disabled_ms == 0; }
  const StreamShard* find_shard(std::string_view shard_id) const;
};

// The text form of a sequence number (21 digits, as DynamoDB's are 21 to 40), and back:
// nullopt when text is not one.
std::string sequence_text(uint64_t sequence);
std::optional<uint64_t> parse_sequence(std::string_view text);

class StreamLog {
 public:
  // A new stream (persists its descriptor), or one loaded from the store.
  static std::shared_ptr<StreamLog> create(storage::KvStore& store, const TableInfo& table,
                                           const StreamSettings& settings);
  static std::shared_ptr<StreamLog> load(storage::KvStore& store, StreamDescriptor descriptor,
                                         const StreamSettings& settings);

  // Holds an appended record's sequence number as unsettled until destroyed: keep it until
  // the transaction has committed or rolled back.
  class Ticket {
   public:
    Ticket() = default;
    Ticket(StreamLog* log, uint64_t sequence) : log_(log), sequence_(sequence) {}
    Ticket(Ticket&& other) noexcept : log_(other.log_), sequence_(other.sequence_) {
      other.log_ = nullptr;
    }
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket();

   private:
    StreamLog* log_ = nullptr;
    uint64_t sequence_ = 0;
  };

  // Gives record its sequence number and writes it in txn. A disabled stream takes no more
  // records (an empty ticket).
  Ticket append(storage::KvTransaction& txn, StreamRecord& record);
  // Closes the open shard; the stream takes no more records and expires after retention.
  void disable(int64_t now_ms);

  StreamDescriptor descriptor() const;
  // Every sequence number below this is final: its record is committed or never will be.
  uint64_t settled_end() const;
  // The oldest sequence number whose record may still be kept.
  uint64_t trim_horizon() const;
  // Where LATEST starts in the shard: after its newest record.
  uint64_t latest_position(const StreamShard& shard) const;

  // Records from sequence `from` on, below `end` (exclusive) and settled, at most limit of
  // them and about max_bytes; next is where the following read starts.
  struct Page {
    std::vector<StreamRecord> records;
    uint64_t next = 0;
  };
  Page read(uint64_t from, uint64_t end, size_t limit, size_t max_bytes) const;

  // Drops records older than the retention and shards left without records; returns false
  // when the whole stream has expired (disabled longer than the retention), and then
  // removes its records and descriptor.
  bool trim(int64_t now_ms);

  StreamLog(storage::KvStore& store, StreamDescriptor descriptor, const StreamSettings& settings);

 private:
  void release(uint64_t sequence);
  void persist_locked() const;
  void roll_shard_locked(int64_t now_ms);
  void close_open_shard_locked();
  std::string record_key(uint64_t sequence) const {
    return stream_record_key(descriptor_.stream_id, sequence);
  }

  storage::KvStore& store_;
  const StreamSettings settings_;
  mutable std::mutex mu_;
  StreamDescriptor descriptor_;
  uint64_t next_sequence_ = 1;
  uint64_t trim_horizon_ = 1;
  std::set<uint64_t> unsettled_;
};

StreamDescriptor descriptor_from_bytes(std::string_view bytes);

}  // namespace cairn::engine
