// The offline verifier on real exports, untouched and tampered with in each way docs/audit.md
// lists: every tamper is detected and the FIRST bad line and seq are named.
#include "node/audit/export_verifier.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/audit/audit_test_chain.h"
#include "node/audit/export_format.h"
#include "node/audit/head_signer.h"
#include "node/security/record_signer.h"
#include "tests/testing/test_pki.h"

namespace rilon::audit {
namespace {

using testing::BuildExport;
using testing::DecodeEntryLine;
using testing::EntryLine;
using testing::HashOfEntryLine;
using ::testing::HasSubstr;
using testing::JoinLines;
using testing::LineIndexOfSeq;
using ::testing::StartsWith;

std::string Msg(const absl::Status& status) { return std::string(status.message()); }

class ExportVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<rilon::testing::TestPki>> pki =
        rilon::testing::TestPki::Create();
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = *std::move(pki);
    signer_ = Signer("signing");
    other_signer_ = Signer("other-signing");
    lines_ = BuildExport(10, {5, 10}, *signer_);
  }

  std::unique_ptr<security::RecordSigner> Signer(std::string_view stem) {
    absl::StatusOr<rilon::testing::IssuedFiles> files = pki_->root().Issue(
        stem, rilon::testing::SigningLeaf("spiffe://rilon.test/agency/au.abf/signing"));
    EXPECT_TRUE(files.ok()) << files.status();
    absl::StatusOr<std::unique_ptr<security::RecordSigner>> signer =
        security::RecordSigner::LoadFromFiles(files->key_file, files->cert_file);
    EXPECT_TRUE(signer.ok()) << signer.status();
    return *std::move(signer);
  }

  absl::Status Verify(const std::vector<std::string>& lines, VerifyOptions options = {}) {
    return VerifyExport(JoinLines(lines), options).status();
  }

  // "line <n> (seq <s>): <kind>" for the 0-based index of a line.
  static std::string Named(size_t index, uint64_t seq, std::string_view kind) {
    return absl::StrCat("line ", index + 1, " (seq ", seq,
                        "): ", absl::string_view(kind.data(), kind.size()));
  }

  std::unique_ptr<rilon::testing::TestPki> pki_;
  std::unique_ptr<security::RecordSigner> signer_;
  std::unique_ptr<security::RecordSigner> other_signer_;
  std::vector<std::string> lines_;
};

TEST_F(ExportVerifierTest, AnUntouchedExportVerifies) {
  absl::StatusOr<VerifySummary> summary = VerifyExport(JoinLines(lines_), {});
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->entries, 10u);
  EXPECT_EQ(summary->first_seq, 1u);
  EXPECT_EQ(summary->last_seq, 10u);
  EXPECT_EQ(summary->heads_verified, 2u);
  EXPECT_EQ(summary->last_signed_seq, 10u);
  EXPECT_TRUE(summary->certificate_from_export);
}

TEST_F(ExportVerifierTest, AnIndependentlyObtainedCertificateIsUsedInsteadOfTheExports) {
  absl::StatusOr<VerifySummary> summary =
      VerifyExport(JoinLines(lines_), {.signing_certificate_der = signer_->certificate_der()});
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_FALSE(summary->certificate_from_export);
  absl::Status wrong =
      Verify(lines_, {.signing_certificate_der = other_signer_->certificate_der()});
  EXPECT_EQ(wrong.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(wrong),
              StartsWith(Named(LineIndexOfSeq(lines_, 5) + 1, 5, "bad head signature")));
}

TEST_F(ExportVerifierTest, AReformattedExportStillVerifies) {
  std::vector<std::string> spaced;
  for (const std::string& line : lines_) spaced.push_back("  " + line + " ");
  EXPECT_TRUE(Verify(spaced).ok());
}

