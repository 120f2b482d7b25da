// The audit log in the store: ACCEPT entries in the record's own batch, standalone entries in
// one gapless chain with them, atomicity under a full disk, restart, signed heads, and the
// upgrade from schema version 2.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/audit/audit_chain.h"
#include "node/store/fault_switch.h"
#include "node/store/internal/raw_store_access.h"
#include "node/store/key_codec.h"
#include "node/store/record_store.h"
#include "node/store/schema.h"
#include "node/store/store_test_util.h"

namespace rilon::store {
namespace {

using ::testing::HasSubstr;
using testing::MakeId;
using testing::MakeRecord;
using testing::TempDir;

std::unique_ptr<RecordStore> MustOpen(const std::string& dir,
                                      std::shared_ptr<FaultSwitch> faults = nullptr) {
  absl::StatusOr<std::unique_ptr<RecordStore>> store =
      RecordStore::Open({.data_dir = dir, .fault_switch = std::move(faults)});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? *std::move(store) : nullptr;
}

std::vector<rilon::v1::AuditEntry> ReadAll(RecordStore& store) {
  absl::StatusOr<AuditPage> page = store.audit().Read(1, 1000);
  EXPECT_TRUE(page.ok()) << page.status();
  std::vector<rilon::v1::AuditEntry> out;
  std::string prev = audit::kGenesisHash;
  for (const audit::SealedAuditEntry& sealed : page->entries) {
    rilon::v1::AuditEntry entry;
    EXPECT_TRUE(entry.ParseFromString(sealed.bytes));
    EXPECT_EQ(entry.seq(), out.size() + 1);
    EXPECT_EQ(entry.prev_hash(), prev) << "seq " << entry.seq();
    EXPECT_EQ(sealed.hash, audit::EntryHash(prev, sealed.bytes)) << "seq " << entry.seq();
    prev = sealed.hash;
    out.push_back(std::move(entry));
  }
  return out;
}

rilon::v1::AuditEntry Read(std::string party) {
  rilon::v1::AuditEntry entry;
  entry.set_action(rilon::v1::AUDIT_ACTION_READ);
  entry.set_party(std::move(party));
  return entry;
}

TEST(AuditLogTest, EveryAppendedRecordGetsAnAcceptEntryInOneChain) {
  TempDir dir;
  auto store = MustOpen(dir.path());
  NewRecord mine = MakeRecord("au.abf", 1);
  mine.submitted_by = "spiffe://rilon.test/agency/au.abf/officer/o1";
  ASSERT_TRUE(store->Append({mine, MakeRecord("au.abf", 2)}).ok());
  NewRecord theirs = MakeRecord("id.polri", 1);
  theirs.received_from = "id.polri";
  ASSERT_TRUE(store->AppendFromPeer({theirs}, {"id.polri", 7}).ok());

  std::vector<rilon::v1::AuditEntry> entries = ReadAll(*store);
  ASSERT_EQ(entries.size(), 3u);
  for (const rilon::v1::AuditEntry& e : entries) {
    EXPECT_EQ(e.action(), rilon::v1::AUDIT_ACTION_ACCEPT);
  }
  EXPECT_EQ(entries[0].record_ids(0), MakeId("au.abf", 1));
  EXPECT_EQ(entries[0].party(), "spiffe://rilon.test/agency/au.abf/officer/o1");
  EXPECT_EQ(entries[0].party_role(), "officer");
  EXPECT_EQ(entries[0].first_position(), 1u);
  EXPECT_EQ(entries[1].origin_seq(), 2u);
  EXPECT_EQ(entries[2].record_ids(0), MakeId("id.polri", 1));
  EXPECT_EQ(entries[2].party(), "id.polri");
  EXPECT_EQ(entries[2].party_role(), "node");
  EXPECT_EQ(entries[2].first_position(), 3u);
  EXPECT_EQ(store->audit().Head().seq, 3u);
}

TEST(AuditLogTest, EntriesQueuedBeforeAWriteAreDurableWhenItReturns) {
  TempDir dir;
  auto store = MustOpen(dir.path());
  store->audit().Record(Read("reader-1"));
  store->audit().Record(Read("reader-2"));
  ASSERT_TRUE(store->Append({MakeRecord("au.abf", 1)}).ok());
  // Whether the background writer or the Append wrote them, they precede the ACCEPT entry.
  std::vector<rilon::v1::AuditEntry> entries = ReadAll(*store);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].party(), "reader-1");
  EXPECT_EQ(entries[1].party(), "reader-2");
  EXPECT_EQ(entries[2].action(), rilon::v1::AUDIT_ACTION_ACCEPT);
  EXPECT_NE(entries[0].time_unix_micros(), 0);  // the time of the read itself
}

TEST(AuditLogTest, FlushWritesQueuedEntriesAndTheChainResumesAfterReopen) {
  TempDir dir;
  audit::ChainHead before;
  {
    auto store = MustOpen(dir.path());
    store->audit().Record(Read("reader-1"));
    ASSERT_TRUE(store->audit().Flush().ok());
    ASSERT_TRUE(store->Append({MakeRecord("au.abf", 1)}).ok());
    before = store->audit().Head();
    store->audit().Record(Read("queued-at-close"));  // written when the store closes
  }
  auto store = MustOpen(dir.path());
  EXPECT_EQ(store->audit().Head().seq, before.seq + 1);
  store->audit().Record(Read("after-reopen"));
  ASSERT_TRUE(store->audit().Flush().ok());
  std::vector<rilon::v1::AuditEntry> entries = ReadAll(*store);  // checks every link
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[2].party(), "queued-at-close");
  EXPECT_EQ(entries[3].party(), "after-reopen");
}

