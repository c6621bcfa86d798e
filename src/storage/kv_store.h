// The storage seam: a small ordered, transactional key-value interface. Everything above
// (engine) talks to storage only through this header, so that RocksDB (embedded, the
// default) and, later, a distributed transactional engine can implement it alike.
//
// Thread safety: a KvStore is shared by every thread; a KvTransaction or KvIterator
// belongs to the one thread that created it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace cairn::storage {

// Any storage failure. The engine lets it pass (the request's dispatcher answers any
// error it does not know with InternalServerError), except a ConflictError, which it
// translates into the error catalogue (engine/storage_conflicts.h).
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Two transactions wanted the same key and this one lost (lock timeout or a detected
// conflict). Nothing it wrote is visible; the caller may retry.
class ConflictError : public StorageError {
 public:
  using StorageError::StorageError;
};

// A forward/backward cursor over [lower, upper) at a consistent point in time.
class KvIterator {
 public:
  virtual ~KvIterator() = default;
  virtual void seek(std::string_view key) = 0;           // first key >= key
  virtual void seek_for_prev(std::string_view key) = 0;  // last key <= key
  virtual void seek_to_first() = 0;
  virtual void seek_to_last() = 0;
  virtual bool valid() const = 0;
  virtual void next() = 0;
  virtual void prev() = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
};

// Read-your-writes transaction with atomic commit. Writes take a per-key lock (or are
// conflict-checked) so that two transactions touching one key serialize.
class KvTransaction {
 public:
  virtual ~KvTransaction() = default;
  virtual std::optional<std::string> get(std::string_view key) = 0;
  // Like get, and also locks the key until commit or rollback: the read-check-write of a
  // conditional update is atomic.
  virtual std::optional<std::string> get_for_update(std::string_view key) = 0;
  // Locks the key as get_for_update does, without reading it.
  virtual void lock(std::string_view key) = 0;
  virtual void put(std::string_view key, std::string_view value) = 0;
  virtual void remove(std::string_view key) = 0;
  // put and remove without taking the key's lock, for keys derived from a key this
  // transaction already holds with get_for_update (an item's secondary-index entries). The
  // write still commits atomically with the rest and is read back by get. Safe only when
  // every transaction writing the derived key holds the owning key's lock, as index
  // maintenance does: an entry's key embeds its item's key, so one item owns it, and the
  // item's lock then serializes all writers of the entry. Cheaper: no lock-manager work.
  virtual void put_unlocked(std::string_view key, std::string_view value) = 0;
  virtual void remove_unlocked(std::string_view key) = 0;
  virtual void commit() = 0;  // throws ConflictError or StorageError
  virtual void rollback() = 0;
};

// A consistent point-in-time view of the committed state, for reading several keys as of
// one moment (TransactGetItems).
class KvSnapshot {
 public:
  virtual ~KvSnapshot() = default;
  virtual std::optional<std::string> get(std::string_view key) = 0;
};

class KvStore {
 public:
  virtual ~KvStore() = default;
  virtual std::unique_ptr<KvTransaction> begin() = 0;
  // A committed-state read outside any transaction.
  virtual std::optional<std::string> get(std::string_view key) = 0;
  // Single-key writes outside any transaction, atomic and durable like a commit.
  virtual void put(std::string_view key, std::string_view value) = 0;
  virtual void remove(std::string_view key) = 0;
  // A single-key write (value nullopt: a removal) like put or remove, with one more key
  // written in the same commit: the (key, value) record() makes once the first key is
  // locked, so that what record() draws (a stamp) orders as the key's writes do. The
  // record's key needs no lock (it is new).
  virtual void write_alone(std::string_view key, std::optional<std::string_view> value,
                           const std::function<std::pair<std::string, std::string>()>& record) = 0;
  // An iterator over the committed state of [lower, upper).
  virtual std::unique_ptr<KvIterator> scan(std::string_view lower, std::string_view upper) = 0;
  // A snapshot of the committed state as of now.
  virtual std::unique_ptr<KvSnapshot> snapshot() = 0;
  // Removes every key in [lower, upper), e.g. a dropped table's items.
  virtual void remove_range(std::string_view lower, std::string_view upper) = 0;
  // Makes every write committed so far survive a kill of the process (and a power loss
  // when the store syncs). A store may hold committed writes in memory until this call,
  // so that one log write serves many commits: call it before a client is told of a
  // write, or is shown anything a write changed. Throws StorageError.
  virtual void make_durable() = 0;

  // Writes a consistent copy of the committed state as of now into dir, a directory that
  // must not exist yet, as cheaply as the store can (RocksDB: its memtables flushed, then
  // hard links to its immutable files). A kill meanwhile leaves dir incomplete or absent,
  // never the store changed. Throws StorageError.
  virtual void write_snapshot(const std::string& dir) = 0;
  // Opens a snapshot written by write_snapshot, read-only (its writes throw StorageError).
  // It reads through this store's environment (its encryption key, its memory), so it must
  // not outlive this store. Throws StorageError.
  virtual std::unique_ptr<KvStore> open_snapshot(const std::string& dir) = 0;
  // Deletes a snapshot written by write_snapshot (or the remains of one a kill cut short);
  // none there is no error. Throws StorageError.
  virtual void remove_snapshot(const std::string& dir) = 0;
};

}  // namespace cairn::storage
