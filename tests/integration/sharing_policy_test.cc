// The sharing policy enforced by real rilond processes (au.abf, id.polri, my.mmea, each the peer
// of the other two, in response group mpsrg), each with its own policy file:
//   - au.abf's egress policy denies reports carrying facilitators_arrested to my.mmea: id.polri
//     gets them, my.mmea never holds them, and au.abf's delivery report says withheld and why;
//   - au.abf's egress policy sends TLP:CLEAR reports to my.mmea without narrative and with small
//     counts suppressed: my.mmea holds the record shaped, with notes, and the origin's signature
//     still verifies on what it holds;
//   - my.mmea's ingress policy refuses trafficking-in-persons reports: refused with reason
//     "policy" (counted apart from the refusals of a misbehaving peer);
//   - id.polri's read policy hides TLP:AMBER from analysts: NOT_FOUND exactly as for a record
//     that does not exist, absent from lists and from the feed, while an officer sees it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "node/records/envelope.h"
#include "node/records/redaction.h"
#include "tests/integration/harness/federation_cluster.h"

namespace rilon::testing {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kAgencies = {"au.abf", "id.polri", "my.mmea"};

constexpr char kDirectory[] = R"(directory {
  group { id: "mpsrg" agencies: ["au.abf", "id.polri", "my.mmea"] }
}
)";

constexpr char kCommonRules[] = R"(
rule { id: "send" effect: ALLOW directions: [EGRESS] }
rule { id: "accept" effect: ALLOW directions: [INGRESS] }
rule { id: "read" effect: ALLOW directions: [READ] }
)";

constexpr char kAbfPolicy[] = R"(version: "abf.1"
agencies: ["my.mmea"]
indicators: ["facilitators_arrested"]
rule {
  id: "no-facilitators-to-mmea"
  effect: DENY
  directions: [EGRESS]
  record { indicators: ["facilitators_arrested"] }
  party { agencies: ["my.mmea"] }
}
)";

// Placed before the common rules, so it decides for CLEAR records to my.mmea.
constexpr char kAbfShapingRule[] = R"(
rule {
  id: "clear-to-mmea-shaped"
  effect: ALLOW
  directions: [EGRESS]
  record { markings: [TLP_CLEAR] }
  party { agencies: ["my.mmea"] }
  form { withhold_fields: ["narrative"] suppress_small_cells: true }
}
)";

constexpr char kPolriPolicy[] = R"(version: "polri.1"
rule {
  id: "analysts-no-amber"
  effect: DENY
  directions: [READ]
  record { markings: [TLP_AMBER] }
  party { roles: [ANALYST] }
}
)";

constexpr char kMmeaPolicy[] = R"(version: "mmea.1"
rule {
  id: "no-trafficking-in"
  effect: DENY
  directions: [INGRESS]
  record { themes: [TRAFFICKING_IN_PERSONS] }
}
)";

class SharingPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RestrictToTls13ForTests();
    ClusterOptions options;
    const std::map<std::string, std::string> policies = {
        {"au.abf", kAbfPolicy}, {"id.polri", kPolriPolicy}, {"my.mmea", kMmeaPolicy}};
    for (const auto& [agency, text] : policies) {
      const std::string path = work_.path() + "/" + agency + "-policy.textproto";
      std::ofstream(path) << text << (agency == "au.abf" ? kAbfShapingRule : "") << kCommonRules;
      options.extra_config[agency] =
          std::string("policy { file: \"") + path + "\" }\n" + kDirectory;
    }
    cluster_ = std::make_unique<FederationCluster>(pki_, work_.path(), kAgencies, options);
    cluster_->Start();
  }

  rilon::v1::Record Submit(const std::string& agency, rilon::v1::SubmitReportRequest request,
                           const std::vector<std::string>& audience, const std::string& tag,
                           rilon::v1::Marking marking = rilon::v1::TLP_GREEN) {
    request.set_marking(marking);
    request.mutable_audience()->clear_agencies();
    for (const std::string& a : audience) request.mutable_audience()->add_agencies(a);
    request.set_request_id(tag);
    rilon::v1::SubmitReportResponse response;
    auto ctx = ApiClient::Context();
    grpc::Status status =
        cluster_->officer(agency).stub().SubmitReport(ctx.get(), request, &response);
    EXPECT_TRUE(status.ok()) << tag << ": " << status.error_message();
    return response.record();
  }

  bool Holds(const std::string& agency, const std::string& id) {
    for (const rilon::v1::Record& r : cluster_->ReadAll(agency)) {
      if (r.id() == id) return true;
    }
    return false;
  }

  // Polls until `agency` holds every record of `ids` (bounded; no fixed sleep decides).
  bool WaitUntilHolds(const std::string& agency, const std::vector<std::string>& ids) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
      bool all = true;
      for (const std::string& id : ids) all = all && Holds(agency, id);
      if (all) return true;
      if (std::chrono::steady_clock::now() > give_up) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  PkiFixture pki_;
  ScratchDir work_{"rilon-sharing-policy"};
  std::unique_ptr<FederationCluster> cluster_;
};

