// The versions of a report as this node knows them. A correction or retraction names the record
// it supersedes in its signed body (`supersedes`), and the store indexes the reverse direction
// (RecordStore::FindSuccessor), so a report's versions form one chain that can be walked from
// any of its records: back through `supersedes`, forward through the successor index.
//
// Used by intake (only a report's current version may be superseded) and by the API (GetRecord's
// history and current version, ListRecords' current-only listing).
//
// Usage:
//   absl::StatusOr<VersionChain> chain = ReadVersionChain(store, id);
//   const ChainVersion& current = chain->versions.back();
//   if (absl::Status s = CheckIsCurrentVersion(store, id); !s.ok()) return s;  // refuse
//
// Contract:
//   - Reads only; thread-safe as the store is. Ids are 32 raw bytes.
//   - The walk back stops at a version this node does not hold (a correction may be addressed to
//     agencies that never received the version before it): that version appears with `stored`
//     unset and nothing older is known.
//   - FAILED_PRECONDITION from CheckIsCurrentVersion names the current version (hex) and says
//     what to do; if the report was retracted it says so, with the reason.
//   - DATA_LOSS when a stored body does not parse or the chain does not end (a damaged store).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "node/store/record_store.h"
#include "rilon/storage/v1/stored_record.pb.h"
#include "rilon/v1/record.pb.h"

namespace rilon::store {

// How many versions ReadVersionChain returns at most (the newest are kept).
inline constexpr size_t kMaxHistoryVersions = 256;

struct ChainVersion {
  std::string id;  // 32 raw bytes
  // The stored record; unset when this node does not hold the version.
  std::optional<rilon::storage::v1::StoredRecord> stored;
  // Its decoded body (default when not held).
  rilon::v1::RecordBody body;
};

struct VersionChain {
  // Oldest first; the last one is the report's current version on this node.
  std::vector<ChainVersion> versions;
  // Index in `versions` of the record asked for.
  size_t requested = 0;
  // True when older versions exist than those returned (more than max_versions).
  bool truncated = false;
};

// The chain `id` belongs to. NOT_FOUND when `id` is not stored. max_versions >= 1 bounds how many
// versions are returned; the record asked for and every newer version are always included (the
// bound applies to older ones; a longer newer part is DATA_LOSS, see kMaxChainWalk in the .cc).
absl::StatusOr<VersionChain> ReadVersionChain(const RecordStore& store, const std::string& id,
                                              size_t max_versions = kMaxHistoryVersions);

// The id of the current version of the report that `id` belongs to (`id` itself when it has no
// successor). `id` need not be stored.
absl::StatusOr<std::string> CurrentVersionOf(const RecordStore& store, const std::string& id);

// OK when nothing supersedes `id`; otherwise FAILED_PRECONDITION (see NotCurrentVersionError).
absl::Status CheckIsCurrentVersion(const RecordStore& store, const std::string& id);

// The refusal to supersede `id` because `current` (hex in the message) has superseded it;
// `retraction` is the current version's retraction when the report was withdrawn, else null.
absl::Status NotCurrentVersionError(std::string_view id, std::string_view current,
                                    const rilon::v1::Retraction* retraction);

}  // namespace rilon::store
