// Federation end to end with real rilond processes on loopback (au.abf, id.polri, my.mmea), each
// configured with the other two as peers, certificates from deploy/pki.sh: records reach exactly
// their audience, reach a receiver that was down while they were sent (large ones too, split over
// messages), a node outside the federation's configuration cannot pull anything, and operators
// see peers and deliveries through the API and the `rilon` client (kill -9 and cut links:
// federation_fault_test.cc).
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "node/store/record_store.h"
#include "rilon/v1/federation.grpc.pb.h"
#include "tests/integration/harness/federation_cluster.h"
#include "tests/integration/harness/subprocess.h"

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

// A returning peer reads what it missed from the sender's live window, which holds records, not
// bytes: 240 reports of about 18 KiB (4 MiB and more together, the most a message may carry)
// must reach it split over several messages.
TEST_F(FederationTest, LargeRecordsFromTheLiveWindowAreSplitOverMessages) {
  ConvergenceChecker checker(*cluster_);
  ASSERT_EQ(cluster_->node("my.mmea").Stop(), 0);
  for (int i = 0; i < 240; ++i) {
    rilon::v1::SubmitReportRequest request = SampleReport("large-" + std::to_string(i));
    request.mutable_audience()->clear_agencies();
    request.mutable_audience()->add_agencies("my.mmea");
    request.set_request_id("large-" + std::to_string(i));
    std::string narrative = request.report().narrative();
    while (narrative.size() < 16000) narrative += " Vessels departed at night with passengers.";
    request.mutable_report()->set_narrative(narrative);
    checker.Expect(cluster_->SubmitRequest("au.abf", request));
  }
  cluster_->node("my.mmea").Start();
  EXPECT_EQ(checker.WaitForConvergence(), "");
  EXPECT_EQ(cluster_->ReadAll("my.mmea").size(), 240u);
}

// With live windows of 16 records, a peer that returns after 80 records is far behind them: its
// stream reads the sender's store first (passing over the records the sender itself received)
// and the window once it has caught up.
TEST(FederationSmallWindowTest, APeerBehindTheLiveWindowIsServedFromTheStore) {
  RestrictToTls13ForTests();
  PkiFixture pki;
  ScratchDir work{"rilon-federation-window"};
  ClusterOptions options;
  for (const std::string& agency : kAgencies) {
    options.extra_config[agency] = "feed { live_window: 16 }";
  }
  FederationCluster cluster(pki, work.path(), kAgencies, options);
  cluster.Start();
  ConvergenceChecker checker(cluster);
  ASSERT_EQ(cluster.node("my.mmea").Stop(), 0);
  for (int i = 0; i < 40; ++i) {
    checker.Expect(cluster.Submit("au.abf", {"my.mmea"}, "behind-au-" + std::to_string(i)));
    checker.Expect(
        cluster.Submit("id.polri", {"my.mmea", "au.abf"}, "behind-id-" + std::to_string(i)));
  }
  cluster.node("my.mmea").Start();
  EXPECT_EQ(checker.WaitForConvergence(), "");
  EXPECT_EQ(cluster.ReadAll("my.mmea").size(), 80u);
  // And live again, from the window.
  checker.Expect(cluster.Submit("au.abf", {"my.mmea"}, "live"));
  EXPECT_EQ(checker.WaitForConvergence(), "");
}

TEST_F(FederationTest, RecordsMissingBelowTheStoredPositionAreFetchedAgain) {
  ConvergenceChecker checker(*cluster_);
  checker.Expect(cluster_->Submit("au.abf", {"my.mmea"}, "before-gap"));
  ASSERT_EQ(checker.WaitForConvergence(), "");
  ASSERT_EQ(cluster_->node("my.mmea").Stop(), 0);
  for (int i = 0; i < 30; ++i) {
    checker.Expect(cluster_->Submit("au.abf", {"my.mmea"}, "lost-" + std::to_string(i)));
  }
  // my.mmea's position in au.abf's log jumps past those records, as if they had been applied
  // and then lost: resuming from the stored position alone would never fetch them again.
  rilon::v1::NodeStatus au;
  ASSERT_TRUE(
      cluster_->officer("au.abf").stub().GetNodeStatus(ApiClient::Context().get(), {}, &au).ok());
  {
    auto store = store::RecordStore::Open(
        {.data_dir = cluster_->node("my.mmea").data_dir() + "/db", .create_if_missing = false});
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE((*store)->AppendFromPeer({}, {"au.abf", au.records_stored()}).ok());
  }
  cluster_->node("my.mmea").Start();
  // Anti-entropy: my.mmea tells au.abf the highest sequence it holds; au.abf answers where the
  // records above it start; my.mmea re-reads from there.
  EXPECT_EQ(checker.WaitForConvergence(), "");
  EXPECT_GE(cluster_->Peer("my.mmea", "au.abf").gap_repairs(), 1u);
  EXPECT_EQ(cluster_->Peer("my.mmea", "au.abf").refusals_total(), 0u);
  EXPECT_THAT(cluster_->node("my.mmea").ReadLog(),
              ::testing::HasSubstr("records addressed to this node are missing"));
}

