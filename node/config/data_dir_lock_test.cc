#include "node/config/data_dir_lock.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/config/config_test_util.h"

namespace rilon::config {
namespace {

using ::rilon::config::testing::ScopedTempDir;
using ::rilon::config::testing::WriteFile;
using ::testing::HasSubstr;

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(DataDirLockTest, CreatesMissingDirectoriesWithMode0700AndWritesThePid) {
  ScopedTempDir tmp;
  std::string dir = tmp.Join("a/b/data");
  absl::StatusOr<std::unique_ptr<DataDirLock>> lock = DataDirLock::Acquire(dir);
  ASSERT_TRUE(lock.ok()) << lock.status();
  EXPECT_EQ(ModeOf(tmp.Join("a")), 0700u);
  EXPECT_EQ(ModeOf(dir), 0700u);
  EXPECT_EQ(ReadFile(dir + "/rilond.lock"), absl::StrCat(getpid(), "\n"));
}

TEST(DataDirLockTest, SecondAcquireFailsNamingTheHoldersPid) {
  ScopedTempDir tmp;
  absl::StatusOr<std::unique_ptr<DataDirLock>> first = DataDirLock::Acquire(tmp.path());
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<std::unique_ptr<DataDirLock>> second = DataDirLock::Acquire(tmp.path());
  ASSERT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(second.status().message()),
              HasSubstr(absl::StrCat("data directory ", tmp.path(),
                                     " is in use by another rilond (pid ", getpid(), ")")));
}

TEST(DataDirLockTest, LockIsReleasedWhenDestroyed) {
  ScopedTempDir tmp;
  {
    absl::StatusOr<std::unique_ptr<DataDirLock>> first = DataDirLock::Acquire(tmp.path());
    ASSERT_TRUE(first.ok()) << first.status();
  }
  absl::StatusOr<std::unique_ptr<DataDirLock>> again = DataDirLock::Acquire(tmp.path());
  EXPECT_TRUE(again.ok()) << again.status();
}

// The lock lives in the kernel: a holder that dies (here: SIGKILL) leaves nothing stale.
TEST(DataDirLockTest, LockOfAKilledProcessIsReleased) {
  ScopedTempDir tmp;
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(ready[0]);
    absl::StatusOr<std::unique_ptr<DataDirLock>> lock = DataDirLock::Acquire(tmp.path());
    char result = lock.ok() ? '1' : '0';
    if (write(ready[1], &result, 1) != 1) _exit(2);
    pause();
    _exit(0);
  }
  close(ready[1]);
  char result = 0;
  ASSERT_EQ(read(ready[0], &result, 1), 1);
  close(ready[0]);
  ASSERT_EQ(result, '1');

  absl::StatusOr<std::unique_ptr<DataDirLock>> blocked = DataDirLock::Acquire(tmp.path());
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(blocked.status().message()),
              HasSubstr(absl::StrCat("(pid ", child, ")")));

  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  absl::StatusOr<std::unique_ptr<DataDirLock>> after = DataDirLock::Acquire(tmp.path());
  EXPECT_TRUE(after.ok()) << after.status();
}

TEST(DataDirLockTest, GroupOrWorldAccessibleDirectoryIsRefused) {
  for (mode_t mode : {0750, 0705, 0770}) {
    ScopedTempDir tmp;
    std::string dir = tmp.Join("data");
    ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
    ASSERT_EQ(chmod(dir.c_str(), mode), 0);
    absl::StatusOr<std::unique_ptr<DataDirLock>> lock = DataDirLock::Acquire(dir);
    ASSERT_EQ(lock.status().code(), absl::StatusCode::kFailedPrecondition) << mode;
    EXPECT_THAT(std::string(lock.status().message()), HasSubstr(absl::StrCat("chmod 700 ", dir)));
    EXPECT_THAT(std::string(lock.status().message()),
                HasSubstr(absl::StrFormat("(mode %04o)", mode)));
  }
}

TEST(DataDirLockTest, DirectoryOfAnotherUserIsRefused) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to give the directory away";
  ScopedTempDir tmp;
  std::string dir = tmp.Join("data");
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  ASSERT_EQ(chown(dir.c_str(), 65534, 65534), 0);
  absl::StatusOr<std::unique_ptr<DataDirLock>> lock = DataDirLock::Acquire(dir);
  ASSERT_EQ(lock.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(lock.status().message()),
              HasSubstr(absl::StrCat(dir, " belongs to uid 65534")));
}

TEST(DataDirLockTest, AFileIsNotADataDirectory) {
  ScopedTempDir tmp;
  std::string file = tmp.Join("data");
  WriteFile(file, "x");
  absl::StatusOr<std::unique_ptr<DataDirLock>> lock = DataDirLock::Acquire(file);
  ASSERT_EQ(lock.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(lock.status().message()), HasSubstr("is not a directory"));
}

TEST(DataDirLockTest, SymlinkedLockFileIsRefused) {
  ScopedTempDir tmp;
  std::string dir = tmp.Join("data");
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  std::string victim = tmp.Join("victim");
  WriteFile(victim, "keep me");
  ASSERT_EQ(symlink(victim.c_str(), (dir + "/rilond.lock").c_str()), 0);
  absl::StatusOr<std::unique_ptr<DataDirLock>> lock = DataDirLock::Acquire(dir);
  EXPECT_EQ(lock.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReadFile(victim), "keep me");
}

}  // namespace
}  // namespace rilon::config
