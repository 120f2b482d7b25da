// Validation of a trend report's content against the codebook and reference lists
// (docs/data-model.md is the reference; docs/reporting-guide.md tells officers the same in
// their terms).
//
// Contract:
//   - Pure: no I/O, no clock; `today` is the current UTC day, passed in.
//   - OK, or INVALID_ARGUMENT listing every problem found (up to kMaxReportProblems lines, then
//     "... and N more"), one per line, each starting with the exact field path
//     ("report.measures[2].disaggregations[0].value: ...") and saying what is wrong and what to
//     do. The message therefore starts with the path of the first bad field.
//   - What is checked: reporting_agency is empty or `origin_agency`; the period is well formed,
//     not inverted, has started (calendar periods) or ended by `today` (intervals); countries,
//     subdivisions and routes exist in the reference lists (subdivisions of listed countries);
//     theme, mode and confidence are set; codebook_version is known (else the known versions are
//     listed); each indicator exists in that version (else the closest code is suggested),
//     belongs to the report's theme, appears once, states the codebook's unit, has a finite
//     non-negative value (whole for counts) and a currency exactly when it is monetary;
//     disaggregations use dimensions allowed for the indicator and known categories, once each,
//     whole non-negative values for counts, and the cells of one dimension of a count add up to
//     at most the measure's value; free text is bounded, valid UTF-8 without control characters.
//   - Not checked here: personal data in free text (the screener, report_checker.h) and the
//     output-only small-cell fields (small_cells.h overwrites them).
#pragma once

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "node/validation/report_vocabulary.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::validation {

// Bounds on what one report may contain; chosen so that a maximal report stays far below the
// gRPC message limit and the store's record size.
struct ReportLimits {
  size_t max_measures = 500;
  size_t max_countries = 60;
  size_t max_subdivisions = 100;
  size_t max_routes = 20;
  size_t max_disaggregations = 400;  // per measure
  size_t max_sources = 20;
  size_t max_narrative_bytes = 16 * 1024;
  size_t max_note_bytes = 1024;  // route_note, measure notes, source notes
  size_t max_audience_agencies = 250;
  size_t max_audience_groups = 50;
};

inline constexpr size_t kMaxReportProblems = 20;

absl::Status ValidateTrendReport(const rilon::v1::TrendReport& report,
                                 const ReportVocabulary& vocabulary, std::string_view origin_agency,
                                 absl::CivilDay today, const ReportLimits& limits = {},
                                 std::string_view field = "report");

}  // namespace rilon::validation
