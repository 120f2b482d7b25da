// FeedRecord's per-view cache: one decision and encoding per view (reader role) and policy, the
// full event shared rather than copied, hidden views, and a new policy making views again.
#include "node/feed/feed_record.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace rilon::feed {
namespace {

absl::StatusOr<EncodedEvent> Encode(const rilon::storage::v1::StoredRecord& s) {
  EncodedEvent e;
  e.event_wire = "full#" + std::to_string(s.local_seq());
  return e;
}

TEST(FeedRecordViews, EachViewIsMadeOnceAndSharedByItsReaders) {
  rilon::storage::v1::StoredRecord stored;
  stored.set_local_seq(3);
  FeedRecord record(stored, Encode);
  std::shared_ptr<const void> policy = std::make_shared<int>(1);
  std::atomic<int> made{0};
  // View 0 sees the full event, view 1 a shaped one, view 2 nothing.
  auto full = [&](const rilon::storage::v1::StoredRecord&) -> absl::StatusOr<ViewOutcome> {
    ++made;
    return ViewOutcome{ViewOutcome::Kind::kFull, {}};
  };
  auto shaped = [&](const rilon::storage::v1::StoredRecord& s) -> absl::StatusOr<ViewOutcome> {
    ++made;
    ViewOutcome o{ViewOutcome::Kind::kOwn, {}};
    o.own.event_wire = "shaped#" + std::to_string(s.local_seq());
    return o;
  };
  auto hidden = [&](const rilon::storage::v1::StoredRecord&) -> absl::StatusOr<ViewOutcome> {
    ++made;
    return ViewOutcome{};
  };
  std::vector<std::thread> readers;
  std::atomic<int> wrong{0};
  for (int i = 0; i < 8; ++i) {
    readers.emplace_back([&] {
      const absl::StatusOr<EncodedEvent>* a = record.view(0, policy, full);
      const absl::StatusOr<EncodedEvent>* b = record.view(1, policy, shaped);
      const absl::StatusOr<EncodedEvent>* c = record.view(2, policy, hidden);
      if (a != &record.encoded() || (*a)->event_wire != "full#3") ++wrong;
      if (b == nullptr || !b->ok() || (*b)->event_wire != "shaped#3") ++wrong;
      if (c != nullptr) ++wrong;
    });
  }
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(made.load(), 3);  // once per view, whatever the number of readers
}

TEST(FeedRecordViews, ANewPolicyMakesTheViewAgain) {
  FeedRecord record(rilon::storage::v1::StoredRecord(), Encode);
  int made = 0;
  auto hidden = [&](const rilon::storage::v1::StoredRecord&) -> absl::StatusOr<ViewOutcome> {
    ++made;
    return ViewOutcome{};
  };
  auto full = [&](const rilon::storage::v1::StoredRecord&) -> absl::StatusOr<ViewOutcome> {
    ++made;
    return ViewOutcome{ViewOutcome::Kind::kFull, {}};
  };
  std::shared_ptr<const void> old_policy = std::make_shared<int>(1);
  EXPECT_EQ(record.view(1, old_policy, hidden), nullptr);
  EXPECT_EQ(record.view(1, old_policy, full), nullptr);  // cached: not decided again
  std::shared_ptr<const void> new_policy = std::make_shared<int>(2);
  EXPECT_NE(record.view(1, new_policy, full), nullptr);
  EXPECT_EQ(made, 2);
  // No policy file at all is a key too.
  EXPECT_EQ(record.view(1, nullptr, hidden), nullptr);
  EXPECT_EQ(made, 3);
}

TEST(FeedRecordViews, AViewErrorIsKeptForItsReaders) {
  FeedRecord record(rilon::storage::v1::StoredRecord(), Encode);
  int made = 0;
  auto broken = [&](const rilon::storage::v1::StoredRecord&) -> absl::StatusOr<ViewOutcome> {
    ++made;
    return absl::InternalError("corrupt");
  };
  const absl::StatusOr<EncodedEvent>* v = record.view(0, nullptr, broken);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(record.view(0, nullptr, broken)->status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(made, 1);
}

}  // namespace
}  // namespace rilon::feed
