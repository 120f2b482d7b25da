// What the API handlers need from the rest of the node, wired by node/node.cc. Plain pointers:
// the node owns every piece and outlives the gRPC server that calls the handlers.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "node/api/blocking_pool.h"
#include "node/api/federation_view.h"
#include "node/feed/catch_up_cache.h"
#include "node/feed/feed_hub.h"
#include "node/intake/committer.h"
#include "node/sharing/requests.h"
#include "node/store/record_store.h"
#include "node/validation/report_checker.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::api {

struct ApiContext {
  std::string agency_id;     // this node's agency
  std::string trust_domain;  // SPIFFE trust domain of the federation
  store::RecordStore* store = nullptr;
  intake::Committer* committer = nullptr;
  feed::FeedHub* feed = nullptr;
  feed::CatchUpCache* catch_up = nullptr;  // store reads of subscribers behind the live window
  BlockingPool* readers = nullptr;         // store reads run here, never on gRPC threads
  // Checks submitted reports: codebook validation, nominal-data screening, small-cell flags.
  const validation::ReportChecker* report_checker = nullptr;
  const FederationView* federation = nullptr;  // ListPeers, GetRecordDeliveries
  // The sharing policy's READ enforcement point (GetRecord, ListRecords, Subscribe): requests
  // for this agency's readers (required), and the policy in force (unset or yielding nullptr:
  // the originator's ceiling alone decides).
  const sharing::Requests* read_requests = nullptr;
  sharing::PolicySource policy;
  // DiffPolicy decides every record for each configured federation peer (config order).
  std::vector<std::string> peer_agencies;
  // GetNodeStatus.policy: the policy in force and its last reload (unset: no policy file).
  std::function<rilon::v1::PolicyStatus()> policy_status;
  std::function<absl::Time()> clock = [] { return absl::Now(); };

  // Feed limits (config feed.* and limits.max_subscribers).
  uint32_t max_subscribers = 256;
  uint32_t max_events_per_message = 256;
  size_t max_bytes_per_message = 1 << 20;
  std::atomic<uint32_t> subscribers{0};

  // DER of the agency signing certificate, sent with audit exports (ExportAudit).
  std::string signing_certificate_der;

  // The static part of GetNodeStatus (identity, version, certificates).
  rilon::v1::NodeStatus static_status;
};

}  // namespace rilon::api
