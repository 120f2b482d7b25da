// Federation end to end with real rilond processes on loopback (au.abf, id.polri, my.mmea), each
// configured with the other two as peers, certificates from deploy/pki.sh: records reach exactly
// their audience, reach a receiver that was down while they were sent, and a node outside the
// federation's configuration cannot pull anything (kill -9 tests: federation_fault_test.cc).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rilon/v1/federation.grpc.pb.h"
#include "tests/integration/harness/federation_cluster.h"

namespace rilon::testing {
namespace {

const std::vector<std::string> kAgencies = {"au.abf", "id.polri", "my.mmea"};

class FederationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RestrictToTls13ForTests();
    cluster_ = std::make_unique<FederationCluster>(pki_, work_.path(), kAgencies);
    cluster_->Start();
  }

  PkiFixture pki_;
  ScratchDir work_{"rilon-federation"};
  std::unique_ptr<FederationCluster> cluster_;
};

TEST_F(FederationTest, RecordsReachExactlyTheirAudience) {
  ConvergenceChecker checker(*cluster_);
  const rilon::v1::Record only_polri = cluster_->Submit("au.abf", {"id.polri"}, "aud-1");
  checker.Expect(only_polri);
  checker.Expect(cluster_->Submit("au.abf", {"my.mmea"}, "aud-2"));
  checker.Expect(cluster_->Submit("au.abf", {"id.polri", "my.mmea"}, "aud-3"));
  checker.Expect(cluster_->Submit("id.polri", {"au.abf", "my.mmea"}, "aud-4"));
  checker.Expect(cluster_->Submit("my.mmea", {}, "aud-5"));
  checker.Expect(cluster_->Submit("my.mmea", {"au.abf"}, "aud-6"));
  // my.mmea has received aud-2, which au.abf stored after aud-1: had aud-1 been sent to it, it
  // would be there too.
  EXPECT_EQ(checker.WaitForConvergence(), "");

  std::vector<rilon::v1::Record> at_polri = cluster_->ReadAll("id.polri");
  auto received = std::find_if(at_polri.begin(), at_polri.end(),
                               [&](const auto& r) { return r.id() == only_polri.id(); });
  ASSERT_NE(received, at_polri.end());
  std::vector<rilon::v1::Record> at_origin = cluster_->ReadAll("au.abf");
  auto original = std::find_if(at_origin.begin(), at_origin.end(),
                               [&](const auto& r) { return r.id() == only_polri.id(); });
  ASSERT_NE(original, at_origin.end());
  // The exact signed envelope travelled: same bytes, same signature.
  EXPECT_EQ(received->signed_().body(), original->signed_().body());
  EXPECT_EQ(received->signed_().signature(), original->signed_().signature());
  EXPECT_EQ(received->trend_report().narrative(), original->trend_report().narrative());
  EXPECT_FALSE(received->signed_().signature().empty());

  ApiClient analyst(cluster_->node("my.mmea").endpoint(), pki_.ca_file(),
                    pki_.Person("analyst", "my.mmea", "nosy"), cluster_->node("my.mmea").node_id());
  rilon::v1::GetRecordRequest get;
  get.set_id(only_polri.id());
  rilon::v1::GetRecordResponse response;
  EXPECT_EQ(analyst.stub().GetRecord(ApiClient::Context().get(), get, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(FederationTest, NodeStoppedWhileRecordsAreSentReceivesThemAllWhenItReturns) {
  ConvergenceChecker checker(*cluster_);
  checker.Expect(cluster_->Submit("au.abf", {"my.mmea"}, "before-stop"));
  ASSERT_EQ(checker.WaitForConvergence(), "");
  ASSERT_EQ(cluster_->node("my.mmea").Stop(), 0);
  for (int i = 0; i < 100; ++i) {
    checker.Expect(cluster_->Submit("au.abf", {"my.mmea"}, "offline-au-" + std::to_string(i)));
    checker.Expect(
        cluster_->Submit("id.polri", {"my.mmea", "au.abf"}, "offline-id-" + std::to_string(i)));
  }
  cluster_->node("my.mmea").Start();
  EXPECT_EQ(checker.WaitForConvergence(), "");
  EXPECT_EQ(cluster_->ReadAll("my.mmea").size(), 201u);
}

TEST_F(FederationTest, OnlyConfiguredPeerNodesMayPull) {
  NodeProcess& au = cluster_->node("au.abf");
  cluster_->Submit("au.abf", {"id.polri"}, "secret-1");
  auto replicate_as = [&](const Identity& identity) {
    ApiClient client(au.endpoint(), pki_.ca_file(), identity, au.node_id());
    auto stub = rilon::v1::Federation::NewStub(client.channel());
    auto ctx = ApiClient::Context();
    rilon::v1::ReplicateRequest request;
    auto reader = stub->Replicate(ctx.get(), request);
    rilon::v1::ReplicateResponse message;
    EXPECT_FALSE(reader->Read(&message)) << "a record was streamed";
    return reader->Finish();
  };
  // A genuine node certificate of the federation, but th.rtp is not a configured peer.
  grpc::Status stranger = replicate_as(pki_.Node("th.rtp"));
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(stranger.error_message(), ::testing::HasSubstr("not a configured peer"));
  // An officer of the node's own agency is not a node at all.
  grpc::Status officer = replicate_as(pki_.Person("officer", "au.abf", "curious"));
  EXPECT_EQ(officer.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace rilon::testing
