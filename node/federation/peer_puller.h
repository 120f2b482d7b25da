// The client side of federation for one peer: a thread that keeps a Replicate stream open to the
// peer, verifies every record it delivers (inbound_batch.h: signatures on every core) and applies
// the accepted ones with the peer's cursor in one atomic, synced write
// (RecordStore::AppendFromPeer), then acknowledges the new cursor on the same stream. A second
// thread per stream reads and verifies the next message while the first writes the previous one
// (at most one verified message waits), so verification and the synced write overlap.
//
// Before each stream it compares high-water marks with the peer (anti-entropy,
// Federation.CompareHighWater): when records addressed to this node are missing below its
// position (a lost position, a peer or this node restored from a backup), it re-reads the peer's
// log from the first missing one, and when the peer's log is shorter than this node's position,
// it resumes from the end of the peer's log. A stream is renewed every anti_entropy_interval so
// that the comparison also runs on links that never break.
//
// Contract:
//   - Resumes from the cursor stored for the peer, so a crash of either side loses nothing and
//     applies nothing twice (an already stored record is skipped).
//   - Every outbound connection presents this node's certificate and requires the peer to
//     present exactly its configured SPIFFE id (security::MakeChannelCredentials).
//   - After a failure (peer down, handshake refused, stream broken, store error) it waits with
//     capped exponential back-off with full jitter — retry_initial .. retry_max — and reconnects
//     with a fresh channel; a stream that delivered something resets the back-off.
//   - Refused records are logged, counted by reason, skipped (never stored, never forwarded);
//     the cursor moves past them so one bad record cannot wedge the peer.
//   - Memory: one stream message at a time.
//   - Each acknowledgement is sent only after the write that it covers is durable.
//   - Stop() cancels the stream and joins; Status() is thread-safe.
#pragma once

#include <grpcpp/client_context.h>

#include <array>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "node/federation/inbound_batch.h"
#include "node/federation/parallel_pool.h"
#include "node/federation/record_verifier.h"
#include "node/security/tls_credentials.h"
#include "node/store/record_store.h"
#include "rilon/v1/federation.grpc.pb.h"

namespace rilon::federation {

struct PeerEndpoint {
  std::string agency_id;
  std::string address;  // host:port
  std::string node_id;  // expected URI SAN of the peer's node certificate
};

struct PullerOptions {
  absl::Duration retry_initial = absl::Milliseconds(500);
  absl::Duration retry_max = absl::Seconds(30);
  absl::Duration connect_timeout = absl::Seconds(10);
  absl::Duration anti_entropy_interval = absl::Minutes(10);
};

// The receiving side of one peer link, for `rilon node peers`; a snapshot.
struct PeerStatus {
  std::string agency_id;
  bool connected = false;
  absl::Time last_contact = absl::InfinitePast();  // last message from the peer
  uint64_t cursor = 0;                             // position in the peer's log applied through
  uint64_t peer_head = 0;                          // the peer's log head, as of its last message
  uint64_t applied = 0;
  uint64_t duplicates = 0;
  std::array<uint64_t, kNumRefusals> refused{};
  // Origin's creation of the newest record applied from this peer -> durable here.
  absl::Duration last_record_delay = absl::ZeroDuration();
  uint64_t gap_repairs = 0;  // times anti-entropy re-read the peer's log
  std::string last_error;
};

class PeerPuller {
 public:
  // `store`, `verifier`, `certificates` and `pool` must outlive the puller.
  PeerPuller(PeerEndpoint peer, security::TlsFilePaths tls, PullerOptions options,
             store::RecordStore* store, const RecordVerifier* verifier, const SharingGate* gate,
             SigningCertificates* certificates, ParallelPool* pool);
  ~PeerPuller();  // Stop()s
  PeerPuller(const PeerPuller&) = delete;
  PeerPuller& operator=(const PeerPuller&) = delete;

  void Start();
  void Stop();
  PeerStatus Status() const;

 private:
  // Where a stream starts, and through which position it re-reads records for anti-entropy
  // (0: none).
  struct ResumePlan {
    uint64_t start = 0;
    uint64_t redeliver_through = 0;
  };

  void Run();
  // One connection: returns why it ended (OK for a planned renewal); `delivered` is set when a
  // message was applied.
  absl::Status Session(bool* delivered);
  absl::StatusOr<std::shared_ptr<grpc::Channel>> Connect();
  absl::StatusOr<ResumePlan> Plan(rilon::v1::Federation::Stub& stub, uint64_t cursor);
  absl::Status Stream(rilon::v1::Federation::Stub& stub, const ResumePlan& plan, bool* delivered);
  void Record(const BatchOutcome& outcome, uint64_t peer_head);
  void Note(const absl::Status& ended);

  const PeerEndpoint peer_;
  const security::TlsFilePaths tls_;
  const PullerOptions options_;
  store::RecordStore* const store_;
  const InboundBatch batch_;
  // Puller thread only: where the last re-read that went all the way started; the same gap
  // again means its records were refused, and is not re-read again until the node restarts.
  uint64_t completed_repair_from_ = UINT64_MAX;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;                      // guarded by mu_
  std::shared_ptr<grpc::ClientContext> call_;  // guarded by mu_: the open stream
  PeerStatus status_;                          // guarded by mu_
  std::thread thread_;
};

}  // namespace rilon::federation
