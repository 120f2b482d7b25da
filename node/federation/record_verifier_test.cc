// The receiver's checks, with real Ed25519 signing certificates issued by a test federation root
// (and by a CA nobody trusts) and a real store; and InboundBatch, which runs them over a stream
// message.
#include "node/federation/record_verifier.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "node/federation/inbound_batch.h"
#include "node/records/envelope.h"
#include "node/records/redaction.h"
#include "node/records/test_sealed_records.h"
#include "node/security/record_signer.h"
#include "node/store/store_test_util.h"
#include "rilon/v1/report_parts.pb.h"
#include "tests/testing/sample_reports.h"
#include "tests/testing/test_pki.h"

namespace rilon::federation {
namespace {

using Outcome = CheckResult::Outcome;
using testing::SigningLeaf;

constexpr char kTd[] = "rilon.test";

std::string SigningId(const std::string& agency) {
  return std::string("spiffe://") + kTd + "/agency/" + agency + "/signing";
}

class RecordVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pki = testing::TestPki::Create();
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = std::move(*pki);
    au_ = Signer(pki_->root(), "au", SigningLeaf(SigningId("au.abf")));
    auto certs = SigningCertificates::Load(pki_->root().ca_file(), kTd);
    ASSERT_TRUE(certs.ok()) << certs.status();
    certs_ = std::move(*certs);
    ASSERT_TRUE(certs_->Admit(au_->certificate_der()).ok());
    auto store = store::RecordStore::Open({.data_dir = dir_.path()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  std::unique_ptr<security::RecordSigner> Signer(testing::TestCa& ca, const std::string& stem,
                                                 const testing::LeafSpec& spec) {
    auto files = ca.Issue(stem, spec);
    EXPECT_TRUE(files.ok()) << files.status();
    auto signer = security::RecordSigner::LoadFromFiles(files->key_file, files->cert_file);
    EXPECT_TRUE(signer.ok()) << signer.status();
    return std::move(*signer);
  }

  // An envelope version 1 body whose payload is a report with `narrative`.
  static rilon::v1::RecordBody Body(const std::string& origin, uint64_t seq,
                                    std::vector<std::string> audience,
                                    const security::RecordSigner& signer,
                                    const std::string& narrative = "payload") {
    rilon::v1::TrendReport report;
    report.set_narrative(narrative);
    rilon::v1::RecordBody body;
    body.set_envelope_version(records::kEnvelopeV1);
    body.set_origin_agency(origin);
    body.set_origin_seq(seq);
    body.set_created_unix_micros(absl::ToUnixMicros(absl::Now()));
    body.set_kind(rilon::v1::TREND_REPORT);
    body.set_marking(rilon::v1::TLP_AMBER);
    for (auto& a : audience) body.mutable_audience()->add_agencies(a);
    body.set_signer_key_id(signer.key_id());
    body.set_payload(report.SerializeAsString());
    return body;
  }

  static rilon::v1::SignedRecord Sign(const rilon::v1::RecordBody& body,
                                      const security::RecordSigner& signer) {
    rilon::v1::SignedRecord record;
    record.set_body(body.SerializeAsString());
    record.set_signature(signer.Sign(records::SignedBytes(record.body())));
    return record;
  }

  CheckResult Check(const rilon::v1::SignedRecord& record, const std::string& me = "id.polri",
                    const std::string& sender = "au.abf") {
    SharingGate gate(me);
    RecordVerifier verifier(certs_.get(), &gate);
    auto result = verifier.Check(record, sender, *store_, progress_);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? std::move(*result) : CheckResult{};
  }

  void Store(const CheckResult& result) {
    ASSERT_EQ(result.outcome, Outcome::kApply) << result.reason;
    auto stored = store_->AppendFromPeer({result.record}, {"au.abf", 1});
    ASSERT_TRUE(stored.ok()) << stored.status();
    progress_.clear();
  }

  store::testing::TempDir dir_;
  std::unique_ptr<testing::TestPki> pki_;
  std::unique_ptr<security::RecordSigner> au_;
  std::unique_ptr<SigningCertificates> certs_;
  std::unique_ptr<store::RecordStore> store_;
  OriginProgress progress_;
};

TEST_F(RecordVerifierTest, ValidRecordIsAppliedWithRecomputedIdAndSender) {
  auto record = Sign(Body("au.abf", 1, {"id.polri"}, *au_), *au_);
  CheckResult result = Check(record);
  ASSERT_EQ(result.outcome, Outcome::kApply) << result.reason;
  EXPECT_EQ(result.record.id, records::RecordIdBytes(record.body()));
  EXPECT_EQ(result.record.origin_agency, "au.abf");
  EXPECT_EQ(result.record.origin_seq, 1u);
  EXPECT_EQ(result.record.received_from, "au.abf");
}

TEST_F(RecordVerifierTest, AlteredBodyIsRefusedAsBadSignature) {
  auto record = Sign(Body("au.abf", 1, {"id.polri"}, *au_), *au_);
  // Same fields, other content, original signature: a forgery that still decodes.
  record.set_body(Body("au.abf", 1, {"id.polri"}, *au_, "altered").SerializeAsString());
  CheckResult result = Check(record);
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.refusal, Refusal::kBadSignature) << result.reason;
}

TEST_F(RecordVerifierTest, WidenedAudienceIsRefusedAsBadSignature) {
  auto body = Body("au.abf", 1, {"id.polri"}, *au_);
  auto record = Sign(body, *au_);
  body.mutable_audience()->add_agencies("my.mmea");
  record.set_body(body.SerializeAsString());
  CheckResult result = Check(record, "my.mmea");
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.refusal, Refusal::kBadSignature) << result.reason;
}

TEST_F(RecordVerifierTest, CorruptSignatureIsRefused) {
  auto record = Sign(Body("au.abf", 1, {"id.polri"}, *au_), *au_);
  std::string signature = record.signature();
  signature[10] ^= 0x01;
  record.set_signature(signature);
  EXPECT_EQ(Check(record).refusal, Refusal::kBadSignature);
}

TEST_F(RecordVerifierTest, RecordClaimingAnotherOriginThanItsSignerIsRefused) {
  // au.abf's key signs a record that claims to come from th.rtp.
  auto record = Sign(Body("th.rtp", 1, {"id.polri"}, *au_), *au_);
  CheckResult result = Check(record, "id.polri", "th.rtp");
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.refusal, Refusal::kWrongSigner) << result.reason;
}

