// Throughput of the node's intake check of a trend report with a 2 KiB narrative: validation
// against the codebook plus nominal-data screening of every free-text field plus the stored form
// (ReportChecker::Check, what SubmitReport runs before signing). Issue 3, point 7: >= 20,000
// reports/s per core. The reports are the shared sample (4 measures, 10 breakdown cells, 5
// free-text fields) with narratives built from the clean texts of the labelled corpus.
//
//   report_intake_benchmark --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "node/validation/report_checker.h"
#include "node/validation/report_validation.h"
#include "node/validation/screening/test_support.h"
#include "node/validation/test_vocabulary.h"
#include "tests/testing/sample_reports.h"

namespace rilon::validation {
namespace {

constexpr size_t kNarrativeBytes = 2048;
constexpr int kReports = 64;

// kReports sample reports whose narratives are clean corpus texts joined up to 2 KiB.
std::vector<rilon::v1::TrendReport> MakeReports() {
  const std::vector<std::string> clean = screening::testing::CorpusTexts("clean");
  std::vector<rilon::v1::TrendReport> reports;
  size_t next = 0;
  for (int r = 0; r < kReports; ++r) {
    std::string narrative;
    while (narrative.size() < kNarrativeBytes) narrative += clean[next++ % clean.size()] + " ";
    // Cut after a sentence, then pad to exactly 2 KiB.
    narrative.resize(narrative.rfind(". ", kNarrativeBytes - 2) + 1);
    narrative.resize(kNarrativeBytes, ' ');
    rilon::v1::TrendReport report = rilon::testing::SampleTrendReport();
    report.set_narrative(narrative);
    reports.push_back(std::move(report));
  }
  return reports;
}

const ReportChecker& Checker() {
  static const ReportChecker* checker =
      new ReportChecker(testing::ShippedVocabulary(),
                        std::shared_ptr<const screening::Screener>(
                            std::shared_ptr<void>(), &screening::testing::ShippedScreener()),
                        ReportChecker::Options{});
  return *checker;
}

void BM_CheckReport(benchmark::State& state) {
  const std::vector<rilon::v1::TrendReport> reports = MakeReports();
  const absl::Time now = testing::TestNow();
  // The fixture must be what it claims: every report is valid and clean.
  for (const auto& report : reports) {
    absl::StatusOr<rilon::v1::TrendReport> checked = Checker().Check(report, "au.abf", now);
    if (!checked.ok()) {
      state.SkipWithError(std::string(checked.status().message()).c_str());
      return;
    }
  }
  size_t i = 0;
  for (auto _ : state) {
    absl::StatusOr<rilon::v1::TrendReport> checked =
        Checker().Check(reports[i++ % reports.size()], "au.abf", now);
    benchmark::DoNotOptimize(checked);
  }
  state.SetItemsProcessed(state.iterations());
}

// Validation alone, to see what screening costs on top.
void BM_ValidateReport(benchmark::State& state) {
  const std::vector<rilon::v1::TrendReport> reports = MakeReports();
  const absl::CivilDay today = testing::TestToday();
  size_t i = 0;
  for (auto _ : state) {
    absl::Status s = ValidateTrendReport(reports[i++ % reports.size()],
                                         testing::ShippedVocabulary(), "au.abf", today);
    if (!s.ok()) state.SkipWithError(std::string(s.message()).c_str());
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_CheckReport);
BENCHMARK(BM_ValidateReport);

}  // namespace
}  // namespace rilon::validation

BENCHMARK_MAIN();
