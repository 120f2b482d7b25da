// The receiving side's work on one stream message, in two stages so that a puller can verify
// the next message while it writes the previous one:
//   Verify()  admits the signing certificates the message carries, then runs the stateless
//             checks (RecordVerifier::Preverify: signature, certificate, ceiling) for all its
//             records on every core (ParallelPool). Needs no store order; thread-safe.
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
//     are outcomes, logged here with the peer, reason and detail.
//
// Example:
//   InboundBatch batch("au.abf", store, verifier, certificates, pool);
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
#include "node/federation/signing_certificates.h"
#include "node/store/record_store.h"
#include "rilon/v1/federation.pb.h"

namespace rilon::federation {

struct VerifiedMessage {
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
               SigningCertificates* certificates, ParallelPool* pool)
      : peer_(std::move(peer_agency)),
        store_(store),
        verifier_(verifier),
        certificates_(certificates),
        pool_(pool) {}

  VerifiedMessage Verify(rilon::v1::ReplicateResponse message, uint64_t redeliver_through) const;
  absl::StatusOr<BatchOutcome> Apply(VerifiedMessage verified, uint64_t previous,
                                     uint64_t redeliver_through) const;

 private:
  const std::string peer_;
  store::RecordStore* const store_;
  const RecordVerifier* const verifier_;
  SigningCertificates* const certificates_;
  ParallelPool* const pool_;
};

}  // namespace rilon::federation