TEST_F(RecordVerifierTest, CertificateFromAnotherCaIsNotAdmittedAndItsRecordsAreRefused) {
  auto rogue = Signer(pki_->other_ca(), "rogue-au", SigningLeaf(SigningId("au.abf")));
  auto admitted = certs_->Admit(rogue->certificate_der());
  EXPECT_EQ(admitted.status().code(), absl::StatusCode::kUnauthenticated);
  auto record = Sign(Body("au.abf", 1, {"id.polri"}, *rogue), *rogue);
  CheckResult result = Check(record);
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.refusal, Refusal::kUnknownCertificate) << result.reason;
}

TEST_F(RecordVerifierTest, NodeCertificateIsNotAdmittedAsSigningCertificate) {
  testing::LeafSpec spec = SigningLeaf("spiffe://rilon.test/agency/au.abf/node");
  auto node_signer = Signer(pki_->root(), "au-node-as-signer", spec);
  EXPECT_EQ(certs_->Admit(node_signer->certificate_der()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(RecordVerifierTest, RecordSignedOutsideCertificateValidityIsRefused) {
  auto expired = Signer(pki_->root(), "au-old", testing::Expired(SigningLeaf(SigningId("au.abf"))));
  ASSERT_TRUE(certs_->Admit(expired->certificate_der()).ok());
  auto record = Sign(Body("au.abf", 1, {"id.polri"}, *expired), *expired);
  EXPECT_EQ(Check(record).refusal, Refusal::kNotValidThen);
}

TEST_F(RecordVerifierTest, RecordWhoseAudienceExcludesThisNodeIsRefusedByPolicy) {
  auto record = Sign(Body("au.abf", 1, {"id.polri"}, *au_), *au_);
  CheckResult result = Check(record, "my.mmea");
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.refusal, Refusal::kPolicy);
  EXPECT_NE(result.reason.find("outside_audience"), std::string::npos) << result.reason;
}

TEST_F(RecordVerifierTest, RelayOutsideTheAudienceIsRefusedByPolicy) {
  auto record = Sign(Body("au.abf", 1, {"id.polri"}, *au_), *au_);
  CheckResult result = Check(record, "id.polri", /*sender=*/"th.rtp");
  EXPECT_EQ(result.refusal, Refusal::kPolicy);
  EXPECT_NE(result.reason.find("holder_outside_audience"), std::string::npos) << result.reason;
  // A relay that is in the audience passes.
  auto shared = Sign(Body("au.abf", 1, {"id.polri", "th.rtp"}, *au_), *au_);
  EXPECT_EQ(Check(shared, "id.polri", "th.rtp").outcome, Outcome::kApply);
}

TEST_F(RecordVerifierTest, SameRecordAgainFromItsSenderIsAReplayAndFromAnotherADuplicate) {
  auto first = Sign(Body("au.abf", 1, {"id.polri", "th.rtp"}, *au_), *au_);
  Store(Check(first));  // delivered by au.abf
  CheckResult replay = Check(first, "id.polri", "au.abf");
  EXPECT_EQ(replay.outcome, Outcome::kRefused);
  EXPECT_EQ(replay.refusal, Refusal::kReplay) << replay.reason;
  EXPECT_NE(replay.reason.find("already delivered by au.abf"), std::string::npos) << replay.reason;
  // The same record relayed by another agency of its audience is harmless: a duplicate.
  EXPECT_EQ(Check(first, "id.polri", "th.rtp").outcome, Outcome::kDuplicate);
}

TEST_F(RecordVerifierTest, AnotherRecordWithATakenSequenceIsEquivocation) {
  Store(Check(Sign(Body("au.abf", 1, {"id.polri"}, *au_), *au_)));
  auto other = Sign(Body("au.abf", 1, {"id.polri"}, *au_, "other content"), *au_);
  CheckResult result = Check(other);
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.refusal, Refusal::kEquivocation) << result.reason;
}

TEST_F(RecordVerifierTest, PreverifyNeedsNoStoreAndDecideKeepsItsRefusal) {
  SharingGate gate("id.polri");
  RecordVerifier verifier(certs_.get(), &gate);
  auto good = Sign(Body("au.abf", 4, {"id.polri"}, *au_), *au_);
  CheckResult candidate = verifier.Preverify(good, "au.abf");
  ASSERT_EQ(candidate.outcome, Outcome::kApply) << candidate.reason;
  EXPECT_EQ(candidate.record.origin_seq, 4u);
  EXPECT_NE(candidate.created, absl::Time());
  auto forged = good;
  forged.set_signature(std::string(64, 'f'));
  CheckResult refused = verifier.Preverify(forged, "au.abf");
  ASSERT_EQ(refused.refusal, Refusal::kBadSignature);
  auto decided = verifier.Decide(std::move(refused), "au.abf", *store_, progress_);
  ASSERT_TRUE(decided.ok()) << decided.status();
  EXPECT_EQ(decided->outcome, Outcome::kRefused);
  EXPECT_EQ(decided->refusal, Refusal::kBadSignature);
}

TEST(RefusalNameTest, EveryRefusalHasADistinctStableName) {
  std::set<std::string_view> names;
  for (int i = 0; i < kNumRefusals; ++i) {
    std::string_view name = RefusalName(static_cast<Refusal>(i));
    EXPECT_NE(name, "unknown") << i;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kNumRefusals));
  EXPECT_EQ(RefusalName(Refusal::kReplay), "replay");
}

