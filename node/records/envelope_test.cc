#include "node/records/envelope.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "node/security/record_signer.h"

namespace rilon::records {
namespace {

using ::testing::HasSubstr;

std::string Unhex(std::string_view hex) {
  return absl::HexStringToBytes(absl::string_view(hex.data(), hex.size()));
}

rilon::v1::RecordBody ValidBody() {
  rilon::v1::RecordBody body;
  body.set_envelope_version(kEnvelopeV1);
  body.set_origin_agency("au.abf");
  body.set_origin_seq(1);
  body.set_created_unix_micros(1767225600000000);
  body.set_kind(rilon::v1::TREND_REPORT);
  body.set_marking(rilon::v1::TLP_AMBER);
  body.mutable_audience()->add_agencies("id.polri");
  body.set_signer_key_id(std::string(32, '\x5a'));
  body.set_payload("payload");
  return body;
}

rilon::v1::SignedRecord Wrap(const rilon::v1::RecordBody& body) {
  rilon::v1::SignedRecord record;
  record.set_body(body.SerializeAsString());
  return record;
}

TEST(EnvelopeTest, SignedBytesArePrefixedWithTheContext) {
  EXPECT_EQ(kSignatureContext.size(), 16u);
  EXPECT_EQ(SignedBytes("abc"), std::string("RILON-RECORD-V1\0abc", 19));
  EXPECT_EQ(SignedBytes(""), std::string(kSignatureContext));
}

// Expected values computed independently with
//   printf 'RILON-RECORD-V1\0hello rilon' | openssl dgst -sha256
//   printf 'RILON-RECORD-V1\0' | openssl dgst -sha256
TEST(EnvelopeTest, RecordIdMatchesKnownVectors) {
  EXPECT_EQ(RecordIdHex(RecordIdBytes("hello rilon")),
            "57cda240eaad3eaa13d008ed74fad46ef9579432eab8f0030d883e640a54cd51");
  EXPECT_EQ(RecordIdHex(RecordIdBytes("")),
            "748af7f89b2b77ea282cb67d4d5a99b38eb0a6e64053b4001bbe8f514ce42c87");
}

TEST(EnvelopeTest, RecordIdIsStableAndDependsOnEveryByte) {
  const std::string body = ValidBody().SerializeAsString();
  const std::string id = RecordIdBytes(body);
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(RecordIdBytes(body), id);
  std::string changed = body;
  changed.back() ^= 1;
  EXPECT_NE(RecordIdBytes(changed), id);
  // The id covers the context: it is not the plain SHA-256 of the body
  // (printf 'hello rilon' | openssl dgst -sha256).
  EXPECT_NE(RecordIdHex(RecordIdBytes("hello rilon")),
            "d725f8d66338ffdcb26b70440df3704913abb8e6eb0ab3c8cdfb0013b706ab00");
}

TEST(EnvelopeTest, RecordIdHexRoundTrips) {
  const std::string id = RecordIdBytes("x");
  const std::string hex = RecordIdHex(id);
  EXPECT_EQ(hex.size(), 64u);
  auto parsed = ParseRecordId(hex);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, id);
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto parsed_upper = ParseRecordId(upper);
  ASSERT_TRUE(parsed_upper.ok());
  EXPECT_EQ(*parsed_upper, id);
}

TEST(EnvelopeTest, ParseRecordIdRejectsWrongLengthsAndNonHex) {
  const std::string hex = RecordIdHex(RecordIdBytes("x"));
  for (const std::string& bad :
       {hex.substr(0, 63), hex + "0", std::string(), hex.substr(0, 62) + "g0",
        hex.substr(0, 63) + " ", " " + hex.substr(1), hex.substr(0, 63) + std::string(1, '\0'),
        std::string(64, 'z'), hex.substr(0, 32)}) {
    auto parsed = ParseRecordId(bad);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << absl::CHexEscape(bad);
  }
  EXPECT_THAT(ParseRecordId(hex.substr(0, 63)).status().message(), HasSubstr("has 63"));
  EXPECT_THAT(ParseRecordId(hex + "0").status().message(), HasSubstr("has 65"));
}

TEST(EnvelopeTest, DecodeBodyAcceptsAValidBody) {
  auto body = DecodeBody(Wrap(ValidBody()));
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(body->origin_agency(), "au.abf");
  EXPECT_EQ(body->origin_seq(), 1u);
  EXPECT_EQ(body->payload(), "payload");
}

struct BadBody {
  const char* what;
  void (*mutate)(rilon::v1::RecordBody&);
  const char* message;
};

// Mutations of ValidBody() that DecodeBody refuses, with what its message says.
const std::vector<BadBody>& BadBodies() {
  static const std::vector<BadBody> cases = {
      {"unknown envelope version", [](rilon::v1::RecordBody& b) { b.set_envelope_version(3); },
       "envelope_version 3"},
      {"part digests in version 1",
       [](rilon::v1::RecordBody& b) { b.add_part_digests()->set_path("narrative"); },
       "version 1 carries part_digests"},
      {"missing envelope version", [](rilon::v1::RecordBody& b) { b.clear_envelope_version(); },
       "envelope_version 0"},
      {"missing origin", [](rilon::v1::RecordBody& b) { b.clear_origin_agency(); },
       "no origin_agency"},
      {"seq 0", [](rilon::v1::RecordBody& b) { b.set_origin_seq(0); }, "origin_seq 0"},
      {"kind unset", [](rilon::v1::RecordBody& b) { b.clear_kind(); }, "kind 0"},
      {"kind unknown",
       [](rilon::v1::RecordBody& b) { b.set_kind(static_cast<rilon::v1::RecordKind>(77)); },
       "kind 77"},
      {"marking unset", [](rilon::v1::RecordBody& b) { b.clear_marking(); }, "marking 0"},
      {"marking unknown",
       [](rilon::v1::RecordBody& b) { b.set_marking(static_cast<rilon::v1::Marking>(9)); },
       "marking 9"},
      {"signer key id short", [](rilon::v1::RecordBody& b) { b.set_signer_key_id("abc"); },
       "signer_key_id of 3 bytes"},
      {"short version link", [](rilon::v1::RecordBody& b) { b.set_supersedes("abc"); },
       "supersedes"},
      {"retraction without a link",
       [](rilon::v1::RecordBody& b) {
         b.clear_payload();
         b.mutable_retraction()->set_reason("x");
       },
       "retraction"},
      {"retraction with a payload",
       [](rilon::v1::RecordBody& b) {
         b.set_supersedes(std::string(32, '\x01'));
         b.mutable_retraction()->set_reason("x");
       },
       "retraction"},
      {"retraction with part digests",
       [](rilon::v1::RecordBody& b) {
         b.set_envelope_version(kEnvelopeV2);
         b.clear_payload();
         b.add_part_digests()->set_path("narrative");
         b.set_supersedes(std::string(32, '\x01'));
         b.mutable_retraction()->set_reason("x");
       },
       "retraction"},
  };
  return cases;
}

TEST(EnvelopeTest, DecodeBodyRejectsBadBodies) {
  for (const BadBody& c : BadBodies()) {
    rilon::v1::RecordBody body = ValidBody();
    c.mutate(body);
    auto decoded = DecodeBody(Wrap(body));
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << c.what;
    EXPECT_THAT(decoded.status().message(), HasSubstr(c.message)) << c.what;
  }
}

// DecodeBodyHeader must accept and refuse exactly what DecodeBody does, with the same status,
// and give back the same body without its content.
void ExpectHeaderDecodingAgrees(const rilon::v1::SignedRecord& record, const std::string& what) {
  absl::StatusOr<rilon::v1::RecordBody> full = DecodeBody(record);
  absl::StatusOr<rilon::v1::RecordBody> header = DecodeBodyHeader(record);
  ASSERT_EQ(full.status(), header.status()) << what;
  if (!full.ok()) return;
  EXPECT_TRUE(header->payload().empty()) << what;
  EXPECT_EQ(header->part_digests_size(), 0) << what;
  full->clear_payload();
  full->clear_part_digests();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*full, *header))
      << what << ": " << header->ShortDebugString();
}

