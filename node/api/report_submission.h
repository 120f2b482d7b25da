// The intake submission a report request amounts to, shared by SubmitReport and CorrectReport so
// that a correction is checked exactly like a submission, both sign the report in its stored
// form, and both use one request-key namespace per agency.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "node/api/api_context.h"
#include "node/intake/committer.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::api {

// "<agency>/<client request id>", or "" when the client gave no request id. One namespace per
// agency for SubmitReport, CorrectReport and RetractReport.
std::string RequestKey(std::string_view agency_id, std::string_view request_id);

// Checks `request` (its envelope: validation::ValidateSubmitReport; its report:
// ctx.report_checker, against the codebook and by the screener) and returns the TREND_REPORT
// submission that stores the checked report: marking, normalized audience, request key of
// ctx.agency_id. INVALID_ARGUMENT naming the field(s) otherwise; nothing is submitted.
absl::StatusOr<intake::Submission> CheckedReportSubmission(
    const ApiContext& ctx, const rilon::v1::SubmitReportRequest& request);

}  // namespace rilon::api
