// Exclusive ownership of a data directory by one rilond process.
//
// Contract: Acquire() creates the directory (mode 0700) if missing, refuses one that is group- or
// world-accessible, and takes an flock on <dir>/rilond.lock holding the owner's pid. A second
// process gets FAILED_PRECONDITION "data directory <dir> is in use by another rilond (pid N)".
// The lock is released when the object is destroyed or the process dies (kernel-held), so a
// crashed node never leaves a stale lock behind.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace rilon::config {

class DataDirLock {
 public:
  static absl::StatusOr<std::unique_ptr<DataDirLock>> Acquire(const std::string& data_dir);
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace rilon::config