struct DecodingCase {
  rilon::v1::SignedRecord record;
  std::string what;
};

// Records that take every accept and refuse path of DecodeBody, bodies of every shape among them.
std::vector<DecodingCase> DecodingCases() {
  std::vector<DecodingCase> cases;
  cases.push_back({Wrap(ValidBody()), "a version 1 report"});
  rilon::v1::RecordBody sealed = ValidBody();
  sealed.set_envelope_version(kEnvelopeV2);
  for (const char* path : {"narrative", "sources", "countries", "routes", "m0", "m0.v"}) {
    rilon::v1::PartDigest* digest = sealed.add_part_digests();
    digest->set_path(path);
    digest->set_digest(std::string(32, '\x07'));
  }
  sealed.set_supersedes(std::string(32, '\x01'));
  cases.push_back({Wrap(sealed), "a sealed correction"});
  rilon::v1::RecordBody retraction = sealed;
  retraction.clear_payload();
  retraction.clear_part_digests();
  retraction.mutable_retraction()->set_reason("double counted");
  cases.push_back({Wrap(retraction), "a retraction"});

  for (const BadBody& c : BadBodies()) {
    rilon::v1::RecordBody body = ValidBody();
    c.mutate(body);
    cases.push_back({Wrap(body), c.what});
  }

  // Bytes that are not a body (garbage, a body cut inside its part digests), and a payload field
  // with the wrong wire type, which the header decoder must not skip as content: protobuf keeps
  // it as an unknown field, so both accept it and neither sees a payload.
  rilon::v1::SignedRecord record;
  record.set_body("\xff\xff\xff");
  cases.push_back({record, "garbage"});
  const std::string whole = sealed.SerializeAsString();
  record.set_body(whole.substr(0, whole.size() - 10));
  cases.push_back({record, "a truncated body"});
  record.set_body(ValidBody().SerializeAsString() + std::string("\x48\x01", 2));  // field 9 varint
  cases.push_back({record, "a payload encoded as a varint"});
  cases.push_back({Wrap(sealed), "a sealed correction, after the others"});
  return cases;
}

