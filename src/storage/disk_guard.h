// Keeps the database off a full disk. RocksDB cannot write its log or flush its memtables on
// a full disk, and one write after a failed one trips an assertion in the linked RocksDB
// (an abort, not an error); a restart on a disk with no room left then fails too. So the
// store refuses writes itself, as errors the api answers with InternalServerError, while
//   - the disk holding the data has less free space than the reserve (`cairn serve
//     --disk-reserve-mb`): the reserve is what RocksDB's flushes and a restart need;
//   - or a write failed on an I/O error, until the disk has the reserve free again and
//     RocksDB has resumed (DB::Resume).
// Reads go on throughout. Free space is read (statvfs) at most every 100 ms.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace cairn::storage {

class DiskGuard {
 public:
  // path: a directory on the disk to watch; reserve_bytes 0 refuses no write for lack of
  // space, but still stops writes after a failed one. Without watch (an in-memory store),
  // nothing is checked.
  DiskGuard(std::string path, uint64_t reserve_bytes, bool watch);

  // Throws StorageError when writes must wait. resume is called (at most once a second)
  // when a failed store may be writable again; it returns whether it is.
  template <typename Resume>
  void check_writable(Resume&& resume) {
    if (!watch_) return;
    if (failed_.load(std::memory_order_acquire)) {
      std::lock_guard lock(mu_);
      if (failed_.load(std::memory_order_relaxed) && recovery_due() && !low_on_space() &&
          resume()) {
        failed_.store(false, std::memory_order_release);
      }
      if (failed_.load(std::memory_order_relaxed)) throw_unwritable();
    }
    if (low_on_space()) throw_unwritable();
  }
  // A write failed on an I/O error: no write reaches RocksDB until it recovers.
  void fail() {
    if (watch_) failed_.store(true, std::memory_order_release);
  }
  bool failed() const { return failed_.load(std::memory_order_acquire); }

 private:
  bool low_on_space();
  // Whether a second has passed since the last attempt to resume (under mu_).
  bool recovery_due();
  [[noreturn]] void throw_unwritable() const;

  const std::string path_;
  const uint64_t reserve_;
  const bool watch_;
  std::atomic<bool> failed_{false};
  std::mutex mu_;
  std::atomic<int64_t> next_check_ns_{0};
  std::atomic<bool> low_{false};
  std::chrono::steady_clock::time_point next_resume_{};
};

}  // namespace cairn::storage
