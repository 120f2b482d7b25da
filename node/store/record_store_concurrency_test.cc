// Concurrent appenders and readers: local_seq stays unique and gap-free, and readers see only
// whole, contiguous prefixes of the log.
#include <algorithm>
#include <atomic>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "node/store/record_store.h"
#include "node/store/store_test_util.h"

namespace rilon::store {
namespace {

using testing::MakeRecord;
using testing::TempDir;

TEST(RecordStoreConcurrencyTest, ParallelAppendersGetUniqueContiguousLocalSeqs) {
  constexpr int kThreads = 8;
  constexpr int kBatchesPerThread = 20;
  TempDir dir;
  absl::StatusOr<std::unique_ptr<RecordStore>> opened = RecordStore::Open({.data_dir = dir.path()});
  ASSERT_TRUE(opened.ok()) << opened.status();
  RecordStore& store = **opened;

  absl::Mutex mu;
  std::vector<uint64_t> seqs;  // guarded by mu
  std::atomic<int> failures{0};
  std::atomic<bool> writers_done{false};

  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      const std::string origin = absl::StrCat("xx.agency", t);
      uint64_t origin_seq = 0;
      for (int b = 0; b < kBatchesPerThread; ++b) {
        std::vector<NewRecord> batch;
        const int size = 1 + (t + b) % 3;
        for (int i = 0; i < size; ++i) batch.push_back(MakeRecord(origin, ++origin_seq, 32));
        absl::StatusOr<std::vector<store::SharedStoredRecord>> stored =
            store.Append(std::move(batch));
        if (!stored.ok() || stored->size() != static_cast<size_t>(size)) {
          ++failures;
          continue;
        }
        // One batch gets consecutive local_seqs.
        for (int i = 1; i < size; ++i) {
          if ((*stored)[i]->local_seq() != (*stored)[0]->local_seq() + i) ++failures;
        }
        absl::MutexLock lock(&mu);
        for (const auto& record : *stored) seqs.push_back(record->local_seq());
      }
    });
  }
  // A reader following the log meanwhile must only ever see a gap-free prefix.
  std::thread reader([&] {
    uint64_t after = 0;
    while (!writers_done.load() || after < store.LastLocalSeq()) {
      absl::StatusOr<std::vector<storage::v1::StoredRecord>> page =
          store.ReadLog(after, 50, std::numeric_limits<size_t>::max());
      if (!page.ok()) {
        ++failures;
        return;
      }
      for (const auto& record : *page) {
        if (record.local_seq() != after + 1) ++failures;
        after = record.local_seq();
      }
    }
  });
  for (std::thread& writer : writers) writer.join();
  writers_done = true;
  reader.join();

  EXPECT_EQ(failures.load(), 0);
  std::sort(seqs.begin(), seqs.end());
  ASSERT_FALSE(seqs.empty());
  for (size_t i = 0; i < seqs.size(); ++i) ASSERT_EQ(seqs[i], i + 1) << "at index " << i;
  EXPECT_EQ(store.LastLocalSeq(), seqs.size());
}

}  // namespace
}  // namespace rilon::store
