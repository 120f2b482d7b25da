// The record a party receives under a decision: the signed record itself when the form is full,
// or - when the form withholds parts - the record with those parts withheld, so that the origin's
// signature still verifies on what the party holds. The single function all three enforcement
// points (egress, ingress, read) call.
//
// Contract:
//   - A full form returns the record unchanged (no copy of the content is parsed).
//   - A form that withholds something: FAILED_PRECONDITION when the record cannot be shaped (its
//     content is signed as one piece, or it carries no trend report to shape); the caller then
//     withholds the record entirely - a record that must be shaped is never passed on in full.
//     RESOURCE_EXHAUSTED or INVALID_ARGUMENT from record_shaping.h likewise.
//   - Only denies or narrows: parts already withheld stay withheld.
//   Pure and thread-safe.
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "policy/decision.h"
#include "rilon/v1/record.pb.h"

namespace rilon::sharing {

absl::StatusOr<rilon::v1::SignedRecord> ShapeSignedRecord(const rilon::v1::SignedRecord& record,
                                                          const rilon::v1::RecordBody& body,
                                                          const policy::Decision& decision,
                                                          std::string_view decided_by);

}  // namespace rilon::sharing
