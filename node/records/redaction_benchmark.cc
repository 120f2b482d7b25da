// Cost of redactable signing per record: SealReport runs once per accepted report (on the
// submitter's thread, before the commit thread), CheckDisclosure on every received record
// (federation verifier), OpenReport on every read (API). The report: 3 measures x 6 cells and a 2
// KiB narrative.
//
//   ninja -C <build> rilon_records_benchmark && <build>/node/records/rilon_records_benchmark
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "node/records/envelope.h"
#include "node/records/redaction.h"
#include "node/records/sealed_content.h"

namespace rilon::records {
namespace {

rilon::v1::TrendReport BenchmarkReport() {
  rilon::v1::TrendReport report;
  report.mutable_period()->mutable_month()->set_year(2026);
  report.mutable_period()->mutable_month()->set_month(7);
  rilon::v1::Geography* geo = report.mutable_geography();
  geo->add_countries("ID");
  geo->add_countries("MM");
  geo->add_routes("bay_of_bengal_andaman_sea");
  report.set_theme(rilon::v1::PEOPLE_SMUGGLING);
  report.set_mode(rilon::v1::SEA);
  report.set_codebook_version("1");
  report.set_confidence(rilon::v1::CONFIDENCE_MEDIUM);
  for (int i = 0; i < 3; ++i) {
    rilon::v1::Measure* m = report.add_measures();
    m->set_indicator("indicator_" + std::to_string(i));
    m->set_unit("persons");
    m->set_value(600);
    for (int j = 0; j < 6; ++j) {
      rilon::v1::Disaggregation* d = m->add_disaggregations();
      d->set_dimension("age_band");
      d->set_category("band_" + std::to_string(j));
      d->set_value(100);
    }
  }
  report.set_narrative(std::string(2048, 'n'));
  report.add_sources()->set_type(rilon::v1::OPERATIONAL_REPORTING);
  return report;
}

rilon::v1::SignedRecord SealedRecord(const rilon::v1::TrendReport& report,
                                     rilon::v1::RecordBody& body) {
  absl::StatusOr<SealedContent> sealed = SealReport(report);
  if (!sealed.ok()) std::abort();
  body.set_envelope_version(kEnvelopeV2);
  body.set_kind(rilon::v1::TREND_REPORT);
  body.set_origin_agency("au.abf");
  body.set_origin_seq(1);
  body.set_marking(rilon::v1::TLP_AMBER);
  body.set_signer_key_id(std::string(32, 'k'));
  rilon::v1::SignedRecord record;
  PutSealedContent(*std::move(sealed), body, record);
  record.set_body(body.SerializeAsString());
  return record;
}

void BM_SealReport(benchmark::State& state) {
  const rilon::v1::TrendReport report = BenchmarkReport();
  for (auto _ : state) {
    absl::StatusOr<SealedContent> sealed = SealReport(report);
    benchmark::DoNotOptimize(sealed);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SealReport);

void BM_OpenReport(benchmark::State& state) {
  rilon::v1::RecordBody body;
  const rilon::v1::SignedRecord record = SealedRecord(BenchmarkReport(), body);
  for (auto _ : state) {
    absl::StatusOr<OpenedReport> opened = OpenReport(record, body);
    if (!opened.ok()) std::abort();
    benchmark::DoNotOptimize(opened);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OpenReport);

void BM_CheckDisclosure(benchmark::State& state) {
  rilon::v1::RecordBody body;
  const rilon::v1::SignedRecord record = SealedRecord(BenchmarkReport(), body);
  for (auto _ : state) {
    absl::Status checked = CheckDisclosure(record, body);
    if (!checked.ok()) std::abort();
    benchmark::DoNotOptimize(checked);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CheckDisclosure);

// The reference point: what a version 1 record costs to open (one parse of the whole report).
void BM_ParseWholeReport(benchmark::State& state) {
  const std::string payload = BenchmarkReport().SerializeAsString();
  for (auto _ : state) {
    rilon::v1::TrendReport report;
    if (!report.ParseFromString(payload)) std::abort();
    benchmark::DoNotOptimize(report);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseWholeReport);

void BM_RedactThreeCells(benchmark::State& state) {
  rilon::v1::RecordBody body;
  const rilon::v1::SignedRecord record = SealedRecord(BenchmarkReport(), body);
  Disclosure disclosure{{"narrative", "m0.d1", "m1.d2", "m2.d3"}, {}};
  for (auto _ : state) {
    absl::StatusOr<rilon::v1::SignedRecord> redacted = Redact(record, disclosure);
    if (!redacted.ok()) std::abort();
    benchmark::DoNotOptimize(redacted);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RedactThreeCells);

}  // namespace
}  // namespace rilon::records
