// The server side of federation: rilon.v1.Federation (proto/rilon/v1/federation.proto). A
// configured peer opens Replicate with its position in this node's local log; a reactor streams
// the records that peer's agency may have, then follows the log live, while the peer's later
// requests acknowledge what it has durably applied (recorded in OutboundLinks).
//
// Contract:
//   - Only configured peers: the caller's certificate must carry spiffe://<td>/agency/<a>/node
//     (the MethodAuthorizer has already required role node) and <a> must be a configured peer;
//     PERMISSION_DENIED otherwise, before anything is read.
//   - OUT_OF_RANGE when the first after_position is beyond this node's log; INVALID_ARGUMENT
//     when the peer closes its side without a first request.
//   - CompareHighWater admits the same callers and answers at most kMaxHighWaterOrigins origins.
//   - This node sends only the records it originated (direct replication: every origin streams
//     to every audience member itself; relays come with anti-entropy, docs/federation.md), each
//     only when the sharing ceiling allows egress to the caller's agency. Its signing
//     certificate goes with the first message of a stream.
//   - Records go in local-log order; examined_through lets the caller skip what was not for it;
//     a progress-only message is sent after kProgressEvery positions were skipped, so a rarely
//     addressed peer does not rescan a long log on every reconnect.
//   - Memory per stream is one message (at most max_records_per_message records or about
//     max_bytes_per_message bytes); store reads run on the BlockingPool; a slow peer only stops
//     advancing its own cursor.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "node/api/blocking_pool.h"
#include "node/federation/outbound_links.h"
#include "node/federation/own_signing_certificates.h"
#include "node/federation/sharing_gate.h"
#include "node/feed/feed_hub.h"
#include "node/store/record_store.h"
#include "rilon/v1/federation.grpc.pb.h"

namespace rilon::federation {

struct ReplicationContext {
  std::string trust_domain;
  OutboundLinks* links = nullptr;  // the configured peers and their sending-side state
  const store::RecordStore* store = nullptr;
  feed::FeedHub* feed = nullptr;  // wake-ups when the log grows
  api::BlockingPool* readers = nullptr;
  const SharingGate* gate = nullptr;
  // This agency's signing certificates (current and retired): each record goes with the one
  // of the key that signed it.
  const OwnSigningCertificates* own_certificates = nullptr;
  size_t max_records_per_message = 256;
  size_t max_bytes_per_message = 1 << 20;
};

inline constexpr uint64_t kProgressEvery = 1024;
inline constexpr int kMaxHighWaterOrigins = 64;

class ReplicationService final : public rilon::v1::Federation::CallbackService {
 public:
  explicit ReplicationService(ReplicationContext& ctx) : ctx_(ctx) {}

  grpc::ServerBidiReactor<rilon::v1::ReplicateRequest, rilon::v1::ReplicateResponse>* Replicate(
      grpc::CallbackServerContext* context) override;
  // Anti-entropy (high_water.h); the answer is computed on the BlockingPool.
  grpc::ServerUnaryReactor* CompareHighWater(grpc::CallbackServerContext* context,
                                             const rilon::v1::HighWaterRequest* request,
                                             rilon::v1::HighWaterResponse* response) override;

 private:
  // The caller's agency when it is a configured peer's node; PERMISSION_DENIED otherwise.
  absl::StatusOr<std::string> ConfiguredPeer(grpc::CallbackServerContext* context) const;

  ReplicationContext& ctx_;
};

}  // namespace rilon::federation
