#include "tests/integration/harness/federation_cluster.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace rilon::testing {

FederationCluster::FederationCluster(PkiFixture& pki, std::string work_dir,
                                     std::vector<std::string> agencies, ClusterOptions options)
    : pki_(pki),
      work_dir_(std::move(work_dir)),
      agencies_(std::move(agencies)),
      options_(std::move(options)) {
  for (const std::string& agency : agencies_) {
    nodes_[agency] = std::make_unique<NodeProcess>(pki_, agency, work_dir_ + "/" + agency);
  }
}

void FederationCluster::Start() {
  for (const std::string& agency : agencies_) {
    nodes_[agency]->Start();
    nodes_[agency]->Stop();
  }
  for (const auto& link : options_.relayed) {
    relays_[link] = std::make_unique<TcpRelay>(nodes_.at(link.second)->port());
  }
  for (const std::string& agency : agencies_) {
    std::ostringstream config;
    config << "federation {\n  retry_initial_ms: 100\n  retry_max_ms: 1000\n"
           << "  connect_timeout_ms: 2000\n";
    for (const std::string& peer : agencies_) {
      if (peer == agency) continue;
      auto relay = relays_.find({agency, peer});
      const std::string address =
          relay != relays_.end() ? relay->second->endpoint() : nodes_[peer]->endpoint();
      config << "  peers { agency_id: \"" << peer << "\" address: \"" << address << "\" }\n";
    }
    if (auto extra = options_.external_peers.find(agency); extra != options_.external_peers.end()) {
      for (const auto& [peer, address] : extra->second) {
        config << "  peers { agency_id: \"" << peer << "\" address: \"" << address << "\" }\n";
      }
    }
    config << "}\n";
    if (auto extra = options_.extra_config.find(agency); extra != options_.extra_config.end()) {
      config << extra->second << "\n";
    }
    nodes_[agency]->set_extra_config(config.str());
  }
  for (const std::string& agency : agencies_) {
    NodeProcess& n = *nodes_[agency];
    n.Start();
    // Clients are made here, once: tests use them from several threads, and deploy/pki.sh must
    // not run concurrently on one PKI.
    officers_[agency] = std::make_unique<ApiClient>(
        n.endpoint(), pki_.ca_file(), pki_.Person("officer", agency, "fed-officer"), n.node_id(),
        /*fast_reconnect=*/true);
    analysts_[agency] = std::make_unique<ApiClient>(
        n.endpoint(), pki_.ca_file(), pki_.Person("analyst", agency, "fed-analyst"), n.node_id(),
        /*fast_reconnect=*/true);
  }
}

ApiClient& FederationCluster::officer(const std::string& agency) {
  auto& client = officers_[agency];
  if (!client) {
    NodeProcess& n = node(agency);
    client = std::make_unique<ApiClient>(n.endpoint(), pki_.ca_file(),
                                         pki_.Person("officer", agency, "fed-officer"), n.node_id(),
                                         /*fast_reconnect=*/true);
  }
  return *client;
}

rilon::v1::Record FederationCluster::Submit(const std::string& agency,
                                            const std::vector<std::string>& audience,
                                            const std::string& tag, rilon::v1::Marking marking) {
  rilon::v1::SubmitReportRequest request = SampleReport(tag);
  request.set_marking(marking);
  request.mutable_audience()->clear_agencies();
  for (const std::string& a : audience) request.mutable_audience()->add_agencies(a);
  request.set_request_id(tag);
  return SubmitRequest(agency, request);
}

rilon::v1::Record FederationCluster::SubmitRequest(const std::string& agency,
                                                   const rilon::v1::SubmitReportRequest& request) {
  rilon::v1::SubmitReportResponse response;
  grpc::Status status;
  // The node may be restarting (fault tests): retry with the same request id, which the node
  // deduplicates, until it answers.
  for (int attempt = 0; attempt < 20; ++attempt) {
    auto ctx = ApiClient::Context();
    ctx->set_wait_for_ready(true);
    status = officer(agency).stub().SubmitReport(ctx.get(), request, &response);
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE) break;
  }
  if (!status.ok()) {
    throw std::runtime_error("submit " + request.request_id() + " to " + agency +
                             " failed: " + status.error_message());
  }
  return response.record();
}

