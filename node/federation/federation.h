// Federation as one part of the node: the Federation gRPC service (what peers pull from us),
// one PeerPuller per configured peer (what we pull from them), and what both share — the sharing
// gate, the verified signing certificates and the record verifier. node/node.cc builds it from
// the configuration and registers service() on the node's mutual-TLS server.
//
// Contract:
//   - Create() reads the federation root (tls.ca_file) and refuses a bad one
//     (FAILED_PRECONDITION); it starts nothing.
//   - StartPulling() starts every puller; Stop() stops them (idempotent). Stop them before the
//     store closes.
//   - `store` is the node's publishing store (publishing_record_store.h), so received records
//     enter the local log and the feed like local ones.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "node/api/blocking_pool.h"
#include "node/federation/peer_puller.h"
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
  std::string signing_certificate_der;  // this agency's, sent to peers with our records
};

// The federation part of a loaded (validated, defaults filled) node configuration.
FederationOptions OptionsFromConfig(const rilon::config::v1::NodeConfig& config,
                                    std::string signing_certificate_der);

class Federation {
 public:
  static absl::StatusOr<std::unique_ptr<Federation>> Create(FederationOptions options,
                                                            store::RecordStore* store,
                                                            feed::FeedHub* feed,
                                                            api::BlockingPool* readers);
  ~Federation();
  Federation(const Federation&) = delete;
  Federation& operator=(const Federation&) = delete;

  grpc::Service* service() { return service_.get(); }
  void StartPulling();
  void Stop();
  std::vector<PeerStatus> PeerStatuses() const;

 private:
  Federation() = default;

  FederationOptions options_;
  std::unique_ptr<SharingGate> gate_;
  std::unique_ptr<SigningCertificates> certificates_;
  std::unique_ptr<RecordVerifier> verifier_;
  ReplicationContext context_;
  std::unique_ptr<ReplicationService> service_;
  std::vector<std::unique_ptr<PeerPuller>> pullers_;
};

}  // namespace rilon::federation
