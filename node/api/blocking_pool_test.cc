#include "node/api/blocking_pool.h"

#include <gtest/gtest.h>

#include <atomic>

namespace rilon::api {
namespace {

TEST(BlockingPool, RunsEveryQueuedTaskBeforeDestruction) {
  std::atomic<int> ran{0};
  {
    BlockingPool pool(2);
    for (int i = 0; i < 1000; ++i) pool.Run([&] { ++ran; });
  }
  EXPECT_EQ(ran.load(), 1000);
}

TEST(BlockingPool, TasksMayEnqueueMoreTasks) {
  std::atomic<int> ran{0};
  {
    BlockingPool pool(1);
    pool.Run([&] {
      ++ran;
      pool.Run([&] { ++ran; });
    });
  }
  EXPECT_EQ(ran.load(), 2);
}

}  // namespace
}  // namespace rilon::api
