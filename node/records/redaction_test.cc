#include "node/records/redaction.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "node/records/envelope.h"
#include "node/records/part_digest.h"
#include "node/records/part_path.h"
#include "node/records/test_sealed_records.h"
#include "node/security/record_signer.h"
#include "tests/testing/sample_reports.h"

namespace rilon::records {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

rilon::v1::RedactionNote Note(std::string path, std::string code) {
  rilon::v1::RedactionNote note;
  note.set_path(std::move(path));
  note.set_code(std::move(code));
  note.set_decided_by("au.abf");
  note.set_policy_version("2026-07-01.1");
  note.set_rule("share-with-partners");
  return note;
}

rilon::v1::DisclosedPart* FindPart(rilon::v1::SignedRecord& record, std::string_view path) {
  for (rilon::v1::DisclosedPart& part : *record.mutable_parts()) {
    if (part.path() == path) return &part;
  }
  return nullptr;
}

// The sample report has measures 0 (1 cell), 1 (10 cells), 2 (1 cell) and 3 (no cells).
class RedactionTest : public ::testing::Test {
 protected:
  RedactionTest()
      : signer_(security::RecordSigner::GenerateForTesting()),
        report_(rilon::testing::SampleTrendReport()),
        record_(Seal(report_)) {}

  rilon::v1::SignedRecord Seal(const rilon::v1::TrendReport& report, uint64_t seq = 1) const {
    return rilon::records::testing::SealAndSign(
        report, rilon::records::testing::Envelope("au.abf", seq), *signer_);
  }

  static absl::StatusOr<OpenedReport> Open(const rilon::v1::SignedRecord& record) {
    absl::StatusOr<rilon::v1::RecordBody> body = DecodeBody(record);
    if (!body.ok()) return body.status();
    return OpenReport(record, *body);
  }

  // Redacts, and checks what must hold for every redaction: signature and id unchanged, opens.
  OpenedReport RedactAndOpen(const Disclosure& disclosure) {
    absl::StatusOr<rilon::v1::SignedRecord> redacted = Redact(record_, disclosure);
    EXPECT_TRUE(redacted.ok()) << redacted.status();
    if (!redacted.ok()) return {};
    EXPECT_TRUE(rilon::records::testing::SignatureVerifies(*redacted, *signer_));
    EXPECT_EQ(RecordIdBytes(redacted->body()), RecordIdBytes(record_.body()));
    absl::StatusOr<OpenedReport> opened = Open(*redacted);
    EXPECT_TRUE(opened.ok()) << opened.status();
    return opened.ok() ? *std::move(opened) : OpenedReport{};
  }

  // Both OpenReport and CheckDisclosure (which checks without building the report) refuse it.
  static void ExpectRefused(const rilon::v1::SignedRecord& record, std::string_view what) {
    absl::StatusOr<OpenedReport> opened = Open(record);
    EXPECT_EQ(opened.status().code(), absl::StatusCode::kInvalidArgument) << opened.status();
    EXPECT_THAT(opened.status().message(), HasSubstr(what));
    absl::StatusOr<rilon::v1::RecordBody> body = DecodeBody(record);
    ASSERT_TRUE(body.ok()) << body.status();
    EXPECT_EQ(CheckDisclosure(record, *body), opened.status());
  }

