// The origin's side of redactable signing (envelope version 2, docs/redaction.md): a trend
// report is split into parts (node/records/part_path.h), each committed to by a salted digest
// that goes into the signed body, so that any node can later withhold parts while the origin's
// signature keeps verifying.
//
// Contract of SealReport(report):
//   skeleton  the report with every part's content cleared (narrative, sources, the geography's
//             countries, subdivisions, routes and route note, and all measures), serialized:
//             RecordBody.payload. The skeleton holds no measure at all; their number and cells
//             follow from the digests.
//   digests   one PartDigest per part, in canonical order: RecordBody.part_digests. The four
//             field parts are always present, even when empty, so that "withheld" never
//             reveals whether a field was filled in.
//   parts     every part (path, fresh 16-byte salt from RAND_bytes, value serialized once),
//             in the same order: SignedRecord.parts.
// Two seals of the same report have different salts, hence different digests and record ids.
// INTERNAL when the random generator fails (nothing is sealed then). Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "rilon/v1/record.pb.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::records {

struct SealedContent {
  std::string skeleton;
  std::vector<rilon::v1::PartDigest> digests;
  std::vector<rilon::v1::DisclosedPart> parts;
};

// Takes the report by value: its content is moved into the parts, not copied (callers that keep
// the report pass a copy).
absl::StatusOr<SealedContent> SealReport(rilon::v1::TrendReport report);

// Moves a sealed report into a body of envelope version 2 (payload, part_digests) and its
// record (parts), so that every sealer fills them the same way.
void PutSealedContent(SealedContent content, rilon::v1::RecordBody& body,
                      rilon::v1::SignedRecord& record);

}  // namespace rilon::records
