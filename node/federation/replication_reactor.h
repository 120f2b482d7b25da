// One Replicate stream (replication_service.h has the contract): waits for the peer's first
// request (its position in this node's log), then follows the log from there with
// api::LogFollower, keeping the records the peer may have; every later request is the peer's
// acknowledgement, recorded in OutboundLinks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "node/api/log_follower.h"
#include "node/federation/replication_service.h"

namespace rilon::federation {

class ReplicationReactor final
    : public api::LogFollower<
          grpc::ServerBidiReactor<rilon::v1::ReplicateRequest, rilon::v1::ReplicateResponse>,
          rilon::v1::ReplicateResponse> {
 public:
  // Starts reading the peer's first request at once.
  ReplicationReactor(ReplicationContext& ctx, std::string peer_agency);

  void OnReadDone(bool ok) override;

 private:
  ~ReplicationReactor() override;

  // Up to one message's worth of the log after `after`: from the feed's live window while it
  // still holds them (decoded already, shared with the subscribers), else read from the store.
  struct LogSlice {
    std::vector<feed::FeedEntry> window;
    std::vector<rilon::storage::v1::StoredRecord> read;
    std::vector<const rilon::storage::v1::StoredRecord*> records;  // into window or read
  };
  absl::StatusOr<LogSlice> ReadAfter(uint64_t after) const;

  // Fills response_ with what follows `after` that the peer may have.
  absl::StatusOr<Gathered> Gather(uint64_t after) override;

  ReplicationContext& ctx_;
  const std::string peer_agency_;

  // OnReadDone only (gRPC runs at most one at a time); the destructor reads `opened_` after the
  // last callback.
  rilon::v1::ReplicateRequest request_;
  bool opened_ = false;
  // Gather only (never concurrent with itself; set before StartFollowing).
  uint64_t reported_ = 0;                               // examined_through last sent
  absl::flat_hash_set<std::string> certificates_sent_;  // key ids offered in this stream
  rilon::v1::ReplicateResponse response_;               // untouched while its write is in flight
};

}  // namespace rilon::federation