TEST_F(ExportVerifierTest, AChangedFieldIsNamed) {
  const size_t k = LineIndexOfSeq(lines_, 4);
  rilon::v1::AuditEntry entry = DecodeEntryLine(lines_[k]);
  entry.set_party("spiffe://rilon.test/agency/au.abf/analyst/someone-else");
  // Bytes and view changed consistently, hash left as it was.
  rilon::v1::AuditExportLine line = *ParseExportLine(lines_[k], 0);
  line.mutable_entry()->set_entry_bytes(entry.SerializeAsString());
  *line.mutable_entry()->mutable_entry() = entry;
  lines_[k] = FormatExportLine(line);
  absl::Status status = Verify(lines_);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(status), StartsWith(Named(k, 4, "changed")));
}

TEST_F(ExportVerifierTest, AChangedEntryWithARecomputedHashIsNamedByTheNextLink) {
  const size_t k = LineIndexOfSeq(lines_, 3);
  rilon::v1::AuditEntry entry = DecodeEntryLine(lines_[k]);
  entry.set_reason("edited after the fact");
  lines_[k] = EntryLine(entry, entry.prev_hash());  // self-consistent line
  absl::Status status = Verify(lines_);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(status), StartsWith(Named(k, 3, "changed")));
  EXPECT_THAT(Msg(status), HasSubstr("next entry (seq 4"));
}

TEST_F(ExportVerifierTest, AnEditedViewIsNamed) {
  const size_t k = LineIndexOfSeq(lines_, 6);
  rilon::v1::AuditExportLine line = *ParseExportLine(lines_[k], 0);
  line.mutable_entry()->mutable_entry()->set_party("nobody");
  lines_[k] = FormatExportLine(line);
  absl::Status status = Verify(lines_);
  EXPECT_THAT(Msg(status), StartsWith(Named(k, 6, "changed")));
  EXPECT_THAT(Msg(status), HasSubstr("decoded entry differs"));
}

TEST_F(ExportVerifierTest, ADeletedEntryIsNamed) {
  const size_t k = LineIndexOfSeq(lines_, 7);
  lines_.erase(lines_.begin() + static_cast<long>(k));
  absl::Status status = Verify(lines_);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  // The line that now holds seq 8 is the first bad one: seq 7 is missing before it.
  EXPECT_THAT(Msg(status), StartsWith(Named(k, 8, "deleted")));
  EXPECT_THAT(Msg(status), HasSubstr("entry seq 7 is missing"));
}

TEST_F(ExportVerifierTest, AnInsertedEntryIsNamed) {
  // A forged entry that links correctly to seq 4 and takes seq 5: it only shows when the real
  // seq 5 follows.
  const size_t k = LineIndexOfSeq(lines_, 4);
  rilon::v1::AuditEntry forged = testing::SampleEntry(55);
  forged.set_seq(5);
  forged.set_prev_hash(HashOfEntryLine(lines_[k]));
  lines_.insert(lines_.begin() + static_cast<long>(k) + 1,
                EntryLine(forged, HashOfEntryLine(lines_[k])));
  absl::Status status = Verify(lines_);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const size_t real5 = k + 2;
  EXPECT_THAT(Msg(status), StartsWith(Named(real5, 5, "inserted")));
  EXPECT_THAT(Msg(status), HasSubstr(absl::StrCat("first at line ", k + 2)));
}

TEST_F(ExportVerifierTest, SwappedEntriesAreNamed) {
  const size_t a = LineIndexOfSeq(lines_, 2);
  const size_t b = LineIndexOfSeq(lines_, 3);
  std::swap(lines_[a], lines_[b]);
  absl::Status status = Verify(lines_);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(status), StartsWith(Named(a, 3, "reordered")));
  EXPECT_THAT(Msg(status), HasSubstr("before seq 2"));
}

TEST_F(ExportVerifierTest, AnAlteredSignedHeadIsNamed) {
  const size_t h = LineIndexOfSeq(lines_, 5) + 1;
  rilon::v1::AuditExportLine line = *ParseExportLine(lines_[h], 0);
  rilon::v1::AuditHead head;
  ASSERT_TRUE(head.ParseFromString(line.head().head()));
  head.set_seq(4);  // claims an earlier head, keeps the old signature
  line.mutable_head()->set_head(head.SerializeAsString());
  lines_[h] = FormatExportLine(line);
  absl::Status status = Verify(lines_);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(status), StartsWith(Named(h, 4, "bad head signature")));
}