TEST(EnvelopeTest, DecodeBodyHeaderAgreesWithDecodeBody) {
  for (const DecodingCase& c : DecodingCases()) ExpectHeaderDecodingAgrees(c.record, c.what);
}

// A receiver decodes a stream of records into one reused body: nothing of a previous record may
// show through, whether the next one is accepted or refused.
TEST(EnvelopeTest, DecodeBodyIntoAReusedBodyGivesWhatAFreshDecodeGives) {
  rilon::v1::RecordBody reused;
  int refused = 0;
  for (const DecodingCase& c : DecodingCases()) {
    absl::StatusOr<rilon::v1::RecordBody> fresh = DecodeBody(c.record);
    absl::Status status = DecodeBodyInto(c.record, reused);
    ASSERT_EQ(status, fresh.status()) << c.what;
    if (!status.ok()) {
      ++refused;
      continue;
    }
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(reused, *fresh))
        << c.what << ": " << reused.ShortDebugString();
  }
  EXPECT_EQ(refused, static_cast<int>(BadBodies().size()) + 2);  // and garbage, the truncated body
}

TEST(EnvelopeTest, DecodeBodyAcceptsCorrectionsAndRetractions) {
  rilon::v1::RecordBody correction = ValidBody();
  correction.set_supersedes(std::string(32, '\x01'));
  absl::StatusOr<rilon::v1::RecordBody> decoded = DecodeBody(Wrap(correction));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->supersedes(), std::string(32, '\x01'));

  rilon::v1::RecordBody retraction = correction;
  retraction.clear_payload();
  retraction.mutable_retraction()->set_reason("double counted");
  decoded = DecodeBody(Wrap(retraction));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->retraction().reason(), "double counted");
}

