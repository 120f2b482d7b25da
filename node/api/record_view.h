// Conversion of stored records into the API's rilon.v1.Record (decoded envelope + signed
// original). The one place where storage form becomes wire form.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "node/feed/feed_record.h"
#include "rilon/storage/v1/stored_record.pb.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::api {

// The content is what `stored.signed_()` discloses (records/redaction.h OpenReport): the
// assembled report, the paths of the withheld parts and the nodes' redaction notes; `signed` is
// that same SignedRecord, so a reader can verify the origin's signature on exactly what it was
// given. To show a reader a shaped form, pass a StoredRecord whose signed_ is the Redact()ed
// copy. Envelope version 1 records show their whole payload and withhold nothing.
// INTERNAL when the stored bytes cannot be decoded or opened (a corrupt store; never client
// input: received records were opened before they were stored).
absl::StatusOr<rilon::v1::Record> ToApiRecord(const rilon::storage::v1::StoredRecord& stored);

// The envelope fields and local position only: no content, no signed original. What a submitter
// gets back: it already holds the content, and copying it back would double the bytes of every
// accepted submission. Same errors as ToApiRecord.
absl::StatusOr<rilon::v1::Record> ToApiRecordMetadata(
    const rilon::storage::v1::StoredRecord& stored);

// The record as one serialized rilon.v1.FeedEvent (cursor + ToApiRecord), with and without its
// signed envelope (SubscribeRequest.include_signed), and the envelope fields subscriptions filter
// on. Same errors as ToApiRecord.
absl::StatusOr<feed::EncodedEvent> EncodeFeedEvent(const rilon::storage::v1::StoredRecord& stored);

// Appends `event_wire` to a serialized rilon.v1.SubscribeResponse as one more element of its
// `events` field (field 1, length-delimited). Protobuf messages concatenate on the wire, so a
// stream message is built from events encoded once and shared by every subscriber.
void AppendEventToSubscribeResponse(std::string_view event_wire, std::string* response_wire);

// Microseconds since the Unix epoch (as in record bodies) as a protobuf Timestamp.
void SetTimestamp(int64_t unix_micros, google::protobuf::Timestamp* ts);

// Cursors and page tokens are the decimal local sequence number; clients treat them as opaque.
std::string PositionToken(uint64_t local_seq);

}  // namespace rilon::api
