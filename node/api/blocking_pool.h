// A small fixed pool of threads for work that may touch the disk (store reads), so that gRPC's
// callback threads never block on I/O.
//
// Contract: Run() enqueues and returns at once; tasks run in FIFO order on one of `threads`
// workers. The destructor runs every task already queued, then joins. Tasks must not throw.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rilon::api {

class BlockingPool {
 public:
  explicit BlockingPool(size_t threads);
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  void Run(std::function<void()> task);

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> workers_;
};

}  // namespace rilon::api
