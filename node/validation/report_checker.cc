#include "node/validation/report_checker.h"

#include "node/validation/codebook_loader.h"
#include "node/validation/report_text_fields.h"
#include "node/validation/screening/finding.h"

namespace rilon::validation {

absl::StatusOr<std::unique_ptr<ReportChecker>> ReportChecker::FromFiles(
    const std::string& codebook_dir, const std::vector<std::string>& screening_pattern_files,
    const Options& options) {
  absl::StatusOr<ReportVocabulary> vocabulary = LoadReportVocabulary(codebook_dir);
  if (!vocabulary.ok()) return vocabulary.status();
  absl::StatusOr<std::unique_ptr<screening::Screener>> screener =
      screening::Screener::FromFiles(screening_pattern_files);
  if (!screener.ok()) return screener.status();
  return std::make_unique<ReportChecker>(std::move(*vocabulary), std::move(*screener), options);
}

ReportChecker::ReportChecker(ReportVocabulary vocabulary,
                             std::shared_ptr<const screening::Screener> screener,
                             const Options& options)
    : vocabulary_(std::move(vocabulary)), screener_(std::move(screener)), options_(options) {}

absl::StatusOr<rilon::v1::TrendReport> ReportChecker::Check(const rilon::v1::TrendReport& report,
                                                            std::string_view origin_agency,
                                                            absl::Time now,
                                                            std::string_view field) const {
  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  if (absl::Status s =
          ValidateTrendReport(report, vocabulary_, origin_agency, today, options_.limits, field);
      !s.ok()) {
    return s;
  }
  std::vector<screening::Finding> findings;
  for (const TextField& text : FreeTextFields(report, field)) {
    screener_->ScreenInto(text.path, text.text, findings);
  }
  if (absl::Status s = screening::FindingsToStatus(findings); !s.ok()) return s;

  rilon::v1::TrendReport stored = report;
  stored.set_reporting_agency(std::string(origin_agency));
  FlagSmallCells(stored, vocabulary_.codebooks.at(report.codebook_version()),
                 options_.small_cell_threshold);
  return stored;
}

absl::Status ReportChecker::ScreenText(std::string_view field, std::string_view text) const {
  return screening::FindingsToStatus(screener_->Screen(field, text));
}

}  // namespace rilon::validation
