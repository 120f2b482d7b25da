#include "node/federation/federation.h"

#include <map>
#include <set>

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
  options.previous_signing_cert_files.assign(config.signing().previous_cert_files().begin(),
                                             config.signing().previous_cert_files().end());
  options.directory = sharing::Directory(config.directory());
  return options;
}

absl::StatusOr<std::unique_ptr<Federation>> Federation::Create(FederationOptions options,
                                                               store::RecordStore* store,
                                                               feed::FeedHub* feed,
                                                               api::BlockingPool* readers) {
  std::unique_ptr<Federation> f(new Federation());
  f->options_ = std::move(options);
  f->store_ = store;
  absl::StatusOr<std::unique_ptr<SigningCertificates>> certificates =
      SigningCertificates::Load(f->options_.tls.ca_file, f->options_.trust_domain);
  if (!certificates.ok()) return certificates.status();
  f->certificates_ = std::move(*certificates);
  absl::StatusOr<std::unique_ptr<OwnSigningCertificates>> own_certificates =
      OwnSigningCertificates::Load(f->options_.own_agency, f->options_.signing_certificate_der,
                                   f->options_.previous_signing_cert_files, *f->certificates_);
  if (!own_certificates.ok()) return own_certificates.status();
  f->own_certificates_ = std::move(*own_certificates);
  f->gate_ = std::make_unique<SharingGate>(f->options_.own_agency, f->options_.directory,
                                           f->options_.policy);
  f->verifier_ = std::make_unique<RecordVerifier>(f->certificates_.get(), f->gate_.get());
  std::set<std::string> peer_agencies;
  for (const PeerEndpoint& peer : f->options_.peers) peer_agencies.insert(peer.agency_id);
  f->links_ = std::make_unique<OutboundLinks>(peer_agencies);
  if (!f->options_.peers.empty()) {
    f->pool_ = std::make_unique<ParallelPool>(ParallelPool::DefaultHelpers());
  }

  ReplicationContext& ctx = f->context_;
  ctx.trust_domain = f->options_.trust_domain;
  ctx.links = f->links_.get();
  ctx.store = store;
  ctx.feed = feed;
  ctx.readers = readers;
  ctx.gate = f->gate_.get();
  ctx.own_certificates = f->own_certificates_.get();
  f->service_ = std::make_unique<ReplicationService>(ctx);

  for (const PeerEndpoint& peer : f->options_.peers) {
    f->pullers_.push_back(std::make_unique<PeerPuller>(peer, f->options_.tls, f->options_.puller,
                                                       store, f->verifier_.get(), f->gate_.get(),
                                                       f->certificates_.get(), f->pool_.get()));
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

std::vector<PeerView> Federation::PeerViews() const {
  std::vector<PeerView> views;
  for (size_t i = 0; i < pullers_.size(); ++i) {
    const PeerEndpoint& peer = options_.peers[i];
    views.push_back(
        {peer, pullers_[i]->Status(), links_->Get(peer.agency_id).value_or(OutboundStatus{})});
  }
  return views;
}

absl::StatusOr<rilon::v1::ListPeersResponse> Federation::ListPeers() const {
  std::vector<PeerView> views = PeerViews();
  std::map<std::string, uint64_t> acknowledged;
  for (const PeerView& view : views) {
    acknowledged[view.endpoint.agency_id] =
        view.sending.acknowledged_known ? view.sending.acknowledged : 0;
  }
  absl::StatusOr<std::map<std::string, QueueCount>> queued =
      CountQueued(*store_, *gate_, acknowledged, kMaxQueueScan);
  if (!queued.ok()) return queued.status();
  rilon::v1::ListPeersResponse response;
  for (const PeerView& view : views) {
    *response.add_peers() = ToApiPeerStatus(view, (*queued)[view.endpoint.agency_id]);
  }
  return response;
}

absl::StatusOr<rilon::v1::RecordDeliveries> Federation::Deliveries(
    const rilon::storage::v1::StoredRecord& stored) const {
  return DescribeDeliveries(stored, *gate_, PeerViews());
}

}  // namespace rilon::federation