TEST(AuditLogTest, AFailedWriteLeavesNeitherTheRecordNorItsAcceptEntry) {
  TempDir dir;
  auto faults = std::make_shared<FaultSwitch>();
  {
    auto store = MustOpen(dir.path(), faults);
    ASSERT_TRUE(store->Append({MakeRecord("au.abf", 1)}).ok());
    faults->fail_writes = true;
    EXPECT_EQ(store->Append({MakeRecord("au.abf", 2)}).status().code(),
              absl::StatusCode::kUnavailable);
    EXPECT_EQ(store->audit().Head().seq, 1u);      // the chain did not advance
    store->audit().Record(Read("after-failure"));  // lost with the failed store
    EXPECT_EQ(store->audit().Flush().code(), absl::StatusCode::kUnavailable);
    faults->fail_writes = false;
  }
  auto store = MustOpen(dir.path());
  EXPECT_EQ(store->Get(MakeId("au.abf", 2)).status().code(), absl::StatusCode::kNotFound);
  std::vector<rilon::v1::AuditEntry> entries = ReadAll(*store);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].record_ids(0), MakeId("au.abf", 1));
  // The chain goes on from the last durable entry.
  ASSERT_TRUE(store->Append({MakeRecord("au.abf", 2)}).ok());
  EXPECT_EQ(ReadAll(*store).size(), 2u);
}

TEST(AuditLogTest, ARefusedAppendWritesNoEntry) {
  TempDir dir;
  auto store = MustOpen(dir.path());
  ASSERT_TRUE(store->Append({MakeRecord("au.abf", 1)}).ok());
  EXPECT_EQ(store->Append({MakeRecord("au.abf", 1)}).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadAll(*store).size(), 1u);
}

TEST(AuditLogTest, ReadPagesAndReturnsTheSignedHeadsOfThePage) {
  TempDir dir;
  auto store = MustOpen(dir.path());
  for (int i = 0; i < 5; ++i) store->audit().Record(Read(absl::StrCat("r", i)));
  ASSERT_TRUE(store->audit().Flush().ok());
  rilon::v1::SignedAuditHead head;
  head.set_head("statement");
  head.set_signature("signature");
  ASSERT_TRUE(store->audit().PutSignedHead({2, head}).ok());
  ASSERT_TRUE(store->audit().PutSignedHead({5, head}).ok());
  EXPECT_EQ(store->audit().PutSignedHead({6, head}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store->audit().PutSignedHead({0, head}).code(), absl::StatusCode::kInvalidArgument);

  absl::StatusOr<AuditPage> page = store->audit().Read(2, 2);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->entries.size(), 2u);
  EXPECT_EQ(page->entries[0].seq, 2u);
  EXPECT_EQ(page->entries[1].seq, 3u);
  ASSERT_EQ(page->heads.size(), 1u);
  EXPECT_EQ(page->heads[0].seq, 2u);
  EXPECT_EQ(page->heads[0].head.signature(), "signature");
  absl::StatusOr<std::optional<SignedHeadAt>> last = store->audit().LastSignedHead();
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->seq, 5u);
  EXPECT_EQ(store->audit().Read(0, 1).status().code(), absl::StatusCode::kInvalidArgument);
  page = store->audit().Read(6, 10);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->entries.empty());
}

TEST(AuditLogTest, Version2StoreIsUpgradedWithAnEmptyChain) {
  TempDir dir;
  {
    auto store = MustOpen(dir.path());
    ASSERT_TRUE(store->Append({MakeRecord("au.abf", 1)}).ok());
  }
  // As rilond of schema version 2 left it: no audit column families.
  ASSERT_TRUE(internal::DropColumnFamily(dir.path(), schema::kAuditCf).ok());
  ASSERT_TRUE(internal::DropColumnFamily(dir.path(), schema::kAuditHeadsCf).ok());
  ASSERT_TRUE(
      internal::PutMetaValue(dir.path(), schema::kMetaSchemaVersionKey, EncodeBigEndian32(2)).ok());
  {
    auto store = MustOpen(dir.path());
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->LastLocalSeq(), 1u);
    // No back-filled entries: record 1 was not written with one.
    EXPECT_EQ(store->audit().Head().seq, 0u);
    ASSERT_TRUE(store->Append({MakeRecord("au.abf", 2)}).ok());
    std::vector<rilon::v1::AuditEntry> entries = ReadAll(*store);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].record_ids(0), MakeId("au.abf", 2));
  }
  // Durable: version 3 now, and a version-3 store must have its audit column families.
  ASSERT_TRUE(internal::DropColumnFamily(dir.path(), schema::kAuditHeadsCf).ok());
  absl::StatusOr<std::unique_ptr<RecordStore>> damaged =
      RecordStore::Open({.data_dir = dir.path()});
  EXPECT_EQ(damaged.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(damaged.status().message(), HasSubstr("audit_heads"));
}

TEST(AuditLogTest, InterruptedUpgradeFromVersion2IsCompletedAtTheNextOpen) {
  TempDir dir;
  MustOpen(dir.path()).reset();
  ASSERT_TRUE(internal::DropColumnFamily(dir.path(), schema::kAuditHeadsCf).ok());
  // `audit` exists (created before the crash), `audit_heads` not yet, version still 2.
  ASSERT_TRUE(
      internal::PutMetaValue(dir.path(), schema::kMetaSchemaVersionKey, EncodeBigEndian32(2)).ok());
  auto store = MustOpen(dir.path());
  ASSERT_NE(store, nullptr);
  store->audit().Record(Read("r"));
  EXPECT_TRUE(store->audit().Flush().ok());
}

}  // namespace
}  // namespace rilon::store