TEST(EnvelopeTest, DecodeBodyRejectsMalformedVersionLinks) {
  rilon::v1::RecordBody short_link = ValidBody();
  short_link.set_supersedes("abc");
  absl::StatusOr<rilon::v1::RecordBody> decoded = DecodeBody(Wrap(short_link));
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(decoded.status().message(), HasSubstr("supersedes"));

  rilon::v1::RecordBody unlinked_retraction = ValidBody();
  unlinked_retraction.clear_payload();
  unlinked_retraction.mutable_retraction()->set_reason("x");
  EXPECT_EQ(DecodeBody(Wrap(unlinked_retraction)).status().code(),
            absl::StatusCode::kInvalidArgument);

  rilon::v1::RecordBody retraction_with_payload = ValidBody();
  retraction_with_payload.set_supersedes(std::string(32, '\x01'));
  retraction_with_payload.mutable_retraction()->set_reason("x");
  EXPECT_EQ(DecodeBody(Wrap(retraction_with_payload)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(EnvelopeTest, DecodeBodyRejectsBytesThatAreNotABody) {
  rilon::v1::SignedRecord record;
  record.set_body("\xff\xff\xff");
  EXPECT_EQ(DecodeBody(record).status().code(), absl::StatusCode::kInvalidArgument);
  record.clear_body();  // an empty body decodes to defaults, which are not valid
  EXPECT_EQ(DecodeBody(record).status().code(), absl::StatusCode::kInvalidArgument);
}

// The whole envelope: the origin signs SignedBytes(body); anyone verifies the bytes as received.
TEST(EnvelopeTest, SignVerifyRoundTripOverSignedBytes) {
  auto signer = rilon::security::RecordSigner::GenerateForTesting();
  rilon::v1::RecordBody body = ValidBody();
  body.set_signer_key_id(signer->key_id());
  rilon::v1::SignedRecord record;
  record.set_body(body.SerializeAsString());
  record.set_signature(signer->Sign(SignedBytes(record.body())));

  ASSERT_TRUE(DecodeBody(record).ok());
  EXPECT_TRUE(rilon::security::VerifyWithPublicKey(signer->public_key(), SignedBytes(record.body()),
                                                   record.signature())
                  .ok());
  // The bare body (without the context) is not what was signed.
  EXPECT_EQ(
      rilon::security::VerifyWithPublicKey(signer->public_key(), record.body(), record.signature())
          .code(),
      absl::StatusCode::kUnauthenticated);
  // A flipped bit in the body or the signature.
  std::string body_bytes = record.body();
  body_bytes[body_bytes.size() / 2] ^= 0x10;
  EXPECT_EQ(rilon::security::VerifyWithPublicKey(signer->public_key(), SignedBytes(body_bytes),
                                                 record.signature())
                .code(),
            absl::StatusCode::kUnauthenticated);
  std::string sig = record.signature();
  sig[0] ^= 0x01;
  EXPECT_EQ(
      rilon::security::VerifyWithPublicKey(signer->public_key(), SignedBytes(record.body()), sig)
          .code(),
      absl::StatusCode::kUnauthenticated);
}

// RFC 8032 section 7.1, TEST 2: a known-answer check of the Ed25519 verification path.
TEST(EnvelopeTest, Ed25519KnownAnswer) {
  const std::string public_key =
      Unhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
  const std::string signature = Unhex(
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
      "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
  EXPECT_TRUE(rilon::security::VerifyWithPublicKey(public_key, "\x72", signature).ok());
  EXPECT_EQ(rilon::security::VerifyWithPublicKey(public_key, "\x73", signature).code(),
            absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace rilon::records
