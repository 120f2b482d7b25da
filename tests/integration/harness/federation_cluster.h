// N real rilond processes on loopback that know each other as federation peers, with certificates
// from deploy/pki.sh, plus the checks federation tests share: reading a node's whole log and
// waiting (with a bounded deadline, never a fixed sleep) until every node holds exactly the
// records addressed to it.
//
// Start() starts each node once to learn its ephemeral port, then restarts it with every other
// node configured as a peer (NodeProcess keeps its port across restarts). Reconnection back-off
// is shortened (100 ms .. 1 s) so tests that stop nodes see them again quickly. ClusterOptions
// can route links through TcpRelays (to cut them) and add peers the cluster does not start
// (a fake peer in the test process).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "rilon/v1/node_api.pb.h"
#include "tests/integration/harness/api_client.h"
#include "tests/integration/harness/node_process.h"
#include "tests/integration/harness/tcp_relay.h"

namespace rilon::testing {

struct ClusterOptions {
  // {from, to}: `from` pulls from `to` through a TcpRelay (relay(from, to) cuts it).
  std::set<std::pair<std::string, std::string>> relayed;
  // agency -> {peer agency -> endpoint}: extra peers that the cluster does not start.
  std::map<std::string, std::map<std::string, std::string>> external_peers;
  // agency -> configuration text appended to that node's config (e.g. policy { file: ... }).
  std::map<std::string, std::string> extra_config;
};

class FederationCluster {
 public:
  FederationCluster(PkiFixture& pki, std::string work_dir, std::vector<std::string> agencies,
                    ClusterOptions options = {});

  void Start();
  NodeProcess& node(const std::string& agency) { return *nodes_.at(agency); }
  // The relay of a link named in ClusterOptions::relayed.
  TcpRelay& relay(const std::string& from, const std::string& to) {
    return *relays_.at({from, to});
  }
  const std::vector<std::string>& agencies() const { return agencies_; }

  // An officer client of `agency`'s node (made by Start(); thread-safe; reconnects quickly).
  ApiClient& officer(const std::string& agency);
  // An analyst client of `agency`'s node (made by Start()).
  ApiClient& analyst(const std::string& agency) { return *analysts_.at(agency); }
  // Submits a report from `agency` addressed to `audience` (request id = tag, retried while the
  // node is unavailable); returns the stored record; throws on any other error. Thread-safe.
  rilon::v1::Record Submit(const std::string& agency, const std::vector<std::string>& audience,
                           const std::string& tag,
                           rilon::v1::Marking marking = rilon::v1::TLP_GREEN);
  // Submits `request` as it is to `agency`'s node, retried as Submit() does.
  rilon::v1::Record SubmitRequest(const std::string& agency,
                                  const rilon::v1::SubmitReportRequest& request);

  // Every record in the node's local log, in log order, as its officer reads it (officers may
  // read every marking, TLP:RED included); throws on an RPC error. Thread-safe.
  std::vector<rilon::v1::Record> ReadAll(const std::string& agency);

  // NodeApi.ListPeers on the agency's node, as its officer; throws on an RPC error.
  rilon::v1::ListPeersResponse ListPeers(const std::string& agency);
  // ListPeers(agency) once every link is up in both directions with nothing queued, or as it
  // is when `deadline` passes (the caller's assertions then say what is not settled). A node
  // started before its peers retries them after a back-off, so links come up some time after
  // records have already flowed the other way.
  rilon::v1::ListPeersResponse SettledPeers(
      const std::string& agency, std::chrono::seconds deadline = std::chrono::seconds(30));
  // The entry for `peer` in ListPeers(agency); throws when there is none.
  rilon::v1::PeerStatus Peer(const std::string& agency, const std::string& peer);

 private:
  PkiFixture& pki_;
  const std::string work_dir_;
  const std::vector<std::string> agencies_;
  const ClusterOptions options_;
  std::map<std::string, std::unique_ptr<NodeProcess>> nodes_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<TcpRelay>> relays_;
  std::map<std::string, std::unique_ptr<ApiClient>> officers_;
  std::map<std::string, std::unique_ptr<ApiClient>> analysts_;
};

// What each node should hold: every submitted record whose origin is that node's agency or whose
// audience names it. Records are identified by id.
class ConvergenceChecker {
 public:
  explicit ConvergenceChecker(FederationCluster& cluster) : cluster_(cluster) {}

  void Expect(const rilon::v1::Record& submitted) { submitted_.push_back(submitted); }

  // "" when every node holds exactly what it should (nothing missing, nothing extra, no
  // duplicates, each origin's records in increasing origin_seq in the local log); otherwise a
  // description of the first differences per node.
  std::string Check();

  // Polls Check() until it returns "" or `deadline` passes; returns the last result.
  std::string WaitForConvergence(std::chrono::seconds deadline = std::chrono::seconds(90));

 private:
  FederationCluster& cluster_;
  std::vector<rilon::v1::Record> submitted_;
};

}  // namespace rilon::testing
