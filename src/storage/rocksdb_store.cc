#include "storage/rocksdb_store.h"

#include "storage/aes_ctr_provider.h"
#include "storage/encryption_keyring.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <vector>

#include "storage/column_families.h"
#include "storage/database_image.h"
#include "storage/disk_guard.h"
#include "storage/env_tree.h"
#include "storage/rocks_reading.h"
#include "storage/rocksdb_snapshot_store.h"
#include "storage/stderr_logger.h"

#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>
#include <rocksdb/utilities/write_batch_with_index.h>

namespace cairn::storage {

// RocksDB can reinitialize a finished transaction in place of allocating a new one with its
// write batch, index and lock tracker: a measurable share of every write. Transactions
// come back here once committed or rolled back, from any thread.
// What opening the database takes, kept to open it again after a reset.
struct OpenSettings {
  rocksdb::Options options;
  rocksdb::TransactionDBOptions transactions;
  std::string path;
  std::string appended_prefix;  // empty: one column family
};

class TransactionPool {
 public:
  TransactionPool(rocksdb::TransactionDB& db, DiskGuard& guard, const ColumnFamilies& families)
      : db_(db), guard_(guard), families_(families) {}
  const ColumnFamilies& families() const { return families_; }
  ~TransactionPool() {
    for (auto* txn : free_) delete txn;
  }
  rocksdb::Transaction* acquire() {
    rocksdb::Transaction* reused = nullptr;
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        reused = free_.back();
        free_.pop_back();
      }
    }
    return db_.BeginTransaction(options_, rocksdb::TransactionOptions(), reused);
  }
  // Throws StorageError while the disk guard refuses writes (disk_guard.h).
  void check_writable() {
    // The root database's Resume: TransactionDB's own answers "not supported". It is
    // "busy" while RocksDB's own recovery (its SstFileManager) is under way.
    guard_.check_writable([this] { return db_.GetRootDB()->Resume().ok(); });
  }
  // A write's status: an I/O error (a full disk, above all) stops writes until recovery.
  void note(const rocksdb::Status& s) {
    if (s.IsIOError()) guard_.fail();
  }
  void recycle(rocksdb::Transaction* txn) {
    {
      std::lock_guard lock(mutex_);
      if (free_.size() < kMaxFree) {
        free_.push_back(txn);
        return;
      }
    }
    delete txn;
  }

 private:
  static constexpr size_t kMaxFree = 64;
  rocksdb::TransactionDB& db_;
  DiskGuard& guard_;
  const ColumnFamilies& families_;
  rocksdb::WriteOptions options_;
  std::mutex mutex_;
  std::vector<rocksdb::Transaction*> free_;
};

