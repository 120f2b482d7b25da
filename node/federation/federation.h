// Federation as one part of the node: the Federation gRPC service (what peers pull from us),
// one PeerPuller per configured peer (what we pull from them), and what both share — the sharing
// gate, the verified signing certificates, the record verifier, the pool that verifies
// signatures on every core, and the sending-side state of each link. It is also the NodeApi's
// view of federation (ListPeers, GetRecordDeliveries). node/node.cc builds it from the
// configuration and registers service() on the node's mutual-TLS server.
//
// Contract:
//   - Create() reads the federation root (tls.ca_file) and refuses a bad one
//     (FAILED_PRECONDITION); it starts nothing.
//   - StartPulling() starts every puller; Stop() stops them (idempotent). Stop them before the
//     store closes.
//   - `store` is the node's publishing store (publishing_record_store.h), so received records
//     enter the local log and the feed like local ones.
//   - ListPeers/Deliveries are thread-safe and read the store (call them off gRPC threads).
//
// Example (node/node.cc):
//   auto f = Federation::Create(OptionsFromConfig(config, signer->certificate_der()), store,
//                               feed, readers);
//   builder.RegisterService((*f)->service());  ...  (*f)->StartPulling();
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "node/api/blocking_pool.h"
#include "node/api/federation_view.h"
#include "node/federation/outbound_links.h"
#include "node/federation/own_signing_certificates.h"
#include "node/federation/parallel_pool.h"
#include "node/federation/peer_puller.h"
#include "node/federation/peer_report.h"
#include "node/federation/record_verifier.h"
#include "node/federation/replication_service.h"
#include "node/federation/sharing_gate.h"
#include "node/federation/signing_certificates.h"
#include "node/feed/feed_hub.h"
#include "node/security/tls_credentials.h"
#include "node/store/record_store.h"
#include "rilon/config/v1/node_config.pb.h"

namespace rilon::federation {

struct FederationOptions {
  std::string own_agency;
  std::string trust_domain;
  security::TlsFilePaths tls;
  std::vector<PeerEndpoint> peers;
  PullerOptions puller;
  std::string signing_certificate_der;  // this agency's current one, sent with our records
  // Retired signing certificates of this agency (signing.previous_cert_files), offered with the
  // records their keys signed.
  std::vector<std::string> previous_signing_cert_files;
  sharing::Directory directory;  // response-group membership (config `directory`)
  // The sharing policy in force (node/policy/live_policy.h); unset or yielding nullptr: the
  // originator's ceiling alone decides.
  sharing::PolicySource policy;
};

// The federation part of a loaded (validated, defaults filled) node configuration; the caller
// sets `policy`.
FederationOptions OptionsFromConfig(const rilon::config::v1::NodeConfig& config,
                                    std::string signing_certificate_der);

class Federation final : public api::FederationView {
 public:
  static absl::StatusOr<std::unique_ptr<Federation>> Create(FederationOptions options,
                                                            store::RecordStore* store,
                                                            feed::FeedHub* feed,
                                                            api::BlockingPool* readers);
  ~Federation() override;
  Federation(const Federation&) = delete;
  Federation& operator=(const Federation&) = delete;

  grpc::Service* service() { return service_.get(); }
  void StartPulling();
  void Stop();

  absl::StatusOr<rilon::v1::ListPeersResponse> ListPeers() const override;
  absl::StatusOr<rilon::v1::RecordDeliveries> Deliveries(
      const rilon::storage::v1::StoredRecord& stored) const override;

 private:
  Federation() = default;
  std::vector<PeerView> PeerViews() const;

  FederationOptions options_;
  store::RecordStore* store_ = nullptr;
  std::unique_ptr<SharingGate> gate_;
  std::unique_ptr<SigningCertificates> certificates_;
  std::unique_ptr<OwnSigningCertificates> own_certificates_;
  std::unique_ptr<RecordVerifier> verifier_;
  std::unique_ptr<OutboundLinks> links_;
  std::unique_ptr<ParallelPool> pool_;
  ReplicationContext context_;
  std::unique_ptr<ReplicationService> service_;
  std::vector<std::unique_ptr<PeerPuller>> pullers_;
};

}  // namespace rilon::federation
