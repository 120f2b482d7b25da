#include "node/validation/request_validation.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "node/security/identity.h"
#include "node/validation/text_checks.h"

namespace rilon::validation {
namespace {

using ::rilon::v1::Audience;
using ::rilon::v1::SubmitReportRequest;

absl::Status Invalid(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

bool IsValidGroupId(absl::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-' || c == '.';
  });
}

bool IsValidRequestId(absl::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '-';
  });
}

absl::Status ValidateAudience(const Audience& audience, const ReportLimits& limits) {
  if (audience.agencies_size() > static_cast<int>(limits.max_audience_agencies)) {
    return Invalid("audience.agencies",
                   absl::StrCat("has ", audience.agencies_size(), " entries; at most ",
                                limits.max_audience_agencies));
  }
  for (int i = 0; i < audience.agencies_size(); ++i) {
    if (!security::IsValidAgencyId(audience.agencies(i))) {
      return Invalid(absl::StrCat("audience.agencies[", i, "]"),
                     absl::StrCat("\"", audience.agencies(i),
                                  "\" is not an agency id; use \"<country code>.<short name>\" "
                                  "in lower case, e.g. \"id.polri\""));
    }
  }
  if (audience.groups_size() > static_cast<int>(limits.max_audience_groups)) {
    return Invalid("audience.groups",
                   absl::StrCat("has ", audience.groups_size(), " entries; at most ",
                                limits.max_audience_groups));
  }
  for (int i = 0; i < audience.groups_size(); ++i) {
    if (!IsValidGroupId(audience.groups(i))) {
      return Invalid(
          absl::StrCat("audience.groups[", i, "]"),
          absl::StrCat("\"", audience.groups(i),
                       "\" is not a group id (lower case letters, digits, '-' and '.')"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateSubmitReport(const SubmitReportRequest& request, const ReportLimits& limits) {
  if (!request.has_report()) return Invalid("report", "is required");
  if (request.marking() == rilon::v1::MARKING_UNSPECIFIED ||
      !rilon::v1::Marking_IsValid(request.marking())) {
    return Invalid("marking",
                   "is required: TLP_CLEAR, TLP_GREEN, TLP_AMBER, TLP_AMBER_STRICT or TLP_RED");
  }
  if (auto s = ValidateAudience(request.audience(), limits); !s.ok()) return s;
  if (!request.request_id().empty() && !IsValidRequestId(request.request_id())) {
    return Invalid("request_id", "must be 1 to 64 characters of letters, digits, '.', '_' and '-'");
  }
  return absl::OkStatus();
}

absl::Status ValidateFreeText(std::string_view field_in, std::string_view text, size_t max_bytes) {
  const absl::string_view field(field_in.data(), field_in.size());
  if (text.size() > max_bytes) {
    return Invalid(field,
                   absl::StrFormat("is %d bytes; at most %d are allowed", text.size(), max_bytes));
  }
  if (!IsValidUtf8(text)) return Invalid(field, "is not valid UTF-8 text");
  if (!IsPrintableText(text)) return Invalid(field, "contains control characters");
  return absl::OkStatus();
}

absl::Status ValidateRequestId(std::string_view field, std::string_view request_id) {
  const absl::string_view id(request_id.data(), request_id.size());
  if (id.empty() || IsValidRequestId(id)) return absl::OkStatus();
  return Invalid(absl::string_view(field.data(), field.size()),
                 "must be 1 to 64 characters of letters, digits, '.', '_' and '-'");
}

void NormalizeAudience(Audience& audience) {
  auto normalize = [](google::protobuf::RepeatedPtrField<std::string>* field) {
    std::sort(field->begin(), field->end());
    field->erase(std::unique(field->begin(), field->end()), field->end());
  };
  normalize(audience.mutable_agencies());
  normalize(audience.mutable_groups());
}

absl::Status ValidateRecordIdField(std::string_view field_in, std::string_view value_in) {
  const absl::string_view field(field_in.data(), field_in.size());
  const absl::string_view value(value_in.data(), value_in.size());
  if (value.size() != 64 || !std::all_of(value.begin(), value.end(), [](char c) {
        return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
      })) {
    return Invalid(field, "must be a record id: 64 lower-case hexadecimal characters");
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> ParsePosition(std::string_view field_in, std::string_view value_in) {
  const absl::string_view field(field_in.data(), field_in.size());
  const absl::string_view value(value_in.data(), value_in.size());
  if (value.empty()) return 0;
  uint64_t position = 0;
  if (value.size() > 20 || !std::all_of(value.begin(), value.end(), absl::ascii_isdigit) ||
      !absl::SimpleAtoi(value, &position)) {
    return Invalid(
        field, absl::StrCat("\"", value, "\" is not a cursor; pass a value this node returned"));
  }
  return position;
}

}  // namespace rilon::validation
