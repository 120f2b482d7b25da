// Walking a report's versions: history from any version, the current version, and the refusal
// to supersede a version that is no longer current.
#include "node/store/version_chain.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/store/key_codec.h"
#include "node/store/store_test_util.h"

namespace rilon::store {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::MakeCorrection;
using testing::MakeId;
using testing::MakeRecord;
using testing::MakeRetraction;
using ::testing::Not;
using testing::TempDir;

std::vector<std::string> Ids(const VersionChain& chain) {
  std::vector<std::string> ids;
  for (const ChainVersion& version : chain.versions) ids.push_back(version.id);
  return ids;
}

class VersionChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<RecordStore>> store =
        RecordStore::Open({.data_dir = dir_.path()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }
  void Append(std::vector<NewRecord> records) {
    ASSERT_TRUE(store_->Append(std::move(records)).ok());
  }
  // au.abf #1 original, #2 correction of #1, #3 correction of #2.
  void AppendThreeVersions() {
    Append({MakeRecord("au.abf", 1)});
    Append({MakeCorrection("au.abf", 2, v1_)});
    Append({MakeCorrection("au.abf", 3, v2_)});
  }

  const std::string v1_ = MakeId("au.abf", 1);
  const std::string v2_ = MakeId("au.abf", 2);
  const std::string v3_ = MakeId("au.abf", 3);
  TempDir dir_;
  std::unique_ptr<RecordStore> store_;
};

TEST_F(VersionChainTest, UncorrectedRecordIsItsOwnHistory) {
  Append({MakeRecord("au.abf", 1)});
  absl::StatusOr<VersionChain> chain = ReadVersionChain(*store_, v1_);
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_THAT(Ids(*chain), ElementsAre(v1_));
  EXPECT_EQ(chain->requested, 0u);
  EXPECT_FALSE(chain->truncated);
  ASSERT_TRUE(chain->versions[0].stored.has_value());
  EXPECT_EQ(chain->versions[0].body.origin_seq(), 1u);
  EXPECT_EQ(*CurrentVersionOf(*store_, v1_), v1_);
  EXPECT_TRUE(CheckIsCurrentVersion(*store_, v1_).ok());
}

TEST_F(VersionChainTest, SameHistoryFromEveryVersion) {
  AppendThreeVersions();
  const std::vector<std::string> versions = {v1_, v2_, v3_};
  for (size_t i = 0; i < versions.size(); ++i) {
    const std::string& from = versions[i];
    absl::StatusOr<VersionChain> chain = ReadVersionChain(*store_, from);
    ASSERT_TRUE(chain.ok()) << chain.status();
    EXPECT_THAT(Ids(*chain), ElementsAre(v1_, v2_, v3_));
    EXPECT_EQ(chain->requested, i);
    EXPECT_EQ(*CurrentVersionOf(*store_, from), v3_);
  }
}

TEST_F(VersionChainTest, SupersededVersionIsRefusedNamingTheCurrentOne) {
  AppendThreeVersions();
  absl::Status refused = CheckIsCurrentVersion(*store_, v1_);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(),
              AllOf(HasSubstr(Hex(v1_)), HasSubstr("current version is " + Hex(v3_)),
                    Not(HasSubstr("retracted"))));
  EXPECT_TRUE(CheckIsCurrentVersion(*store_, v3_).ok());
}

TEST_F(VersionChainTest, RetractedReportIsRefusedWithTheReason) {
  AppendThreeVersions();
  Append({MakeRetraction("au.abf", 4, v3_, "figures were double counted")});
  absl::Status refused = CheckIsCurrentVersion(*store_, v2_);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), AllOf(HasSubstr("retracted by record " + Hex(MakeId("au.abf", 4))),
                                       HasSubstr("figures were double counted")));
  absl::StatusOr<VersionChain> chain = ReadVersionChain(*store_, v1_);
  ASSERT_TRUE(chain.ok());
  ASSERT_EQ(chain->versions.size(), 4u);
  EXPECT_TRUE(chain->versions.back().body.has_retraction());
}

TEST_F(VersionChainTest, HistoryStopsAtAVersionThisNodeDoesNotHold) {
  // Only the correction (#2) reached this node; its predecessor #1 is known by id alone.
  const std::string p1 = MakeId("id.polri", 1);
  NewRecord correction = MakeCorrection("id.polri", 2, p1);
  ASSERT_TRUE(store_->AppendFromPeer({correction}, {"id.polri", 1}).ok());
  absl::StatusOr<VersionChain> chain = ReadVersionChain(*store_, correction.id);
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_THAT(Ids(*chain), ElementsAre(p1, correction.id));
  EXPECT_FALSE(chain->versions[0].stored.has_value());
  EXPECT_EQ(chain->requested, 1u);
  EXPECT_EQ(ReadVersionChain(*store_, p1).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(VersionChainTest, LongHistoryKeepsTheNewestVersions) {
  AppendThreeVersions();
  absl::StatusOr<VersionChain> chain = ReadVersionChain(*store_, v3_, /*max_versions=*/2);
  ASSERT_TRUE(chain.ok());
  EXPECT_THAT(Ids(*chain), ElementsAre(v2_, v3_));
  EXPECT_TRUE(chain->truncated);
  // Newer versions than the one asked for are always included.
  chain = ReadVersionChain(*store_, v1_, /*max_versions=*/1);
  ASSERT_TRUE(chain.ok());
  EXPECT_THAT(Ids(*chain), ElementsAre(v1_, v2_, v3_));
  EXPECT_FALSE(chain->truncated);
}

TEST_F(VersionChainTest, UnknownRecordIsNotFound) {
  EXPECT_EQ(ReadVersionChain(*store_, MakeId("au.abf", 9)).status().code(),
            absl::StatusCode::kNotFound);
  // Nothing supersedes an unknown id, so it is its own current version.
  EXPECT_EQ(*CurrentVersionOf(*store_, MakeId("au.abf", 9)), MakeId("au.abf", 9));
}

}  // namespace
}  // namespace rilon::store