std::vector<rilon::v1::Record> FederationCluster::ReadAll(const std::string& agency) {
  ApiClient* client = &officer(agency);
  std::vector<rilon::v1::Record> records;
  rilon::v1::ListRecordsRequest list;
  list.set_page_size(1000);
  list.set_include_superseded(true);  // the whole log, corrected versions included
  for (;;) {
    rilon::v1::ListRecordsResponse page;
    auto ctx = ApiClient::Context();
    ctx->set_wait_for_ready(true);
    grpc::Status status = client->stub().ListRecords(ctx.get(), list, &page);
    if (!status.ok()) {
      throw std::runtime_error("ListRecords on " + agency + " failed: " + status.error_message());
    }
    records.insert(records.end(), page.records().begin(), page.records().end());
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  return records;
}

rilon::v1::ListPeersResponse FederationCluster::ListPeers(const std::string& agency) {
  rilon::v1::ListPeersResponse response;
  auto ctx = ApiClient::Context();
  ctx->set_wait_for_ready(true);
  grpc::Status status =
      officer(agency).stub().ListPeers(ctx.get(), rilon::v1::ListPeersRequest(), &response);
  if (!status.ok()) {
    throw std::runtime_error("ListPeers on " + agency + " failed: " + status.error_message());
  }
  return response;
}

rilon::v1::ListPeersResponse FederationCluster::SettledPeers(const std::string& agency,
                                                             std::chrono::seconds deadline) {
  const auto give_up = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    rilon::v1::ListPeersResponse peers = ListPeers(agency);
    bool settled = true;
    for (const rilon::v1::PeerStatus& p : peers.peers()) {
      settled = settled && p.records_queued() == 0 && p.receiving() && p.sending();
    }
    if (settled || std::chrono::steady_clock::now() > give_up) return peers;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

rilon::v1::PeerStatus FederationCluster::Peer(const std::string& agency, const std::string& peer) {
  const rilon::v1::ListPeersResponse peers = ListPeers(agency);
  for (const rilon::v1::PeerStatus& p : peers.peers()) {
    if (p.agency_id() == peer) return p;
  }
  throw std::runtime_error(agency + " does not list " + peer + " as a peer");
}

std::string ConvergenceChecker::Check() {
  std::ostringstream problems;
  for (const std::string& agency : cluster_.agencies()) {
    std::set<std::string> expected;
    for (const rilon::v1::Record& r : submitted_) {
      const auto& to = r.audience().agencies();
      if (r.origin_agency() == agency || std::find(to.begin(), to.end(), agency) != to.end()) {
        expected.insert(r.id());
      }
    }
    std::vector<rilon::v1::Record> held = cluster_.ReadAll(agency);
    std::set<std::string> ids;
    std::map<std::string, uint64_t> last_seq;
    int missing = 0, extra = 0, duplicated = 0, misordered = 0;
    for (const rilon::v1::Record& r : held) {
      if (!ids.insert(r.id()).second) ++duplicated;
      if (!expected.count(r.id())) ++extra;
      uint64_t& last = last_seq[r.origin_agency()];
      if (r.origin_seq() <= last) ++misordered;
      last = r.origin_seq();
    }
    for (const std::string& id : expected) missing += ids.count(id) == 0;
    if (missing || extra || duplicated || misordered) {
      problems << agency << ": holds " << held.size() << ", expected " << expected.size()
               << " (missing " << missing << ", extra " << extra << ", duplicated " << duplicated
               << ", out of origin order " << misordered << ")\n";
    }
  }
  return problems.str();
}

std::string ConvergenceChecker::WaitForConvergence(std::chrono::seconds deadline) {
  const auto give_up = std::chrono::steady_clock::now() + deadline;
  std::string last = Check();
  while (!last.empty() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    last = Check();
  }
  return last;
}

}  // namespace rilon::testing