// SampleReport carries vessels_intercepted, persons_on_board_intercepted_vessels,
// facilitators_arrested and median_fee_paid; this one leaves the facilitators out.
rilon::v1::SubmitReportRequest WithoutFacilitators(const std::string& tag) {
  rilon::v1::SubmitReportRequest request = SampleReport(tag);
  auto* measures = request.mutable_report()->mutable_measures();
  for (int i = 0; i < measures->size(); ++i) {
    if (measures->Get(i).indicator() == "facilitators_arrested") measures->DeleteSubrange(i, 1);
  }
  return request;
}

TEST_F(SharingPolicyTest, EgressDenialWithholdsFromOnePeerOnly) {
  const rilon::v1::Record denied =
      Submit("au.abf", SampleReport("fac"), {"id.polri", "my.mmea"}, "fac");
  const rilon::v1::Record plain =
      Submit("au.abf", WithoutFacilitators("plain"), {"id.polri", "my.mmea"}, "plain");
  ASSERT_TRUE(WaitUntilHolds("id.polri", {denied.id(), plain.id()}));
  // my.mmea holds the record au.abf stored after the denied one: the stream went past it.
  ASSERT_TRUE(WaitUntilHolds("my.mmea", {plain.id()}));
  EXPECT_FALSE(Holds("my.mmea", denied.id()));
  // Withheld by the sender, so never offered: nothing for my.mmea to refuse.
  EXPECT_EQ(cluster_->Peer("my.mmea", "au.abf").refusals_total(), 0u);

  rilon::v1::GetRecordDeliveriesRequest request;
  request.set_id(denied.id());
  rilon::v1::RecordDeliveries deliveries;
  auto ctx = ApiClient::Context();
  ASSERT_TRUE(
      cluster_->officer("au.abf").stub().GetRecordDeliveries(ctx.get(), request, &deliveries).ok());
  bool saw_mmea = false;
  for (const rilon::v1::Delivery& d : deliveries.deliveries()) {
    if (d.agency_id() != "my.mmea") continue;
    saw_mmea = true;
    EXPECT_EQ(d.state(), rilon::v1::WITHHELD);
    EXPECT_THAT(d.reason(), HasSubstr("no-facilitators-to-mmea"));
    EXPECT_THAT(d.reason(), HasSubstr("abf.1"));
  }
  EXPECT_TRUE(saw_mmea);
}

rilon::v1::Delivery DeliveryTo(ApiClient& officer, const std::string& id,
                               const std::string& agency) {
  rilon::v1::GetRecordDeliveriesRequest request;
  request.set_id(id);
  rilon::v1::RecordDeliveries deliveries;
  auto ctx = ApiClient::Context();
  grpc::Status status = officer.stub().GetRecordDeliveries(ctx.get(), request, &deliveries);
  EXPECT_TRUE(status.ok()) << status.error_message();
  for (const rilon::v1::Delivery& d : deliveries.deliveries()) {
    if (d.agency_id() == agency) return d;
  }
  ADD_FAILURE() << "no delivery entry for " << agency;
  return {};
}

