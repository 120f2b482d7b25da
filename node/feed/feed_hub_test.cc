#include "node/feed/feed_hub.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "node/feed/feed_test_util.h"

namespace rilon::feed {
namespace {

std::vector<FeedEntry> Entries(uint64_t from, uint64_t to) {
  std::vector<FeedEntry> out;
  for (uint64_t s = from; s <= to; ++s) {
    rilon::storage::v1::StoredRecord stored;
    stored.set_local_seq(s);
    out.push_back({s, std::make_shared<const FeedRecord>(stored, EncodeLocalSeq)});
  }
  return out;
}

TEST(FeedHub, ServesFromWindowAndSendsOldCursorsToTheStore) {
  FeedHub hub(/*live_window=*/4, /*head_at_start=*/10);
  std::vector<FeedEntry> out;
  EXPECT_EQ(hub.ReadAfter(3, 100, &out), FeedHub::ReadResult::kBehindWindow);  // before start
  EXPECT_EQ(hub.ReadAfter(10, 100, &out), FeedHub::ReadResult::kOk);
  EXPECT_TRUE(out.empty());
  hub.Publish(Entries(11, 16));  // window keeps 13..16
  EXPECT_EQ(hub.head(), 16u);
  EXPECT_EQ(hub.ReadAfter(11, 100, &out), FeedHub::ReadResult::kBehindWindow);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(hub.ReadAfter(12, 2, &out), FeedHub::ReadResult::kOk);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].local_seq, 13u);
  EXPECT_EQ(out[1].local_seq, 14u);
  out.clear();
  EXPECT_EQ(hub.ReadAfter(14, 100, &out), FeedHub::ReadResult::kOk);
  ASSERT_EQ(out.size(), 2u);
  ASSERT_TRUE(out[1].record->encoded().ok());
  EXPECT_EQ(out[1].record->encoded()->event_wire, "16");
}

TEST(FeedHub, AGapRestartsTheWindow) {
  FeedHub hub(8, 0);
  hub.Publish(Entries(1, 3));
  hub.Publish(Entries(6, 7));  // 4 and 5 were never published
  std::vector<FeedEntry> out;
  EXPECT_EQ(hub.ReadAfter(3, 10, &out), FeedHub::ReadResult::kBehindWindow);
  EXPECT_EQ(hub.ReadAfter(5, 10, &out), FeedHub::ReadResult::kOk);
  EXPECT_EQ(out.size(), 2u);
}

TEST(FeedHub, WaitersWakeOnceWhenHeadPassesTheirCursor) {
  FeedHub hub(8, 5);
  int woken = 0, cancelled = 0;
  FeedHub::WaiterId id = 0, cancel_id = 0;
  EXPECT_FALSE(hub.NotifyWhenAfter(
      4, [&] { ++woken; }, &id));  // already behind head
  EXPECT_TRUE(hub.NotifyWhenAfter(
      6, [&] { ++woken; }, &id));  // needs head > 6
  EXPECT_TRUE(hub.NotifyWhenAfter(
      5, [&] { ++cancelled; }, &cancel_id));
  EXPECT_TRUE(hub.CancelWaiter(cancel_id));
  EXPECT_FALSE(hub.CancelWaiter(cancel_id));
  EXPECT_EQ(hub.waiter_count(), 1u);
  hub.Publish(Entries(6, 6));
  EXPECT_EQ(woken, 0);
  hub.Publish(Entries(7, 8));
  EXPECT_EQ(woken, 1);
  EXPECT_FALSE(hub.CancelWaiter(id));  // already taken to run
  hub.Publish(Entries(9, 9));
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(cancelled, 0);
  EXPECT_EQ(hub.waiter_count(), 0u);
}

TEST(FeedRecord, EncodesOnceForManyConcurrentReaders) {
  std::atomic<int> encodings{0};
  rilon::storage::v1::StoredRecord stored;
  stored.set_local_seq(7);
  auto record = std::make_shared<const FeedRecord>(
      stored, [&](const rilon::storage::v1::StoredRecord& s) -> absl::StatusOr<EncodedEvent> {
        ++encodings;
        if (s.local_seq() != 7) return absl::InternalError("the stored record was not kept");
        EncodedEvent event;
        event.event_wire = "wire";
        return event;
      });
  std::vector<std::thread> readers;
  std::atomic<int> agreed{0};
  for (int i = 0; i < 8; ++i) {
    readers.emplace_back([&] {
      const auto& encoded = record->encoded();
      if (encoded.ok() && encoded->event_wire == "wire") ++agreed;
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(encodings.load(), 1);
  EXPECT_EQ(agreed.load(), 8);
}

TEST(FeedRecord, AnEncodingErrorIsKeptAndReturnedToEveryReader) {
  int encodings = 0;
  FeedRecord record(rilon::storage::v1::StoredRecord(),
                    [&](const rilon::storage::v1::StoredRecord&) {
                      ++encodings;
                      return absl::StatusOr<EncodedEvent>(absl::InternalError("corrupt"));
                    });
  EXPECT_EQ(record.encoded().status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(record.encoded().status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(encodings, 1);
}

TEST(FeedHub, ConcurrentReadersSeeContiguousRecords) {
  FeedHub hub(64, 0);
  std::atomic<bool> done{false};
  std::atomic<int> errors{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      uint64_t cursor = 0;
      while (!done.load() || cursor < hub.head()) {
        std::vector<FeedEntry> out;
        if (hub.ReadAfter(cursor, 16, &out) == FeedHub::ReadResult::kBehindWindow) {
          cursor = hub.head();  // the store would serve these; skip ahead for this test
          continue;
        }
        for (const auto& e : out) {
          if (e.local_seq != cursor + 1) ++errors;
          cursor = e.local_seq;
        }
      }
    });
  }
  for (uint64_t s = 1; s <= 5000; s += 5) hub.Publish(Entries(s, s + 4));
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(errors.load(), 0);
}

}  // namespace
}  // namespace rilon::feed
