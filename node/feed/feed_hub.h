// The live tail of this node's local log, shared by every subscriber.
//
// Why: a subscriber holds no queue of its own, only a cursor. Records recently stored sit once in
// a bounded window here (encoded at most once for everybody, feed_record.h, so 100 subscribers do
// not encode the same record 100 times); a subscriber whose cursor is older than the window reads
// the store instead. So memory is bounded by the window size whatever the number or speed of
// subscribers, and a slow subscriber never holds up the others or the writer.
//
// Contract:
//   - Publish() is called with entries in strictly increasing local_seq, each batch continuing
//     from head(); the window keeps the newest `live_window` entries.
//   - ReadAfter(after, max) appends up to `max` entries with local_seq > after and returns kOk;
//     it returns kBehindWindow (and appends nothing) when entries after `after` have already left
//     the window, so the caller must read them from the store.
//   - NotifyWhenAfter(after, wake, &id) returns false and registers nothing when head() > after
//     already (read again instead). Otherwise it returns true and `wake` runs exactly once, from
//     the Publish() that moves head past `after`, outside the hub's lock — unless
//     CancelWaiter(id) returned true first. CancelWaiter returns false when the wake-up has
//     already been taken to run. So callers may hold their own lock around both calls, and take
//     it inside `wake` (lock order: caller, then hub).
//   - All methods are thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <vector>

#include "node/feed/feed_record.h"

namespace rilon::feed {

struct FeedEntry {
  uint64_t local_seq = 0;
  std::shared_ptr<const FeedRecord> record;
};

class FeedHub {
 public:
  using WaiterId = uint64_t;
  enum class ReadResult { kOk, kBehindWindow };

  FeedHub(size_t live_window, uint64_t head_at_start);

  void Publish(std::vector<FeedEntry> entries);
  uint64_t head() const;
  ReadResult ReadAfter(uint64_t after, size_t max, std::vector<FeedEntry>* out) const;

  bool NotifyWhenAfter(uint64_t after, std::function<void()> wake, WaiterId* id);
  bool CancelWaiter(WaiterId id);
  size_t waiter_count() const;

 private:
  const size_t live_window_;
  mutable std::shared_mutex mu_;
  std::deque<FeedEntry> window_;  // guarded by mu_; contiguous local_seq ending at head_
  uint64_t head_;                 // guarded by mu_
  WaiterId next_waiter_ = 1;      // guarded by mu_
  std::map<WaiterId, std::pair<uint64_t, std::function<void()>>> waiters_;  // guarded by mu_
};

}  // namespace rilon::feed