TEST_F(ExportVerifierTest, AHeadSignedByAnotherKeyIsRefused) {
  const size_t h = LineIndexOfSeq(lines_, 10) + 1;
  rilon::v1::AuditExportLine line = *ParseExportLine(lines_[h], 0);
  rilon::v1::AuditHead head;
  ASSERT_TRUE(head.ParseFromString(line.head().head()));
  *line.mutable_head() =
      SignHead(ChainHead{head.seq(), head.entry_hash()}, absl::FromUnixSeconds(5), *other_signer_);
  lines_[h] = FormatExportLine(line);
  EXPECT_THAT(Msg(Verify(lines_)), StartsWith(Named(h, 10, "bad head signature")));
}

TEST_F(ExportVerifierTest, ARewrittenChainIsCaughtByTheSignedHead) {
  // Without the key, a tamperer can rebuild every hash after a change, but not the head
  // signature: entries 1..4 kept, 5..10 rewritten consistently.
  std::vector<std::string> rewritten;
  std::string prev;
  for (const std::string& text : lines_) {
    rilon::v1::AuditExportLine line = *ParseExportLine(text, 0);
    if (!line.has_entry() || line.entry().entry().seq() < 5) {
      if (line.has_entry()) prev = line.entry().entry_hash();
      rewritten.push_back(text);
      continue;
    }
    rilon::v1::AuditEntry entry = line.entry().entry();
    if (entry.seq() == 5) entry.set_party("spiffe://rilon.test/agency/au.abf/analyst/nobody");
    entry.set_prev_hash(prev);
    rewritten.push_back(EntryLine(entry, prev));
    prev = HashOfEntryLine(rewritten.back());
  }
  const size_t h = LineIndexOfSeq(rewritten, 5) + 1;
  absl::Status status = Verify(rewritten);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(status), StartsWith(Named(h, 5, "head mismatch")));
}

TEST_F(ExportVerifierTest, APartialExportVerifiesFromItsFirstEntry) {
  std::vector<std::string> partial = {lines_[0]};
  for (size_t i = LineIndexOfSeq(lines_, 6); i < lines_.size(); ++i) partial.push_back(lines_[i]);
  absl::StatusOr<VerifySummary> summary = VerifyExport(JoinLines(partial), {});
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->first_seq, 6u);
  EXPECT_EQ(summary->entries, 5u);
  EXPECT_EQ(summary->heads_verified, 1u);
}

TEST_F(ExportVerifierTest, TheFirstEntryOfAFullChainMustFollowTheGenesisHash) {
  const size_t k = LineIndexOfSeq(lines_, 1);
  rilon::v1::AuditEntry entry = DecodeEntryLine(lines_[k]);
  entry.set_prev_hash(std::string(32, '\x09'));
  lines_[k] = EntryLine(entry, entry.prev_hash());
  EXPECT_THAT(Msg(Verify(lines_)), StartsWith(Named(k, 1, "changed")));
}

TEST_F(ExportVerifierTest, HeadsWithoutAnyCertificateNeedOne) {
  lines_.erase(lines_.begin());  // the certificate line
  absl::Status status = Verify(lines_);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Msg(status), HasSubstr("--signing-cert"));
  EXPECT_TRUE(Verify(lines_, {.signing_certificate_der = signer_->certificate_der()}).ok());
}

TEST_F(ExportVerifierTest, AGarbledLineIsNamed) {
  lines_[3] = "{\"entry\": {\"entry_bytes\": 12";
  absl::Status status = Verify(lines_);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(status), StartsWith("line 4 (seq -): malformed"));
}

}  // namespace
}  // namespace rilon::audit
