#include "node/api/record_view.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "node/records/envelope.h"
#include "node/records/redaction.h"
#include "node/records/test_sealed_records.h"
#include "node/security/record_signer.h"
#include "tests/testing/sample_reports.h"

namespace rilon::api {
namespace {

rilon::storage::v1::StoredRecord StoredReport(uint64_t local_seq, const std::string& narrative) {
  rilon::v1::TrendReport report;
  report.set_narrative(narrative);
  rilon::v1::RecordBody body;
  body.set_envelope_version(records::kEnvelopeV1);
  body.set_origin_agency("au.abf");
  body.set_origin_seq(local_seq);
  body.set_created_unix_micros(1'700'000'000'000'000 + static_cast<int64_t>(local_seq));
  body.set_kind(rilon::v1::TREND_REPORT);
  body.set_marking(rilon::v1::TLP_GREEN);
  body.mutable_audience()->add_agencies("id.polri");
  body.set_signer_key_id(std::string(32, 0x01));
  body.set_payload(report.SerializeAsString());
  rilon::storage::v1::StoredRecord stored;
  stored.mutable_signed_()->set_body(body.SerializeAsString());
  stored.mutable_signed_()->set_signature(std::string(64, 's'));
  stored.set_local_seq(local_seq);
  stored.set_stored_unix_micros(1'700'000'000'000'000);
  return stored;
}

TEST(RecordView, SubmitReceiptHasTheEnvelopeButNoContent) {
  absl::StatusOr<rilon::v1::Record> full = ToApiRecord(StoredReport(3, "boats at night"));
  absl::StatusOr<rilon::v1::Record> receipt = ToApiRecordMetadata(StoredReport(3, "boats"));
  ASSERT_TRUE(full.ok() && receipt.ok());
  EXPECT_EQ(full->trend_report().narrative(), "boats at night");
  EXPECT_TRUE(full->has_signed_());
  EXPECT_FALSE(receipt->has_trend_report());
  EXPECT_FALSE(receipt->has_signed_());
  EXPECT_EQ(receipt->cursor(), "3");
  EXPECT_EQ(receipt->origin_agency(), "au.abf");
  EXPECT_EQ(receipt->id().size(), 64u);
}

// Events are concatenated on the wire into a SubscribeResponse; the result must parse to exactly
// the message a subscriber would get from building it with protobuf — for events whose length
// needs one, two and three varint bytes.
TEST(RecordView, ConcatenatedEventsParseAsTheSubscribeResponse) {
  rilon::v1::SubscribeResponse expected;
  std::string wire;
  uint64_t seq = 1;
  for (size_t narrative_bytes : {0, 200, 20000}) {
    rilon::storage::v1::StoredRecord stored =
        StoredReport(seq++, std::string(narrative_bytes, 'n'));
    absl::StatusOr<feed::EncodedEvent> encoded = EncodeFeedEvent(stored);
    ASSERT_TRUE(encoded.ok()) << encoded.status();
    EXPECT_EQ(encoded->kind, rilon::v1::TREND_REPORT);
    EXPECT_EQ(encoded->origin_agency, "au.abf");
    AppendEventToSubscribeResponse(encoded->event_wire, &wire);
    rilon::v1::FeedEvent unsigned_event;  // the same event without the signed envelope
    ASSERT_TRUE(unsigned_event.ParseFromString(encoded->event_wire_unsigned));
    EXPECT_FALSE(unsigned_event.record().has_signed_());
    EXPECT_LT(encoded->event_wire_unsigned.size(), encoded->event_wire.size());

    absl::StatusOr<rilon::v1::Record> record = ToApiRecord(stored);
    ASSERT_TRUE(record.ok());
    rilon::v1::FeedEvent* event = expected.add_events();
    event->set_cursor(record->cursor());
    *event->mutable_record() = *record;
  }
  rilon::v1::SubscribeResponse parsed;
  ASSERT_TRUE(parsed.ParseFromString(wire));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(parsed, expected))
      << parsed.ShortDebugString().substr(0, 300);
}

rilon::storage::v1::StoredRecord Stored(rilon::v1::SignedRecord record, uint64_t local_seq) {
  rilon::storage::v1::StoredRecord stored;
  *stored.mutable_signed_() = std::move(record);
  stored.set_local_seq(local_seq);
  stored.set_stored_unix_micros(1'780'000'000'000'000);
  return stored;
}

TEST(RecordView, ASealedRecordShowsTheAssembledReport) {
  auto signer = security::RecordSigner::GenerateForTesting();
  const rilon::v1::TrendReport report = rilon::testing::SampleTrendReport();
  rilon::v1::SignedRecord sealed =
      records::testing::SealAndSign(report, records::testing::Envelope("au.abf", 1), *signer);
  absl::StatusOr<rilon::v1::Record> record = ToApiRecord(Stored(sealed, 1));
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(record->trend_report(), report));
  EXPECT_EQ(record->withheld_parts_size(), 0);
  EXPECT_EQ(record->redaction_notes_size(), 0);
}

// The receipt decodes only the body's header (records::DecodeBodyHeader): for a sealed record,
// whose body is mostly part digests, it must still be exactly the full record's envelope.
TEST(RecordView, ASealedRecordsReceiptIsItsRecordWithoutTheContent) {
  auto signer = security::RecordSigner::GenerateForTesting();
  rilon::v1::RecordBody envelope = records::testing::Envelope("au.abf", 4);
  envelope.set_supersedes(std::string(32, '\x02'));
  const rilon::storage::v1::StoredRecord stored = Stored(
      records::testing::SealAndSign(rilon::testing::SampleTrendReport(), envelope, *signer), 9);
  absl::StatusOr<rilon::v1::Record> receipt = ToApiRecordMetadata(stored);
  absl::StatusOr<rilon::v1::Record> full = ToApiRecord(stored);
  ASSERT_TRUE(receipt.ok() && full.ok()) << receipt.status() << full.status();
  full->clear_trend_report();
  full->clear_signed_();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*receipt, *full))
      << receipt->ShortDebugString() << "\n"
      << full->ShortDebugString();
  EXPECT_EQ(receipt->supersedes(), records::RecordIdHex(std::string(32, '\x02')));
}

TEST(RecordView, WithheldPartsAndNotesAppearAndSignedIsTheRedactedCopy) {
  auto signer = security::RecordSigner::GenerateForTesting();
  rilon::v1::SignedRecord sealed = records::testing::SealAndSign(
      rilon::testing::SampleTrendReport(), records::testing::Envelope("au.abf", 1), *signer);
  rilon::v1::RedactionNote small;
  small.set_path("m1.d4");
  small.set_code("C");
  small.set_decided_by("au.abf");
  small.set_policy_version("2026-07-01.1");
  small.set_rule("partners-small-cells");
  rilon::v1::RedactionNote narrative = small;
  narrative.set_path("narrative");
  narrative.set_code("W");
  absl::StatusOr<rilon::v1::SignedRecord> redacted =
      records::Redact(sealed, {{"narrative", "m1.d4"}, {narrative, small}});
  ASSERT_TRUE(redacted.ok()) << redacted.status();

  absl::StatusOr<rilon::v1::Record> record = ToApiRecord(Stored(*redacted, 2));
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_TRUE(record->trend_report().narrative().empty());
  EXPECT_EQ(record->trend_report().measures(1).disaggregations_size(), 9);
  ASSERT_EQ(record->withheld_parts_size(), 2);
  EXPECT_EQ(record->withheld_parts(0), "narrative");
  EXPECT_EQ(record->withheld_parts(1), "m1.d4");
  ASSERT_EQ(record->redaction_notes_size(), 2);
  EXPECT_EQ(record->redaction_notes(1).rule(), "partners-small-cells");
  EXPECT_EQ(record->signed_().SerializeAsString(), redacted->SerializeAsString());
  EXPECT_TRUE(records::testing::SignatureVerifies(record->signed_(), *signer));
  EXPECT_EQ(record->id(), records::RecordIdHex(records::RecordIdBytes(sealed.body())));

  // The feed carries the same fields.
  absl::StatusOr<feed::EncodedEvent> encoded = EncodeFeedEvent(Stored(*redacted, 2));
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  std::string wire;
  AppendEventToSubscribeResponse(encoded->event_wire, &wire);
  rilon::v1::SubscribeResponse parsed;
  ASSERT_TRUE(parsed.ParseFromString(wire));
  ASSERT_EQ(parsed.events_size(), 1);
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(parsed.events(0).record(), *record));
}

TEST(RecordView, AStoredRecordWhosePartDoesNotMatchIsAnInternalError) {
  auto signer = security::RecordSigner::GenerateForTesting();
  rilon::v1::SignedRecord sealed = records::testing::SealAndSign(
      rilon::testing::SampleTrendReport(), records::testing::Envelope("au.abf", 1), *signer);
  sealed.mutable_parts(0)->mutable_salt()->front() ^= 1;
  absl::StatusOr<rilon::v1::Record> record = ToApiRecord(Stored(sealed, 1));
  EXPECT_EQ(record.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(record.status().message().find("\"narrative\""), absl::string_view::npos);
}

TEST(RecordView, ACorruptStoredRecordIsAnInternalErrorNotAnEvent) {
  rilon::storage::v1::StoredRecord stored = StoredReport(1, "x");
  stored.mutable_signed_()->set_body("\xff\xff\xff");
  EXPECT_EQ(EncodeFeedEvent(stored).status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace rilon::api
