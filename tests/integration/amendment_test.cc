// Corrections and retractions end to end on one real rilond over mutual TLS: history and current
// version, current-only listing, refusals (superseded version, retracted report, other agency,
// analyst) and idempotent retries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/integration/harness/api_client.h"
#include "tests/integration/harness/node_process.h"

namespace rilon::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// The sample report's median fee: a figure that is not a count, so any value >= 0 is valid.
constexpr int kFeeMeasure = 3;

class AmendmentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    RestrictToTls13ForTests();
    pki_ = new PkiFixture();
    work_ = new ScratchDir("rilon-amend");
    node_ = new NodeProcess(*pki_, "au.abf", work_->path() + "/au.abf");
    node_->Start();
    officer_ = pki_->Person("officer", "au.abf", "jlee");
    analyst_ = pki_->Person("analyst", "au.abf", "asmith");
  }
  static void TearDownTestSuite() {
    delete node_;
    delete work_;
    delete pki_;
  }
  static ApiClient Client(const Identity& who) {
    return ApiClient(node_->endpoint(), pki_->ca_file(), who, node_->node_id());
  }

  // Submits SampleReport(tag) as the officer; returns the stored record.
  static rilon::v1::Record Submit(const std::string& tag) {
    rilon::v1::SubmitReportResponse response;
    grpc::Status s = Client(officer_).Submit(SampleReport(tag), &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response.record();
  }

  // A correction of `id` whose median fee (measure 3 of the sample) is `fee`.
  static rilon::v1::CorrectReportRequest Correction(const std::string& id, double fee) {
    rilon::v1::CorrectReportRequest request;
    request.set_id(id);
    *request.mutable_report() = SampleReport("corrected").report();
    request.mutable_report()->mutable_measures(kFeeMeasure)->set_value(fee);
    return request;
  }

  static grpc::Status Correct(ApiClient& client, const rilon::v1::CorrectReportRequest& request,
                              rilon::v1::CorrectReportResponse* response) {
    return client.stub().CorrectReport(ApiClient::Context().get(), request, response);
  }
  static grpc::Status Retract(ApiClient& client, const std::string& id, const std::string& reason,
                              rilon::v1::RetractReportResponse* response,
                              const std::string& request_id = "") {
    rilon::v1::RetractReportRequest request;
    request.set_id(id);
    request.set_reason(reason);
    request.set_request_id(request_id);
    return client.stub().RetractReport(ApiClient::Context().get(), request, response);
  }
  static rilon::v1::GetRecordResponse Get(const std::string& id) {
    ApiClient analyst = Client(analyst_);
    rilon::v1::GetRecordRequest request;
    request.set_id(id);
    rilon::v1::GetRecordResponse response;
    grpc::Status s = analyst.stub().GetRecord(ApiClient::Context().get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }
  // Ids of every record ListRecords returns (all pages).
  static std::vector<std::string> ListedIds(bool include_superseded) {
    ApiClient analyst = Client(analyst_);
    rilon::v1::ListRecordsRequest request;
    request.set_include_superseded(include_superseded);
    request.set_page_size(1000);
    std::vector<std::string> ids;
    for (;;) {
      rilon::v1::ListRecordsResponse response;
      grpc::Status s = analyst.stub().ListRecords(ApiClient::Context().get(), request, &response);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const rilon::v1::Record& r : response.records()) ids.push_back(r.id());
      if (!s.ok() || response.next_page_token().empty()) return ids;
      request.set_page_token(response.next_page_token());
    }
  }
  static bool Contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  static PkiFixture* pki_;
  static ScratchDir* work_;
  static NodeProcess* node_;
  static Identity officer_, analyst_;
};
PkiFixture* AmendmentTest::pki_ = nullptr;
ScratchDir* AmendmentTest::work_ = nullptr;
NodeProcess* AmendmentTest::node_ = nullptr;
Identity AmendmentTest::officer_, AmendmentTest::analyst_;

