#include "node/api/report_submission.h"

#include "node/validation/request_validation.h"

namespace rilon::api {

std::string RequestKey(std::string_view agency_id, std::string_view request_id) {
  if (request_id.empty()) return "";
  std::string key(agency_id);
  key.push_back('/');
  key.append(request_id);
  return key;
}

absl::StatusOr<intake::Submission> CheckedReportSubmission(
    const ApiContext& ctx, const rilon::v1::SubmitReportRequest& request) {
  if (absl::Status valid = validation::ValidateSubmitReport(request); !valid.ok()) return valid;
  absl::StatusOr<rilon::v1::TrendReport> report =
      ctx.report_checker->Check(request.report(), ctx.agency_id, ctx.clock());
  if (!report.ok()) return report.status();
  intake::Submission submission;
  submission.kind = rilon::v1::TREND_REPORT;
  submission.marking = request.marking();
  submission.audience = request.audience();
  validation::NormalizeAudience(submission.audience);
  submission.report = *std::move(report);
  submission.request_key = RequestKey(ctx.agency_id, request.request_id());
  return submission;
}

}  // namespace rilon::api
