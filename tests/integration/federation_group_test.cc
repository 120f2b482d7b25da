// The Maritime People Smuggling Response Group as six real rilond processes on loopback (one per
// member agency, each the peer of the five others): every agency submits concurrently, with
// audiences from nobody to everybody and every TLP marking that can name agencies; every node
// must end up holding exactly the records whose audience includes it (nothing missing, nothing
// extra, no duplicates, each origin in order), with every link up both ways, nothing refused and
// nothing left queued.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "tests/integration/harness/federation_cluster.h"

namespace rilon::testing {
namespace {

const rilon::v1::Marking kMarkings[] = {rilon::v1::TLP_GREEN, rilon::v1::TLP_AMBER,
                                        rilon::v1::TLP_AMBER_STRICT, rilon::v1::TLP_RED};
const std::vector<std::string> kGroup = {"au.abf",  "bd.police", "id.polri",
                                         "my.mmea", "th.rtp",    "tl.pntl"};

TEST(ResponseGroupTest, SixAgenciesConvergeOnExactlyTheirAudiences) {
  RestrictToTls13ForTests();
  PkiFixture pki;
  ScratchDir work("rilon-federation-group");
  FederationCluster cluster(pki, work.path(), kGroup);
  cluster.Start();
  ConvergenceChecker checker(cluster);

  constexpr int kPerAgency = 25;
  std::mutex mu;
  std::vector<std::thread> writers;
  for (size_t k = 0; k < kGroup.size(); ++k) {
    writers.emplace_back([&, k] {
      for (int i = 0; i < kPerAgency; ++i) {
        // A different subset of the other five for each record, from none to all of them.
        const unsigned mask = static_cast<unsigned>(i * 7 + k * 3) % 32;
        std::vector<std::string> audience;
        size_t bit = 0;
        for (size_t j = 0; j < kGroup.size(); ++j) {
          if (j == k) continue;
          if (mask & (1u << bit++)) audience.push_back(kGroup[j]);
        }
        rilon::v1::Record r = cluster.Submit(kGroup[k], audience,
                                             kGroup[k] + "-" + std::to_string(i), kMarkings[i % 4]);
        std::lock_guard<std::mutex> lock(mu);
        checker.Expect(r);
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(checker.WaitForConvergence(), "");

  // Every link is up in both directions, nothing was refused, and once the last
  // acknowledgements are in, nothing is queued.
  for (const std::string& agency : kGroup) {
    const rilon::v1::ListPeersResponse peers = cluster.SettledPeers(agency);
    ASSERT_EQ(peers.peers_size(), 5) << agency;
    for (const rilon::v1::PeerStatus& p : peers.peers()) {
      EXPECT_TRUE(p.receiving()) << agency << " from " << p.agency_id();
      EXPECT_TRUE(p.sending()) << agency << " to " << p.agency_id();
      EXPECT_EQ(p.records_queued(), 0u) << agency << " for " << p.agency_id();
      EXPECT_EQ(p.refusals_total(), 0u) << agency << " from " << p.agency_id();
      EXPECT_EQ(p.lag_positions(), 0u) << agency << " behind " << p.agency_id();
    }
  }
}

}  // namespace
}  // namespace rilon::testing