TEST_F(AmendmentTest, CorrectionThenGetShowsTheCurrentVersionAndHistory) {
  const rilon::v1::Record original = Submit("to-correct");
  ApiClient officer = Client(officer_);
  rilon::v1::CorrectReportResponse corrected;
  grpc::Status s = Correct(officer, Correction(original.id(), 5), &corrected);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const rilon::v1::Record& correction = corrected.record();
  EXPECT_FALSE(corrected.duplicate());
  EXPECT_EQ(correction.supersedes(), original.id());
  EXPECT_EQ(correction.origin_seq(), original.origin_seq() + 1);
  EXPECT_FALSE(correction.has_trend_report()) << "a receipt, like SubmitReport's";
  // Marking and audience were left out: inherited from the corrected version.
  EXPECT_EQ(correction.marking(), original.marking());
  EXPECT_EQ(correction.audience().agencies(0), "id.polri");

  rilon::v1::GetRecordResponse got = Get(original.id());
  EXPECT_EQ(got.record().id(), original.id());
  EXPECT_EQ(got.record().superseded_by(), correction.id());
  EXPECT_EQ(got.current().id(), correction.id());
  EXPECT_EQ(got.current().trend_report().measures(kFeeMeasure).value(), 5);
  ASSERT_EQ(got.history_size(), 2);
  EXPECT_EQ(got.history(0).id(), original.id());
  EXPECT_EQ(got.history(0).kind(), rilon::v1::VERSION_ORIGINAL);
  EXPECT_EQ(got.history(1).id(), correction.id());
  EXPECT_EQ(got.history(1).kind(), rilon::v1::VERSION_CORRECTION);

  EXPECT_FALSE(Contains(ListedIds(false), original.id())) << "superseded versions are hidden";
  EXPECT_TRUE(Contains(ListedIds(false), correction.id()));
  EXPECT_TRUE(Contains(ListedIds(true), original.id()));
}

TEST_F(AmendmentTest, RetractionCarriesItsReasonAndEndsTheReport) {
  const rilon::v1::Record original = Submit("to-retract");
  ApiClient officer = Client(officer_);
  rilon::v1::RetractReportResponse retracted;
  grpc::Status s = Retract(officer, original.id(), "figures were double counted", &retracted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(retracted.record().retraction().reason(), "figures were double counted");
  EXPECT_EQ(retracted.record().supersedes(), original.id());
  EXPECT_FALSE(retracted.record().has_trend_report());
  EXPECT_EQ(retracted.record().marking(), original.marking());

  rilon::v1::GetRecordResponse got = Get(original.id());
  EXPECT_EQ(got.current().id(), retracted.record().id());
  ASSERT_EQ(got.history_size(), 2);
  EXPECT_EQ(got.history(1).kind(), rilon::v1::VERSION_RETRACTION);
  EXPECT_EQ(got.history(1).retraction_reason(), "figures were double counted");

  // Nothing supersedes a retraction, nor the version it withdrew.
  rilon::v1::CorrectReportResponse corrected;
  s = Correct(officer, Correction(original.id(), 1), &corrected);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), AllOf(HasSubstr("retracted"), HasSubstr("double counted")));
  s = Retract(officer, retracted.record().id(), "again", &retracted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("is the retraction of a report"));
}

TEST_F(AmendmentTest, CorrectingASupersededVersionIsRefusedNamingTheCurrentOne) {
  const rilon::v1::Record v1 = Submit("stale");
  ApiClient officer = Client(officer_);
  rilon::v1::CorrectReportResponse v2;
  ASSERT_TRUE(Correct(officer, Correction(v1.id(), 4), &v2).ok());
  rilon::v1::CorrectReportResponse v3;
  ASSERT_TRUE(Correct(officer, Correction(v2.record().id(), 6), &v3).ok());

  rilon::v1::CorrectReportResponse refused;
  grpc::Status s = Correct(officer, Correction(v1.id(), 7), &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("current version is " + v3.record().id()));
  rilon::v1::RetractReportResponse not_retracted;
  s = Retract(officer, v2.record().id(), "stale", &not_retracted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr(v3.record().id()));
  EXPECT_EQ(Get(v1.id()).history_size(), 3);
}

