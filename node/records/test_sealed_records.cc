#include "node/records/test_sealed_records.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "node/records/envelope.h"
#include "node/records/sealed_content.h"

namespace rilon::records::testing {

rilon::v1::RecordBody Envelope(const std::string& origin, uint64_t origin_seq) {
  rilon::v1::RecordBody body;
  body.set_envelope_version(kEnvelopeV2);
  body.set_origin_agency(origin);
  body.set_origin_seq(origin_seq);
  body.set_created_unix_micros(1'780'000'000'000'000);
  body.set_kind(rilon::v1::TREND_REPORT);
  body.set_marking(rilon::v1::TLP_AMBER);
  body.mutable_audience()->add_agencies("id.polri");
  return body;
}

rilon::v1::SignedRecord SealAndSign(const rilon::v1::TrendReport& report,
                                    rilon::v1::RecordBody envelope,
                                    const security::RecordSigner& signer) {
  absl::StatusOr<SealedContent> sealed = SealReport(report);
  if (!sealed.ok()) {
    std::fprintf(stderr, "SealReport failed: %s\n", sealed.status().ToString().c_str());
    std::abort();
  }
  envelope.set_envelope_version(kEnvelopeV2);
  envelope.set_signer_key_id(signer.key_id());
  rilon::v1::SignedRecord record;
  PutSealedContent(*std::move(sealed), envelope, record);
  record.set_body(envelope.SerializeAsString());
  record.set_signature(signer.Sign(SignedBytes(record.body())));
  return record;
}

bool SignatureVerifies(const rilon::v1::SignedRecord& record,
                       const security::RecordSigner& signer) {
  return security::VerifyWithPublicKey(signer.public_key(), SignedBytes(record.body()),
                                       record.signature())
      .ok();
}

}  // namespace rilon::records::testing
