// Anti-entropy within the pull model (docs/federation.md): where a receiver must resume so that
// nothing addressed to it is missing. The receiver tells the sender, per origin, the highest
// origin_seq it holds (its high-water mark); the sender answers with the position in its log just
// before the first record of that origin addressed to the receiver above that mark. A receiver
// whose stored position is beyond that answer has a gap (a lost position, a restored backup on
// either side) and re-reads the sender's log from there.
//
// Contract:
//   - ResumePosition() reads the store (call it off gRPC threads); origins other than this
//     node's own agency are answered with the log head (this node relays nothing yet).
//   - It walks the origin's sequence upwards from held+1 and stops at the first record the
//     sharing ceiling lets go to `peer`; after `max_walk` sequence numbers without one it
//     answers the position of the last one examined (everything up to there is not for the
//     peer), so the answer is always safe: no record addressed to the peer above `held` is at or
//     before the returned position.
//
// Example:
//   absl::StatusOr<uint64_t> p = ResumePosition(store, gate, "id.polri", "au.abf", 40, 100000);
//   // the receiver resumes after min(its cursor, *p)
#pragma once

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "node/federation/sharing_gate.h"
#include "node/store/record_store.h"

namespace rilon::federation {

inline constexpr uint64_t kMaxHighWaterWalk = 100000;

absl::StatusOr<uint64_t> ResumePosition(const store::RecordStore& store, const SharingGate& gate,
                                        std::string_view peer, std::string_view origin,
                                        uint64_t held, uint64_t max_walk);

}  // namespace rilon::federation
