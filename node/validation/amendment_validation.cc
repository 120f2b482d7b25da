#include "node/validation/amendment_validation.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "node/util/string_views.h"
#include "node/validation/request_validation.h"

namespace rilon::validation {
namespace {

using ::rilon::v1::Audience;

using util::ToAbsl;

absl::Status Invalid(std::string_view field, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(ToAbsl(field), ": ", ToAbsl(what)));
}

// Entries of `required` that `given` lacks (both sorted and unique, as normalized audiences are).
std::vector<std::string> Missing(const google::protobuf::RepeatedPtrField<std::string>& required,
                                 const google::protobuf::RepeatedPtrField<std::string>& given) {
  std::vector<std::string> missing;
  std::set_difference(required.begin(), required.end(), given.begin(), given.end(),
                      std::back_inserter(missing));
  return missing;
}

absl::Status RequireSuperset(std::string_view field,
                             const google::protobuf::RepeatedPtrField<std::string>& required,
                             const google::protobuf::RepeatedPtrField<std::string>& given) {
  std::vector<std::string> missing = Missing(required, given);
  if (missing.empty()) return absl::OkStatus();
  return Invalid(field, absl::StrCat("must include every recipient of the corrected version, so "
                                     "that they receive the correction; missing: ",
                                     absl::StrJoin(missing, ", "),
                                     " (to take a report back from its recipients, retract it)"));
}

}  // namespace

absl::Status ValidateCorrectReportShape(const rilon::v1::CorrectReportRequest& request) {
  if (absl::Status s = ValidateRecordIdField("id", request.id()); !s.ok()) return s;
  if (!rilon::v1::Marking_IsValid(request.marking())) {
    return Invalid("marking",
                   "must be TLP_CLEAR, TLP_GREEN, TLP_AMBER, TLP_AMBER_STRICT or TLP_RED, or unset "
                   "to keep the corrected version's");
  }
  return ValidateRequestId("request_id", request.request_id());
}

absl::StatusOr<rilon::v1::SubmitReportRequest> EffectiveCorrection(
    const rilon::v1::CorrectReportRequest& request, const rilon::v1::RecordBody& corrected) {
  rilon::v1::SubmitReportRequest effective;
  *effective.mutable_report() = request.report();
  effective.set_request_id(request.request_id());

  // The Marking values are numbered from least to most restrictive (TLP 2.0 order).
  if (request.marking() == rilon::v1::MARKING_UNSPECIFIED) {
    effective.set_marking(corrected.marking());
  } else if (request.marking() > corrected.marking()) {
    return Invalid("marking",
                   absl::StrCat(rilon::v1::Marking_Name(request.marking()),
                                " is more restrictive than the corrected version's ",
                                rilon::v1::Marking_Name(corrected.marking()),
                                ", so some of its recipients could miss the correction; keep ",
                                rilon::v1::Marking_Name(corrected.marking()),
                                " (or leave marking out), or retract the report and submit a new "
                                "one"));
  } else {
    effective.set_marking(request.marking());
  }

  Audience required = corrected.audience();
  NormalizeAudience(required);
  if (!request.has_audience()) {
    *effective.mutable_audience() = required;
    return effective;
  }
  Audience given = request.audience();
  NormalizeAudience(given);
  if (absl::Status s = RequireSuperset("audience.agencies", required.agencies(), given.agencies());
      !s.ok()) {
    return s;
  }
  if (absl::Status s = RequireSuperset("audience.groups", required.groups(), given.groups());
      !s.ok()) {
    return s;
  }
  *effective.mutable_audience() = std::move(given);
  return effective;
}

absl::Status ValidateRetractReport(const rilon::v1::RetractReportRequest& request) {
  if (absl::Status s = ValidateRecordIdField("id", request.id()); !s.ok()) return s;
  if (absl::StripAsciiWhitespace(request.reason()).empty()) {
    return Invalid("reason",
                   "is required: say why the report is withdrawn (for example \"figures were "
                   "double counted\"), without naming anybody");
  }
  if (absl::Status s = ValidateFreeText("reason", request.reason(), kMaxRetractionReasonBytes);
      !s.ok()) {
    return s;
  }
  return ValidateRequestId("request_id", request.request_id());
}

}  // namespace rilon::validation
