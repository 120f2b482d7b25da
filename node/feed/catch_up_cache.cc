#include "node/feed/catch_up_cache.h"

#include <algorithm>
#include <utility>

namespace rilon::feed {

CatchUpCache::CatchUpCache(size_t chunk_records, size_t max_chunks, EventEncoder encoder)
    : chunk_records_(std::max<size_t>(chunk_records, 1)),
      max_chunks_(max_chunks),
      encoder_(std::move(encoder)) {}

std::shared_ptr<const CatchUpCache::Chunk> CatchUpCache::Find(uint64_t chunk_index) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = chunks_.find(chunk_index);
  if (it == chunks_.end()) return nullptr;
  recency_.splice(recency_.end(), recency_, it->second.second);
  return it->second.first;
}

void CatchUpCache::Keep(uint64_t chunk_index, std::shared_ptr<const Chunk> chunk) {
  if (max_chunks_ == 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (chunks_.count(chunk_index) > 0) return;  // a concurrent reader kept it first
  while (chunks_.size() >= max_chunks_) {
    chunks_.erase(recency_.front());
    recency_.pop_front();
  }
  recency_.push_back(chunk_index);
  chunks_.emplace(chunk_index, std::make_pair(std::move(chunk), std::prev(recency_.end())));
}

absl::Status CatchUpCache::ReadAfter(uint64_t after, size_t max, uint64_t head,
                                     const LogLoader& load, std::vector<FeedEntry>* out) {
  if (after >= head || max == 0) return absl::OkStatus();
  const uint64_t chunk_index = after / chunk_records_;  // chunk k holds k*C+1 .. (k+1)*C
  const uint64_t chunk_first = chunk_index * chunk_records_ + 1;
  const uint64_t chunk_last = chunk_first + chunk_records_ - 1;

  std::shared_ptr<const Chunk> chunk = Find(chunk_index);
  if (chunk == nullptr) {
    const bool complete = chunk_last <= head;
    // The incomplete last chunk is read from `after` only, as a plain store read.
    const uint64_t read_after = complete ? chunk_first - 1 : after;
    const size_t read_max = complete ? chunk_records_ : std::min<size_t>(max, head - after);
    absl::StatusOr<std::vector<rilon::storage::v1::StoredRecord>> stored =
        load(read_after, read_max);
    if (!stored.ok()) return stored.status();
    auto fresh = std::make_shared<Chunk>();
    fresh->reserve(stored->size());
    for (auto& s : *stored) {
      const uint64_t local_seq = s.local_seq();
      fresh->push_back({local_seq, std::make_shared<const FeedRecord>(std::move(s), encoder_)});
    }
    // Keep only what is provably the whole chunk: contiguous from its first local_seq to its last.
    const bool whole = complete && fresh->size() == chunk_records_ &&
                       fresh->front().local_seq == chunk_first &&
                       fresh->back().local_seq == chunk_last;
    if (whole) Keep(chunk_index, fresh);
    chunk = std::move(fresh);
  }
  size_t added = 0;
  for (const FeedEntry& e : *chunk) {
    if (added == max) break;
    if (e.local_seq <= after) continue;
    out->push_back(e);
    ++added;
  }
  return absl::OkStatus();
}

size_t CatchUpCache::cached_chunks() const {
  std::lock_guard<std::mutex> lock(mu_);
  return chunks_.size();
}

}  // namespace rilon::feed
