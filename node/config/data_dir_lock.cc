#include "node/config/data_dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace rilon::config {
namespace {

constexpr char kLockFileName[] = "rilond.lock";

absl::Status Errno(std::string_view what, const std::string& path, int error) {
  return absl::FailedPreconditionError(absl::StrCat(absl::string_view(what.data(), what.size()),
                                                    " ", path, ": ", std::strerror(error)));
}

// Creates the directory and any missing parents, each 0700 whatever the umask: the directory
// holds the database, which other users of the machine have no business reading.
absl::Status CreateDataDir(const std::string& data_dir) {
  std::filesystem::path path(data_dir);
  std::filesystem::path partial;
  for (const std::filesystem::path& part : path) {
    partial /= part;
    if (mkdir(partial.c_str(), 0700) == 0) {
      if (chmod(partial.c_str(), 0700) != 0) return Errno("cannot chmod 700", partial, errno);
    } else if (errno != EEXIST) {
      return Errno("cannot create data directory", partial, errno);
    }
  }
  return absl::OkStatus();
}

absl::Status CheckDataDir(const std::string& data_dir) {
  struct stat st;
  if (stat(data_dir.c_str(), &st) != 0) return Errno("cannot stat data directory", data_dir, errno);
  if (!S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "storage.data_dir ", data_dir, " is not a directory: point storage.data_dir elsewhere"));
  }
  if (st.st_uid != geteuid()) {
    return absl::FailedPreconditionError(
        absl::StrCat("data directory ", data_dir, " belongs to uid ", st.st_uid,
                     ", not to the uid rilond runs as (", geteuid(), "): chown it"));
  }
  if ((st.st_mode & 077) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("data directory ", data_dir, " is accessible by group or others (mode ",
                     absl::StrFormat("%04o", st.st_mode & 07777), "): chmod 700 ", data_dir));
  }
  return absl::OkStatus();
}

// The holder writes its pid right after taking the lock; an empty or garbled file (we looked in
// between) still yields a useful message.
std::string HolderPid(int fd) {
  char buffer[32] = {};
  ssize_t n = pread(fd, buffer, sizeof(buffer) - 1, 0);
  int pid = 0;
  if (n > 0 && absl::SimpleAtoi(absl::StripAsciiWhitespace(absl::string_view(buffer, n)), &pid) &&
      pid > 0) {
    return absl::StrCat("pid ", pid);
  }
  return "pid unknown";
}

absl::Status WritePid(int fd, const std::string& lock_path) {
  std::string pid = absl::StrCat(getpid(), "\n");
  if (ftruncate(fd, 0) != 0) return Errno("cannot truncate", lock_path, errno);
  if (pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    return Errno("cannot write pid to", lock_path, errno);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<DataDirLock>> DataDirLock::Acquire(const std::string& data_dir) {
  if (data_dir.empty()) {
    return absl::InvalidArgumentError("storage.data_dir is empty: set it in the configuration");
  }
  if (absl::Status s = CreateDataDir(data_dir); !s.ok()) return s;
  if (absl::Status s = CheckDataDir(data_dir); !s.ok()) return s;

  std::string lock_path = (std::filesystem::path(data_dir) / kLockFileName).string();
  // O_NOFOLLOW: a symlink planted in the directory must not make us truncate another file.
  int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Errno("cannot open lock file", lock_path, errno);
  absl::Cleanup close_on_error = [fd] { close(fd); };
  int rc;
  do {
    rc = flock(fd, LOCK_EX | LOCK_NB);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    if (errno == EWOULDBLOCK) {
      return absl::FailedPreconditionError(
          absl::StrCat("data directory ", data_dir, " is in use by another rilond (", HolderPid(fd),
                       "): stop it, or give this node its own storage.data_dir"));
    }
    return Errno("cannot lock", lock_path, errno);
  }
  if (absl::Status s = WritePid(fd, lock_path); !s.ok()) return s;
  std::move(close_on_error).Cancel();
  return std::unique_ptr<DataDirLock>(new DataDirLock(fd));
}

DataDirLock::~DataDirLock() {
  // Closing the only descriptor of this open file description releases the flock. The file is
  // kept: unlinking it would let a third process lock a new inode while a second still waits.
  close(fd_);
}

}  // namespace rilon::config
