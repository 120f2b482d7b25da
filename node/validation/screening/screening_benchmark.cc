// Throughput of nominal-data screening for trend reports with a 2 KiB narrative (issue 3,
// point 7: >= 20,000 reports/s per core). A report is screened field by field as the node does:
// the narrative, the route name and the source notes. Narratives are built from the labelled
// corpus (tests/corpus/), so the text is the varied English the screener meets in service.
//
//   screening_benchmark --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <algorithm>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "node/validation/screening/screener.h"
#include "node/validation/screening/test_support.h"

namespace rilon::validation::screening {
namespace {

constexpr size_t kNarrativeBytes = 2048;
constexpr int kReports = 64;

struct Report {
  std::string narrative;
  std::string route;
  std::string source_notes;
};

// kReports reports whose narratives are clean corpus texts joined up to 2 KiB; with
// `with_nominal`, one nominal text is placed in the middle of each narrative.
std::vector<Report> MakeReports(bool with_nominal) {
  const std::vector<std::string> clean = testing::CorpusTexts("clean");
  const std::vector<std::string> nominal = testing::CorpusTexts("nominal");
  std::vector<Report> reports;
  size_t next_clean = 0;
  for (int r = 0; r < kReports; ++r) {
    Report report;
    while (report.narrative.size() < kNarrativeBytes) {
      if (with_nominal && report.narrative.size() >= kNarrativeBytes / 2 &&
          report.narrative.find('\x01') == std::string::npos) {
        report.narrative += nominal[(r * 7) % nominal.size()] + " \x01";
      } else {
        report.narrative += clean[next_clean++ % clean.size()] + " ";
      }
    }
    std::erase(report.narrative, '\x01');
    // Cut after a sentence (half a place name, "Shah" of "Shah Porir Dwip", reads as a
    // personal name) and pad to 2 KiB.
    report.narrative.resize(report.narrative.rfind(". ", kNarrativeBytes - 2) + 1);
    report.narrative.resize(kNarrativeBytes, ' ');
    report.route = "Cox's Bazar → Andaman Sea → Aceh";
    report.source_notes =
        "Debriefing of rescued persons by the liaison officer; confidence medium.";
    reports.push_back(std::move(report));
  }
  return reports;
}

void ScreenReports(benchmark::State& state, bool with_nominal) {
  const Screener& screener = testing::ShippedScreener();
  const std::vector<Report> reports = MakeReports(with_nominal);
  if (!with_nominal) {
    // The fixture must be what it claims: clean reports pass screening.
    for (const Report& report : reports) {
      const std::vector<Finding> found = screener.Screen("report.narrative", report.narrative);
      if (!found.empty()) {
        state.SkipWithError(
            ("a clean benchmark report has a finding: " + FormatFinding(found[0])).c_str());
        return;
      }
    }
  }
  size_t i = 0;
  size_t findings_total = 0;
  std::vector<Finding> findings;
  for (auto _ : state) {
    const Report& report = reports[i++ % reports.size()];
    findings.clear();
    screener.ScreenInto("report.narrative", report.narrative, findings);
    screener.ScreenInto("report.route", report.route, findings);
    screener.ScreenInto("report.source_notes", report.source_notes, findings);
    findings_total += findings.size();
    benchmark::DoNotOptimize(findings.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * (kNarrativeBytes + reports[0].route.size() +
                                                reports[0].source_notes.size()));
  state.counters["findings_per_report"] =
      benchmark::Counter(static_cast<double>(findings_total) / state.iterations());
}

void BM_ScreenCleanReport(benchmark::State& state) { ScreenReports(state, false); }
void BM_ScreenReportWithNominalSentence(benchmark::State& state) { ScreenReports(state, true); }

// Start-up cost of a node: parsing and compiling the shipped pattern file.
void BM_LoadShippedPatterns(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<std::unique_ptr<Screener>> screener =
        Screener::FromFiles({testing::ShippedPatternsPath()});
    if (!screener.ok()) state.SkipWithError("the shipped patterns do not load");
    benchmark::DoNotOptimize(screener);
  }
}

BENCHMARK(BM_ScreenCleanReport);
BENCHMARK(BM_ScreenReportWithNominalSentence);
BENCHMARK(BM_LoadShippedPatterns)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace rilon::validation::screening

BENCHMARK_MAIN();
