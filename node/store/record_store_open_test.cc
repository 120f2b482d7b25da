// Opening a data directory: creation, refusal of newer or foreign layouts.
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/store/internal/raw_store_access.h"
#include "node/store/key_codec.h"
#include "node/store/record_store.h"
#include "node/store/schema.h"
#include "node/store/store_test_util.h"

namespace rilon::store {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::MakeRecord;
using testing::TempDir;

absl::Status CreateStoreWithOneRecord(const std::string& dir) {
  absl::StatusOr<std::unique_ptr<RecordStore>> store = RecordStore::Open({.data_dir = dir});
  if (!store.ok()) return store.status();
  return (*store)->Append({MakeRecord("au.abf", 1)}).status();
}

TEST(RecordStoreOpenTest, CreatesMissingDirectoriesWithMode0700) {
  TempDir dir;
  const std::string data_dir = dir.path() + "/node/store";
  absl::StatusOr<std::unique_ptr<RecordStore>> store = RecordStore::Open({.data_dir = data_dir});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->LastLocalSeq(), 0u);
  for (const std::string& path : {dir.path() + "/node", data_dir}) {
    struct stat st;
    ASSERT_EQ(stat(path.c_str(), &st), 0) << path;
    EXPECT_EQ(st.st_mode & 0777, 0700u) << path;
  }
}

TEST(RecordStoreOpenTest, CreateIfMissingOffRefusesMissingStore) {
  TempDir dir;
  absl::StatusOr<std::unique_ptr<RecordStore>> missing_dir =
      RecordStore::Open({.data_dir = dir.path() + "/absent", .create_if_missing = false});
  EXPECT_EQ(missing_dir.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing_dir.status().message(), HasSubstr("/absent"));

  absl::StatusOr<std::unique_ptr<RecordStore>> empty_dir =
      RecordStore::Open({.data_dir = dir.path(), .create_if_missing = false});
  EXPECT_EQ(empty_dir.status().code(), absl::StatusCode::kNotFound);

  ASSERT_TRUE(CreateStoreWithOneRecord(dir.path()).ok());
  absl::StatusOr<std::unique_ptr<RecordStore>> existing =
      RecordStore::Open({.data_dir = dir.path(), .create_if_missing = false});
  ASSERT_TRUE(existing.ok()) << existing.status();
  EXPECT_EQ((*existing)->LastLocalSeq(), 1u);
}

TEST(RecordStoreOpenTest, DataDirThatIsAFileIsFailedPrecondition) {
  TempDir dir;
  const std::string file = dir.path() + "/not-a-dir";
  std::ofstream(file) << "x";
  EXPECT_EQ(RecordStore::Open({.data_dir = file}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RecordStore::Open({.data_dir = ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RecordStoreOpenTest, NewerSchemaVersionIsFailedPreconditionNamingBothVersions) {
  TempDir dir;
  ASSERT_TRUE(CreateStoreWithOneRecord(dir.path()).ok());
  ASSERT_TRUE(internal::PutMetaValue(dir.path(), schema::kMetaSchemaVersionKey,
                                     EncodeBigEndian32(kSchemaVersion + 1))
                  .ok());
  absl::StatusOr<std::unique_ptr<RecordStore>> store = RecordStore::Open({.data_dir = dir.path()});
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(),
              AllOf(HasSubstr(absl::StrCat("schema version ", kSchemaVersion + 1)),
                    HasSubstr(absl::StrCat("supports (", kSchemaVersion, ")"))));
}

TEST(RecordStoreOpenTest, OlderSchemaVersionWithoutUpgradeIsFailedPrecondition) {
  TempDir dir;
  ASSERT_TRUE(CreateStoreWithOneRecord(dir.path()).ok());
  ASSERT_TRUE(
      internal::PutMetaValue(dir.path(), schema::kMetaSchemaVersionKey, EncodeBigEndian32(0)).ok());
  absl::StatusOr<std::unique_ptr<RecordStore>> store = RecordStore::Open({.data_dir = dir.path()});
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr("schema version 0"));
}

TEST(RecordStoreOpenTest, MalformedSchemaVersionIsDataLoss) {
  TempDir dir;
  ASSERT_TRUE(CreateStoreWithOneRecord(dir.path()).ok());
  ASSERT_TRUE(internal::PutMetaValue(dir.path(), schema::kMetaSchemaVersionKey, "v1").ok());
  EXPECT_EQ(RecordStore::Open({.data_dir = dir.path()}).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(RecordStoreOpenTest, UnknownColumnFamilyIsFailedPrecondition) {
  TempDir dir;
  ASSERT_TRUE(CreateStoreWithOneRecord(dir.path()).ok());
  ASSERT_TRUE(internal::AddColumnFamily(dir.path(), "outbox").ok());
  absl::StatusOr<std::unique_ptr<RecordStore>> store = RecordStore::Open({.data_dir = dir.path()});
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), AllOf(HasSubstr("\"outbox\""), HasSubstr("newer rilond")));
}

TEST(RecordStoreOpenTest, SecondOpenOfTheSameDirectoryIsUnavailable) {
  TempDir dir;
  absl::StatusOr<std::unique_ptr<RecordStore>> first = RecordStore::Open({.data_dir = dir.path()});
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<std::unique_ptr<RecordStore>> second = RecordStore::Open({.data_dir = dir.path()});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(second.status().message(), HasSubstr(dir.path()));
}

}  // namespace
}  // namespace rilon::store
