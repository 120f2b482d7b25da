// Makes sure the store's data directory exists before RocksDB opens it.
//
// Usage:
//   if (absl::Status s = EnsureDataDir(options.data_dir, options.create_if_missing); !s.ok())
//     return s;
//
// Contract: OK when `dir` is an existing directory. A missing one is created, with every missing
// parent, mode 0700 (record data is for the node's operator only) when create_if_missing is set,
// and is NOT_FOUND otherwise. INVALID_ARGUMENT for an empty path, FAILED_PRECONDITION for a path
// that is not a directory, and the errno-derived code (e.g. PERMISSION_DENIED) when mkdir or
// stat fails; messages name the path. Existing directories' modes are left alone (the data
// directory lock in node/config checks them).
#pragma once

#include <string>

#include "absl/status/status.h"

namespace rilon::store {

absl::Status EnsureDataDir(const std::string& dir, bool create_if_missing);

}  // namespace rilon::store
