// AppendFromPeer: a peer's cursor is written in the same atomic batch as the records it covers,
// survives a reopen, and is untouched when the batch is refused.
#include <gtest/gtest.h>

#include "node/store/record_store.h"
#include "node/store/store_test_util.h"

namespace rilon::store {
namespace {

using testing::MakeRecord;
using testing::TempDir;

TEST(PeerCursorTest, CursorIsStoredWithTheRecordsAndSurvivesReopen) {
  TempDir dir;
  {
    auto store = RecordStore::Open({.data_dir = dir.path()});
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_EQ(*(*store)->GetPeerCursor("id.polri"), 0u);
    auto stored = (*store)->AppendFromPeer({MakeRecord("id.polri", 1), MakeRecord("id.polri", 2)},
                                           {"id.polri", 17});
    ASSERT_TRUE(stored.ok()) << stored.status();
    ASSERT_EQ(stored->size(), 2u);
    EXPECT_EQ((*stored)[1]->local_seq(), 2u);
    ASSERT_TRUE((*store)->AppendFromPeer({}, {"my.mmea", 5}).ok());
  }
  auto reopened = RecordStore::Open({.data_dir = dir.path()});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(*(*reopened)->GetPeerCursor("id.polri"), 17u);
  EXPECT_EQ(*(*reopened)->GetPeerCursor("my.mmea"), 5u);
  EXPECT_EQ((*reopened)->LastLocalSeq(), 2u);
}

TEST(PeerCursorTest, RefusedBatchLeavesTheCursorWhereItWas) {
  TempDir dir;
  auto store = RecordStore::Open({.data_dir = dir.path()});
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE((*store)->AppendFromPeer({MakeRecord("id.polri", 1)}, {"id.polri", 3}).ok());
  auto equivocation =
      (*store)->AppendFromPeer({MakeRecord("id.polri", 1, 64, /*variant=*/1)}, {"id.polri", 9});
  EXPECT_EQ(equivocation.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(*(*store)->GetPeerCursor("id.polri"), 3u);
  EXPECT_EQ((*store)->LastLocalSeq(), 1u);
}

TEST(PeerCursorTest, MalformedPeerAgencyIsRefused) {
  TempDir dir;
  auto store = RecordStore::Open({.data_dir = dir.path()});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->AppendFromPeer({}, {"", 1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*store)->GetPeerCursor(std::string("a\0b", 3)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rilon::store
