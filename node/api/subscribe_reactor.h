// One Subscribe stream: follows the local log from the subscriber's cursor, first from the store
// (catch-up), then from the feed's live window, then waits for new records.
//
// Contract:
//   - Events are delivered in local-log order, each exactly once per stream; the cursor of the
//     last event received is the resume point of the next stream (no gap, no duplicate).
//   - At most one write in flight; each message carries up to max_events_per_message events or
//     about max_bytes_per_message bytes, so a lagging subscriber catches up in large steps.
//   - Memory per subscriber is one message; store reads run on the BlockingPool.
//   - Messages are written as bytes (gRPC's raw callback API): each is the concatenation of
//     events encoded once per record (feed_record.h), so the stream's content is exactly a
//     serialized rilon.v1.SubscribeResponse, without re-serializing per subscriber.
//   - The reactor deletes itself once gRPC is done with it and no task or feed wake-up still
//     refers to it (reference count), so a cancelled stream never leaves a dangling waiter.
#pragma once

#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_callback.h>
#include <grpcpp/support/slice.h>

#include <cstdint>
#include <mutex>
#include <string>

#include "node/api/api_context.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::api {

class SubscribeReactor : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  // Starts streaming at once. `ctx.subscribers` has already been incremented for this stream.
  SubscribeReactor(ApiContext& ctx, rilon::v1::RecordKind kind, std::string origin_agency,
                   uint64_t start_after);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  ~SubscribeReactor() override;

  void Schedule();
  void Pump();
  void Release();
  void OnFeedAdvanced();
  void FinishOnce(const grpc::Status& status);
  bool Wanted(const feed::EncodedEvent& event) const;
  // Appends what follows `after` (from the live window or the store); returns the last local_seq
  // examined (== after when nothing new), or an error.
  absl::StatusOr<uint64_t> Gather(uint64_t after);

  ApiContext& ctx_;
  const rilon::v1::RecordKind kind_;
  const std::string origin_agency_;

  std::mutex mu_;
  uint64_t cursor_;                        // guarded by mu_: last local_seq examined
  bool write_in_flight_ = false;           // guarded by mu_
  bool finished_ = false;                  // guarded by mu_: Finish() called or decided
  bool cancelled_ = false;                 // guarded by mu_
  bool waiting_ = false;                   // guarded by mu_: a feed wake-up is registered
  bool pumping_ = false;                   // guarded by mu_: a Pump() is gathering into response_
  bool pump_again_ = false;                // guarded by mu_: Pump() was requested while pumping
  feed::FeedHub::WaiterId waiter_id_ = 0;  // guarded by mu_
  int refs_ = 1;  // guarded by mu_: gRPC's reference plus tasks and wake-ups
  // Owned by the pump until the write completes: the serialized SubscribeResponse, the number of
  // events in it, and the buffer gRPC sends (which refers to response_wire_ without copying).
  std::string response_wire_;
  int response_events_ = 0;
  grpc::ByteBuffer response_buffer_;
};

}  // namespace rilon::api
