// Federation under kill -9 (real rilond processes, as in federation_test.cc): a receiver killed in
// the middle of a replication stream, twice, and restarted must end up with every record
// addressed to it, exactly once, in origin order; so must a sender killed while streaming.
#include <gtest/gtest.h>

#include <atomic>
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

}  // namespace
}  // namespace rilon::testing
