// A RecordStore that passes every call to another store: the base of decorators, which override
// only what they change (federation/publishing_record_store.h publishes appends; tests inject
// failures).
//
// Contract: exactly the wrapped store's (record_store.h). `inner` must outlive this object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "node/store/record_store.h"

namespace rilon::store {

class ForwardingRecordStore : public RecordStore {
 public:
  explicit ForwardingRecordStore(RecordStore* inner) : inner_(inner) {}

  absl::StatusOr<std::vector<SharedStoredRecord>> Append(std::vector<NewRecord> records) override {
    return inner_->Append(std::move(records));
  }
  absl::StatusOr<std::vector<SharedStoredRecord>> AppendFromPeer(
      std::vector<NewRecord> records, const PeerCursor& cursor) override {
    return inner_->AppendFromPeer(std::move(records), cursor);
  }
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
  AuditStore& audit() const override { return inner_->audit(); }

 protected:
  RecordStore* inner() const { return inner_; }

 private:
  RecordStore* const inner_;
};

}  // namespace rilon::store
