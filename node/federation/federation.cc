#include "node/federation/federation.h"

namespace rilon::federation {

FederationOptions OptionsFromConfig(const rilon::config::v1::NodeConfig& config,
                                    std::string signing_certificate_der) {
  FederationOptions options;
  options.own_agency = config.agency_id();
  options.trust_domain = config.trust_domain();
  options.tls = {.ca_file = config.tls().ca_file(),
                 .cert_file = config.tls().cert_file(),
                 .key_file = config.tls().key_file()};
  for (const rilon::config::v1::Peer& peer : config.federation().peers()) {
    options.peers.push_back({peer.agency_id(), peer.address(), peer.node_id()});
  }
  options.puller.retry_initial = absl::Milliseconds(config.federation().retry_initial_ms());
  options.puller.retry_max = absl::Milliseconds(config.federation().retry_max_ms());
  options.puller.connect_timeout = absl::Milliseconds(config.federation().connect_timeout_ms());
  options.signing_certificate_der = std::move(signing_certificate_der);
  return options;
}

absl::StatusOr<std::unique_ptr<Federation>> Federation::Create(FederationOptions options,
                                                               store::RecordStore* store,
                                                               feed::FeedHub* feed,
                                                               api::BlockingPool* readers) {
  std::unique_ptr<Federation> f(new Federation());
  f->options_ = std::move(options);
  absl::StatusOr<std::unique_ptr<SigningCertificates>> certificates =
      SigningCertificates::Load(f->options_.tls.ca_file, f->options_.trust_domain);
  if (!certificates.ok()) return certificates.status();
  f->certificates_ = std::move(*certificates);
  f->gate_ = std::make_unique<SharingGate>(f->options_.own_agency);
  f->verifier_ = std::make_unique<RecordVerifier>(f->certificates_.get(), f->gate_.get());

  ReplicationContext& ctx = f->context_;
  ctx.trust_domain = f->options_.trust_domain;
  for (const PeerEndpoint& peer : f->options_.peers) ctx.peer_agencies.insert(peer.agency_id);
  ctx.store = store;
  ctx.feed = feed;
  ctx.readers = readers;
  ctx.gate = f->gate_.get();
  ctx.signing_certificate_der = f->options_.signing_certificate_der;
  f->service_ = std::make_unique<ReplicationService>(ctx);

  for (const PeerEndpoint& peer : f->options_.peers) {
    f->pullers_.push_back(std::make_unique<PeerPuller>(peer, f->options_.tls, f->options_.puller,
                                                       store, f->verifier_.get(),
                                                       f->certificates_.get()));
  }
  return f;
}

Federation::~Federation() { Stop(); }

void Federation::StartPulling() {
  for (auto& puller : pullers_) puller->Start();
}

void Federation::Stop() {
  for (auto& puller : pullers_) puller->Stop();
}

std::vector<PeerStatus> Federation::PeerStatuses() const {
  std::vector<PeerStatus> statuses;
  for (const auto& puller : pullers_) statuses.push_back(puller->Status());
  return statuses;
}

}  // namespace rilon::federation
