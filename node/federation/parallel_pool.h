// A few threads that help a caller run one loop in parallel: the pullers use it to verify the
// Ed25519 signatures of a stream message on every core (verification is most of the cost of
// catching up; neither OpenSSL nor libsodium verifies in batches, so parallelism is the lever).
//
// Contract:
//   - ForEach(n, fn) runs fn(0) .. fn(n-1), each exactly once, on the calling thread and on
//     the pool's threads, and returns when all have returned. Order is unspecified; fn must be
//     thread-safe for distinct indices and must not throw.
//   - Several callers may call ForEach at the same time; their loops share the helpers. The
//     caller always works on its own loop, so progress never depends on a free helper.
//   - The destructor finishes the loops under way, then joins.
//
// Example:
//   ParallelPool pool(ParallelPool::DefaultHelpers());
//   pool.ForEach(records.size(), [&](size_t i) { results[i] = Verify(records[i]); });
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace rilon::federation {

class ParallelPool {
 public:
  // One helper per core beyond the caller's (at least one, so two threads work even when the
  // core count is unknown).
  static size_t DefaultHelpers();

  explicit ParallelPool(size_t helpers);
  ~ParallelPool();
  ParallelPool(const ParallelPool&) = delete;
  ParallelPool& operator=(const ParallelPool&) = delete;

  void ForEach(size_t n, const std::function<void(size_t)>& fn);

 private:
  struct Loop;
  static void Drain(Loop& loop);
  void Work();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::shared_ptr<Loop>> loops_;  // guarded by mu_: one entry per helper invited
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> helpers_;
};

}  // namespace rilon::federation
