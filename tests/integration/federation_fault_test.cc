// Federation under faults (real rilond processes, as in federation_test.cc): a receiver killed
// in the middle of a replication stream, twice, and restarted must end up with every record
// addressed to it, exactly once, in origin order; so must a sender killed while streaming; and
// records sent while the link between two nodes is cut (a TCP relay on the path) arrive once it
// is restored, while the third node, not behind the cut, keeps receiving throughout. Records
// queued for a peer that is down across a signing-key rotation reach it once the retired
// certificate is configured, and stay queued (never refused) until it is.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "tests/integration/harness/federation_cluster.h"

namespace rilon::testing {
namespace {

const std::vector<std::string> kAgencies = {"au.abf", "id.polri", "my.mmea"};

class FederationFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RestrictToTls13ForTests();
    cluster_ = std::make_unique<FederationCluster>(pki_, work_.path(), kAgencies);
    cluster_->Start();
  }

  // Waits until `agency` holds at least `count` records (bounded; the caller checks the end
  // state, not this).
  void WaitForAtLeast(const std::string& agency, size_t count) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (cluster_->ReadAll(agency).size() < count && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  PkiFixture pki_;
  ScratchDir work_{"rilon-federation-fault"};
  std::unique_ptr<FederationCluster> cluster_;
};

TEST_F(FederationFaultTest, ReceiverKilledMidStreamCatchesUpWithoutGapOrDuplicate) {
  ConvergenceChecker checker(*cluster_);
  constexpr int kRecords = 300;
  std::atomic<int> submitted{0};
  std::vector<rilon::v1::Record> records(kRecords);
  std::thread writer([&] {
    for (int i = 0; i < kRecords; ++i) {
      records[i] = cluster_->Submit("au.abf", {"id.polri", "my.mmea"}, "kill-" + std::to_string(i));
      submitted = i + 1;
    }
  });
  // Kill the receiver once it has part of the stream, twice.
  for (int round = 0; round < 2; ++round) {
    WaitForAtLeast("id.polri", static_cast<size_t>(round + 1) * 60);
    cluster_->node("id.polri").Kill();
    cluster_->node("id.polri").Start();
  }
  writer.join();
  for (const auto& r : records) checker.Expect(r);
  EXPECT_EQ(checker.WaitForConvergence(), "");
  EXPECT_EQ(cluster_->ReadAll("id.polri").size(), static_cast<size_t>(kRecords));
}

TEST_F(FederationFaultTest, SenderKilledWhileStreamingResumesAfterRestart) {
  ConvergenceChecker checker(*cluster_);
  constexpr int kBefore = 150;
  for (int i = 0; i < kBefore; ++i) {
    checker.Expect(cluster_->Submit("au.abf", {"my.mmea"}, "sender-" + std::to_string(i)));
  }
  WaitForAtLeast("my.mmea", 1);
  cluster_->node("au.abf").Kill();
  cluster_->node("au.abf").Start();
  for (int i = kBefore; i < kBefore + 50; ++i) {
    checker.Expect(cluster_->Submit("au.abf", {"my.mmea"}, "sender-" + std::to_string(i)));
  }
  EXPECT_EQ(checker.WaitForConvergence(), "");
}

// Polls `done` every 50 ms for at most 60 s; returns its last answer.
template <typename Predicate>
bool Eventually(Predicate done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

TEST_F(FederationFaultTest, RecordsQueuedAcrossASigningKeyRotationReachThePeerThatWasDown) {
  ConvergenceChecker checker(*cluster_);
  NodeProcess& au = cluster_->node("au.abf");
  NodeProcess& id = cluster_->node("id.polri");
  id.Stop();
  std::set<std::string> old_key_ids;
  for (int i = 0; i < 5; ++i) {
    rilon::v1::Record r = cluster_->Submit("au.abf", {"id.polri"}, "old-key-" + std::to_string(i));
    checker.Expect(r);
    old_key_ids.insert(r.id());
  }
  const std::string retired = pki_.RotateSigning("au.abf");

  // Rotated without keeping the old certificate: the old-key records stay queued for id.polri;
  // au.abf says what is missing and id.polri refuses nothing.
  au.Stop();
  au.Start();
  for (int i = 0; i < 5; ++i) {
    checker.Expect(cluster_->Submit("au.abf", {"id.polri"}, "new-key-" + std::to_string(i)));
  }
  id.Start();
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (au.ReadLog().find("whose certificate this node does not have") == std::string::npos &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_NE(au.ReadLog().find("add the retired signing certificate to signing.previous_cert_files"),
            std::string::npos);
  for (const rilon::v1::Record& held : cluster_->ReadAll("id.polri")) {
    EXPECT_EQ(old_key_ids.count(held.id()), 0u)
        << "an old-key record arrived without its certificate";
  }
  const rilon::v1::PeerStatus stalled = cluster_->Peer("id.polri", "au.abf");
  EXPECT_EQ(stalled.refusals_total(), 0u);
  EXPECT_NE(stalled.last_error().find("signing.previous_cert_files"), std::string::npos)
      << stalled.last_error();

  // With the retired certificate configured, everything arrives, in origin order, old key and new.
  au.set_retired_signing_certs({retired});
  au.Stop();
  au.Start();
  EXPECT_EQ(checker.WaitForConvergence(), "");
  EXPECT_EQ(cluster_->Peer("id.polri", "au.abf").refusals_total(), 0u);
}

TEST(FederationPartitionTest, RecordsSentDuringACutArriveAfterItIsRestored) {
  RestrictToTls13ForTests();
  PkiFixture pki;
  ScratchDir work("rilon-federation-cut");
  ClusterOptions options;
  options.relayed = {{"id.polri", "au.abf"}, {"au.abf", "id.polri"}};
  FederationCluster cluster(pki, work.path(), kAgencies, options);
  cluster.Start();
  ConvergenceChecker checker(cluster);
  checker.Expect(cluster.Submit("au.abf", {"id.polri"}, "before-cut"));
  ASSERT_EQ(checker.WaitForConvergence(), "");
  // id.polri's acknowledgement of it has reached au.abf too.
  ASSERT_TRUE(Eventually([&] { return cluster.Peer("au.abf", "id.polri").records_queued() == 0; }));

  cluster.relay("id.polri", "au.abf").Cut();
  cluster.relay("au.abf", "id.polri").Cut();
  constexpr int kDuringCut = 40;
  std::set<std::string> cut_off;  // records that can only cross the cut link
  for (int i = 0; i < kDuringCut; ++i) {
    rilon::v1::Record au =
        cluster.Submit("au.abf", {"id.polri", "my.mmea"}, "cut-au-" + std::to_string(i));
    rilon::v1::Record id = cluster.Submit("id.polri", {"au.abf"}, "cut-id-" + std::to_string(i));
    cut_off.insert(au.id());
    cut_off.insert(id.id());
    checker.Expect(au);
    checker.Expect(id);
  }
  // my.mmea is not behind the cut: au.abf's records reach it meanwhile.
  ASSERT_TRUE(Eventually([&] { return cluster.ReadAll("my.mmea").size() == kDuringCut; }));
  // Neither side of the cut has the other's new records, and each sees the link as down.
  ASSERT_TRUE(Eventually([&] {
    rilon::v1::PeerStatus at_au = cluster.Peer("au.abf", "id.polri");
    rilon::v1::PeerStatus at_id = cluster.Peer("id.polri", "au.abf");
    return !at_au.receiving() && !at_au.sending() && !at_id.receiving() && !at_id.sending();
  })) << cluster.ListPeers("au.abf").DebugString()
      << cluster.ListPeers("id.polri").DebugString();
  for (const std::string agency : {"au.abf", "id.polri"}) {
    for (const rilon::v1::Record& r : cluster.ReadAll(agency)) {
      if (r.origin_agency() != agency) {
        EXPECT_EQ(cut_off.count(r.id()), 0u) << agency;
      }
    }
  }
  // au.abf counts what waits for id.polri: exactly the records made during the cut.
  rilon::v1::PeerStatus waiting = cluster.Peer("au.abf", "id.polri");
  EXPECT_EQ(waiting.records_queued(), static_cast<uint64_t>(kDuringCut));
  EXPECT_FALSE(waiting.records_queued_at_least());

  cluster.relay("id.polri", "au.abf").Restore();
  cluster.relay("au.abf", "id.polri").Restore();
  EXPECT_EQ(checker.WaitForConvergence(), "");
  EXPECT_TRUE(Eventually([&] { return cluster.Peer("au.abf", "id.polri").records_queued() == 0; }));
  EXPECT_EQ(cluster.Peer("id.polri", "au.abf").refusals_total(), 0u);
}

}  // namespace
}  // namespace rilon::testing