TEST_F(AmendmentTest, CorrectionMayNotNarrowTheAudience) {
  const rilon::v1::Record original = Submit("narrow");
  ApiClient officer = Client(officer_);
  rilon::v1::CorrectReportRequest request = Correction(original.id(), 2);
  request.mutable_audience()->add_agencies("th.rtp");  // drops id.polri
  rilon::v1::CorrectReportResponse response;
  grpc::Status s = Correct(officer, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("audience.agencies: must include every recipient"));
  // The corrected report is validated like a submission.
  request = Correction(original.id(), -1);
  s = Correct(officer, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("report.measures[3].value"));
}

TEST_F(AmendmentTest, OfficerOfAnotherAgencyIsRefused) {
  const rilon::v1::Record original = Submit("foreign-officer");
  ApiClient foreign = Client(pki_->Person("officer", "id.polri", "budi"));
  rilon::v1::CorrectReportResponse corrected;
  grpc::Status s = Correct(foreign, Correction(original.id(), 1), &corrected);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  rilon::v1::RetractReportResponse retracted;
  s = Retract(foreign, original.id(), "not ours", &retracted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AmendmentTest, AnalystIsRefused) {
  const rilon::v1::Record original = Submit("analyst");
  ApiClient analyst = Client(analyst_);
  rilon::v1::CorrectReportResponse corrected;
  grpc::Status s = Correct(analyst, Correction(original.id(), 1), &corrected);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  rilon::v1::RetractReportResponse retracted;
  s = Retract(analyst, original.id(), "analysts cannot", &retracted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Get(original.id()).record().superseded_by().empty());
}

TEST_F(AmendmentTest, RetriesWithTheSameRequestIdStoreOnce) {
  const rilon::v1::Record original = Submit("idempotent");
  ApiClient officer = Client(officer_);
  rilon::v1::CorrectReportRequest request = Correction(original.id(), 8);
  request.set_request_id("fix-idempotent-1");
  rilon::v1::CorrectReportResponse first, second;
  ASSERT_TRUE(Correct(officer, request, &first).ok());
  // By now the original is superseded, yet the retry gets the stored correction back.
  grpc::Status s = Correct(officer, request, &second);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(first.duplicate());
  EXPECT_TRUE(second.duplicate());
  EXPECT_EQ(second.record().id(), first.record().id());

  rilon::v1::RetractReportResponse retracted, again;
  ASSERT_TRUE(Retract(officer, first.record().id(), "withdrawn", &retracted, "pull-1").ok());
  s = Retract(officer, first.record().id(), "withdrawn", &again, "pull-1");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(again.duplicate());
  EXPECT_EQ(again.record().id(), retracted.record().id());
  EXPECT_EQ(Get(original.id()).history_size(), 3);

  // A request id already used for something else is not silently taken for this request.
  const rilon::v1::Record other = Submit("other");
  rilon::v1::CorrectReportRequest reused = Correction(other.id(), 1);
  reused.set_request_id("fix-idempotent-1");
  rilon::v1::CorrectReportResponse refused;
  s = Correct(officer, reused, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(s.error_message(), HasSubstr("request_id"));
}

TEST_F(AmendmentTest, RetractionReasonIsScreenedForPersonalData) {
  const rilon::v1::Record original = Submit("reason-screened");
  ApiClient officer = Client(officer_);
  rilon::v1::RetractReportResponse retracted;
  grpc::Status s =
      Retract(officer, original.id(),
              "withdrawn at the request of Mr Budi Santoso, +62 812 3456 7890", &retracted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("reason"));
  EXPECT_TRUE(Get(original.id()).record().superseded_by().empty()) << "nothing was stored";
}

TEST_F(AmendmentTest, UnknownRecordIsNotFound) {
  ApiClient officer = Client(officer_);
  rilon::v1::CorrectReportResponse corrected;
  grpc::Status s = Correct(officer, Correction(std::string(64, 'e'), 1), &corrected);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  rilon::v1::RetractReportResponse retracted;
  s = Retract(officer, "not-an-id", "x", &retracted);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("id:"));
}

}  // namespace
}  // namespace rilon::testing
