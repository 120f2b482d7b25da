// The receiving side's work on one stream message, in two stages so that a puller can verify
// the next message while it writes the previous one:
//   Verify()  admits the signing certificates the message carries, then runs the stateless
//             checks (RecordVerifier::Preverify: signature, certificate, ceiling) for all its
//             records on every core (ParallelPool), and this node's own ingress decision
//             (SharingGate::DecideIngress: the sender's decision is never trusted): a denied
//             record is refused with reason "policy", one the policy shapes is stored shaped
//             (narrowed further, never widened), and one that must be shaped but cannot be is
//             refused. Needs no store order; thread-safe.
//   Apply()   runs the checks against the store in stream order (duplicate, replay,
//             equivocation, order), then writes the accepted records and the new position in
//             the peer's log in one synced batch (RecordStore::AppendFromPeer).
//
// Contract:
//   - Records at positions <= redeliver_through were asked for again by anti-entropy
//     (high_water.h): one already stored is a duplicate (not a replay, and its signature is not
//     verified again — the id is the hash of the stored, verified bytes), and one that is not
//     stored fills a gap even below the origin's highest applied sequence number.
//   - Apply() never moves the stored position backwards (max of `previous` and the message's),
//     and writes nothing when no record is accepted and the position does not move.
//   - Apply() returns a store error as is (transient: the caller reconnects later); refusals
//     are outcomes, logged here with the peer, reason and detail: a warning for what a correct
//     peer never sends, information for "policy" (this node's choice, not a fault of the peer).
//
// Example:
//   InboundBatch batch("au.abf", store, verifier, gate, certificates, pool);
//   VerifiedMessage verified = batch.Verify(std::move(message), 0);
//   absl::StatusOr<BatchOutcome> outcome = batch.Apply(std::move(verified), cursor, 0);
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "node/federation/parallel_pool.h"
#include "node/federation/record_verifier.h"
#include "node/federation/sharing_gate.h"
#include "node/federation/signing_certificates.h"
#include "node/store/record_store.h"
#include "rilon/v1/federation.pb.h"

namespace rilon::federation {

struct VerifiedMessage {
  // The message as received, but each record checked in full has been moved into `checked`:
  // read positions and the cursor here, the records themselves there.
  rilon::v1::ReplicateResponse message;
  std::vector<CheckResult> checked;  // one per record, in order
};

struct BatchOutcome {
  uint64_t cursor = 0;  // the position now stored
  bool advanced = false;
  uint64_t applied = 0;
  uint64_t duplicates = 0;
  std::array<uint64_t, kNumRefusals> refused{};
  absl::Time newest_created = absl::InfinitePast();  // of the applied records
  absl::Time durable = absl::InfinitePast();         // when the write returned
};

class InboundBatch {
 public:
  // All pointers must outlive the object.
  InboundBatch(std::string peer_agency, store::RecordStore* store, const RecordVerifier* verifier,
               const SharingGate* gate, SigningCertificates* certificates, ParallelPool* pool)
      : peer_(std::move(peer_agency)),
        store_(store),
        verifier_(verifier),
        gate_(gate),
        certificates_(certificates),
        pool_(pool) {}

  VerifiedMessage Verify(rilon::v1::ReplicateResponse message, uint64_t redeliver_through) const;
  absl::StatusOr<BatchOutcome> Apply(VerifiedMessage verified, uint64_t previous,
                                     uint64_t redeliver_through) const;

 private:
  // This node's ingress decision on a record that passed Preverify, with its decoded body.
  void DecideIngress(CheckResult& checked, const rilon::v1::RecordBody& body) const;

  const std::string peer_;
  store::RecordStore* const store_;
  const RecordVerifier* const verifier_;
  const SharingGate* const gate_;
  SigningCertificates* const certificates_;
  ParallelPool* const pool_;
};

}  // namespace rilon::federation