  std::unique_ptr<security::RecordSigner> signer_;
  rilon::v1::TrendReport report_;
  rilon::v1::SignedRecord record_;
};

TEST_F(RedactionTest, SealThenOpenGivesTheReportBack) {
  absl::StatusOr<OpenedReport> opened = Open(record_);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_TRUE(MessageDifferencer::Equals(opened->report, report_)) << opened->report.DebugString();
  EXPECT_THAT(opened->withheld_parts, IsEmpty());
  EXPECT_THAT(opened->notes, IsEmpty());
  EXPECT_TRUE(rilon::records::testing::SignatureVerifies(record_, *signer_));
}

TEST_F(RedactionTest, WithholdingTheNarrative) {
  OpenedReport opened = RedactAndOpen({{"narrative"}, {Note("narrative", "W")}});
  EXPECT_TRUE(opened.report.narrative().empty());
  EXPECT_THAT(opened.withheld_parts, ElementsAre("narrative"));
  ASSERT_EQ(opened.notes.size(), 1u);
  EXPECT_EQ(opened.notes[0].rule(), "share-with-partners");
  EXPECT_EQ(opened.report.measures_size(), 4);
  EXPECT_EQ(opened.report.sources_size(), 2);
}

TEST_F(RedactionTest, WithholdingSourcesCountriesAndRoutes) {
  OpenedReport opened = RedactAndOpen({{"sources", "countries", "routes"}, {}});
  EXPECT_EQ(opened.report.sources_size(), 0);
  EXPECT_EQ(opened.report.geography().countries_size(), 0);
  EXPECT_EQ(opened.report.geography().subdivisions_size(), 0);
  EXPECT_EQ(opened.report.geography().routes_size(), 0);
  EXPECT_TRUE(opened.report.geography().route_note().empty());
  EXPECT_EQ(opened.report.narrative(), report_.narrative());
  EXPECT_THAT(opened.withheld_parts, ElementsAre("sources", "countries", "routes"));
}

TEST_F(RedactionTest, WithholdingAMeasureWithholdsItsValueAndCellsAndKeepsPathsStable) {
  OpenedReport opened = RedactAndOpen({{PartPath::Measure(1)}, {Note("m1", "W")}});
  ASSERT_EQ(opened.report.measures_size(), 3);
  EXPECT_EQ(opened.report.measures(0).indicator(), report_.measures(0).indicator());
  EXPECT_EQ(opened.report.measures(1).indicator(), report_.measures(2).indicator());
  EXPECT_EQ(opened.report.measures(2).indicator(), report_.measures(3).indicator());
  EXPECT_EQ(opened.report.measures(2).currency(), "USD");
  EXPECT_THAT(opened.withheld_parts,
              ElementsAre("m1", "m1.v", "m1.d0", "m1.d1", "m1.d2", "m1.d3", "m1.d4", "m1.d5",
                          "m1.d6", "m1.d7", "m1.d8", "m1.d9"));
}

TEST_F(RedactionTest, WithholdingAMeasureValueWithARoundedValueNote) {
  rilon::v1::RedactionNote rounded = Note("m1.v", "R");
  rounded.set_published_value(410);
  OpenedReport opened = RedactAndOpen({{PartPath::MeasureValue(1)}, {rounded}});
  ASSERT_EQ(opened.report.measures_size(), 4);
  EXPECT_EQ(opened.report.measures(1).value(), 0);  // only signed content in the report
  EXPECT_EQ(opened.report.measures(1).disaggregations_size(), 10);
  EXPECT_THAT(opened.withheld_parts, ElementsAre("m1.v"));
  ASSERT_EQ(opened.notes.size(), 1u);
  EXPECT_EQ(opened.notes[0].published_value(), 410);
}

TEST_F(RedactionTest, SuppressingCells) {
  OpenedReport opened = RedactAndOpen(
      {{PartPath::Cell(1, 1), PartPath::Cell(1, 0)}, {Note("m1.d1", "C"), Note("m1.d0", "D")}});
  const rilon::v1::Measure& persons = opened.report.measures(1);
  ASSERT_EQ(persons.disaggregations_size(), 8);
  EXPECT_EQ(persons.disaggregations(0).category(), "female");
  EXPECT_EQ(persons.value(), 412);
  EXPECT_THAT(opened.withheld_parts, ElementsAre("m1.d0", "m1.d1"));
  EXPECT_EQ(opened.notes.size(), 2u);
}

TEST_F(RedactionTest, RedactingTwiceAccumulatesNotesAndAllowsAlreadyWithheldParts) {
  absl::StatusOr<rilon::v1::SignedRecord> once = Redact(record_, {{"m0.d0"}, {Note("m0.d0", "C")}});
  ASSERT_TRUE(once.ok()) << once.status();
  absl::StatusOr<rilon::v1::SignedRecord> twice =
      Redact(*once, {{"m0.d0", "narrative"}, {Note("narrative", "W")}});
  ASSERT_TRUE(twice.ok()) << twice.status();
  absl::StatusOr<OpenedReport> opened = Open(*twice);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_THAT(opened->withheld_parts, ElementsAre("narrative", "m0.d0"));
  ASSERT_EQ(opened->notes.size(), 2u);
  EXPECT_EQ(opened->notes[0].path(), "m0.d0");
  EXPECT_EQ(opened->notes[1].path(), "narrative");
  EXPECT_TRUE(rilon::records::testing::SignatureVerifies(*twice, *signer_));
}

TEST_F(RedactionTest, RedactRefusesUnknownPathsAndBadNotes) {
  absl::StatusOr<rilon::v1::SignedRecord> r = Redact(record_, {{"m9"}, {}});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("\"m9\""));
  r = Redact(record_, {{"m0.d0"}, {Note("m0.v", "C")}});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("\"m0.v\", which is disclosed"));
  r = Redact(record_, {{"m0.d0"}, {Note("m0.d0", "X")}});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("code \"X\""));
  r = Redact(record_, {{"m0.v"}, {Note("m0.v", "R")}});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("no published_value"));
}

