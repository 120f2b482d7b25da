#include "node/api/report_submission.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "node/validation/screening/test_support.h"
#include "tests/testing/sample_reports.h"

namespace rilon::api {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class ReportSubmissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<validation::ReportChecker>> checker =
        validation::ReportChecker::FromFiles(
            validation::screening::testing::SourcePath("deploy/codebook"),
            {validation::screening::testing::ShippedPatternsPath()}, {});
    ASSERT_TRUE(checker.ok()) << checker.status();
    checker_ = *std::move(checker);
    ctx_.agency_id = "au.abf";
    ctx_.report_checker = checker_.get();
    // The sample report covers 2026-Q3.
    ctx_.clock = [] {
      return absl::FromCivil(absl::CivilSecond(2026, 11, 23, 12, 0, 0), absl::UTCTimeZone());
    };
  }

  std::unique_ptr<validation::ReportChecker> checker_;
  ApiContext ctx_;
};

TEST_F(ReportSubmissionTest, RequestKeyIsPerAgencyAndEmptyWithoutRequestId) {
  EXPECT_EQ(RequestKey("au.abf", "r-1"), "au.abf/r-1");
  EXPECT_EQ(RequestKey("au.abf", ""), "");
}

TEST_F(ReportSubmissionTest, SubmissionCarriesTheCheckedReportAndNormalizedAudience) {
  rilon::v1::SubmitReportRequest request = testing::SampleSubmitRequest();
  request.mutable_audience()->add_agencies("id.polri");  // a duplicate
  request.set_request_id("r-2");
  absl::StatusOr<intake::Submission> submission = CheckedReportSubmission(ctx_, request);
  ASSERT_TRUE(submission.ok()) << submission.status();
  EXPECT_EQ(submission->kind, rilon::v1::TREND_REPORT);
  EXPECT_EQ(submission->marking, rilon::v1::TLP_GREEN);
  EXPECT_THAT(submission->audience.agencies(), ElementsAre("id.polri", "th.rtp"));
  EXPECT_EQ(submission->request_key, "au.abf/r-2");
  EXPECT_TRUE(submission->supersedes.empty());
  const rilon::v1::TrendReport& stored = submission->report;
  // The stored form, not the request's: the checker fills in the agency and the small cells.
  EXPECT_EQ(stored.reporting_agency(), "au.abf");
  EXPECT_EQ(stored.small_cell_count(), static_cast<uint32_t>(testing::kSampleSmallCellsAtK5));
}

TEST_F(ReportSubmissionTest, EnvelopeAndReportErrorsNameTheField) {
  rilon::v1::SubmitReportRequest request = testing::SampleSubmitRequest();
  request.clear_marking();
  absl::Status refused = CheckedReportSubmission(ctx_, request).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()), StartsWith("marking:"));

  request = testing::SampleSubmitRequest();
  request.mutable_report()->mutable_measures(0)->set_indicator("vessels_intercepted_x");
  refused = CheckedReportSubmission(ctx_, request).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("report.measures[0].indicator"));
}

TEST_F(ReportSubmissionTest, LooseTextIsScreenedLikeAReport) {
  EXPECT_TRUE(checker_->ScreenText("reason", "figures were double counted").ok());
  absl::Status refused = checker_->ScreenText(
      "reason", "withdrawn at the request of Mr Budi Santoso, +62 812 3456 7890");
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("reason"));
}

}  // namespace
}  // namespace rilon::api
