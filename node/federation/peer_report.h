// The operator's view of federation — `rilon node peers` (NodeApi.ListPeers) and
// `rilon report get ID --deliveries` (NodeApi.GetRecordDeliveries) — built from the receiving
// side of each link (PeerPuller's PeerStatus), the sending side (OutboundLinks) and the log.
//
// Contract:
//   - Pure functions of their arguments except CountQueued, which reads the store.
//   - "Queued" for a peer = records this node originated that the egress decision lets go to
//     the peer (sharing_gate.h: the ceiling, then the node's policy; a record the decision
//     shapes only when it can be shaped), at positions after the peer's acknowledged position
//     (0 when unknown). Counting examines at most `max_positions` log positions in one pass for
//     all peers; a peer whose range was not covered gets a lower bound (at_least).
//   - Deliveries: a peer is DELIVERED when it acknowledged a position at or after the record's,
//     or is the record's origin; PENDING when the egress decision lets the record go to it and
//     it has not acknowledged it yet (a shaped one says so first); WITHHELD otherwise, with the
//     decision's reason (the ceiling's verdict, or the policy rule and version), "unshapeable",
//     "not_relayed" (this node sends only its own records) or "not_a_peer" (an audience agency
//     this node has no link with).
//
// Example:
//   auto queued = CountQueued(store, gate, {{"id.polri", 40}}, kMaxQueueScan);
//   rilon::v1::PeerStatus api = ToApiPeerStatus(view, (*queued)["id.polri"]);
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "node/federation/outbound_links.h"
#include "node/federation/peer_puller.h"
#include "node/federation/sharing_gate.h"
#include "node/store/record_store.h"
#include "rilon/storage/v1/stored_record.pb.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::federation {

inline constexpr uint64_t kMaxQueueScan = 100000;

// Both directions of one configured peer link.
struct PeerView {
  PeerEndpoint endpoint;
  PeerStatus receiving;
  OutboundStatus sending;
};

struct QueueCount {
  uint64_t count = 0;
  bool at_least = false;
};

// `acknowledged`: peer agency -> position acknowledged.
absl::StatusOr<std::map<std::string, QueueCount>> CountQueued(
    const store::RecordStore& store, const SharingGate& gate,
    const std::map<std::string, uint64_t>& acknowledged, uint64_t max_positions);

rilon::v1::PeerStatus ToApiPeerStatus(const PeerView& view, const QueueCount& queued);

// INTERNAL when the stored record does not decode (a corrupt store).
absl::StatusOr<rilon::v1::RecordDeliveries> DescribeDeliveries(
    const rilon::storage::v1::StoredRecord& stored, const SharingGate& gate,
    const std::vector<PeerView>& peers);

}  // namespace rilon::federation
