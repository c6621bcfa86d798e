#include "storage/disk_guard.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>

#include "storage/kv_store.h"

namespace cairn::storage {
namespace {

constexpr uint64_t kNoDiskIsThisBig = uint64_t{1} << 62;

TEST(DiskGuardTest, WritesStopWhileTheDiskHasLessThanTheReserve) {
  DiskGuard guard("/tmp", kNoDiskIsThisBig, true);
  EXPECT_THROW(guard.check_writable([] { return true; }), StorageError);
  DiskGuard roomy("/tmp", 1, true);
  EXPECT_NO_THROW(roomy.check_writable([] { return true; }));
}

TEST(DiskGuardTest, AfterAFailedWriteWritesWaitUntilTheStoreResumes) {
  DiskGuard guard("/tmp", 0, true);
  guard.fail();
  int attempts = 0;
  // The first attempt to resume fails ("busy"), and the next comes a second later.
  EXPECT_THROW(guard.check_writable([&] { return ++attempts > 1; }), StorageError);
  EXPECT_THROW(guard.check_writable([&] { return ++attempts > 1; }), StorageError);
  EXPECT_EQ(attempts, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_NO_THROW(guard.check_writable([&] { return ++attempts > 1; }));
  EXPECT_EQ(attempts, 2);
  EXPECT_FALSE(guard.failed());
}

TEST(DiskGuardTest, AnUnwatchedStoreIsNeverRefused) {
  DiskGuard guard("/tmp", kNoDiskIsThisBig, false);
  guard.fail();
  EXPECT_FALSE(guard.failed());
  EXPECT_NO_THROW(guard.check_writable([] { return false; }));
}

}  // namespace
}  // namespace cairn::storage
