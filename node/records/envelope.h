// The record envelope: how a record's body is signed, identified and decoded.
//
// Contract:
//   signed bytes = "RILON-RECORD-V1" || 0x00 || SignedRecord.body
//   signature    = Ed25519(origin signing key, signed bytes)
//   record id    = SHA-256(signed bytes), 32 raw bytes; shown as 64 lower-case hex characters.
// A body is serialized exactly once, by the origin; everybody else hashes and verifies the bytes
// as received. The domain-separation prefix keeps a record signature from ever being valid for
// another kind of message signed with the same key.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "rilon/v1/record.pb.h"

namespace rilon::records {

// Version 1: the payload is the whole content, signed as one piece (records stored before
// version 2 existed, and hand-built test records). Version 2: the payload of a trend report is
// its skeleton and the body commits to each part separately (node/records/sealed_content.h,
// docs/redaction.md); what intake writes. Both decode, verify and display alike.
inline constexpr uint32_t kEnvelopeV1 = 1;
inline constexpr uint32_t kEnvelopeV2 = 2;
inline constexpr std::string_view kSignatureContext{"RILON-RECORD-V1\0", 16};

// kSignatureContext || body.
std::string SignedBytes(std::string_view body);

// SHA-256 of SignedBytes(body): the 32-byte record id.
std::string RecordIdBytes(std::string_view body);

// Lower-case hex of a 32-byte id, and back. ParseRecordId refuses anything that is not exactly
// 64 hex characters (INVALID_ARGUMENT).
std::string RecordIdHex(std::string_view id_bytes);
absl::StatusOr<std::string> ParseRecordId(std::string_view hex);

// Decodes and sanity-checks a body: known envelope version (1 or 2), origin set, origin_seq >= 1,
// kind and marking set to known values, signer_key_id 32 bytes, supersedes empty or 32 bytes, a
// retraction only with supersedes set and no payload nor part digests, and part digests only in
// version 2. INVALID_ARGUMENT otherwise. Does not verify the signature (see
// security/record_signer.h) nor the parts (records/redaction.h).
absl::StatusOr<rilon::v1::RecordBody> DecodeBody(const rilon::v1::SignedRecord& record);

// DecodeBody into `body`, which the caller may reuse across records: parsing into a used message
// keeps its part digests' and strings' allocations, which a receiver decoding a stream of
// records would otherwise make and free for each. On error `body` holds no meaningful content.
absl::Status DecodeBodyInto(const rilon::v1::SignedRecord& record, rilon::v1::RecordBody& body);

// DecodeBody without the content: the same checks and the same errors, but the body comes back
// with payload and part_digests empty (they are skipped on the wire, not parsed). For what needs
// only a record's envelope fields, such as a submitter's receipt: most of a sealed report's body
// is its dozens of part digests.
absl::StatusOr<rilon::v1::RecordBody> DecodeBodyHeader(const rilon::v1::SignedRecord& record);

}  // namespace rilon::records