TEST_F(RedactionTest, ATamperedValueIsRefusedByPath) {
  FindPart(record_, "m1.v")->mutable_value()->back() ^= 1;
  ExpectRefused(record_, "part \"m1.v\" does not match its signed digest");
}

TEST_F(RedactionTest, ATamperedSaltIsRefusedByPath) {
  FindPart(record_, "narrative")->mutable_salt()->front() ^= 1;
  ExpectRefused(record_, "part \"narrative\" does not match its signed digest");
}

TEST_F(RedactionTest, APartSwappedInFromAnotherRecordIsRefused) {
  rilon::v1::TrendReport other_report = report_;
  other_report.mutable_measures(1)->mutable_disaggregations(1)->set_value(3);
  rilon::v1::SignedRecord other = Seal(other_report, 2);
  *FindPart(record_, "m1.d1") = *FindPart(other, "m1.d1");
  ExpectRefused(record_, "part \"m1.d1\" does not match its signed digest");
  // Even with the same value: the salts differ.
  rilon::v1::SignedRecord same = Seal(report_, 3);
  rilon::v1::SignedRecord fresh = Seal(report_, 4);
  *FindPart(fresh, "m0.v") = *FindPart(same, "m0.v");
  ExpectRefused(fresh, "part \"m0.v\" does not match its signed digest");
}

TEST_F(RedactionTest, APartMovedToAnotherPathIsRefused) {
  absl::StatusOr<rilon::v1::SignedRecord> redacted = Redact(record_, {{"m1.d4"}, {}});
  ASSERT_TRUE(redacted.ok());
  rilon::v1::DisclosedPart* moved = FindPart(*redacted, "m1.d3");
  moved->set_path("m1.d4");  // show cell 3's figure as cell 4's
  ExpectRefused(*redacted, "part \"m1.d4\" does not match its signed digest");
}

TEST_F(RedactionTest, ANoteOnADisclosedPartIsRefused) {
  *record_.add_notes() = Note("m2.d0", "C");
  ExpectRefused(record_, "note on part \"m2.d0\", which is disclosed");
}

TEST_F(RedactionTest, ANoteOnAnUnknownPathIsRefused) {
  absl::StatusOr<rilon::v1::SignedRecord> redacted = Redact(record_, {{"m0.d0"}, {}});
  ASSERT_TRUE(redacted.ok());
  *redacted->add_notes() = Note("m0.d1", "C");
  ExpectRefused(*redacted, "note on part \"m0.d1\", which the record does not have");
}

TEST_F(RedactionTest, ADisclosedPartWithoutDigestIsRefused) {
  rilon::v1::DisclosedPart* extra = record_.add_parts();
  *extra = *FindPart(record_, "m3.v");
  extra->set_path("m4.v");
  ExpectRefused(record_, "disclosed part \"m4.v\" has no digest in the signed body");
}

