// ParallelPool runs every index exactly once, on more than one thread when there is work, and
// serves several concurrent callers.
#include "node/federation/parallel_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace rilon::federation {
namespace {

TEST(ParallelPoolTest, EveryIndexRunsExactlyOnce) {
  ParallelPool pool(3);
  for (size_t n : {0u, 1u, 2u, 7u, 1000u}) {
    std::vector<std::atomic<int>> runs(n);
    pool.ForEach(n, [&](size_t i) { ++runs[i]; });
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(runs[i].load(), 1) << "n=" << n << " i=" << i;
  }
}

TEST(ParallelPoolTest, HelpersTakePartWhileTheCallerIsBusy) {
  ParallelPool pool(1);
  std::mutex mu;
  std::condition_variable helped;
  bool helper_ran = false;
  std::set<std::thread::id> threads;
  const std::thread::id caller = std::this_thread::get_id();
  // The caller blocks inside its first index until a helper has run one, so the loop can only
  // finish if the helper works on it (the wait is bounded so that a failure cannot hang).
  pool.ForEach(64, [&](size_t) {
    std::unique_lock<std::mutex> lock(mu);
    threads.insert(std::this_thread::get_id());
    if (std::this_thread::get_id() != caller) {
      helper_ran = true;
      helped.notify_all();
      return;
    }
    helped.wait_for(lock, std::chrono::seconds(30), [&] { return helper_ran; });
  });
  EXPECT_TRUE(helper_ran);
  EXPECT_EQ(threads.size(), 2u);
}

TEST(ParallelPoolTest, ConcurrentCallersEachGetTheirWholeLoop) {
  ParallelPool pool(2);
  constexpr int kCallers = 4;
  constexpr size_t kN = 500;
  std::vector<std::vector<std::atomic<int>>> runs(kCallers);
  for (auto& r : runs) r = std::vector<std::atomic<int>>(kN);
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&, c] { pool.ForEach(kN, [&](size_t i) { ++runs[c][i]; }); });
  }
  for (auto& t : callers) t.join();
  for (int c = 0; c < kCallers; ++c) {
    for (size_t i = 0; i < kN; ++i) EXPECT_EQ(runs[c][i].load(), 1);
  }
}

}  // namespace
}  // namespace rilon::federation
