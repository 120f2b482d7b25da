#include "node/feed/catch_up_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "node/feed/feed_test_util.h"

namespace rilon::feed {
namespace {

// A log of `head` records, counting the reads made of it.
struct FakeLog {
  uint64_t head = 0;
  std::atomic<int> reads{0};
  bool fail = false;
  CatchUpCache::LogLoader Loader() {
    return [this](uint64_t after,
                  size_t max) -> absl::StatusOr<std::vector<rilon::storage::v1::StoredRecord>> {
      ++reads;
      if (fail) return absl::UnavailableError("disk gone");
      std::vector<rilon::storage::v1::StoredRecord> out;
      for (uint64_t s = after + 1; s <= head && out.size() < max; ++s) {
        out.emplace_back().set_local_seq(s);
      }
      return out;
    };
  }
};

std::vector<uint64_t> Seqs(const std::vector<FeedEntry>& entries) {
  std::vector<uint64_t> out;
  for (const auto& e : entries) out.push_back(e.local_seq);
  return out;
}

TEST(CatchUpCache, ManyReadersOfTheSameStretchReadTheStoreOnce) {
  FakeLog log{.head = 100};
  CatchUpCache cache(/*chunk_records=*/10, /*max_chunks=*/4, EncodeLocalSeq);
  for (int reader = 0; reader < 5; ++reader) {
    std::vector<FeedEntry> out;
    ASSERT_TRUE(cache.ReadAfter(12, 100, log.head, log.Loader(), &out).ok());
    EXPECT_EQ(Seqs(out), (std::vector<uint64_t>{13, 14, 15, 16, 17, 18, 19, 20}));
    EXPECT_EQ(out.back().record->encoded()->event_wire, "20");
  }
  EXPECT_EQ(log.reads.load(), 1);
  std::vector<FeedEntry> out;
  ASSERT_TRUE(cache.ReadAfter(10, 3, log.head, log.Loader(), &out).ok());
  EXPECT_EQ(Seqs(out), (std::vector<uint64_t>{11, 12, 13}));
  EXPECT_EQ(log.reads.load(), 1);
}

TEST(CatchUpCache, TheIncompleteLastChunkIsNeverKept) {
  FakeLog log{.head = 25};
  CatchUpCache cache(10, 4, EncodeLocalSeq);
  std::vector<FeedEntry> out;
  ASSERT_TRUE(cache.ReadAfter(21, 100, log.head, log.Loader(), &out).ok());
  EXPECT_EQ(Seqs(out), (std::vector<uint64_t>{22, 23, 24, 25}));
  EXPECT_EQ(cache.cached_chunks(), 0u);
  log.head = 30;  // more records arrive: the chunk is complete now
  out.clear();
  ASSERT_TRUE(cache.ReadAfter(21, 100, log.head, log.Loader(), &out).ok());
  EXPECT_EQ(Seqs(out), (std::vector<uint64_t>{22, 23, 24, 25, 26, 27, 28, 29, 30}));
  EXPECT_EQ(log.reads.load(), 2);
  EXPECT_EQ(cache.cached_chunks(), 1u);
}

TEST(CatchUpCache, KeepsOnlyTheMostRecentlyUsedChunks) {
  FakeLog log{.head = 1000};
  CatchUpCache cache(10, /*max_chunks=*/2, EncodeLocalSeq);
  std::vector<FeedEntry> out;
  for (uint64_t after : {0, 10, 0, 20, 0, 10}) {  // chunk 1 is evicted by chunk 2, re-read last
    ASSERT_TRUE(cache.ReadAfter(after, 1, log.head, log.Loader(), &out).ok());
  }
  EXPECT_EQ(cache.cached_chunks(), 2u);
  EXPECT_EQ(log.reads.load(), 4);  // chunks 0, 1, 2, then 1 again
  EXPECT_EQ(Seqs(out), (std::vector<uint64_t>{1, 11, 1, 21, 1, 11}));
}

TEST(CatchUpCache, AFailedReadIsReturnedAndNotCached) {
  FakeLog log{.head = 100, .fail = true};
  CatchUpCache cache(10, 4, EncodeLocalSeq);
  std::vector<FeedEntry> out;
  EXPECT_EQ(cache.ReadAfter(0, 10, log.head, log.Loader(), &out).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_TRUE(out.empty());
  log.fail = false;
  ASSERT_TRUE(cache.ReadAfter(0, 10, log.head, log.Loader(), &out).ok());
  EXPECT_EQ(out.size(), 10u);
}

TEST(CatchUpCache, ConcurrentReadersGetContiguousRecords) {
  FakeLog log{.head = 5000};
  CatchUpCache cache(64, 8, EncodeLocalSeq);
  std::atomic<int> bad{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      uint64_t after = 0;
      while (after < log.head) {
        std::vector<FeedEntry> out;
        if (!cache.ReadAfter(after, 100, log.head, log.Loader(), &out).ok() || out.empty()) {
          ++bad;
          return;
        }
        for (const auto& e : out) {
          if (e.local_seq != after + 1) ++bad;
          after = e.local_seq;
        }
      }
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_LE(cache.cached_chunks(), 8u);
}

}  // namespace
}  // namespace rilon::feed