namespace {

class RocksTransaction : public KvTransaction {
 public:
  explicit RocksTransaction(TransactionPool& pool) : pool_(pool), txn_(pool.acquire()) {}
  ~RocksTransaction() override {
    if (!done_) clean_ = txn_->Rollback().ok();
    // Only a transaction that ended cleanly is reused; deleting one releases its locks.
    if (clean_) {
      pool_.recycle(txn_);
    } else {
      delete txn_;
    }
  }
  std::optional<std::string> get(std::string_view key) override {
    std::string v;
    return found(txn_->Get(rocksdb::ReadOptions(), family(key), slice(key), &v), v);
  }
  std::optional<std::string> get_for_update(std::string_view key) override {
    std::string v;
    return found(txn_->GetForUpdate(rocksdb::ReadOptions(), family(key), slice(key), &v), v);
  }
  void lock(std::string_view key) override {
    std::string* no_value = nullptr;  // RocksDB then locks without reading
    check(txn_->GetForUpdate(rocksdb::ReadOptions(), family(key), slice(key), no_value));
  }
  void put(std::string_view key, std::string_view value) override {
    check(txn_->Put(family(key), slice(key), slice(value)));
  }
  void remove(std::string_view key) override { check(txn_->Delete(family(key), slice(key))); }
  // Straight into the transaction's indexed write batch: what Put/Delete do after their
  // TryLock. (PutUntracked would not do: a pessimistic transaction locks its keys too and
  // only skips the snapshot validation.) Commit and rollback apply or drop the batch
  // whole, so these writes go with the rest; the transaction does not track their keys,
  // which only matters for savepoints (unused here).
  void put_unlocked(std::string_view key, std::string_view value) override {
    check(txn_->GetWriteBatch()->Put(family(key), slice(key), slice(value)));
  }
  void remove_unlocked(std::string_view key) override {
    check(txn_->GetWriteBatch()->Delete(family(key), slice(key)));
  }
  void commit() override {
    pool_.check_writable();  // before done_: refused, the destructor rolls back
    done_ = true;
    const rocksdb::Status s = txn_->Commit();
    pool_.note(s);
    check(s);
    clean_ = true;
  }
  // A single locked write committed at once: what TransactionDB::Put and Delete do with a
  // transaction of their own, here on a reused one. Unindexed, as nothing reads it back.
  void put_alone(std::string_view key, std::string_view value) {
    txn_->DisableIndexing();
    check(txn_->PutUntracked(family(key), slice(key), slice(value)));
    commit();
  }
  void remove_alone(std::string_view key) {
    txn_->DisableIndexing();
    check(txn_->DeleteUntracked(family(key), slice(key)));
    commit();
  }
  // The same with a record made under the key's lock, in the same commit.
  void write_alone(std::string_view key, std::optional<std::string_view> value,
                   const std::function<std::pair<std::string, std::string>()>& record) {
    txn_->DisableIndexing();
    if (value) {
      check(txn_->PutUntracked(family(key), slice(key), slice(*value)));
    } else {
      check(txn_->DeleteUntracked(family(key), slice(key)));
    }
    const auto [record_key, record_value] = record();
    // Into the raw batch, as the untracked writes above go with indexing off: indexing it
    // would cost more than the rest of the record's staging.
    check(txn_->GetWriteBatch()->GetWriteBatch()->Put(family(record_key), slice(record_key),
                                                      slice(record_value)));
    commit();
  }
  void rollback() override {
    done_ = true;
    check(txn_->Rollback());
    clean_ = true;
  }

 private:
  rocksdb::ColumnFamilyHandle* family(std::string_view key) const {
    return pool_.families().of(key);
  }

  TransactionPool& pool_;
  rocksdb::Transaction* txn_;
  bool done_ = false;
  bool clean_ = false;
};

}  // namespace

RocksDbStore::RocksDbStore(const RocksDbOptions& options)
    : sync_(options.sync),
      guard_(options.path, options.disk_reserve_bytes, /*watch=*/!options.in_memory) {
  rocksdb::Options opts;
  opts.create_if_missing = true;
  opts.IncreaseParallelism(2);
  opts.OptimizeLevelStyleCompaction();
  // 32 MB memtables instead of the 128 MB above: a memtable holds every version of an
  // overwritten item until it is flushed, and a Query walks past them all (decision 0002).
  opts.write_buffer_size = 32 << 20;
  // Commits append to the write-ahead log in memory; make_durable() writes (and with
  // --sync, fsyncs) what has gathered, once for all the responses an event loop has
  // ready: a group commit instead of a write() per commit (decision 0015).
  opts.manual_wal_flush = true;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  if (options.bloom_prefix_length > 0) {
    opts.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(options.bloom_prefix_length));
    opts.memtable_prefix_bloom_size_ratio = 0.02;
    table.whole_key_filtering = true;  // point reads keep their whole-key filters
  }
  table.block_cache = rocksdb::NewLRUCache(256 << 20);
  opts.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  bool new_keyring = false;
  if (options.in_memory) {
    mem_env_.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    opts.env = mem_env_.get();
  } else if (auto data_key = open_data_key(options.path, options.master_key, &new_keyring)) {
    // Decided before RocksDB touches the directory: a refusal leaves it as it was.
    encrypted_env_ = make_encrypted_env(*data_key);
    opts.env = encrypted_env_.get();
    // RocksDB writes its diagnostic log (LOG) outside the encrypted environment: in an
    // encrypted directory its warnings and errors go to standard error instead.
    opts.info_log = std::make_shared<StderrLogger>();
  }
  settings_ =
      std::make_unique<OpenSettings>(OpenSettings{opts, {}, options.path, options.appended_prefix});
  settings_->options.create_missing_column_families = true;
  families_ = std::make_unique<ColumnFamilies>();
  settings_->transactions.transaction_lock_timeout = 2000;  // ms; then the loser gets ConflictError
  // A reset that a kill cut short is finished before the database opens (database_image.h).
  try {
    finish_interrupted_reset(*env(), options.path);
    open();
  } catch (...) {
    // A directory made encrypted by this open, whose database could not be made, is left as
    // it was found.
    if (new_keyring) forget_new_data_key(options.path);
    throw;
  }
}

