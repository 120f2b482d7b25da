// One Replicate stream (replication_service.h has the contract): reads this node's local log
// after the peer's position on the BlockingPool, keeps the records the peer may have, writes one
// message at a time, and sleeps on the FeedHub when it has caught up.
//
// The reactor deletes itself once gRPC is done with it and no pool task or feed wake-up still
// refers to it (reference count), so a cancelled stream never leaves a dangling waiter.
#pragma once

#include <grpcpp/support/server_callback.h>

#include <cstdint>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "node/federation/replication_service.h"

namespace rilon::federation {

class ReplicationReactor : public grpc::ServerWriteReactor<rilon::v1::ReplicateResponse> {
 public:
  // Starts streaming at once. ctx.streams has been incremented for this stream.
  ReplicationReactor(ReplicationContext& ctx, std::string peer_agency, uint64_t after_position);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  ~ReplicationReactor() override;

  void Schedule();
  void Pump();
  void Release();
  void OnLogAdvanced();
  void FinishOnce(const grpc::Status& status);
  // Fills response_ with what follows `after`; returns the last position examined.
  absl::StatusOr<uint64_t> Gather(uint64_t after);

  ReplicationContext& ctx_;
  const std::string peer_agency_;

  std::mutex mu_;
  uint64_t cursor_;                        // guarded by mu_: last position examined
  uint64_t reported_;                      // guarded by mu_: examined_through last sent
  bool certificate_sent_ = false;          // pump only
  bool write_in_flight_ = false;           // guarded by mu_
  bool finished_ = false;                  // guarded by mu_
  bool cancelled_ = false;                 // guarded by mu_
  bool waiting_ = false;                   // guarded by mu_
  bool pumping_ = false;                   // guarded by mu_
  bool pump_again_ = false;                // guarded by mu_
  feed::FeedHub::WaiterId waiter_id_ = 0;  // guarded by mu_
  int refs_ = 1;                           // guarded by mu_: gRPC's plus tasks and wake-ups
  rilon::v1::ReplicateResponse response_;  // owned by the pump until the write completes
};

}  // namespace rilon::federation