// Origins and redactions keep parts in the order of their digests, which the receiver's lookup
// follows; any other order must open to the same report and be refused for the same faults.
TEST_F(RedactionTest, PartsInAnyOrderOpenAsInTheirDigestsOrder) {
  absl::StatusOr<rilon::v1::SignedRecord> redacted =
      Redact(record_, {{"sources", "m1.d2"}, {Note("m1.d2", "C")}});
  ASSERT_TRUE(redacted.ok()) << redacted.status();
  absl::StatusOr<OpenedReport> in_order = Open(*redacted);
  ASSERT_TRUE(in_order.ok()) << in_order.status();
  rilon::v1::SignedRecord shuffled = *redacted;
  auto* parts = shuffled.mutable_parts();
  std::reverse(parts->pointer_begin(), parts->pointer_end());
  std::swap(*parts->Mutable(0), *parts->Mutable(parts->size() / 2));

  absl::StatusOr<OpenedReport> opened = Open(shuffled);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_TRUE(MessageDifferencer::Equals(opened->report, in_order->report));
  EXPECT_EQ(opened->withheld_parts, in_order->withheld_parts);

  // Redacting it keeps its parts' order.
  absl::StatusOr<rilon::v1::SignedRecord> again = Redact(shuffled, {{"narrative"}, {}});
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->parts_size(), shuffled.parts_size() - 1);
  for (int i = 0, j = 0; i < shuffled.parts_size(); ++i) {
    if (shuffled.parts(i).path() == "narrative") continue;
    EXPECT_EQ(again->parts(j++).path(), shuffled.parts(i).path());
  }

  rilon::v1::SignedRecord twice = shuffled;
  *twice.add_parts() = *FindPart(twice, "routes");
  ExpectRefused(twice, "part \"routes\" is disclosed twice");
  rilon::v1::SignedRecord unknown = shuffled;
  unknown.mutable_parts(1)->set_path("m9");
  ExpectRefused(unknown, "disclosed part \"m9\" has no digest in the signed body");
}

TEST_F(RedactionTest, ADuplicatedPartIsRefused) {
  *record_.add_parts() = *FindPart(record_, "sources");
  ExpectRefused(record_, "part \"sources\" is disclosed twice");
}

TEST_F(RedactionTest, AShortSaltIsRefused) {
  FindPart(record_, "routes")->mutable_salt()->pop_back();
  ExpectRefused(record_, "part \"routes\" has a 15-byte salt");
}

TEST_F(RedactionTest, ACellOfAWithheldMeasureMayNotBeDisclosed) {
  rilon::v1::SignedRecord broken = record_;
  broken.clear_parts();
  for (const rilon::v1::DisclosedPart& part : record_.parts()) {
    if (part.path() != "m2") *broken.add_parts() = part;
  }
  ExpectRefused(broken, "part \"m2.v\" is disclosed but its measure \"m2\" is withheld");
}

TEST_F(RedactionTest, DigestsOutOfCanonicalOrderAreRefused) {
  rilon::v1::RecordBody body = *DecodeBody(record_);
  body.mutable_part_digests()->SwapElements(5, 6);  // m0.v <-> m0.d0
  rilon::v1::SignedRecord resigned = record_;
  resigned.set_body(body.SerializeAsString());
  ExpectRefused(resigned,
                "part_digests[5] has path \"m0.d0\" where the canonical order "
                "expects \"m0.v\"");
  body = *DecodeBody(record_);
  body.mutable_part_digests()->RemoveLast();  // m3.v: measure 3 without a value
  resigned.set_body(body.SerializeAsString());
  ExpectRefused(resigned,
                "part_digests end after \"m3\"; the canonical order expects "
                "\"m3.v\"");
  body = *DecodeBody(record_);
  body.mutable_part_digests(4)->mutable_digest()->pop_back();
  resigned.set_body(body.SerializeAsString());
  ExpectRefused(resigned, "the digest of part \"m0\" has 31 bytes");
}