TEST_F(SharingPolicyTest, ShapedFormSendsTheShapedRecordWithTheOriginSignature) {
  const rilon::v1::Record clear = Submit("au.abf", WithoutFacilitators("clear"),
                                         {"id.polri", "my.mmea"}, "clear", rilon::v1::TLP_CLEAR);
  const rilon::v1::Record plain =
      Submit("au.abf", WithoutFacilitators("plain"), {"id.polri", "my.mmea"}, "plain");
  ASSERT_TRUE(WaitUntilHolds("id.polri", {clear.id(), plain.id()}));
  ASSERT_TRUE(WaitUntilHolds("my.mmea", {plain.id()}));
  // id.polri is not shaped for: it holds the narrative.
  for (const rilon::v1::Record& r : cluster_->ReadAll("id.polri")) {
    if (r.id() == clear.id()) {
      EXPECT_FALSE(r.trend_report().narrative().empty());
    }
  }
  rilon::v1::Record original;
  for (const rilon::v1::Record& r : cluster_->ReadAll("au.abf")) {
    if (r.id() == clear.id()) original = r;
  }
  ASSERT_EQ(original.id(), clear.id());
  ASSERT_TRUE(WaitUntilHolds("my.mmea", {clear.id()}));
  for (const rilon::v1::Record& r : cluster_->ReadAll("my.mmea")) {
    if (r.id() != clear.id()) continue;
    // Held shaped: no narrative, and the 3 vessels (a small count) not published.
    EXPECT_TRUE(r.trend_report().narrative().empty());
    EXPECT_THAT(r.withheld_parts(), ::testing::IsSupersetOf({"narrative", "m0.v", "m0.d0"}));
    for (const rilon::v1::Measure& m : r.trend_report().measures()) {
      if (m.indicator() != "vessels_intercepted") continue;
      EXPECT_EQ(m.value(), 0);
      EXPECT_EQ(m.disaggregations_size(), 0);
    }
    bool noted = false;
    for (const rilon::v1::RedactionNote& n : r.redaction_notes()) {
      if (n.path() != "m0.d0") continue;
      noted = true;
      EXPECT_EQ(n.code(), "C");
      EXPECT_EQ(n.decided_by(), "au.abf");
      EXPECT_EQ(n.policy_version(), "abf.1");
      EXPECT_EQ(n.rule(), "clear-to-mmea-shaped");
    }
    EXPECT_TRUE(noted);
    // The origin's signature still holds: the signed body and signature are the origin's, and
    // every part my.mmea holds matches the digest the origin signed.
    EXPECT_EQ(r.signed_().body(), original.signed_().body());
    EXPECT_EQ(r.signed_().signature(), original.signed_().signature());
    absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(r.signed_());
    ASSERT_TRUE(body.ok()) << body.status();
    EXPECT_TRUE(records::CheckDisclosure(r.signed_(), *body).ok());
  }
  const rilon::v1::Delivery to_mmea =
      DeliveryTo(cluster_->officer("au.abf"), clear.id(), "my.mmea");
  EXPECT_THAT(to_mmea.reason(), HasSubstr("clear-to-mmea-shaped"));
  EXPECT_THAT(to_mmea.reason(), HasSubstr("shaped"));
}

