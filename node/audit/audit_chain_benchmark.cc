// Audit chain benchmarks (docs/audit.md "Measurements"):
//   BM_SealAcceptEntry       sealing one ACCEPT entry (serialize + SHA-256): the CPU an accepted
//                            record pays on the store's write path;
//   BM_RecordAndFlush/<n>    n standalone entries queued and written in one synced batch on a
//                            real disk (temp dir under $TMPDIR, or /tmp): durable entries/s.
// Not part of ctest. Run: rilon_audit_benchmark --benchmark_repetitions=5
#include <memory>
#include <string>

#include "benchmark/benchmark.h"
#include "node/audit/audit_chain.h"
#include "node/audit/audit_test_chain.h"
#include "node/store/accept_entry.h"
#include "node/store/record_store.h"
#include "node/store/store_test_util.h"

namespace rilon::audit {
namespace {

void BM_SealAcceptEntry(benchmark::State& state) {
  AuditChain chain(ChainHead{});
  store::NewRecord record = store::testing::MakeRecord("au.abf", 1, 1024);
  record.submitted_by = "spiffe://rilon.example/agency/au.abf/officer/jlee";
  uint64_t local_seq = 0;
  for (auto _ : state) {
    SealedAuditEntry sealed = chain.Seal(store::AcceptEntry(record, ++local_seq), 1);
    benchmark::DoNotOptimize(sealed.hash);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SealAcceptEntry);

void BM_RecordAndFlush(benchmark::State& state) {
  const int64_t per_write = state.range(0);
  store::testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<store::RecordStore>> store =
      store::RecordStore::Open({.data_dir = dir.path()});
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    return;
  }
  store::AuditStore& audit = (*store)->audit();
  uint64_t n = 0;
  for (auto _ : state) {
    for (int64_t i = 0; i < per_write; ++i) audit.Record(testing::SampleEntry(++n));
    if (absl::Status s = audit.Flush(); !s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * per_write);
}
BENCHMARK(BM_RecordAndFlush)->Arg(1)->Arg(32)->Arg(256)->UseRealTime();

}  // namespace
}  // namespace rilon::audit

BENCHMARK_MAIN();
