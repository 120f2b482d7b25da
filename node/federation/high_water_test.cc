// Anti-entropy's answer: the position after which every record of this node addressed to the
// peer above the peer's high-water mark lies.
#include "node/federation/high_water.h"

#include <gtest/gtest.h>

#include "node/federation/test_records.h"
#include "node/store/store_test_util.h"

namespace rilon::federation {
namespace {

using testing::TestRecord;

class HighWaterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::RecordStore::Open({.data_dir = dir_.path()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    // Positions: 1 own #1 for id.polri, 2 own #2 for my.mmea, 3 received id.polri #1,
    // 4 own #3 for my.mmea, 5 own #4 for id.polri.
    ASSERT_TRUE(store_->Append({TestRecord("au.abf", 1, {"id.polri"})}).ok());
    ASSERT_TRUE(store_->Append({TestRecord("au.abf", 2, {"my.mmea"})}).ok());
    ASSERT_TRUE(store_
                    ->AppendFromPeer(
                        {TestRecord("id.polri", 1, {"au.abf"}, rilon::v1::TLP_GREEN, "id.polri")},
                        {"id.polri", 3})
                    .ok());
    ASSERT_TRUE(store_->Append({TestRecord("au.abf", 3, {"my.mmea"})}).ok());
    ASSERT_TRUE(store_->Append({TestRecord("au.abf", 4, {"id.polri"})}).ok());
  }
  uint64_t Resume(const std::string& origin, uint64_t held, uint64_t max_walk = 1000) {
    absl::StatusOr<uint64_t> p = ResumePosition(*store_, gate_, "id.polri", origin, held, max_walk);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.value_or(999);
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::RecordStore> store_;
  SharingGate gate_{"au.abf"};
};

TEST_F(HighWaterTest, ResumesJustBeforeTheFirstRecordForThePeerAboveItsMark) {
  EXPECT_EQ(Resume("au.abf", 0), 0u);  // #1 at position 1 is missing
  EXPECT_EQ(Resume("au.abf", 1), 4u);  // #2 and #3 are not for id.polri; #4 is at position 5
}

TEST_F(HighWaterTest, NothingMissingAnswersTheHead) {
  EXPECT_EQ(Resume("au.abf", 4), 5u);
  EXPECT_EQ(Resume("au.abf", 9), 5u);  // the peer holds more than this node: nothing to send
}

TEST_F(HighWaterTest, OriginsThisNodeDoesNotSendAnswerTheHead) {
  EXPECT_EQ(Resume("id.polri", 0), 5u);
  EXPECT_EQ(Resume("th.rtp", 0), 5u);
}

TEST_F(HighWaterTest, BoundedWalkAnswersWhatItExamined) {
  // One step from the mark 1 examines #2 (position 2, not for id.polri) and stops there: the
  // answer is still safe (nothing for the peer at or before it above the mark).
  EXPECT_EQ(Resume("au.abf", 1, /*max_walk=*/1), 2u);
}

}  // namespace
}  // namespace rilon::federation
