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

#include "node/store/record_store.h"

namespace rilon::federation {

class PublishingRecordStore final : public store::RecordStore {
 public:
  using Listener = std::function<void(const std::vector<rilon::storage::v1::StoredRecord>&)>;

  // `inner` must outlive this object.
  PublishingRecordStore(store::RecordStore* inner, Listener on_appended)
      : inner_(inner), on_appended_(std::move(on_appended)) {}

  absl::StatusOr<std::vector<rilon::storage::v1::StoredRecord>> Append(
      std::vector<store::NewRecord> records) override;
  absl::StatusOr<std::vector<rilon::storage::v1::StoredRecord>> AppendFromPeer(
      std::vector<store::NewRecord> records, const store::PeerCursor& cursor) override;

  absl::StatusOr<uint64_t> GetPeerCursor(const std::string& peer_agency) const override {
    return inner_->GetPeerCursor(peer_agency);
  }
  absl::StatusOr<rilon::storage::v1::StoredRecord> Get(const std::string& id) const override {
    return inner_->Get(id);
  }
  absl::StatusOr<std::vector<rilon::storage::v1::StoredRecord>> ReadLog(
      uint64_t after_local_seq, size_t max_records, size_t max_bytes) const override {
    return inner_->ReadLog(after_local_seq, max_records, max_bytes);
  }
  absl::StatusOr<std::optional<std::string>> FindByOrigin(const std::string& origin_agency,
                                                          uint64_t origin_seq) const override {
    return inner_->FindByOrigin(origin_agency, origin_seq);
  }
  absl::StatusOr<std::optional<std::string>> FindByRequestKey(
      const std::string& request_key) const override {
    return inner_->FindByRequestKey(request_key);
  }
  absl::StatusOr<std::optional<std::string>> FindSuccessor(const std::string& id) const override {
    return inner_->FindSuccessor(id);
  }
  uint64_t LastLocalSeq() const override { return inner_->LastLocalSeq(); }
  absl::StatusOr<uint64_t> LastOriginSeq(const std::string& origin_agency) const override {
    return inner_->LastOriginSeq(origin_agency);
  }
  absl::Status VerifyIntegrity() const override { return inner_->VerifyIntegrity(); }
  // The audit log seals entries under the inner store's write lock: no publishing involved.
  store::AuditStore& audit() const override { return inner_->audit(); }

 private:
  absl::StatusOr<std::vector<rilon::storage::v1::StoredRecord>> Publish(
      absl::StatusOr<std::vector<rilon::storage::v1::StoredRecord>> stored);

  store::RecordStore* const inner_;
  const Listener on_appended_;
  std::mutex mu_;  // held across append and publish
};

}  // namespace rilon::federation
