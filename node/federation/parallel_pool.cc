#include "node/federation/parallel_pool.h"

#include <algorithm>

namespace rilon::federation {

struct ParallelPool::Loop {
  size_t n = 0;
  const std::function<void(size_t)>* fn = nullptr;  // valid while done < n
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::condition_variable all_done;
  size_t done = 0;  // guarded by mu
};

size_t ParallelPool::DefaultHelpers() {
  const unsigned cores = std::thread::hardware_concurrency();
  return std::max<size_t>(1, cores > 1 ? cores - 1 : 1);
}

ParallelPool::ParallelPool(size_t helpers) {
  for (size_t i = 0; i < helpers; ++i) helpers_.emplace_back([this] { Work(); });
}

ParallelPool::~ParallelPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& t : helpers_) t.join();
}

// Claims indices until none is left. `fn` is only dereferenced for a claimed index, and the
// caller does not return (so *fn stays alive) before every claimed index is done.
void ParallelPool::Drain(Loop& loop) {
  size_t finished = 0;
  for (size_t i = loop.next.fetch_add(1); i < loop.n; i = loop.next.fetch_add(1)) {
    (*loop.fn)(i);
    ++finished;
  }
  if (finished == 0) return;
  std::lock_guard<std::mutex> lock(loop.mu);
  loop.done += finished;
  if (loop.done == loop.n) loop.all_done.notify_all();
}

void ParallelPool::Work() {
  for (;;) {
    std::shared_ptr<Loop> loop;
    {
      std::unique_lock<std::mutex> lock(mu_);
      ready_.wait(lock, [this] { return stopping_ || !loops_.empty(); });
      if (loops_.empty()) return;
      loop = std::move(loops_.front());
      loops_.pop_front();
    }
    Drain(*loop);
  }
}

void ParallelPool::ForEach(size_t n, const std::function<void(size_t)>& fn) {
  if (n == 0) return;
  auto loop = std::make_shared<Loop>();
  loop->n = n;
  loop->fn = &fn;
  const size_t invited = std::min(helpers_.size(), n - 1);
  if (invited > 0) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (size_t i = 0; i < invited; ++i) loops_.push_back(loop);
    }
    if (invited == 1) {
      ready_.notify_one();
    } else {
      ready_.notify_all();
    }
  }
  Drain(*loop);
  std::unique_lock<std::mutex> lock(loop->mu);
  loop->all_done.wait(lock, [&] { return loop->done == loop->n; });
}

}  // namespace rilon::federation