TEST_F(RedactionTest, ASkeletonWithContentIsRefused) {
  rilon::v1::RecordBody body = *DecodeBody(record_);
  rilon::v1::TrendReport skeleton;
  ASSERT_TRUE(skeleton.ParseFromString(body.payload()));
  skeleton.set_narrative("hidden in the skeleton");
  body.set_payload(skeleton.SerializeAsString());
  rilon::v1::SignedRecord resigned = record_;
  resigned.set_body(body.SerializeAsString());
  ExpectRefused(resigned, "carries content that belongs in its parts");
}

TEST_F(RedactionTest, AVersion1RecordOpensButCannotBeRedacted) {
  rilon::v1::RecordBody body = rilon::records::testing::Envelope("au.abf", 1);
  body.set_envelope_version(kEnvelopeV1);
  body.set_signer_key_id(signer_->key_id());
  body.set_payload(report_.SerializeAsString());
  rilon::v1::SignedRecord v1;
  v1.set_body(body.SerializeAsString());
  v1.set_signature(signer_->Sign(SignedBytes(v1.body())));
  absl::StatusOr<OpenedReport> opened = Open(v1);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_TRUE(MessageDifferencer::Equals(opened->report, report_));
  EXPECT_THAT(opened->withheld_parts, IsEmpty());

  absl::StatusOr<rilon::v1::SignedRecord> redacted = Redact(v1, {{"narrative"}, {}});
  EXPECT_EQ(redacted.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(redacted.status().message(), HasSubstr("envelope version 1"));
  EXPECT_THAT(redacted.status().message(), HasSubstr("withhold the whole record"));

  *v1.add_notes() = Note("narrative", "W");
  ExpectRefused(v1, "envelope version 1 carries parts or redaction notes");
}

TEST_F(RedactionTest, ARetractionCarriesNothingToDisclose) {
  rilon::v1::RecordBody body = rilon::records::testing::Envelope("au.abf", 2);
  body.set_signer_key_id(signer_->key_id());
  body.set_supersedes(RecordIdBytes(record_.body()));
  body.mutable_retraction()->set_reason("double counted");
  rilon::v1::SignedRecord retraction;
  retraction.set_body(body.SerializeAsString());
  EXPECT_TRUE(CheckDisclosure(retraction, body).ok());
  EXPECT_EQ(OpenReport(retraction, body).status().code(), absl::StatusCode::kInvalidArgument);
  *retraction.add_notes() = Note("narrative", "W");
  EXPECT_EQ(CheckDisclosure(retraction, body).code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<rilon::v1::SignedRecord> redacted = Redact(retraction, {{"narrative"}, {}});
  EXPECT_EQ(redacted.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RedactionTest, CheckDisclosureOfAReportIsOpenReport) {
  rilon::v1::RecordBody body = *DecodeBody(record_);
  EXPECT_TRUE(CheckDisclosure(record_, body).ok());
  FindPart(record_, "m0")->mutable_value()->append("x");
  EXPECT_EQ(CheckDisclosure(record_, body).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RedactionTest, APartThatMatchesItsDigestButDoesNotDecodeIsRefused) {
  // The origin committed to bytes that are no cell: the digest matches, the content cannot open.
  rilon::v1::RecordBody body = *DecodeBody(record_);
  rilon::v1::DisclosedPart* cell = FindPart(record_, "m1.d2");
  cell->set_value(std::string("\xff\xff\xff", 3));
  PartHasher hasher;
  for (rilon::v1::PartDigest& digest : *body.mutable_part_digests()) {
    if (digest.path() == "m1.d2") {
      digest.set_digest(hasher.Digest(cell->path(), cell->salt(), cell->value()));
    }
  }
  record_.set_body(body.SerializeAsString());
  ExpectRefused(record_, "part \"m1.d2\" does not decode as a rilon.v1.Disaggregation");
}

}  // namespace
}  // namespace rilon::records
