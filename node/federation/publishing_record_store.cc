#include "node/federation/publishing_record_store.h"

namespace rilon::federation {

using store::SharedStoredRecord;

absl::StatusOr<std::vector<SharedStoredRecord>> PublishingRecordStore::Publish(
    absl::StatusOr<std::vector<SharedStoredRecord>> stored) {
  if (stored.ok() && !stored->empty()) on_appended_(*stored);
  return stored;
}

absl::StatusOr<std::vector<SharedStoredRecord>> PublishingRecordStore::Append(
    std::vector<store::NewRecord> records) {
  std::lock_guard<std::mutex> lock(mu_);
  return Publish(inner()->Append(std::move(records)));
}

absl::StatusOr<std::vector<SharedStoredRecord>> PublishingRecordStore::AppendFromPeer(
    std::vector<store::NewRecord> records, const store::PeerCursor& cursor) {
  std::lock_guard<std::mutex> lock(mu_);
  return Publish(inner()->AppendFromPeer(std::move(records), cursor));
}

}  // namespace rilon::federation
