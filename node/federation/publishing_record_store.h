// The node's one writer of the local log: a RecordStore that serializes every append (the
// committer's local records and the records peers deliver) and hands each appended batch to a
// listener while still holding its lock, so the feed sees batches in local-log order even though
// two threads write. Reads go straight to the wrapped store.
//
// Contract: same as RecordStore (record_store.h). `on_appended` runs after every successful
// Append/AppendFromPeer that stored at least one record, on the appending thread, in local_seq
// order across all callers; it must be quick and must not append.
#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "node/store/forwarding_record_store.h"

namespace rilon::federation {

class PublishingRecordStore final : public store::ForwardingRecordStore {
 public:
  using Listener = std::function<void(const std::vector<store::SharedStoredRecord>&)>;

  // `inner` must outlive this object. Reads, and the audit log (which seals entries under the
  // inner store's write lock), go straight to it.
  PublishingRecordStore(store::RecordStore* inner, Listener on_appended)
      : ForwardingRecordStore(inner), on_appended_(std::move(on_appended)) {}

  absl::StatusOr<std::vector<store::SharedStoredRecord>> Append(
      std::vector<store::NewRecord> records) override;
  absl::StatusOr<std::vector<store::SharedStoredRecord>> AppendFromPeer(
      std::vector<store::NewRecord> records, const store::PeerCursor& cursor) override;

 private:
  absl::StatusOr<std::vector<store::SharedStoredRecord>> Publish(
      absl::StatusOr<std::vector<store::SharedStoredRecord>> stored);

  const Listener on_appended_;
  std::mutex mu_;  // held across append and publish
};

}  // namespace rilon::federation
