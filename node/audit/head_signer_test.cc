// The head signer against a real store: what it signs, when it declines, and that the signed head
// survives a restart.
#include "node/audit/head_signer.h"

#include <memory>

#include "gtest/gtest.h"
#include "node/audit/audit_chain.h"
#include "node/audit/audit_test_chain.h"
#include "node/security/record_signer.h"
#include "node/store/record_store.h"
#include "node/store/store_test_util.h"

namespace rilon::audit {
namespace {

using store::testing::TempDir;

TEST(HeadSignerTest, SignsTheHeadOnceUntilTheChainGrowsAndAgainAtStop) {
  TempDir dir;
  std::unique_ptr<security::RecordSigner> signer = security::RecordSigner::GenerateForTesting();
  absl::StatusOr<std::unique_ptr<store::RecordStore>> opened =
      store::RecordStore::Open({.data_dir = dir.path()});
  ASSERT_TRUE(opened.ok()) << opened.status();
  store::AuditStore& audit = (*opened)->audit();
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  HeadSigner heads(&audit, signer.get(), absl::Hours(1), [now] { return now; });

  absl::StatusOr<uint64_t> empty = heads.SignNow();
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(*empty, 0u);  // nothing to sign yet

  audit.Record(testing::SampleEntry(1));
  audit.Record(testing::SampleEntry(2));
  absl::StatusOr<uint64_t> first = heads.SignNow();  // flushes the two queued entries first
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, 2u);
  EXPECT_EQ(*heads.SignNow(), 0u);  // unchanged head: not signed twice

  absl::StatusOr<std::optional<store::SignedHeadAt>> stored = audit.LastSignedHead();
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_TRUE(stored->has_value());
  rilon::v1::AuditHead head;
  ASSERT_TRUE(head.ParseFromString((*stored)->head.head()));
  EXPECT_EQ(head.seq(), 2u);
  EXPECT_EQ(head.entry_hash(), audit.Head().hash);
  EXPECT_EQ(head.time_unix_micros(), absl::ToUnixMicros(now));
  EXPECT_EQ(head.signer_key_id(), signer->key_id());
  EXPECT_TRUE(security::VerifyWithPublicKey(signer->public_key(),
                                            HeadSignedBytes((*stored)->head.head()),
                                            (*stored)->head.signature())
                  .ok());

  audit.Record(testing::SampleEntry(3));
  ASSERT_TRUE(heads.Stop().ok());  // the clean-shutdown head
  stored = audit.LastSignedHead();
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->seq, 3u);
}

TEST(HeadSignerTest, ARestartedSignerDoesNotResignTheStoredHead) {
  TempDir dir;
  std::unique_ptr<security::RecordSigner> signer = security::RecordSigner::GenerateForTesting();
  {
    auto opened = store::RecordStore::Open({.data_dir = dir.path()});
    ASSERT_TRUE(opened.ok()) << opened.status();
    (*opened)->audit().Record(testing::SampleEntry(1));
    HeadSigner heads(&(*opened)->audit(), signer.get(), absl::Hours(1));
    ASSERT_EQ(*heads.SignNow(), 1u);
  }
  auto reopened = store::RecordStore::Open({.data_dir = dir.path()});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  HeadSigner heads(&(*reopened)->audit(), signer.get(), absl::Hours(1));
  EXPECT_EQ(*heads.SignNow(), 0u);
  absl::StatusOr<store::AuditPage> page = (*reopened)->audit().Read(1, 10);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->heads.size(), 1u);
  EXPECT_EQ(page->heads[0].seq, 1u);
}

TEST(HeadSignerTest, StartedSignerSignsOnItsInterval) {
  TempDir dir;
  std::unique_ptr<security::RecordSigner> signer = security::RecordSigner::GenerateForTesting();
  auto opened = store::RecordStore::Open({.data_dir = dir.path()});
  ASSERT_TRUE(opened.ok()) << opened.status();
  store::AuditStore& audit = (*opened)->audit();
  audit.Record(testing::SampleEntry(1));
  HeadSigner heads(&audit, signer.get(), absl::Milliseconds(10));
  heads.Start();
  // Waits for the outcome, not for a time: the interval thread must sign seq 1 eventually.
  for (;;) {
    absl::StatusOr<std::optional<store::SignedHeadAt>> stored = audit.LastSignedHead();
    ASSERT_TRUE(stored.ok()) << stored.status();
    if (stored->has_value()) {
      EXPECT_EQ((*stored)->seq, 1u);
      break;
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_TRUE(heads.Stop().ok());
}

}  // namespace
}  // namespace rilon::audit
