// The publishing store hands batches to its listener in local-log order even when two threads
// append at once (the committer and a federation puller).
#include "node/federation/publishing_record_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "node/store/store_test_util.h"

namespace rilon::federation {
namespace {

TEST(PublishingRecordStoreTest, ConcurrentAppendsArePublishedInLocalLogOrder) {
  store::testing::TempDir dir;
  auto inner = store::RecordStore::Open({.data_dir = dir.path()});
  ASSERT_TRUE(inner.ok()) << inner.status();
  std::vector<uint64_t> published;  // only touched by the listener, under the store's lock
  PublishingRecordStore store(inner->get(),
                              [&](const std::vector<store::SharedStoredRecord>& batch) {
                                for (const auto& r : batch) published.push_back(r->local_seq());
                              });
  constexpr int kPerWriter = 100;
  std::thread local([&] {
    for (int i = 1; i <= kPerWriter; ++i) {
      ASSERT_TRUE(store.Append({store::testing::MakeRecord("au.abf", i)}).ok());
    }
  });
  std::thread peer([&] {
    for (int i = 1; i <= kPerWriter; ++i) {
      ASSERT_TRUE(
          store.AppendFromPeer({store::testing::MakeRecord("id.polri", i)}, {"id.polri", 10u * i})
              .ok());
    }
  });
  local.join();
  peer.join();
  ASSERT_EQ(published.size(), 2u * kPerWriter);
  for (size_t i = 0; i < published.size(); ++i) EXPECT_EQ(published[i], i + 1);
  EXPECT_EQ(*store.GetPeerCursor("id.polri"), 10u * kPerWriter);
}

TEST(PublishingRecordStoreTest, CursorAloneIsStoredAndNothingIsPublished) {
  store::testing::TempDir dir;
  auto inner = store::RecordStore::Open({.data_dir = dir.path()});
  ASSERT_TRUE(inner.ok()) << inner.status();
  int calls = 0;
  PublishingRecordStore store(inner->get(), [&](const auto&) { ++calls; });
  ASSERT_TRUE(store.AppendFromPeer({}, {"id.polri", 42}).ok());
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(*store.GetPeerCursor("id.polri"), 42u);
  EXPECT_EQ(*store.GetPeerCursor("my.mmea"), 0u);
}

}  // namespace
}  // namespace rilon::federation
