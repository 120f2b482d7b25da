#include "node/federation/test_records.h"

#include "node/records/envelope.h"

namespace rilon::federation::testing {

store::NewRecord TestRecord(const std::string& origin, uint64_t seq,
                            const std::vector<std::string>& audience, rilon::v1::Marking marking,
                            const std::string& received_from) {
  rilon::v1::RecordBody body;
  body.set_envelope_version(records::kEnvelopeV1);
  body.set_origin_agency(origin);
  body.set_origin_seq(seq);
  body.set_created_unix_micros(1'700'000'000'000'000);
  body.set_kind(rilon::v1::TREND_REPORT);
  body.set_marking(marking);
  for (const std::string& a : audience) body.mutable_audience()->add_agencies(a);
  body.set_signer_key_id(std::string(32, 'k'));
  store::NewRecord record;
  record.signed_record.set_body(body.SerializeAsString());
  record.signed_record.set_signature(std::string(64, 's'));
  record.id = records::RecordIdBytes(record.signed_record.body());
  record.origin_agency = origin;
  record.origin_seq = seq;
  record.kind = rilon::v1::TREND_REPORT;
  record.received_from = received_from;
  return record;
}

}  // namespace rilon::federation::testing