TEST_F(RecordVerifierTest, LowerSequenceAfterAHigherOneIsOutOfOrder) {
  Store(Check(Sign(Body("au.abf", 2, {"id.polri"}, *au_), *au_)));
  CheckResult result = Check(Sign(Body("au.abf", 1, {"id.polri"}, *au_), *au_));
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.refusal, Refusal::kOutOfOrder) << result.reason;
}

TEST_F(RecordVerifierTest, OrderIsCheckedWithinOneBatchBeforeAnythingIsStored) {
  EXPECT_EQ(Check(Sign(Body("au.abf", 3, {"id.polri"}, *au_), *au_)).outcome, Outcome::kApply);
  EXPECT_EQ(Check(Sign(Body("au.abf", 2, {"id.polri"}, *au_), *au_)).refusal, Refusal::kOutOfOrder);
  // Gaps are allowed: records of the origin in between may not be addressed to this node.
  EXPECT_EQ(Check(Sign(Body("au.abf", 7, {"id.polri"}, *au_), *au_)).outcome, Outcome::kApply);
}

// --- Redacted records (envelope version 2, records/redaction.h) ------------------------------

rilon::v1::SignedRecord SealedRecord(uint64_t seq, const security::RecordSigner& signer) {
  rilon::v1::RecordBody envelope = records::testing::Envelope("au.abf", seq);
  envelope.set_created_unix_micros(absl::ToUnixMicros(absl::Now()));
  return records::testing::SealAndSign(rilon::testing::SampleTrendReport(), envelope, signer);
}

