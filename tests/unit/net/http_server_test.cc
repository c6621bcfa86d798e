#include "net/http_server.h"

#include <gtest/gtest.h>
#include <sched.h>

namespace cairn::net {
namespace {

TEST(UsableCores, CountsTheAffinityMaskNotTheMachine) {
  cpu_set_t saved;
  ASSERT_EQ(sched_getaffinity(0, sizeof(saved), &saved), 0);
  EXPECT_EQ(usable_cores(), CPU_COUNT(&saved));

  int first = 0;
  while (!CPU_ISSET(first, &saved)) ++first;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  ASSERT_EQ(sched_setaffinity(0, sizeof(one), &one), 0);
  const int pinned = usable_cores();
  ASSERT_EQ(sched_setaffinity(0, sizeof(saved), &saved), 0);
  EXPECT_EQ(pinned, 1);
}

}  // namespace
}  // namespace cairn::net