TEST_F(FederationTest, OnlyConfiguredPeerNodesMayPull) {
  NodeProcess& au = cluster_->node("au.abf");
  cluster_->Submit("au.abf", {"id.polri"}, "secret-1");
  auto replicate_as = [&](const Identity& identity) {
    ApiClient client(au.endpoint(), pki_.ca_file(), identity, au.node_id());
    auto stub = rilon::v1::Federation::NewStub(client.channel());
    auto ctx = ApiClient::Context();
    auto stream = stub->Replicate(ctx.get());
    stream->Write(rilon::v1::ReplicateRequest());
    stream->WritesDone();
    rilon::v1::ReplicateResponse message;
    EXPECT_FALSE(stream->Read(&message)) << "a record was streamed";
    return stream->Finish();
  };
  // A genuine node certificate of the federation, but th.rtp is not a configured peer.
  grpc::Status stranger = replicate_as(pki_.Node("th.rtp"));
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(stranger.error_message(), ::testing::HasSubstr("not a configured peer"));
  // An officer of the node's own agency is not a node at all.
  grpc::Status officer = replicate_as(pki_.Person("officer", "au.abf", "curious"));
  EXPECT_EQ(officer.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(FederationTest, OperatorsSeePeersAndWhereARecordWasDelivered) {
  const rilon::v1::Record amber =
      cluster_->Submit("au.abf", {"id.polri"}, "deliveries", rilon::v1::TLP_AMBER);
  ConvergenceChecker checker(*cluster_);
  checker.Expect(amber);
  ASSERT_EQ(checker.WaitForConvergence(), "");

  // An admin of au.abf, through the API: id.polri confirms it holds the record (the
  // acknowledgement follows the durable write, so wait for it); my.mmea is outside the audience.
  ApiClient admin(cluster_->node("au.abf").endpoint(), pki_.ca_file(),
                  pki_.Person("admin", "au.abf", "ops"), cluster_->node("au.abf").node_id());
  rilon::v1::GetRecordDeliveriesRequest request;
  request.set_id(amber.id());
  rilon::v1::RecordDeliveries deliveries;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    deliveries.Clear();
    ASSERT_TRUE(
        admin.stub().GetRecordDeliveries(ApiClient::Context().get(), request, &deliveries).ok());
    if (deliveries.deliveries(0).state() == rilon::v1::DELIVERED ||
        std::chrono::steady_clock::now() > give_up) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(deliveries.deliveries_size(), 2);
  EXPECT_EQ(deliveries.deliveries(0).agency_id(), "id.polri");
  EXPECT_EQ(deliveries.deliveries(0).state(), rilon::v1::DELIVERED);
  EXPECT_EQ(deliveries.deliveries(1).agency_id(), "my.mmea");
  EXPECT_EQ(deliveries.deliveries(1).state(), rilon::v1::WITHHELD);
  EXPECT_THAT(deliveries.deliveries(1).reason(), ::testing::StartsWith("outside_audience"));
  EXPECT_EQ(deliveries.marking(), rilon::v1::TLP_AMBER);

  // An analyst may read records but not the federation's state.
  ApiClient analyst(cluster_->node("au.abf").endpoint(), pki_.ca_file(),
                    pki_.Person("analyst", "au.abf", "reader"), cluster_->node("au.abf").node_id());
  rilon::v1::ListPeersResponse peers;
  EXPECT_EQ(analyst.stub()
                .ListPeers(ApiClient::Context().get(), rilon::v1::ListPeersRequest(), &peers)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // The same through `rilon`, as the admin, once au.abf's own links are up: it started before
  // its peers, so it pulls from them only after its first retry, which may come after the
  // record above has already reached id.polri.
  cluster_->SettledPeers("au.abf");
  const Identity ops = pki_.Person("admin", "au.abf", "ops");
  const std::string config = work_.path() + "/ops.textproto";
  std::ofstream(config) << "endpoint: \"" << cluster_->node("au.abf").endpoint()
                        << "\"\nca_file: \"" << pki_.ca_file() << "\"\ncert_file: \""
                        << ops.cert_file << "\"\nkey_file: \"" << ops.key_file << "\"\n";
  RunResult table = RunCommand({RilonCliPath(), "--config", config, "node", "peers"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, ::testing::HasSubstr("PEER      RECEIVING  SENDING"));
  EXPECT_THAT(table.out, ::testing::ContainsRegex("id.polri +yes +yes"));
  RunResult json = RunCommand({RilonCliPath(), "--config", config, "--json", "node", "peers"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  rilon::v1::ListPeersResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &parsed).ok()) << json.out;
  ASSERT_EQ(parsed.peers_size(), 2);
  EXPECT_EQ(parsed.peers(0).agency_id(), "id.polri");
  EXPECT_EQ(parsed.peers(0).refusals().at("bad_signature"), 0u);
  RunResult get =
      RunCommand({RilonCliPath(), "--config", config, "report", "get", amber.id(), "--deliveries"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_THAT(get.out, ::testing::ContainsRegex("id.polri +delivered"));
  EXPECT_THAT(get.out, ::testing::ContainsRegex("my.mmea +withheld +outside_audience"));
  RunResult missing = RunCommand(
      {RilonCliPath(), "--config", config, "report", "get", std::string(64, 'a'), "--deliveries"});
  EXPECT_EQ(missing.exit_code, 6) << missing.err;
}

}  // namespace
}  // namespace rilon::testing
