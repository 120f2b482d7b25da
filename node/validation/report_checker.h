// The node's intake check of a trend report, before anything is signed or stored: validation
// against the codebook and reference lists (report_validation.h), nominal-data screening of every
// free-text field (report_text_fields.h, screening/screener.h), then the form in which the report
// is stored: reporting_agency filled in, small cells flagged (small_cells.h).
//
// Usage (node/node.cc builds one from the configuration; handlers share it):
//   absl::StatusOr<std::unique_ptr<ReportChecker>> checker = ReportChecker::FromFiles(
//       config.reporting().codebook_dir(), {config.reporting().screening_pattern_files()...},
//       {.small_cell_threshold = config.reporting().small_cell_threshold()});
//   absl::StatusOr<TrendReport> stored = (*checker)->Check(request.report(), agency, now);
//
// Contract:
//   - FromFiles: the loaders' errors (codebook_loader.h, screening/pattern_file.h) unchanged.
//   - Check is const and thread-safe. It returns the report to store, or INVALID_ARGUMENT: the
//     validator's message when the report is invalid (every problem, each with its field path),
//     otherwise the screener's when free text may identify a person (each finding with field,
//     character offset, kind, masked value and a suggestion). Nothing is stored on an error:
//     the caller stores only what Check returns.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "node/validation/report_validation.h"
#include "node/validation/report_vocabulary.h"
#include "node/validation/screening/screener.h"
#include "node/validation/small_cells.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::validation {

class ReportChecker {
 public:
  struct Options {
    // k of small-cell flagging: breakdown counts 1..k-1 are flagged.
    uint32_t small_cell_threshold = kDefaultSmallCellThreshold;
    ReportLimits limits;
  };

  static absl::StatusOr<std::unique_ptr<ReportChecker>> FromFiles(
      const std::string& codebook_dir, const std::vector<std::string>& screening_pattern_files,
      const Options& options);

  ReportChecker(ReportVocabulary vocabulary, std::shared_ptr<const screening::Screener> screener,
                const Options& options);

  absl::StatusOr<rilon::v1::TrendReport> Check(const rilon::v1::TrendReport& report,
                                               std::string_view origin_agency, absl::Time now,
                                               std::string_view field = "report") const;

  // Screens free text that is not part of a report (a retraction's reason): OK, or the
  // screener's INVALID_ARGUMENT naming `field` (see Check). Const and thread-safe.
  absl::Status ScreenText(std::string_view field, std::string_view text) const;

  const ReportVocabulary& vocabulary() const { return vocabulary_; }
  const Options& options() const { return options_; }

 private:
  ReportVocabulary vocabulary_;
  std::shared_ptr<const screening::Screener> screener_;
  Options options_;
};

}  // namespace rilon::validation
