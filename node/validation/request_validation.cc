#include "node/validation/request_validation.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "node/security/identity.h"

namespace rilon::validation {
namespace {

using ::rilon::v1::Audience;
using ::rilon::v1::Measure;
using ::rilon::v1::SubmitReportRequest;
using ::rilon::v1::TrendReport;

absl::Status Invalid(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

bool IsLowerSnake(absl::string_view s) {
  if (s.empty() || s.size() > 64 || !absl::ascii_islower(s.front())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_';
  });
}

bool IsPrintableText(absl::string_view s) {
  // Free text may be any UTF-8, but control characters other than newline and tab have no place
  // in a report and can hide content from reviewers.
  return std::none_of(s.begin(), s.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\n' && c != '\t' && c != '\r') || u == 0x7f;
  });
}

bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char lead = static_cast<unsigned char>(s[i]);
    size_t continuation_bytes = 0;
    if (lead < 0x80) {
      continuation_bytes = 0;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      continuation_bytes = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      continuation_bytes = 2;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuation_bytes = 3;
    } else {
      return false;
    }
    if (continuation_bytes > s.size() - i - 1) return false;
    for (size_t k = 1; k <= continuation_bytes; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += continuation_bytes + 1;
  }
  return true;
}

absl::Status ValidateText(absl::string_view field, absl::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return Invalid(field,
                   absl::StrFormat("is %d bytes; at most %d are allowed", text.size(), max_bytes));
  }
  if (!IsValidUtf8(text)) return Invalid(field, "is not valid UTF-8 text");
  if (!IsPrintableText(text)) return Invalid(field, "contains control characters");
  return absl::OkStatus();
}

// "2026", "2026-Q3" or "2026-07", not after the current year.
absl::Status ValidatePeriod(absl::string_view period, absl::Time now) {
  constexpr absl::string_view kField = "report.period";
  constexpr absl::string_view kExpected =
      "must be a year (\"2026\"), a quarter (\"2026-Q3\") or a month (\"2026-07\")";
  if (period.empty()) return Invalid(kField, absl::StrCat("is required; it ", kExpected));
  int year = 0;
  if (period.size() < 4 || !absl::SimpleAtoi(period.substr(0, 4), &year) || year < 1990) {
    return Invalid(kField, absl::StrCat("\"", period, "\" ", kExpected));
  }
  int first_month = 1;
  absl::string_view rest = period.substr(4);
  if (!rest.empty()) {
    int n = 0;
    if (rest.size() == 3 && rest[0] == '-' && rest[1] == 'Q' &&
        absl::SimpleAtoi(rest.substr(2), &n) && n >= 1 && n <= 4) {
      first_month = 3 * (n - 1) + 1;
    } else if (rest.size() == 3 && rest[0] == '-' && absl::ascii_isdigit(rest[1]) &&
               absl::SimpleAtoi(rest.substr(1), &n) && n >= 1 && n <= 12) {
      first_month = n;
    } else {
      return Invalid(kField, absl::StrCat("\"", period, "\" ", kExpected));
    }
  }
  const absl::CivilSecond today = absl::ToCivilSecond(now, absl::UTCTimeZone());
  if (year > today.year() || (year == today.year() && first_month > today.month())) {
    return Invalid(kField,
                   absl::StrCat("\"", period, "\" has not started yet; report past periods only"));
  }
  return absl::OkStatus();
}

absl::Status ValidateMeasure(const Measure& m, size_t index) {
  const std::string field = absl::StrCat("report.measures[", index, "]");
  if (!IsLowerSnake(m.indicator())) {
    return Invalid(absl::StrCat(field, ".indicator"),
                   absl::StrCat("\"", m.indicator(),
                                "\" must be an indicator code in lower snake case, e.g. "
                                "\"persons_detected\""));
  }
  if (!std::isfinite(m.value()) || m.value() < 0) {
    return Invalid(absl::StrCat(field, ".value"),
                   absl::StrCat("must be a non-negative number, got ", m.value()));
  }
  if (m.unit().empty() || m.unit().size() > 32 || !IsPrintableText(m.unit())) {
    return Invalid(absl::StrCat(field, ".unit"),
                   "is required (1 to 32 characters), e.g. \"persons\", \"vessels\" or \"USD\"");
  }
  if (m.unit() == "persons" || m.unit() == "vessels" || m.unit() == "cases") {
    if (m.value() != std::floor(m.value())) {
      return Invalid(
          absl::StrCat(field, ".value"),
          absl::StrCat("counts of ", m.unit(), " must be whole numbers, got ", m.value()));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateReport(const TrendReport& report, absl::Time now, const ReportLimits& limits) {
  if (auto s = ValidatePeriod(report.period(), now); !s.ok()) return s;
  if (report.countries_size() > static_cast<int>(limits.max_countries)) {
    return Invalid("report.countries", absl::StrCat("has ", report.countries_size(),
                                                    " entries; at most ", limits.max_countries));
  }
  for (int i = 0; i < report.countries_size(); ++i) {
    const std::string& c = report.countries(i);
    if (c.size() != 2 || !absl::ascii_isupper(c[0]) || !absl::ascii_isupper(c[1])) {
      return Invalid(absl::StrCat("report.countries[", i, "]"),
                     absl::StrCat("\"", c, "\" must be an ISO 3166-1 alpha-2 code such as \"ID\""));
    }
  }
  if (auto s = ValidateText("report.route", report.route(), limits.max_route_bytes); !s.ok())
    return s;
  if (report.theme() == rilon::v1::THEME_UNSPECIFIED || !rilon::v1::Theme_IsValid(report.theme())) {
    return Invalid("report.theme",
                   "is required: PEOPLE_SMUGGLING, TRAFFICKING_IN_PERSONS or RELATED_CRIME");
  }
  if (report.mode() == rilon::v1::MODE_UNSPECIFIED || !rilon::v1::Mode_IsValid(report.mode())) {
    return Invalid("report.mode", "is required: SEA, LAND, AIR or ONLINE_OTHER");
  }
  if (report.measures().empty()) {
    return Invalid("report.measures", "needs at least one figure");
  }
  if (report.measures_size() > static_cast<int>(limits.max_measures)) {
    return Invalid("report.measures", absl::StrCat("has ", report.measures_size(),
                                                   " entries; at most ", limits.max_measures));
  }
  for (int i = 0; i < report.measures_size(); ++i) {
    if (auto s = ValidateMeasure(report.measures(i), i); !s.ok()) return s;
  }
  return ValidateText("report.narrative", report.narrative(), limits.max_narrative_bytes);
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

absl::Status ValidateSubmitReport(const SubmitReportRequest& request, absl::Time now,
                                  const ReportLimits& limits) {
  if (!request.has_report()) return Invalid("report", "is required");
  if (auto s = ValidateReport(request.report(), now, limits); !s.ok()) return s;
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
