#include "node/store/version_chain.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "node/store/key_codec.h"

namespace rilon::store {
namespace {

// Records do not form cycles (an id is the hash of a body that names its predecessor), so a walk
// forward this long means a damaged index rather than a real report.
constexpr size_t kMaxChainWalk = 100000;

absl::StatusOr<rilon::v1::RecordBody> ParseBody(const rilon::storage::v1::StoredRecord& stored,
                                                std::string_view id) {
  rilon::v1::RecordBody body;
  if (!body.ParseFromString(stored.signed_().body())) {
    return absl::DataLossError(absl::StrCat("stored record ", Hex(id),
                                            " has a body that does not parse; the data "
                                            "directory is damaged: restore it from a backup"));
  }
  return body;
}

// The stored version `id`, or one marked as not held when the store does not have it.
absl::StatusOr<ChainVersion> LoadVersion(const RecordStore& store, const std::string& id) {
  ChainVersion version;
  version.id = id;
  absl::StatusOr<rilon::storage::v1::StoredRecord> stored = store.Get(id);
  if (absl::IsNotFound(stored.status())) return version;
  if (!stored.ok()) return stored.status();
  absl::StatusOr<rilon::v1::RecordBody> body = ParseBody(*stored, id);
  if (!body.ok()) return body.status();
  version.stored = *std::move(stored);
  version.body = *std::move(body);
  return version;
}

absl::Status EndlessChain(std::string_view id) {
  return absl::DataLossError(absl::StrCat("the successor index from record ", Hex(id),
                                          " does not end within ", kMaxChainWalk,
                                          " versions; the data directory is damaged"));
}

}  // namespace

absl::StatusOr<VersionChain> ReadVersionChain(const RecordStore& store, const std::string& id,
                                              size_t max_versions) {
  absl::StatusOr<ChainVersion> requested = LoadVersion(store, id);
  if (!requested.ok()) return requested.status();
  if (!requested->stored.has_value()) {
    return absl::NotFoundError(absl::StrCat("record ", Hex(id), " is not stored"));
  }

  // Older versions, newest first, until one is not held or the bound is reached.
  std::vector<ChainVersion> older;
  bool truncated = false;
  for (const ChainVersion* at = &*requested; !at->body.supersedes().empty();) {
    if (older.size() + 1 >= std::max<size_t>(max_versions, 1)) {
      truncated = true;
      break;
    }
    absl::StatusOr<ChainVersion> previous = LoadVersion(store, at->body.supersedes());
    if (!previous.ok()) return previous.status();
    older.push_back(*std::move(previous));
    at = &older.back();
    if (!at->stored.has_value()) break;
  }

  VersionChain chain;
  chain.truncated = truncated;
  chain.versions.reserve(older.size() + 1);
  for (auto it = older.rbegin(); it != older.rend(); ++it) chain.versions.push_back(std::move(*it));
  chain.requested = chain.versions.size();
  chain.versions.push_back(*std::move(requested));

  // Newer versions: the successor index is written in the same batch as the successor, so each
  // one it names is stored.
  for (size_t walked = 0;; ++walked) {
    if (walked == kMaxChainWalk) return EndlessChain(id);
    absl::StatusOr<std::optional<std::string>> next = store.FindSuccessor(chain.versions.back().id);
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    absl::StatusOr<ChainVersion> newer = LoadVersion(store, **next);
    if (!newer.ok()) return newer.status();
    if (!newer->stored.has_value()) {
      return absl::DataLossError(absl::StrCat("the successor index names record ", Hex(**next),
                                              ", which is not stored; the data directory is "
                                              "damaged"));
    }
    chain.versions.push_back(*std::move(newer));
  }
  return chain;
}

absl::StatusOr<std::string> CurrentVersionOf(const RecordStore& store, const std::string& id) {
  std::string current = id;
  for (size_t walked = 0;; ++walked) {
    if (walked == kMaxChainWalk) return EndlessChain(id);
    absl::StatusOr<std::optional<std::string>> next = store.FindSuccessor(current);
    if (!next.ok()) return next.status();
    if (!next->has_value()) return current;
    current = **std::move(next);
  }
}

absl::Status CheckIsCurrentVersion(const RecordStore& store, const std::string& id) {
  absl::StatusOr<std::optional<std::string>> successor = store.FindSuccessor(id);
  if (!successor.ok()) return successor.status();
  if (!successor->has_value()) return absl::OkStatus();
  absl::StatusOr<std::string> current = CurrentVersionOf(store, **successor);
  if (!current.ok()) return current.status();
  absl::StatusOr<ChainVersion> head = LoadVersion(store, *current);
  if (!head.ok()) return head.status();
  return NotCurrentVersionError(id, *current,
                                head->body.has_retraction() ? &head->body.retraction() : nullptr);
}

absl::Status NotCurrentVersionError(std::string_view id, std::string_view current,
                                    const rilon::v1::Retraction* retraction) {
  if (retraction != nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("record ", Hex(id), " belongs to a report that was retracted by record ",
                     Hex(current), " (reason: \"", retraction->reason(),
                     "\"); a retracted report cannot be corrected or retracted again: submit a "
                     "new report instead"));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("record ", Hex(id),
                   " is not the current version of its report; the current "
                   "version is ",
                   Hex(current), ": correct or retract that one instead"));
}

}  // namespace rilon::store
