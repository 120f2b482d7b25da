#include "node/feed/feed_hub.h"

#include <mutex>

namespace rilon::feed {

FeedHub::FeedHub(size_t live_window, uint64_t head_at_start)
    : live_window_(live_window == 0 ? 1 : live_window), head_(head_at_start) {}

void FeedHub::Publish(std::vector<FeedEntry> entries) {
  if (entries.empty()) return;
  std::vector<std::function<void()>> to_wake;
  {
    std::unique_lock lock(mu_);
    for (FeedEntry& e : entries) {
      // A gap (a record stored by another path that was not published) would make the window
      // lie about what it holds; start a fresh window so readers fall back to the store.
      if (e.local_seq != head_ + 1) window_.clear();
      head_ = e.local_seq;
      window_.push_back(std::move(e));
    }
    while (window_.size() > live_window_) window_.pop_front();
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      if (it->second.first < head_) {
        to_wake.push_back(std::move(it->second.second));
        it = waiters_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& wake : to_wake) wake();
}

uint64_t FeedHub::head() const {
  std::shared_lock lock(mu_);
  return head_;
}

FeedHub::ReadResult FeedHub::ReadAfter(uint64_t after, size_t max,
                                       std::vector<FeedEntry>* out) const {
  std::shared_lock lock(mu_);
  if (after >= head_) return ReadResult::kOk;
  if (window_.empty() || window_.front().local_seq > after + 1) return ReadResult::kBehindWindow;
  size_t index = after + 1 - window_.front().local_seq;
  for (; index < window_.size() && max > 0; ++index, --max) out->push_back(window_[index]);
  return ReadResult::kOk;
}

bool FeedHub::NotifyWhenAfter(uint64_t after, std::function<void()> wake, WaiterId* id) {
  std::unique_lock lock(mu_);
  if (after < head_) return false;
  *id = next_waiter_++;
  waiters_.emplace(*id, std::make_pair(after, std::move(wake)));
  return true;
}

bool FeedHub::CancelWaiter(WaiterId id) {
  std::unique_lock lock(mu_);
  return waiters_.erase(id) == 1;
}

size_t FeedHub::waiter_count() const {
  std::shared_lock lock(mu_);
  return waiters_.size();
}

}  // namespace rilon::feed