rilon::v1::RedactionNote SmallCellNote(const std::string& path) {
  rilon::v1::RedactionNote note;
  note.set_path(path);
  note.set_code("C");
  note.set_decided_by("au.abf");
  return note;
}

TEST_F(RecordVerifierTest, RecordRedactedByThePeerIsAppliedAsReceived) {
  const rilon::v1::SignedRecord sealed = SealedRecord(1, *au_);
  absl::StatusOr<rilon::v1::SignedRecord> redacted =
      records::Redact(sealed, {{"narrative", "m2", "m1.d3"}, {SmallCellNote("m1.d3")}});
  ASSERT_TRUE(redacted.ok()) << redacted.status();
  CheckResult result = Check(*redacted);
  ASSERT_EQ(result.outcome, Outcome::kApply) << result.reason;
  EXPECT_EQ(result.record.id, records::RecordIdBytes(sealed.body()));
  EXPECT_EQ(result.record.signed_record.SerializeAsString(), redacted->SerializeAsString())
      << "stored as received: the redacted copy, with its notes";
  Store(result);
  absl::StatusOr<rilon::storage::v1::StoredRecord> stored = store_->Get(result.record.id);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->signed_().notes_size(), 1);
}

TEST_F(RecordVerifierTest, RecordWithOneAlteredPartIsRefusedAsBadPart) {
  rilon::v1::SignedRecord record = SealedRecord(1, *au_);
  for (rilon::v1::DisclosedPart& part : *record.mutable_parts()) {
    if (part.path() == "m1.v") {
      rilon::v1::MeasureValuePart value;
      value.set_value(41);  // 412 persons reported as 41
      part.set_value(value.SerializeAsString());
    }
  }
  CheckResult result = Check(record);
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.refusal, Refusal::kBadPart) << result.reason;
  EXPECT_NE(result.reason.find("\"m1.v\""), std::string::npos) << result.reason;
}

TEST_F(RecordVerifierTest, NoteOnADisclosedPartIsRefusedAsBadPart) {
  rilon::v1::SignedRecord record = SealedRecord(1, *au_);
  *record.add_notes() = SmallCellNote("m0.d0");  // claims a suppression that did not happen
  CheckResult result = Check(record);
  EXPECT_EQ(result.refusal, Refusal::kBadPart) << result.reason;
  EXPECT_NE(result.reason.find("\"m0.d0\""), std::string::npos) << result.reason;
}

