// Validation of corrections and retractions (CorrectReport, RetractReport) at the node's API
// boundary. A correction is a complete report, so once the marking and audience it inherits from
// the corrected version are known it is checked exactly like a submission (ValidateSubmitReport
// on EffectiveCorrection's result): every rule for reports applies to corrections unchanged.
//
// Usage (CorrectReport):
//   if (auto s = ValidateCorrectReportShape(request); !s.ok()) return s;   // before any read
//   ... read the corrected version's body ...
//   absl::StatusOr<SubmitReportRequest> effective = EffectiveCorrection(request, corrected_body);
//   if (auto s = ValidateSubmitReport(*effective, now); !s.ok()) return s;
//
// Contract: pure, no I/O. Refusals are INVALID_ARGUMENT whose message starts with the field path
// of the request ("id: ...", "marking: ...", "audience.agencies: ...", "reason: ...").
#pragma once

#include <cstddef>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rilon/v1/node_api.pb.h"
#include "rilon/v1/record.pb.h"

namespace rilon::validation {

inline constexpr size_t kMaxRetractionReasonBytes = 1000;

// The checks that need no stored state: id, marking when set, request_id. The report itself is
// checked by ValidateSubmitReport on EffectiveCorrection's result.
absl::Status ValidateCorrectReportShape(const rilon::v1::CorrectReportRequest& request);

// The submission a correction amounts to: its report and request_id, with the corrected
// version's marking and audience where the request leaves them unset. Refuses a marking more
// restrictive than the corrected version's (marking) and an audience that leaves out any of its
// agencies or groups (audience.agencies / audience.groups, naming the missing ones): every
// recipient of a version must receive its correction. The audience comes back normalized.
absl::StatusOr<rilon::v1::SubmitReportRequest> EffectiveCorrection(
    const rilon::v1::CorrectReportRequest& request, const rilon::v1::RecordBody& corrected);

// id, reason (required, at most kMaxRetractionReasonBytes of text), request_id.
absl::Status ValidateRetractReport(const rilon::v1::RetractReportRequest& request);

}  // namespace rilon::validation
