// Test-only: records of envelope version 2 sealed and signed exactly as intake does
// (node/intake/committer.cc), for the tests of every module that reads them.
//
// Example:
//   auto signer = security::RecordSigner::GenerateForTesting();
//   rilon::v1::SignedRecord record =
//       records::testing::SealAndSign(SampleTrendReport(), records::testing::Envelope("au.abf", 1),
//                                     *signer);
#pragma once

#include <cstdint>
#include <string>

#include "node/security/record_signer.h"
#include "rilon/v1/record.pb.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::records::testing {

// A TREND_REPORT body of envelope version 2 without content: origin, sequence, a fixed creation
// time, TLP:AMBER, audience {id.polri}.
rilon::v1::RecordBody Envelope(const std::string& origin, uint64_t origin_seq);

// Seals `report` into `envelope` (payload, part digests), sets the signer's key id, signs.
// Aborts the test binary if sealing fails (the random generator is broken).
rilon::v1::SignedRecord SealAndSign(const rilon::v1::TrendReport& report,
                                    rilon::v1::RecordBody envelope,
                                    const security::RecordSigner& signer);

// The Ed25519 check a receiver makes, with the signer's public key.
bool SignatureVerifies(const rilon::v1::SignedRecord& record, const security::RecordSigner& signer);

}  // namespace rilon::records::testing
