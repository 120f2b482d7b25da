// The chain: sealing, hashing, stored encoding and the domain separation of head signatures.
#include "node/audit/audit_chain.h"

#include <openssl/evp.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/audit/audit_test_chain.h"
#include "node/audit/head_signer.h"
#include "node/records/envelope.h"
#include "node/security/record_signer.h"

namespace rilon::audit {
namespace {

using ::testing::HasSubstr;

std::string PlainSha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), len);
}

TEST(AuditChainTest, SealAssignsGaplessSeqAndLinksEachEntryToThePrevious) {
  AuditChain chain(ChainHead{});
  std::string prev = kGenesisHash;
  for (uint64_t n = 1; n <= 5; ++n) {
    rilon::v1::AuditEntry entry = testing::SampleEntry(n);
    entry.set_seq(999);             // overwritten
    entry.set_prev_hash("forged");  // overwritten
    SealedAuditEntry sealed = chain.Seal(entry, 0);
    EXPECT_EQ(sealed.seq, n);
    rilon::v1::AuditEntry stored;
    ASSERT_TRUE(stored.ParseFromString(sealed.bytes));
    EXPECT_EQ(stored.seq(), n);
    EXPECT_EQ(stored.prev_hash(), prev);
    EXPECT_EQ(stored.party(), entry.party());
    EXPECT_EQ(sealed.hash, EntryHash(prev, sealed.bytes));
    EXPECT_EQ(chain.head().seq, n);
    EXPECT_EQ(chain.head().hash, sealed.hash);
    prev = sealed.hash;
  }
}

TEST(AuditChainTest, SealKeepsTheActionTimeAndFillsAMissingOne) {
  AuditChain chain(ChainHead{});
  rilon::v1::AuditEntry timed;
  timed.set_time_unix_micros(42);
  rilon::v1::AuditEntry stored;
  ASSERT_TRUE(stored.ParseFromString(chain.Seal(timed, 7).bytes));
  EXPECT_EQ(stored.time_unix_micros(), 42);
  ASSERT_TRUE(stored.ParseFromString(chain.Seal(rilon::v1::AuditEntry(), 7).bytes));
  EXPECT_EQ(stored.time_unix_micros(), 7);
}

TEST(AuditChainTest, ResumesFromAStoredHead) {
  AuditChain first(ChainHead{});
  SealedAuditEntry one = first.Seal(testing::SampleEntry(1), 0);
  SealedAuditEntry two = first.Seal(testing::SampleEntry(2), 0);
  AuditChain resumed(ChainHead{1, one.hash});  // as the store reloads it at open
  SealedAuditEntry again = resumed.Seal(testing::SampleEntry(2), 0);
  EXPECT_EQ(again.seq, 2u);
  EXPECT_EQ(again.bytes, two.bytes);
  EXPECT_EQ(again.hash, two.hash);
}

TEST(AuditChainTest, EntryHashIsDomainSeparatedAndCoversPrevAndBytes) {
  const std::string prev(32, '\x01');
  const std::string h = EntryHash(prev, "bytes");
  EXPECT_EQ(h.size(), kHashBytes);
  EXPECT_NE(h, PlainSha256(prev + "bytes"));
  EXPECT_EQ(h, PlainSha256(std::string(kEntryHashContext) + prev + "bytes"));
  EXPECT_NE(h, EntryHash(std::string(32, '\x02'), "bytes"));
  EXPECT_NE(h, EntryHash(prev, "bytez"));
}

TEST(AuditChainTest, StoredEntryRoundTripsAndRefusesATruncatedValue) {
  AuditChain chain(ChainHead{});
  SealedAuditEntry sealed = chain.Seal(testing::SampleEntry(1), 0);
  absl::StatusOr<SealedAuditEntry> back = DecodeStoredEntry(1, EncodeStoredEntry(sealed));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->hash, sealed.hash);
  EXPECT_EQ(back->bytes, sealed.bytes);
  absl::StatusOr<SealedAuditEntry> truncated = DecodeStoredEntry(9, std::string(31, 'x'));
  EXPECT_EQ(truncated.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(truncated.status().message(), HasSubstr("seq 9"));
}

TEST(AuditChainTest, AHeadSignatureIsNeverValidAsARecordSignatureNorTheReverse) {
  std::unique_ptr<security::RecordSigner> signer = security::RecordSigner::GenerateForTesting();
  rilon::v1::SignedAuditHead head =
      SignHead(ChainHead{3, std::string(32, '\x07')}, absl::FromUnixSeconds(1), *signer);
  EXPECT_TRUE(security::VerifyWithPublicKey(signer->public_key(), HeadSignedBytes(head.head()),
                                            head.signature())
                  .ok());
  EXPECT_EQ(security::VerifyWithPublicKey(signer->public_key(), records::SignedBytes(head.head()),
                                          head.signature())
                .code(),
            absl::StatusCode::kUnauthenticated);
  const std::string record_signature = signer->Sign(records::SignedBytes(head.head()));
  EXPECT_EQ(security::VerifyWithPublicKey(signer->public_key(), HeadSignedBytes(head.head()),
                                          record_signature)
                .code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_FALSE(records::kSignatureContext.starts_with(kHeadSignatureContext));
  EXPECT_FALSE(kHeadSignatureContext.starts_with(records::kSignatureContext));
}

}  // namespace
}  // namespace rilon::audit