TEST_F(SharingPolicyTest, IngressDenialIsARefusalWithReasonPolicy) {
  rilon::v1::SubmitReportRequest trafficking = WithoutFacilitators("tip");
  trafficking.mutable_report()->set_theme(rilon::v1::TRAFFICKING_IN_PERSONS);
  // Only indicators the codebook allows for trafficking in persons.
  auto* measures = trafficking.mutable_report()->mutable_measures();
  measures->Clear();
  rilon::v1::Measure* m = measures->Add();
  m->set_indicator("persons_detected");
  m->set_value(40);
  m->set_unit("persons");
  const rilon::v1::Record refused = Submit("au.abf", trafficking, {"id.polri", "my.mmea"}, "tip");
  const rilon::v1::Record after =
      Submit("au.abf", WithoutFacilitators("after"), {"my.mmea"}, "after");
  ASSERT_TRUE(WaitUntilHolds("id.polri", {refused.id()}));
  ASSERT_TRUE(WaitUntilHolds("my.mmea", {after.id()}));
  EXPECT_FALSE(Holds("my.mmea", refused.id()));
  const rilon::v1::PeerStatus from_abf = cluster_->Peer("my.mmea", "au.abf");
  EXPECT_EQ(from_abf.refusals().at("policy"), 1u);
  EXPECT_EQ(from_abf.refusals_total(), 1u);  // nothing else: au.abf is not a lying peer
  EXPECT_THAT(cluster_->node("my.mmea").ReadLog(), HasSubstr("no-trafficking-in"));
}

TEST_F(SharingPolicyTest, ReadPolicyHidesAmberFromAnalystsOnly) {
  const rilon::v1::Record amber =
      Submit("au.abf", SampleReport("amber"), {"id.polri"}, "amber", rilon::v1::TLP_AMBER);
  const rilon::v1::Record green =
      Submit("au.abf", SampleReport("green"), {"id.polri"}, "green", rilon::v1::TLP_GREEN);
  ASSERT_TRUE(WaitUntilHolds("id.polri", {amber.id(), green.id()}));  // as an officer

  ApiClient& analyst = cluster_->analyst("id.polri");
  rilon::v1::GetRecordRequest get;
  get.set_id(amber.id());
  rilon::v1::GetRecordResponse got;
  auto ctx = ApiClient::Context();
  grpc::Status hidden = analyst.stub().GetRecord(ctx.get(), get, &got);
  EXPECT_EQ(hidden.error_code(), grpc::StatusCode::NOT_FOUND);
  // Exactly what a record this node never held answers: the existence does not leak.
  const std::string absent(64, 'a');
  get.set_id(absent);
  ctx = ApiClient::Context();
  grpc::Status missing = analyst.stub().GetRecord(ctx.get(), get, &got);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  std::string expected = missing.error_message();
  expected.replace(expected.find(absent), absent.size(), amber.id());
  EXPECT_EQ(hidden.error_message(), expected);

  // The officer reads it.
  get.set_id(amber.id());
  ctx = ApiClient::Context();
  ASSERT_TRUE(cluster_->officer("id.polri").stub().GetRecord(ctx.get(), get, &got).ok());
  EXPECT_EQ(got.record().id(), amber.id());

  // Lists skip it.
  rilon::v1::ListRecordsRequest list;
  list.set_page_size(1000);
  rilon::v1::ListRecordsResponse page;
  ctx = ApiClient::Context();
  ASSERT_TRUE(analyst.stub().ListRecords(ctx.get(), list, &page).ok());
  std::set<std::string> listed;
  for (const rilon::v1::Record& r : page.records()) listed.insert(r.id());
  EXPECT_TRUE(listed.contains(green.id()));
  EXPECT_FALSE(listed.contains(amber.id()));

  // The feed skips it and goes on with the next record.
  for (const bool as_analyst : {true, false}) {
    ApiClient& reader = as_analyst ? analyst : cluster_->officer("id.polri");
    rilon::v1::SubscribeRequest subscribe;
    auto stream_ctx = ApiClient::Context();
    auto stream = reader.stub().Subscribe(stream_ctx.get(), subscribe);
    std::set<std::string> seen;
    rilon::v1::SubscribeResponse message;
    while (!seen.contains(green.id()) && stream->Read(&message)) {
      for (const rilon::v1::FeedEvent& e : message.events()) seen.insert(e.record().id());
    }
    stream_ctx->TryCancel();
    stream->Finish();
    EXPECT_TRUE(seen.contains(green.id()));
    EXPECT_EQ(seen.contains(amber.id()), !as_analyst) << (as_analyst ? "analyst" : "officer");
  }
}

}  // namespace
}  // namespace rilon::testing
