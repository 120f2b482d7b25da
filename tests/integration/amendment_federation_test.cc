// Corrections and retractions across two real nodes (au.abf, id.polri): they replicate like any
// record, the receiver shows the origin's current version and history, and only the originating
// agency can amend a report, even on a node that holds it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "tests/integration/harness/federation_cluster.h"

namespace rilon::testing {
namespace {

using ::testing::HasSubstr;

class AmendmentFederationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RestrictToTls13ForTests();
    cluster_ = std::make_unique<FederationCluster>(pki_, work_.path(),
                                                   std::vector<std::string>{"au.abf", "id.polri"});
    cluster_->Start();
  }

  // GetRecord on `agency`'s node as its officer; the status when the record is not there (yet).
  grpc::Status GetOn(const std::string& agency, const std::string& id,
                     rilon::v1::GetRecordResponse* response) {
    rilon::v1::GetRecordRequest request;
    request.set_id(id);
    return cluster_->officer(agency).stub().GetRecord(ApiClient::Context().get(), request,
                                                      response);
  }

  // Polls until `done` holds for `agency`'s view of record `id` (bounded, never a fixed sleep).
  rilon::v1::GetRecordResponse WaitFor(
      const std::string& agency, const std::string& id,
      const std::function<bool(const rilon::v1::GetRecordResponse&)>& done) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    rilon::v1::GetRecordResponse response;
    while (std::chrono::steady_clock::now() < give_up) {
      response.Clear();
      if (GetOn(agency, id, &response).ok() && done(response)) return response;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "record " << id << " on " << agency << " never reached the expected state";
    return response;
  }

  PkiFixture pki_;
  ScratchDir work_{"rilon-amend-fed"};
  std::unique_ptr<FederationCluster> cluster_;
};

TEST_F(AmendmentFederationTest, CorrectionAndRetractionReplicateAndOnlyTheOriginMayAmend) {
  const rilon::v1::Record original = cluster_->Submit("id.polri", {"au.abf"}, "fed-original");
  WaitFor("au.abf", original.id(), [](const auto&) { return true; });

  // au.abf holds the report but did not originate it.
  rilon::v1::CorrectReportRequest correct;
  correct.set_id(original.id());
  *correct.mutable_report() = SampleReport("fed-original").report();
  correct.mutable_report()->mutable_measures(3)->set_value(900);  // the median fee
  rilon::v1::CorrectReportResponse refused;
  grpc::Status s = cluster_->officer("au.abf").stub().CorrectReport(ApiClient::Context().get(),
                                                                    correct, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("only officers of id.polri"));

  rilon::v1::CorrectReportResponse corrected;
  s = cluster_->officer("id.polri")
          .stub()
          .CorrectReport(ApiClient::Context().get(), correct, &corrected);
  ASSERT_TRUE(s.ok()) << s.error_message();
  rilon::v1::GetRecordResponse seen = WaitFor("au.abf", original.id(), [&](const auto& r) {
    return r.current().id() == corrected.record().id();
  });
  EXPECT_EQ(seen.current().trend_report().measures(3).value(), 900);
  EXPECT_EQ(seen.record().superseded_by(), corrected.record().id());
  ASSERT_EQ(seen.history_size(), 2);
  EXPECT_TRUE(seen.history(0).held());

  rilon::v1::RetractReportRequest retract;
  retract.set_id(corrected.record().id());
  retract.set_reason("reported under the wrong period");
  rilon::v1::RetractReportResponse retracted;
  s = cluster_->officer("id.polri")
          .stub()
          .RetractReport(ApiClient::Context().get(), retract, &retracted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  seen = WaitFor("au.abf", original.id(),
                 [&](const auto& r) { return r.current().id() == retracted.record().id(); });
  EXPECT_EQ(seen.current().retraction().reason(), "reported under the wrong period");
  EXPECT_EQ(seen.history_size(), 3);

  // Every version travelled exactly once, in origin order.
  ConvergenceChecker checker(*cluster_);
  checker.Expect(original);
  checker.Expect(corrected.record());
  checker.Expect(retracted.record());
  EXPECT_EQ(checker.WaitForConvergence(), "");
}

TEST_F(AmendmentFederationTest, WidenedCorrectionReachesANewRecipientWithPartialHistory) {
  const rilon::v1::Record original = cluster_->Submit("au.abf", {}, "fed-private");
  rilon::v1::CorrectReportRequest correct;
  correct.set_id(original.id());
  *correct.mutable_report() = SampleReport("fed-private").report();
  correct.mutable_audience()->add_agencies("id.polri");
  rilon::v1::CorrectReportResponse corrected;
  grpc::Status s = cluster_->officer("au.abf").stub().CorrectReport(ApiClient::Context().get(),
                                                                    correct, &corrected);
  ASSERT_TRUE(s.ok()) << s.error_message();

  rilon::v1::GetRecordResponse seen =
      WaitFor("id.polri", corrected.record().id(), [](const auto&) { return true; });
  ASSERT_EQ(seen.history_size(), 2);
  EXPECT_EQ(seen.history(0).id(), original.id());
  EXPECT_FALSE(seen.history(0).held()) << "id.polri never received the first version";
  rilon::v1::GetRecordResponse missing;
  EXPECT_EQ(GetOn("id.polri", original.id(), &missing).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace rilon::testing
