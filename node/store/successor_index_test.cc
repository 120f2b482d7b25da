// The successor index of corrections and retractions: written with the record, one successor
// per record, and rebuilt when a schema-version-1 store is upgraded.
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/store/internal/raw_store_access.h"
#include "node/store/key_codec.h"
#include "node/store/record_store.h"
#include "node/store/schema.h"
#include "node/store/store_test_util.h"

namespace rilon::store {
namespace {

using ::testing::HasSubstr;
using testing::MakeCorrection;
using testing::MakeId;
using testing::MakeRecord;
using testing::MakeRetraction;
using testing::TempDir;

std::unique_ptr<RecordStore> MustOpen(const std::string& dir) {
  absl::StatusOr<std::unique_ptr<RecordStore>> store = RecordStore::Open({.data_dir = dir});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

std::optional<std::string> Successor(const RecordStore& store, const std::string& id) {
  absl::StatusOr<std::optional<std::string>> found = store.FindSuccessor(id);
  EXPECT_TRUE(found.ok()) << found.status();
  return found.ok() ? *found : std::nullopt;
}

TEST(SuccessorIndexTest, CorrectionIsIndexedInTheSameAppend) {
  TempDir dir;
  auto store = MustOpen(dir.path());
  const std::string original = MakeId("au.abf", 1);
  ASSERT_TRUE(store->Append({MakeRecord("au.abf", 1)}).ok());
  EXPECT_EQ(Successor(*store, original), std::nullopt);

  NewRecord correction = MakeCorrection("au.abf", 2, original);
  ASSERT_TRUE(store->Append({correction}).ok());
  EXPECT_EQ(Successor(*store, original), correction.id);
  EXPECT_EQ(Successor(*store, correction.id), std::nullopt);

  store.reset();
  store = MustOpen(dir.path());
  EXPECT_EQ(Successor(*store, original), correction.id) << "the index is durable";
}

TEST(SuccessorIndexTest, OriginalAndCorrectionInOneBatch) {
  TempDir dir;
  auto store = MustOpen(dir.path());
  const std::string original = MakeId("au.abf", 1);
  ASSERT_TRUE(store->Append({MakeRecord("au.abf", 1), MakeCorrection("au.abf", 2, original)}).ok());
  EXPECT_EQ(Successor(*store, original), MakeId("au.abf", 2));
}

TEST(SuccessorIndexTest, SecondSuccessorIsAbortedAndNothingIsWritten) {
  TempDir dir;
  auto store = MustOpen(dir.path());
  const std::string original = MakeId("au.abf", 1);
  ASSERT_TRUE(store->Append({MakeRecord("au.abf", 1), MakeCorrection("au.abf", 2, original)}).ok());

  absl::StatusOr<std::vector<store::SharedStoredRecord>> fork =
      store->Append({MakeRecord("au.abf", 3), MakeRetraction("au.abf", 4, original, "dup")});
  EXPECT_EQ(fork.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(fork.status().message(), HasSubstr(Hex(original)));
  EXPECT_EQ(store->LastLocalSeq(), 2u);
  EXPECT_EQ(store->FindByOrigin("au.abf", 3)->has_value(), false);
  EXPECT_EQ(Successor(*store, original), MakeId("au.abf", 2));
}

TEST(SuccessorIndexTest, TwoSuccessorsInOneBatchAreAborted) {
  TempDir dir;
  auto store = MustOpen(dir.path());
  const std::string original = MakeId("au.abf", 1);
  ASSERT_TRUE(store->Append({MakeRecord("au.abf", 1)}).ok());
  absl::StatusOr<std::vector<store::SharedStoredRecord>> fork =
      store->Append({MakeCorrection("au.abf", 2, original), MakeCorrection("au.abf", 3, original)});
  EXPECT_EQ(fork.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(store->LastLocalSeq(), 1u);
}

TEST(SuccessorIndexTest, SupersededRecordNeedNotBeStored) {
  // A correction may reach an agency that never received the version it replaces.
  TempDir dir;
  auto store = MustOpen(dir.path());
  const std::string unseen = MakeId("id.polri", 1);
  NewRecord correction = MakeCorrection("id.polri", 2, unseen);
  correction.received_from = "id.polri";
  ASSERT_TRUE(store->AppendFromPeer({correction}, {"id.polri", 2}).ok());
  EXPECT_EQ(Successor(*store, unseen), correction.id);
}

TEST(SuccessorIndexTest, MalformedSupersedesIsInvalidArgument) {
  TempDir dir;
  auto store = MustOpen(dir.path());
  NewRecord short_id = MakeRecord("au.abf", 1);
  short_id.supersedes = "short";
  EXPECT_EQ(store->Append({short_id}).status().code(), absl::StatusCode::kInvalidArgument);
  NewRecord itself = MakeRecord("au.abf", 1);
  itself.supersedes = itself.id;
  EXPECT_EQ(store->Append({itself}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->FindSuccessor("short").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->LastLocalSeq(), 0u);
}

TEST(SuccessorIndexTest, NewStoreHasTheColumnFamily) {
  EXPECT_GE(kSchemaVersion, 2u);
  TempDir dir;
  MustOpen(dir.path()).reset();
  // Adding it again fails only because it exists.
  EXPECT_FALSE(internal::AddColumnFamily(dir.path(), schema::kSuccessorsCf).ok());
}

// A store as rilond of schema version 1 left it: no successors column family, version 1, and
// corrections it received from newer peers stored but not indexed.
class UpgradeTest : public ::testing::Test {
 protected:
  void ForgeVersion1(const std::vector<NewRecord>& records) {
    {
      auto store = MustOpen(dir_.path());
      ASSERT_TRUE(store->Append(records).ok());
    }
    // Version 1 had neither the successor index nor the audit log (version 3).
    for (std::string_view cf : {schema::kSuccessorsCf, schema::kAuditCf, schema::kAuditHeadsCf}) {
      ASSERT_TRUE(internal::DropColumnFamily(dir_.path(), cf).ok()) << cf;
    }
    ASSERT_TRUE(
        internal::PutMetaValue(dir_.path(), schema::kMetaSchemaVersionKey, EncodeBigEndian32(1))
            .ok());
  }
  TempDir dir_;
};

TEST_F(UpgradeTest, Version1StoreIsUpgradedAndIndexed) {
  const std::string a1 = MakeId("au.abf", 1);
  const std::string a2 = MakeId("au.abf", 2);
  const std::string p1 = MakeId("id.polri", 1);
  ForgeVersion1({MakeRecord("au.abf", 1), MakeCorrection("au.abf", 2, a1),
                 MakeRetraction("au.abf", 3, a2, "withdrawn"), MakeRecord("id.polri", 1),
                 MakeRecord("th.rtp", 1)});

  auto store = MustOpen(dir_.path());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Successor(*store, a1), a2);
  EXPECT_EQ(Successor(*store, a2), MakeId("au.abf", 3));
  EXPECT_EQ(Successor(*store, p1), std::nullopt);
  EXPECT_EQ(store->LastLocalSeq(), 5u);

  // The upgrade is durable: the version is now current, so the store opens as is.
  store.reset();
  store = MustOpen(dir_.path());
  EXPECT_EQ(Successor(*store, a1), a2);
  // And new corrections are indexed as usual.
  ASSERT_TRUE(store->Append({MakeCorrection("id.polri", 2, p1)}).ok());
  EXPECT_EQ(Successor(*store, p1), MakeId("id.polri", 2));
}

TEST_F(UpgradeTest, InterruptedUpgradeIsCompletedAtTheNextOpen) {
  const std::string a1 = MakeId("au.abf", 1);
  ForgeVersion1({MakeRecord("au.abf", 1), MakeCorrection("au.abf", 2, a1)});
  // The column family was created but the batch with the entries and version never landed.
  ASSERT_TRUE(internal::AddColumnFamily(dir_.path(), schema::kSuccessorsCf).ok());
  auto store = MustOpen(dir_.path());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Successor(*store, a1), MakeId("au.abf", 2));
}

TEST_F(UpgradeTest, Version1StoreMissingAnOriginalColumnFamilyIsDataLoss) {
  ForgeVersion1({MakeRecord("au.abf", 1)});
  ASSERT_TRUE(internal::DropColumnFamily(dir_.path(), schema::kRequestsCf).ok());
  absl::StatusOr<std::unique_ptr<RecordStore>> store = RecordStore::Open({.data_dir = dir_.path()});
  EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(store.status().message(), HasSubstr("requests"));
}

}  // namespace
}  // namespace rilon::store
