// Record store benchmarks on a real disk (temp dir under $TMPDIR, or /tmp):
//   BM_Append/<batch>   synced Append of 1 KiB records, batch sizes 1, 8, 32, 256;
//   BM_OpenLargeStore   Open() of a store holding 10^6 small records (built once, slowly).
// Not part of ctest. Run: rilon_store_benchmark --benchmark_repetitions=5
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "node/store/record_store.h"
#include "node/store/store_test_util.h"

namespace rilon::store {
namespace {

using testing::MakeRecord;
using testing::TempDir;

constexpr size_t kRecordPayloadBytes = 1024;
constexpr uint64_t kLargeStoreRecords = 1'000'000;
constexpr size_t kLargeStoreBatch = 1000;
constexpr size_t kSmallPayloadBytes = 16;

void BM_Append(benchmark::State& state) {
  const size_t batch_size = static_cast<size_t>(state.range(0));
  TempDir dir;
  absl::StatusOr<std::unique_ptr<RecordStore>> store = RecordStore::Open({.data_dir = dir.path()});
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    return;
  }
  uint64_t origin_seq = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<NewRecord> batch;
    batch.reserve(batch_size);
    for (size_t i = 0; i < batch_size; ++i) {
      batch.push_back(MakeRecord("au.abf", ++origin_seq, kRecordPayloadBytes));
    }
    state.ResumeTiming();
    absl::StatusOr<std::vector<store::SharedStoredRecord>> stored =
        (*store)->Append(std::move(batch));
    if (!stored.ok()) {
      state.SkipWithError(stored.status().ToString().c_str());
      return;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch_size));
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * batch_size * kRecordPayloadBytes));
}
BENCHMARK(BM_Append)->Arg(1)->Arg(8)->Arg(32)->Arg(256)->UseRealTime()->Unit(
    benchmark::kMicrosecond);

// Built on first use and removed at exit. Returns an empty path if building failed.
const std::string& LargeStoreDir() {
  static TempDir* dir = new TempDir();  // never destroyed before main returns; see atexit below
  static const std::string path = [] {
    std::atexit([] { delete dir; });
    const auto start = std::chrono::steady_clock::now();
    {
      absl::StatusOr<std::unique_ptr<RecordStore>> store =
          RecordStore::Open({.data_dir = dir->path()});
      if (!store.ok()) {
        std::fprintf(stderr, "open: %s\n", store.status().ToString().c_str());
        return std::string();
      }
      uint64_t seq = 0;
      while (seq < kLargeStoreRecords) {
        std::vector<NewRecord> batch;
        batch.reserve(kLargeStoreBatch);
        for (size_t i = 0; i < kLargeStoreBatch; ++i) {
          batch.push_back(MakeRecord("id.polri", ++seq, kSmallPayloadBytes));
        }
        absl::Status appended = (*store)->Append(std::move(batch)).status();
        if (!appended.ok()) {
          std::fprintf(stderr, "append: %s\n", appended.ToString().c_str());
          return std::string();
        }
      }
    }
    const auto built = std::chrono::steady_clock::now();
    // The first open after the build replays the WAL of the unflushed memtables; report it
    // separately so that BM_OpenLargeStore measures the steady state.
    {
      absl::StatusOr<std::unique_ptr<RecordStore>> store =
          RecordStore::Open({.data_dir = dir->path()});
      if (!store.ok()) {
        std::fprintf(stderr, "reopen: %s\n", store.status().ToString().c_str());
        return std::string();
      }
    }
    const auto reopened = std::chrono::steady_clock::now();
    using Ms = std::chrono::duration<double, std::milli>;
    std::fprintf(stderr,
                 "large store: built %llu records in %.0f ms; first open (WAL replay) %.1f ms\n",
                 static_cast<unsigned long long>(kLargeStoreRecords), Ms(built - start).count(),
                 Ms(reopened - built).count());
    return dir->path();
  }();
  return path;
}

void BM_OpenLargeStore(benchmark::State& state) {
  const std::string& path = LargeStoreDir();
  if (path.empty()) {
    state.SkipWithError("building the large store failed");
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<std::unique_ptr<RecordStore>> store = RecordStore::Open({.data_dir = path});
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    if ((*store)->LastLocalSeq() != kLargeStoreRecords) {
      state.SkipWithError("wrong LastLocalSeq after open");
      return;
    }
    state.PauseTiming();  // closing waits for background compactions; not part of Open
    store->reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_OpenLargeStore)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace rilon::store

BENCHMARK_MAIN();
