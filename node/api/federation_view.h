// What the NodeApi shows of federation (ListPeers, GetRecordDeliveries), as an interface so that
// node/api does not depend on node/federation (which depends on it); node/federation's
// Federation implements it and node/node.cc wires it into ApiContext.
//
// Contract: both methods are thread-safe and may read the store (callers run them on the
// BlockingPool, never on a gRPC thread); errors are store errors (UNAVAILABLE, DATA_LOSS).
//
// Example:
//   absl::StatusOr<rilon::v1::ListPeersResponse> peers = ctx.federation->ListPeers();
#pragma once

#include "absl/status/statusor.h"
#include "rilon/storage/v1/stored_record.pb.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::api {

class FederationView {
 public:
  virtual ~FederationView() = default;

  // Every configured peer, in configuration order.
  virtual absl::StatusOr<rilon::v1::ListPeersResponse> ListPeers() const = 0;

  // Where `stored` (a record of this node's store) stands with each peer.
  virtual absl::StatusOr<rilon::v1::RecordDeliveries> Deliveries(
      const rilon::storage::v1::StoredRecord& stored) const = 0;
};

}  // namespace rilon::api
