// A full disk (FaultSwitch): the failing write is refused, the store stays read-only until
// reopened, and reopening recovers exactly what had been acknowledged.
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/store/fault_switch.h"
#include "node/store/record_store.h"
#include "node/store/store_test_util.h"

namespace rilon::store {
namespace {

using ::testing::HasSubstr;
using testing::MakeId;
using testing::MakeRecord;
using testing::TempDir;

TEST(RecordStoreFaultTest, FullDiskIsUnavailableThenReadOnlyUntilReopen) {
  TempDir dir;
  auto faults = std::make_shared<FaultSwitch>();
  {
    absl::StatusOr<std::unique_ptr<RecordStore>> opened =
        RecordStore::Open({.data_dir = dir.path(), .fault_switch = faults});
    ASSERT_TRUE(opened.ok()) << opened.status();
    RecordStore& store = **opened;
    ASSERT_TRUE(store.Append({MakeRecord("au.abf", 1), MakeRecord("au.abf", 2)}).ok());
    ASSERT_TRUE(store.Append({MakeRecord("au.abf", 3)}).ok());

    faults->fail_writes = true;
    absl::StatusOr<std::vector<store::SharedStoredRecord>> full =
        store.Append({MakeRecord("au.abf", 4), MakeRecord("au.abf", 5)});
    EXPECT_EQ(full.status().code(), absl::StatusCode::kUnavailable);
    EXPECT_THAT(full.status().message(), HasSubstr("injected by FaultSwitch"));
    EXPECT_EQ(store.LastLocalSeq(), 3u);

    // Reads keep working while the store is failed.
    EXPECT_TRUE(store.Get(MakeId("au.abf", 3)).ok());
    absl::StatusOr<std::vector<storage::v1::StoredRecord>> log = store.ReadLog(0, 10, 1 << 20);
    ASSERT_TRUE(log.ok()) << log.status();
    EXPECT_EQ(log->size(), 3u);

    // The disk has room again, but this store never acknowledges another write.
    faults->fail_writes = false;
    absl::StatusOr<std::vector<store::SharedStoredRecord>> after =
        store.Append({MakeRecord("au.abf", 4)});
    EXPECT_EQ(after.status().code(), absl::StatusCode::kUnavailable);
    EXPECT_THAT(after.status().message(),
                HasSubstr("store is read-only after a write error; restart rilond after fixing "
                          "the disk"));
  }

  absl::StatusOr<std::unique_ptr<RecordStore>> reopened =
      RecordStore::Open({.data_dir = dir.path()});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  RecordStore& store = **reopened;
  EXPECT_EQ(store.LastLocalSeq(), 3u);
  for (uint64_t seq = 1; seq <= 3; ++seq) {
    EXPECT_TRUE(store.Get(MakeId("au.abf", seq)).ok()) << "au.abf seq " << seq;
  }
  EXPECT_EQ(store.Get(MakeId("au.abf", 4)).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store.Get(MakeId("au.abf", 5)).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<uint64_t> last_origin = store.LastOriginSeq("au.abf");
  ASSERT_TRUE(last_origin.ok()) << last_origin.status();
  EXPECT_EQ(*last_origin, 3u);

  absl::StatusOr<std::vector<store::SharedStoredRecord>> retried =
      store.Append({MakeRecord("au.abf", 4)});
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ((*retried)[0]->local_seq(), 4u);
  absl::Status verified = store.VerifyIntegrity();
  EXPECT_TRUE(verified.ok()) << verified;
}

TEST(RecordStoreFaultTest, SwitchOffHasNoEffect) {
  TempDir dir;
  auto faults = std::make_shared<FaultSwitch>();
  absl::StatusOr<std::unique_ptr<RecordStore>> opened =
      RecordStore::Open({.data_dir = dir.path(), .fault_switch = faults});
  ASSERT_TRUE(opened.ok()) << opened.status();
  for (uint64_t seq = 1; seq <= 5; ++seq) {
    absl::StatusOr<std::vector<store::SharedStoredRecord>> stored =
        (*opened)->Append({MakeRecord("au.abf", seq)});
    ASSERT_TRUE(stored.ok()) << stored.status();
  }
  EXPECT_EQ((*opened)->LastLocalSeq(), 5u);
}

}  // namespace
}  // namespace rilon::store