void RocksDbStore::open() {
  // The default column family, the appended one when asked for, and any other the database
  // has (RocksDB opens a database only with all of them).
  std::vector<std::string> names{rocksdb::kDefaultColumnFamilyName};
  if (!settings_->appended_prefix.empty()) names.push_back(kAppendedColumnFamily);
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(settings_->options), settings_->path,
                                      &existing)
          .ok()) {
    for (const std::string& name : existing) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, name == kAppendedColumnFamily
                                       ? appended_family_options(settings_->options)
                                       : rocksdb::ColumnFamilyOptions(settings_->options));
  }
  rocksdb::TransactionDB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  check(rocksdb::TransactionDB::Open(rocksdb::DBOptions(settings_->options),
                                     settings_->transactions, settings_->path, descriptors,
                                     &handles, &db));
  db_.reset(db);
  handles_ = handles;
  *families_ = {db_.get(), settings_->appended_prefix.empty() ? nullptr : handles[1],
                settings_->appended_prefix};
  move_appended_keys_out_of_default();
  // Reopened after a reset, a database whose files are missing is an error, never a new
  // empty database silently served in its place.
  settings_->options.create_if_missing = false;
  durable_sequence_.store(0, std::memory_order_release);
  pool_ = std::make_unique<TransactionPool>(*db_, guard_, *families_);
}

void RocksDbStore::write_image(const std::string& dir, const std::vector<std::string>& side_dirs,
                               int64_t made_ms) {
  const size_t slash = dir.find_last_of('/');
  if (slash != std::string::npos && slash > 0)
    check(env()->CreateDirIfMissing(dir.substr(0, slash)));
  write_snapshot(dir);
  write_side_trees(*env(), settings_->path, dir, side_dirs);
  stamp_image(*env(), dir, made_ms);
}

bool RocksDbStore::is_open() const {
  return db_ != nullptr;
}

std::optional<int64_t> RocksDbStore::image_made_ms(const std::string& dir) const {
  return image_stamp(*env(), dir);
}

void RocksDbStore::reset_to_image(const std::string& dir,
                                  const std::vector<std::string>& side_dirs) {
  require_whole_image(*env(), dir);  // refused while nothing has changed
  close();                           // what it held is being replaced: nothing to flush
  try {
    replace_with_image(*env(), settings_->path, dir, side_dirs);
  } catch (const StorageError&) {
    // Half replaced, perhaps: the marker names the image, and finishing from it is the way
    // on. Failing that, the store stays closed (is_open() is false): nothing may be served
    // from half of two databases, and the next start finishes the reset.
    finish_interrupted_reset(*env(), settings_->path);
  }
  open();
}

RocksDbStore::~RocksDbStore() {
  pool_.reset();  // its transactions belong to the database
  if (db_) {
    db_->FlushWAL(true);
    // The memtables go to table files on a clean stop: the next start replays no log.
    db_->Flush(rocksdb::FlushOptions(), handles_);
  }
  close();
}

void RocksDbStore::close() {
  pool_.reset();
  if (!db_) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  handles_.clear();
  *families_ = {};
  db_.reset();
}

// A database written before the appended column family kept its keys in the default one:
// they move over at the first open (once; nothing is left to move after).
void RocksDbStore::move_appended_keys_out_of_default() {
  if (!families_->appended) return;
  const std::string lower = settings_->appended_prefix;
  const std::string upper = families_->prefix_end();
  RocksIterator it(db_.get(), lower, upper, db_->DefaultColumnFamily());
  it.seek_to_first();
  if (!it.valid()) return;
  rocksdb::WriteBatch batch;
  for (; it.valid(); it.next()) {
    check(batch.Put(families_->appended, slice(it.key()), slice(it.value())));
  }
  check(batch.DeleteRange(db_->DefaultColumnFamily(), slice(lower), slice(upper)));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  check(db_->GetBaseDB()->Write(wo, &batch));
}

std::unique_ptr<KvTransaction> RocksDbStore::begin() {
  return std::make_unique<RocksTransaction>(*pool_);
}

std::optional<std::string> RocksDbStore::get(std::string_view key) {
  std::string v;
  return found(db_->Get(rocksdb::ReadOptions(), families_->of(key), slice(key), &v), v);
}