TEST_F(RecordVerifierTest, Version1PayloadThatIsNotAReportIsRefusedAsBadPart) {
  rilon::v1::RecordBody body = Body("au.abf", 1, {"id.polri"}, *au_);
  body.set_payload("\xff\xff not a report");
  CheckResult result = Check(Sign(body, *au_));
  EXPECT_EQ(result.refusal, Refusal::kBadPart) << result.reason;
}

TEST_F(RecordVerifierTest, UndecodableBodyIsMalformed) {
  rilon::v1::SignedRecord record;
  record.set_body("\xff\xff not a body");
  record.set_signature(std::string(64, 'x'));
  EXPECT_EQ(Check(record).refusal, Refusal::kMalformed);
}

// --- Corrections and retractions (supersedes) ---------------------------------------------------

rilon::v1::SignedRecord SignedSuccessor(rilon::v1::RecordBody body, const std::string& supersedes,
                                        const security::RecordSigner& signer) {
  body.set_supersedes(supersedes);
  rilon::v1::SignedRecord record;
  record.set_body(body.SerializeAsString());
  record.set_signature(signer.Sign(records::SignedBytes(record.body())));
  return record;
}

TEST_F(RecordVerifierTest, CorrectionOfTheOriginsOwnRecordIsAppliedAndIndexed) {
  auto original = Sign(Body("au.abf", 1, {"id.polri"}, *au_), *au_);
  const std::string original_id = records::RecordIdBytes(original.body());
  Store(Check(original));
  auto correction =
      SignedSuccessor(Body("au.abf", 2, {"id.polri"}, *au_, "corrected"), original_id, *au_);
  CheckResult result = Check(correction);
  ASSERT_EQ(result.outcome, Outcome::kApply) << result.reason;
  EXPECT_EQ(result.record.supersedes, original_id);
  Store(result);
  EXPECT_EQ(*store_->FindSuccessor(original_id), records::RecordIdBytes(correction.body()));
}

TEST_F(RecordVerifierTest, CorrectionOfARecordThisNodeNeverReceivedIsApplied) {
  auto correction =
      SignedSuccessor(Body("au.abf", 2, {"id.polri"}, *au_), std::string(32, '\x07'), *au_);
  EXPECT_EQ(Check(correction).outcome, Outcome::kApply);
}

TEST_F(RecordVerifierTest, SecondSuccessorOfOneRecordIsEquivocation) {
  auto original = Sign(Body("au.abf", 1, {"id.polri"}, *au_), *au_);
  const std::string original_id = records::RecordIdBytes(original.body());
  Store(Check(original));
  Store(Check(SignedSuccessor(Body("au.abf", 2, {"id.polri"}, *au_, "v2"), original_id, *au_)));
  CheckResult fork =
      Check(SignedSuccessor(Body("au.abf", 3, {"id.polri"}, *au_, "v2b"), original_id, *au_));
  EXPECT_EQ(fork.outcome, Outcome::kRefused);
  EXPECT_EQ(fork.refusal, Refusal::kEquivocation) << fork.reason;
}

TEST_F(RecordVerifierTest, SecondSuccessorWithinOneBatchIsEquivocation) {
  // Not stored yet: the store would refuse the whole batch, so the verifier must catch it.
  const std::string original_id(32, '\x09');
  EXPECT_EQ(Check(SignedSuccessor(Body("au.abf", 2, {"id.polri"}, *au_, "v2"), original_id, *au_))
                .outcome,
            Outcome::kApply);
  CheckResult fork =
      Check(SignedSuccessor(Body("au.abf", 3, {"id.polri"}, *au_, "v2b"), original_id, *au_));
  EXPECT_EQ(fork.refusal, Refusal::kEquivocation) << fork.reason;
}

