// Checks on an Append batch that need no stored state: record shape and duplicates within the
// batch. The store runs them before taking its write lock; the checks against what is already
// stored run under the lock (rocksdb_record_store.cc).
//
// Usage:
//   if (absl::Status s = ValidateAppendBatch(records); !s.ok()) return s;
//
// Contract (codes as in record_store.h):
//   INVALID_ARGUMENT  an id that is not 32 bytes, an empty origin_agency or one containing 0x00,
//                     origin_seq 0, a supersedes that is neither empty nor 32 bytes, or that
//                     is the record's own id;
//   ALREADY_EXISTS    the same id twice, or the same non-empty request_key twice;
//   ABORTED           the same (origin_agency, origin_seq) twice (equivocation), or the same
//                     non-empty supersedes twice (two successors of one record: a fork).
// Shape errors are reported before duplicates; messages name the record (hex id), origin and seq.
#pragma once

#include <cstddef>
#include <vector>

#include "absl/status/status.h"
#include "node/store/record_store.h"

namespace rilon::store {

inline constexpr size_t kRecordIdBytes = 32;

absl::Status ValidateAppendBatch(const std::vector<NewRecord>& records);

}  // namespace rilon::store