void RocksDbStore::put(std::string_view key, std::string_view value) {
  RocksTransaction(*pool_).put_alone(key, value);
}

void RocksDbStore::remove(std::string_view key) {
  RocksTransaction(*pool_).remove_alone(key);
}

void RocksDbStore::write_alone(std::string_view key, std::optional<std::string_view> value,
                               const std::function<std::pair<std::string, std::string>()>& record) {
  RocksTransaction(*pool_).write_alone(key, value, record);
}

std::unique_ptr<KvIterator> RocksDbStore::scan(std::string_view lower, std::string_view upper) {
  return families_->scan(std::string(lower), std::string(upper));
}

std::unique_ptr<KvSnapshot> RocksDbStore::snapshot() {
  return std::make_unique<RocksSnapshot>(*families_);
}

void RocksDbStore::remove_range(std::string_view lower, std::string_view upper) {
  // TransactionDB does not take DeleteRange through its locking layer; the range belongs
  // to a table that no request can reach any more, so bypassing the locks is safe.
  // A removal frees space, so it is let through on a disk low on space, but not after a
  // failed write (RocksDB must resume first).
  if (guard_.failed()) pool_->check_writable();
  rocksdb::WriteOptions wo;
  rocksdb::WriteBatch batch;
  if (families_->reaches_default(lower, upper)) {
    check(batch.DeleteRange(db_->DefaultColumnFamily(), slice(lower), slice(upper)));
  }
  if (families_->reaches_appended(lower, upper)) {
    check(batch.DeleteRange(families_->appended, slice(lower), slice(upper)));
  }
  const rocksdb::Status s = db_->GetBaseDB()->Write(wo, &batch);
  pool_->note(s);
  check(s);
}

void RocksDbStore::make_durable() {
  // RocksDB publishes a write's sequence number only after appending it to the log, so
  // every write visible now, or committed by a call that returned, is at or below
  // `latest` and is in the buffer FlushWAL writes. Nothing newer than the last durable
  // point: nothing to write or fsync (a batch of reads, above all with --sync).
  const uint64_t latest = db_->GetLatestSequenceNumber();
  uint64_t durable = durable_sequence_.load(std::memory_order_acquire);
  if (latest <= durable) return;
  // After a failed write no commit gets through (disk_guard.h), and the writes before it
  // were dropped unanswered: a batch now holds only reads and refusals, and goes out.
  if (guard_.failed()) return;
  const rocksdb::Status s = db_->FlushWAL(sync_);
  pool_->note(s);
  check(s);
  while (durable < latest &&
         !durable_sequence_.compare_exchange_weak(durable, latest, std::memory_order_acq_rel)) {
  }
}

rocksdb::Env* RocksDbStore::env() const {
  if (encrypted_env_) return encrypted_env_.get();
  if (mem_env_) return mem_env_.get();
  return rocksdb::Env::Default();
}

void RocksDbStore::write_snapshot(const std::string& dir) {
  // Commits held in the log's buffer (make_durable) belong to the committed state too.
  check(db_->FlushWAL(false));
  rocksdb::Checkpoint* made = nullptr;
  check(rocksdb::Checkpoint::Create(db_.get(), &made));
  const std::unique_ptr<rocksdb::Checkpoint> checkpoint(made);
  // log_size_for_flush 0: the memtables are flushed first, so the snapshot is whole in its
  // table files. RocksDB builds it in dir + ".tmp" and renames it into place.
  check(checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/0));
}

std::unique_ptr<KvStore> RocksDbStore::open_snapshot(const std::string& dir) {
  return std::make_unique<RocksDbSnapshotStore>(dir, env(), settings_->appended_prefix);
}

void RocksDbStore::remove_snapshot(const std::string& dir) {
  rocksdb::Env* e = env();
  for (const std::string& path : {dir, dir + ".tmp"}) {  // .tmp: one a kill cut short
    if (!e->FileExists(path).ok()) continue;
    std::vector<std::string> children;
    check(e->GetChildren(path, &children));
    for (const std::string& child : children) {
      if (child == "." || child == "..") continue;
      check(e->DeleteFile(path + "/" + child));
    }
    check(e->DeleteDir(path));
  }
}

std::vector<std::string> RocksDbStore::list_directory(const std::string& dir) const {
  return children_of(*env(), dir);
}

void RocksDbStore::remove_directory(const std::string& dir) {
  remove_tree(*env(), dir);
}

}  // namespace cairn::storage