TEST_F(RecordVerifierTest, SupersedingAnotherOriginsRecordIsMalformed) {
  // A th.rtp record this node holds (stored directly: only its body matters here).
  store::NewRecord theirs;
  theirs.signed_record = Sign(Body("th.rtp", 1, {"id.polri"}, *au_), *au_);
  theirs.id = records::RecordIdBytes(theirs.signed_record.body());
  theirs.origin_agency = "th.rtp";
  theirs.origin_seq = 1;
  theirs.kind = rilon::v1::TREND_REPORT;
  ASSERT_TRUE(store_->AppendFromPeer({theirs}, {"th.rtp", 1}).ok());

  CheckResult result =
      Check(SignedSuccessor(Body("au.abf", 1, {"id.polri"}, *au_, "mine now"), theirs.id, *au_));
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.refusal, Refusal::kMalformed) << result.reason;
  EXPECT_NE(result.reason.find("th.rtp"), std::string::npos) << result.reason;
}

// Preverify and Decide take the delivered record into their result, so the audit entry of a
// refusal must come from there: each names the record it refuses, whichever step refused it.
TEST_F(RecordVerifierTest, AnInboundBatchStoresWhatPassesAndAuditsEachRefusalByItsRecord) {
  SharingGate gate("id.polri");
  RecordVerifier verifier(certs_.get(), &gate);
  ParallelPool pool(1);
  InboundBatch batch("au.abf", store_.get(), &verifier, &gate, certs_.get(), &pool);
  auto first = Sign(Body("au.abf", 1, {"id.polri"}, *au_), *au_);
  auto second = Sign(Body("au.abf", 2, {"id.polri"}, *au_), *au_);
  auto forged = Sign(Body("au.abf", 3, {"id.polri"}, *au_), *au_);
  forged.set_signature(std::string(64, 'f'));
  auto late = Sign(Body("au.abf", 2, {"id.polri"}, *au_, "after seq 2"), *au_);

  rilon::v1::ReplicateResponse message;
  uint64_t position = 0;
  for (const auto* record : {&first, &second, &forged, &late}) {
    rilon::v1::ReplicatedRecord* r = message.add_records();
    r->set_position(++position);
    *r->mutable_signed_() = *record;
  }
  absl::StatusOr<BatchOutcome> outcome = batch.Apply(batch.Verify(message, 0), 0, 0);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->applied, 2u);
  EXPECT_EQ(outcome->cursor, 4u);
  EXPECT_EQ(outcome->refused[static_cast<size_t>(Refusal::kBadSignature)], 1u);
  EXPECT_EQ(outcome->refused[static_cast<size_t>(Refusal::kOutOfOrder)], 1u);

  absl::StatusOr<rilon::storage::v1::StoredRecord> stored =
      store_->Get(records::RecordIdBytes(second.body()));
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->signed_().SerializeAsString(), second.SerializeAsString());

  ASSERT_TRUE(store_->audit().Flush().ok());
  absl::StatusOr<store::AuditPage> page = store_->audit().Read(1, 100);
  ASSERT_TRUE(page.ok()) << page.status();
  std::map<std::string, uint64_t> refused_seq_by_id;
  for (const audit::SealedAuditEntry& sealed : page->entries) {
    rilon::v1::AuditEntry entry;
    ASSERT_TRUE(entry.ParseFromString(sealed.bytes));
    if (entry.action() != rilon::v1::AUDIT_ACTION_REFUSE) continue;
    ASSERT_EQ(entry.record_ids_size(), 1);
    EXPECT_EQ(entry.origin_agency(), "au.abf");
    refused_seq_by_id[entry.record_ids(0)] = entry.origin_seq();
  }
  EXPECT_EQ(refused_seq_by_id,
            (std::map<std::string, uint64_t>{{records::RecordIdBytes(forged.body()), 3},
                                             {records::RecordIdBytes(late.body()), 2}}));
}

}  // namespace
}  // namespace rilon::federation
