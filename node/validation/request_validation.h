// Validation of client requests at the node's API boundary, before anything is signed or stored.
//
// Contract: returns OK, or INVALID_ARGUMENT whose message starts with the path of the bad field
// ("audience.agencies[1]: ...") and says what is expected. Pure: no I/O, no clock. A request
// that passes has a well-formed envelope: marking set, audience bounded with well-formed ids
// (normalized, sorted and unique, by NormalizeAudience), request id well formed. The report it
// carries is checked separately, against the codebook and by the screener:
// ReportChecker::Check (report_checker.h).
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "node/validation/report_validation.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::validation {

// The envelope of a submission: a report is present, the marking is set, the audience and the
// request id are well formed.
absl::Status ValidateSubmitReport(const rilon::v1::SubmitReportRequest& request,
                                  const ReportLimits& limits = {});

// Free text a person typed (e.g. a retraction's reason): at most `max_bytes` of valid UTF-8
// without control characters other than newline and tab. INVALID_ARGUMENT naming `field`.
absl::Status ValidateFreeText(std::string_view field, std::string_view text, size_t max_bytes);

// A client request id: empty (none), or 1 to 64 characters of [A-Za-z0-9._-]. INVALID_ARGUMENT
// naming `field`.
absl::Status ValidateRequestId(std::string_view field, std::string_view request_id);

// Sorts and de-duplicates agencies and groups in place.
void NormalizeAudience(rilon::v1::Audience& audience);

// Record-id, cursor and page-token checks used by the read RPCs: INVALID_ARGUMENT naming `field`.
absl::Status ValidateRecordIdField(std::string_view field, std::string_view value);

// Parses a cursor or page token (decimal local sequence number; empty means 0).
absl::StatusOr<uint64_t> ParsePosition(std::string_view field, std::string_view value);

}  // namespace rilon::validation
