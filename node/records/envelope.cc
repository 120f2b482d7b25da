#include "node/records/envelope.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "node/records/sha256.h"

namespace rilon::records {
namespace {

constexpr size_t kRecordIdBytes = 32;
constexpr size_t kSignerKeyIdBytes = 32;  // SHA-256 of the signer certificate's DER

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

std::string SignedBytes(std::string_view body) {
  std::string out;
  out.reserve(kSignatureContext.size() + body.size());
  out.append(kSignatureContext);
  out.append(body);
  return out;
}

std::string RecordIdBytes(std::string_view body) {
  // Hash context and body in two updates so the body is not copied.
  return Sha256Hasher().Update(kSignatureContext).Update(body).Finish();
}

std::string RecordIdHex(std::string_view id_bytes) {
  return absl::BytesToHexString(absl::string_view(id_bytes.data(), id_bytes.size()));
}

absl::StatusOr<std::string> ParseRecordId(std::string_view hex) {
  if (hex.size() != 2 * kRecordIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("a record id is 64 hex characters, this one has ", hex.size()));
  }
  for (char c : hex) {
    if (!IsHexDigit(c)) {
      return absl::InvalidArgumentError(
          absl::StrCat("a record id is 64 hex characters, this one contains '",
                       absl::CHexEscape(absl::string_view(&c, 1)), "'"));
    }
  }
  return absl::HexStringToBytes(absl::string_view(hex.data(), hex.size()));
}

namespace {

// The checks of DecodeBody on a parsed body; `has_payload` and `part_digests` describe the
// content, which DecodeBodyHeader does not keep.
absl::Status CheckBody(const rilon::v1::RecordBody& body, bool has_payload, int part_digests) {
  if (body.envelope_version() != kEnvelopeV1 && body.envelope_version() != kEnvelopeV2) {
    return absl::InvalidArgumentError(
        absl::StrCat("record body has envelope_version ", body.envelope_version(),
                     "; this node understands only versions ", kEnvelopeV1, " and ", kEnvelopeV2));
  }
  if (body.envelope_version() == kEnvelopeV1 && part_digests > 0) {
    return absl::InvalidArgumentError(
        "record body of envelope_version 1 carries part_digests; only version 2 has them");
  }
  if (body.origin_agency().empty()) {
    return absl::InvalidArgumentError("record body has no origin_agency");
  }
  if (body.origin_seq() < 1) {
    return absl::InvalidArgumentError("record body has origin_seq 0; sequences start at 1");
  }
  if (body.kind() == rilon::v1::RECORD_KIND_UNSPECIFIED ||
      !rilon::v1::RecordKind_IsValid(body.kind())) {
    return absl::InvalidArgumentError(
        absl::StrCat("record body has unknown or unset kind ", static_cast<int>(body.kind())));
  }
  if (body.marking() == rilon::v1::MARKING_UNSPECIFIED ||
      !rilon::v1::Marking_IsValid(body.marking())) {
    return absl::InvalidArgumentError(absl::StrCat("record body has unknown or unset marking ",
                                                   static_cast<int>(body.marking())));
  }
  if (!body.supersedes().empty() && body.supersedes().size() != kRecordIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("record body supersedes a ", body.supersedes().size(),
                     "-byte id; it must be empty or a 32-byte record id"));
  }
  if (body.has_retraction() && (body.supersedes().empty() || has_payload || part_digests > 0)) {
    return absl::InvalidArgumentError(
        "record body is a retraction but does not name the record it withdraws in supersedes, "
        "or carries a payload or part digests");
  }
  if (body.signer_key_id().size() != kSignerKeyIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("record body has a signer_key_id of ", body.signer_key_id().size(),
                     " bytes; it must be the 32-byte SHA-256 of the signing certificate"));
  }
  return absl::OkStatus();
}

absl::Status NotABody() {
  return absl::InvalidArgumentError("record body is not a serialized rilon.v1.RecordBody");
}

}  // namespace

absl::StatusOr<rilon::v1::RecordBody> DecodeBody(const rilon::v1::SignedRecord& record) {
  rilon::v1::RecordBody body;
  if (absl::Status s = DecodeBodyInto(record, body); !s.ok()) return s;
  return body;
}

absl::Status DecodeBodyInto(const rilon::v1::SignedRecord& record, rilon::v1::RecordBody& body) {
  if (!body.ParseFromString(record.body())) return NotABody();
  return CheckBody(body, !body.payload().empty(), body.part_digests_size());
}

absl::StatusOr<rilon::v1::RecordBody> DecodeBodyHeader(const rilon::v1::SignedRecord& record) {
  using google::protobuf::internal::WireFormatLite;
  const std::string& wire = record.body();
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(wire.data()),
                                            static_cast<int>(wire.size()));
  // Every top-level field but the content, copied as it is on the wire, then parsed alone.
  std::string header;
  bool has_payload = false;
  int part_digests = 0;
  for (;;) {
    const int field_start = in.CurrentPosition();
    const uint32_t tag = in.ReadTag();
    if (tag == 0) break;
    const int field = WireFormatLite::GetTagFieldNumber(tag);
    const bool content =
        (field == rilon::v1::RecordBody::kPayloadFieldNumber ||
         field == rilon::v1::RecordBody::kPartDigestsFieldNumber) &&
        WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
    if (content) {
      uint32_t length = 0;
      if (!in.ReadVarint32(&length) || !in.Skip(static_cast<int>(length))) return NotABody();
      // As in a parsed body: the last payload wins; each part digest counts.
      if (field == rilon::v1::RecordBody::kPayloadFieldNumber) has_payload = length > 0;
      if (field == rilon::v1::RecordBody::kPartDigestsFieldNumber) ++part_digests;
      continue;
    }
    if (!WireFormatLite::SkipField(&in, tag)) return NotABody();
    header.append(wire, static_cast<size_t>(field_start),
                  static_cast<size_t>(in.CurrentPosition() - field_start));
  }
  if (!in.ConsumedEntireMessage()) return NotABody();
  rilon::v1::RecordBody body;
  if (!body.ParseFromString(header)) return NotABody();
  if (absl::Status s = CheckBody(body, has_payload, part_digests); !s.ok()) return s;
  return body;
}

}  // namespace rilon::records
