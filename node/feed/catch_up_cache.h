// Shares the store reads of subscribers that catch up over the same stretch of the local log.
//
// Why: a subscriber behind the live window reads the store. When many subscribers catch up at
// once (a node restarted, analysts reconnecting in the morning) they read the same records, and
// each store read of a record is a random lookup by id. The cache reads the log in aligned chunks
// of `chunk_records` and keeps the newest-used `max_chunks` of them, as FeedRecords (encoded at
// most once, feed_record.h), so N subscribers cost about one store read and one encoding per
// record instead of N.
//
// Contract:
//   - ReadAfter(after, max, load, out) appends to `out` up to `max` entries with local_seq >
//     after, in order, from the chunk holding after+1; it returns what `load` returned when that
//     chunk had to be read and the read failed (nothing is cached then). `load(after, n)` must
//     return the log records after `after`, at most n, as RecordStore::ReadLog does.
//   - Only chunks that the log holds completely (their last local_seq <= `head`) are kept, so a
//     cached chunk never misses a record written later. Reads of the incomplete last chunk go to
//     the store every time.
//   - Thread-safe. Concurrent readers of the same missing chunk may both read it; one copy is
//     kept. Memory is bounded by max_chunks * chunk_records records.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "node/feed/feed_hub.h"
#include "node/feed/feed_record.h"

namespace rilon::feed {

class CatchUpCache {
 public:
  using LogLoader = std::function<absl::StatusOr<std::vector<rilon::storage::v1::StoredRecord>>(
      uint64_t after, size_t max_records)>;

  CatchUpCache(size_t chunk_records, size_t max_chunks, EventEncoder encoder);

  absl::Status ReadAfter(uint64_t after, size_t max, uint64_t head, const LogLoader& load,
                         std::vector<FeedEntry>* out);

  size_t cached_chunks() const;

 private:
  using Chunk = std::vector<FeedEntry>;  // contiguous local_seq from chunk start
  std::shared_ptr<const Chunk> Find(uint64_t chunk_index);
  void Keep(uint64_t chunk_index, std::shared_ptr<const Chunk> chunk);

  const size_t chunk_records_;
  const size_t max_chunks_;
  const EventEncoder encoder_;
  mutable std::mutex mu_;
  // Least recently used first; `chunks_` points into it.
  std::list<uint64_t> recency_;  // guarded by mu_
  std::map<uint64_t, std::pair<std::shared_ptr<const Chunk>, std::list<uint64_t>::iterator>>
      chunks_;  // guarded by mu_
};

}  // namespace rilon::feed
