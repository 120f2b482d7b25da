// One Subscribe stream: follows the local log from the subscriber's cursor, first from the store
// (catch-up), then from the feed's live window, then waits for new records (log_follower.h does
// the following; this class chooses the records and assembles the bytes).
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
//   - Only what the subscriber's role may read (the sharing policy's READ decision, shaped when
//     the decision says so): a hidden record is skipped but still moves the cursor, so a resumed
//     stream has no gap and no duplicate. The decision and the shaped encoding are made once per
//     record and role and shared by every subscriber of that role (feed_record.h views).
//   - The reactor deletes itself (LogFollower); its destructor gives back the subscriber slot.
//   - Each message sent is audited as one READ of the range of the log it covers by `reader`
//     (docs/audit.md), queued without waiting for the disk.
#pragma once

#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include <cstdint>
#include <string>

#include "node/api/api_context.h"
#include "node/api/log_follower.h"
#include "node/audit/audit_entries.h"
#include "policy/types.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::api {

class SubscribeReactor final
    : public LogFollower<grpc::ServerWriteReactor<grpc::ByteBuffer>, grpc::ByteBuffer> {
 public:
  // Starts streaming at once. `ctx.subscribers` has already been incremented for this stream.
  // `include_signed`: events carry Record.signed (SubscribeRequest.include_signed).
  SubscribeReactor(ApiContext& ctx, rilon::v1::RecordKind kind, std::string origin_agency,
                   bool include_signed, uint64_t start_after, policy::Role role,
                   audit::Party reader);

 private:
  ~SubscribeReactor() override;

  bool Wanted(const feed::EncodedEvent& event) const;
  // Assembles what follows `after` (from the live window or the store) into the next message.
  absl::StatusOr<Gathered> Gather(uint64_t after) override;

  ApiContext& ctx_;
  const rilon::v1::RecordKind kind_;
  const std::string origin_agency_;
  const bool include_signed_;
  const policy::Role role_;
  const size_t view_;  // the feed view of role_
  const audit::Party reader_;

  // Owned by the pump until the write completes: the serialized SubscribeResponse, and the
  // buffer gRPC sends (which refers to response_wire_ without copying).
  std::string response_wire_;
  grpc::ByteBuffer response_buffer_;
};

}  // namespace rilon::api
