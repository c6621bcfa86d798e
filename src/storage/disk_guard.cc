#include "storage/disk_guard.h"

#include <sys/statvfs.h>

#include <utility>

#include "storage/kv_store.h"

namespace cairn::storage {
namespace {

constexpr std::chrono::milliseconds kSpaceCheckEvery{100};
constexpr std::chrono::seconds kResumeEvery{1};

int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

DiskGuard::DiskGuard(std::string path, uint64_t reserve_bytes, bool watch)
    : path_(std::move(path)), reserve_(reserve_bytes), watch_(watch) {}

bool DiskGuard::low_on_space() {
  if (reserve_ == 0) return false;
  const int64_t now = steady_ns();
  if (now < next_check_ns_.load(std::memory_order_relaxed)) {
    return low_.load(std::memory_order_relaxed);
  }
  next_check_ns_.store(now + std::chrono::nanoseconds(kSpaceCheckEvery).count(),
                       std::memory_order_relaxed);
  struct statvfs fs {};
  // A disk that cannot be read is not known to be full: RocksDB's own errors will tell.
  const bool low = statvfs(path_.c_str(), &fs) == 0 &&
                   static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize < reserve_;
  low_.store(low, std::memory_order_relaxed);
  return low;
}

bool DiskGuard::recovery_due() {
  const auto now = std::chrono::steady_clock::now();
  if (now < next_resume_) return false;
  next_resume_ = now + kResumeEvery;
  return true;
}

void DiskGuard::throw_unwritable() const {
  const std::string reserve = std::to_string(reserve_ >> 20) + " MB free (--disk-reserve-mb)";
  if (failed_) {
    throw StorageError("writes are refused: a write to the disk holding " + path_ +
                       " failed; they resume once it has room" +
                       (reserve_ ? " (" + reserve + ")" : std::string()) + " and RocksDB resumes");
  }
  throw StorageError("writes are refused: the disk holding " + path_ + " has less than " + reserve);
}

}  // namespace cairn::storage
