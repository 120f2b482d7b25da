// Test-only helpers for the record store's tests and benchmark: a temporary directory that
// removes itself, and synthetic records. The store does not verify signatures (node/records
// does), so bodies are real RecordBody bytes but signatures are filler and ids are derived
// deterministically from (origin, origin_seq, variant) instead of hashed.
//
// Usage:
//   TempDir dir;
//   auto store = RecordStore::Open({.data_dir = dir.path()});
//   (*store)->Append({MakeRecord("au.abf", 1), MakeRecord("au.abf", 2)});
//   MakeRecord("au.abf", 1, 64, /*variant=*/1);   // same origin and seq, different id
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "node/store/record_store.h"

namespace rilon::store::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents on destruction. Aborts the
// process if it cannot be created: no test can run without it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The 32-byte id MakeRecord gives (origin, origin_seq, variant). Distinct inputs give distinct ids
// for any origin ids a test uses.
std::string MakeId(std::string_view origin, uint64_t origin_seq, uint32_t variant = 0);

// A record from `origin` at `origin_seq` whose payload is payload_bytes long; request_key empty.
NewRecord MakeRecord(std::string_view origin, uint64_t origin_seq, size_t payload_bytes = 64,
                     uint32_t variant = 0);

// A correction from `origin` at `origin_seq` that supersedes `supersedes` (32 bytes): body and
// NewRecord both name it, as intake and federation fill them.
NewRecord MakeCorrection(std::string_view origin, uint64_t origin_seq,
                         const std::string& supersedes, uint32_t variant = 0);

// A retraction (empty payload, a Retraction with `reason`) that supersedes `supersedes`.
NewRecord MakeRetraction(std::string_view origin, uint64_t origin_seq,
                         const std::string& supersedes, std::string_view reason);

}  // namespace rilon::store::testing
