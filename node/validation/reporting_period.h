// The reporting period of a trend report (rilon.v1.ReportingPeriod) as text and as days: used by
// the node's validation, by the client to print and read periods ("2026-Q3"), and by CSV import.
//
// Text forms (the same as in docs/data-model.md):
//   "2026"                    calendar year
//   "2026-Q3"                 calendar quarter (Q1..Q4)
//   "2026-07"                 calendar month
//   "2026-07-01/2026-08-15"   explicit ISO 8601 interval of whole days, both inclusive
//
// Contract: pure functions. ParsePeriodText refuses anything else with INVALID_ARGUMENT saying
// which forms are accepted; it checks the shape and ranges (month 1..12, quarter 1..4, real
// calendar dates) but not the order of interval dates or the clock (PeriodDays does the first,
// the report validator the second). FormatPeriod is the inverse of ParsePeriodText for every
// period it accepts, and "" for an unset period.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::validation {

// Years a period may name: RILON holds no earlier data, and four digits keep the text forms
// unambiguous.
inline constexpr int kMinPeriodYear = 1990;
inline constexpr int kMaxPeriodYear = 9999;

absl::StatusOr<rilon::v1::ReportingPeriod> ParsePeriodText(std::string_view text);

std::string FormatPeriod(const rilon::v1::ReportingPeriod& period);

// The first and last day (inclusive) a period covers.
struct PeriodDays {
  absl::CivilDay first;
  absl::CivilDay last;
};

// INVALID_ARGUMENT naming `field` ("report.period") or the sub-field at fault
// ("report.period.interval.end_date"): unset period, year outside kMinPeriodYear..kMaxPeriodYear,
// month or quarter out of range, a date that is not "YYYY-MM-DD" or does not exist, an interval
// that ends before it starts.
absl::StatusOr<PeriodDays> ResolvePeriodDays(const rilon::v1::ReportingPeriod& period,
                                             std::string_view field);

// Parses an ISO 8601 calendar date "YYYY-MM-DD" that exists (no 2026-02-30).
bool ParseIsoDate(std::string_view text, absl::CivilDay* day);

}  // namespace rilon::validation
