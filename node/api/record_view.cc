#include "node/api/record_view.h"

#include "absl/strings/str_cat.h"
#include "node/records/envelope.h"
#include "node/records/redaction.h"

namespace rilon::api {
void SetTimestamp(int64_t unix_micros, google::protobuf::Timestamp* ts) {
  ts->set_seconds(unix_micros / 1000000);
  ts->set_nanos(static_cast<int32_t>(unix_micros % 1000000) * 1000);
}

std::string PositionToken(uint64_t local_seq) { return absl::StrCat(local_seq); }

namespace {

// Decodes the envelope once, for both forms; without the content, only its header.
absl::StatusOr<rilon::v1::Record> Convert(const rilon::storage::v1::StoredRecord& stored,
                                          bool with_content) {
  absl::StatusOr<rilon::v1::RecordBody> body = with_content
                                                   ? records::DecodeBody(stored.signed_())
                                                   : records::DecodeBodyHeader(stored.signed_());
  if (!body.ok()) {
    return absl::InternalError(absl::StrCat("stored record at cursor ", stored.local_seq(),
                                            " cannot be decoded: ", body.status().message()));
  }
  rilon::v1::Record out;
  out.set_id(records::RecordIdHex(records::RecordIdBytes(stored.signed_().body())));
  out.set_origin_agency(body->origin_agency());
  out.set_origin_seq(body->origin_seq());
  SetTimestamp(body->created_unix_micros(), out.mutable_created_at());
  out.set_kind(body->kind());
  out.set_marking(body->marking());
  *out.mutable_audience() = std::move(*body->mutable_audience());
  out.set_cursor(PositionToken(stored.local_seq()));
  SetTimestamp(stored.stored_unix_micros(), out.mutable_stored_at());
  if (!body->supersedes().empty()) out.set_supersedes(records::RecordIdHex(body->supersedes()));
  if (body->has_retraction()) *out.mutable_retraction() = body->retraction();
  if (!with_content) return out;
  // A retraction has no content; its `retraction` says why the report was withdrawn.
  if (body->kind() == rilon::v1::TREND_REPORT && !body->has_retraction()) {
    absl::StatusOr<records::OpenedReport> opened = records::OpenReport(stored.signed_(), *body);
    if (!opened.ok()) {
      return absl::InternalError(
          absl::StrCat("stored record at cursor ", stored.local_seq(),
                       " has a corrupt payload: ", opened.status().message()));
    }
    *out.mutable_trend_report() = std::move(opened->report);
    for (std::string& path : opened->withheld_parts) out.add_withheld_parts(std::move(path));
    for (rilon::v1::RedactionNote& note : opened->notes) {
      *out.add_redaction_notes() = std::move(note);
    }
  }
  *out.mutable_signed_() = stored.signed_();
  return out;
}

}  // namespace

absl::StatusOr<rilon::v1::Record> ToApiRecord(const rilon::storage::v1::StoredRecord& stored) {
  return Convert(stored, /*with_content=*/true);
}

absl::StatusOr<rilon::v1::Record> ToApiRecordMetadata(
    const rilon::storage::v1::StoredRecord& stored) {
  return Convert(stored, /*with_content=*/false);
}

absl::StatusOr<feed::EncodedEvent> EncodeFeedEvent(const rilon::storage::v1::StoredRecord& stored) {
  absl::StatusOr<rilon::v1::Record> record = ToApiRecord(stored);
  if (!record.ok()) return record.status();
  feed::EncodedEvent encoded;
  encoded.kind = record->kind();
  encoded.origin_agency = record->origin_agency();
  rilon::v1::FeedEvent event;
  event.set_cursor(record->cursor());
  *event.mutable_record() = std::move(*record);
  encoded.event_wire = event.SerializeAsString();
  event.mutable_record()->clear_signed_();
  encoded.event_wire_unsigned = event.SerializeAsString();
  return encoded;
}

void AppendEventToSubscribeResponse(std::string_view event_wire, std::string* response_wire) {
  // Tag of SubscribeResponse.events: field number 1, wire type 2 (length-delimited).
  constexpr char kEventsTag = (1 << 3) | 2;
  response_wire->push_back(kEventsTag);
  uint64_t length = event_wire.size();
  while (length >= 0x80) {
    response_wire->push_back(static_cast<char>((length & 0x7f) | 0x80));
    length >>= 7;
  }
  response_wire->push_back(static_cast<char>(length));
  response_wire->append(event_wire);
}

}  // namespace rilon::api
