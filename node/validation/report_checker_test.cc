#include "node/validation/report_checker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "google/protobuf/util/json_util.h"
#include "node/validation/screening/test_support.h"
#include "node/validation/test_vocabulary.h"
#include "tests/testing/sample_reports.h"

namespace rilon::validation {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::ShippedVocabulary;
using ::testing::StartsWith;
using testing::TestNow;

// A checker over the shipped codebook and the shipped screening patterns (shared, not owned).
const ReportChecker& Checker() {
  static const ReportChecker* checker =
      new ReportChecker(ShippedVocabulary(),
                        std::shared_ptr<const screening::Screener>(
                            std::shared_ptr<void>(), &screening::testing::ShippedScreener()),
                        ReportChecker::Options{});
  return *checker;
}

std::string Refusal(const rilon::v1::TrendReport& report) {
  absl::StatusOr<rilon::v1::TrendReport> checked = Checker().Check(report, "au.abf", TestNow());
  EXPECT_EQ(checked.status().code(), absl::StatusCode::kInvalidArgument) << checked.status();
  return std::string(checked.status().message());
}

TEST(ReportChecker, ReturnsTheStoredFormOfAValidReport) {
  absl::StatusOr<rilon::v1::TrendReport> stored =
      Checker().Check(rilon::testing::SampleTrendReport(), "au.abf", TestNow());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->reporting_agency(), "au.abf");
  EXPECT_EQ(stored->small_cell_threshold(), kDefaultSmallCellThreshold);
  EXPECT_EQ(stored->small_cell_count(), 2u);
  EXPECT_TRUE(stored->measures(2).disaggregations(0).small_cell());
  EXPECT_EQ(stored->narrative(), rilon::testing::SampleTrendReport().narrative());
}

TEST(ReportChecker, ScreensTheNarrative) {
  rilon::v1::TrendReport r = rilon::testing::SampleTrendReport();
  r.set_narrative("Departures at night. The boat captain Abdul Karim collected the fees.");
  EXPECT_THAT(Refusal(r),
              AllOf(StartsWith("report.narrative: refused, the text may identify a person"),
                    HasSubstr("report.narrative, character 38:"), HasSubstr("personal_name"),
                    HasSubstr("Suggestion:")));
}

TEST(ReportChecker, ScreensEveryOtherFreeTextField) {
  rilon::v1::TrendReport r = rilon::testing::SampleTrendReport();
  r.mutable_measures(3)->set_note("Fees confirmed by phone on +62 812-3456-7890.");
  EXPECT_THAT(Refusal(r), AllOf(StartsWith("report.measures[3].note: refused"),
                                HasSubstr("report.measures[3].note, character 27:"),
                                HasSubstr("phone_number")));
  r = rilon::testing::SampleTrendReport();
  r.mutable_sources(1)->set_note("Tip-off from rahim.travel99@gmail.com");
  EXPECT_THAT(Refusal(r), AllOf(StartsWith("report.sources[1].note: refused"), HasSubstr("email")));
  r = rilon::testing::SampleTrendReport();
  r.mutable_geography()->set_route_note("Safe house at Jalan Ampang No. 12 before departure.");
  EXPECT_THAT(Refusal(r), AllOf(StartsWith("report.geography.route_note: refused"),
                                HasSubstr("street_address")));
}

TEST(ReportChecker, InvalidReportsAreRefusedBeforeScreening) {
  rilon::v1::TrendReport r = rilon::testing::SampleTrendReport();
  r.mutable_measures(0)->set_unit("boats");
  r.set_narrative("The boat captain Abdul Karim collected the fees.");
  EXPECT_THAT(Refusal(r), StartsWith("report.measures[0].unit: "));
}

TEST(ReportChecker, SmallCellThresholdComesFromTheOptions) {
  ReportChecker::Options options;
  options.small_cell_threshold = 13;
  ReportChecker checker(ShippedVocabulary(),
                        std::shared_ptr<const screening::Screener>(
                            std::shared_ptr<void>(), &screening::testing::ShippedScreener()),
                        options);
  absl::StatusOr<rilon::v1::TrendReport> stored =
      checker.Check(rilon::testing::SampleTrendReport(), "id.polri", TestNow());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->small_cell_threshold(), 13u);
  EXPECT_EQ(stored->small_cell_count(), 3u);
  EXPECT_EQ(stored->reporting_agency(), "id.polri");
}

TEST(ReportChecker, FromFilesLoadsTheShippedFilesAndReportsBrokenOnes) {
  absl::StatusOr<std::unique_ptr<ReportChecker>> checker = ReportChecker::FromFiles(
      testing::ShippedCodebookDir(), {screening::testing::ShippedPatternsPath()}, {});
  ASSERT_TRUE(checker.ok()) << checker.status();
  EXPECT_TRUE((*checker)->Check(rilon::testing::SampleTrendReport(), "au.abf", TestNow()).ok());

  checker =
      ReportChecker::FromFiles("/nonexistent", {screening::testing::ShippedPatternsPath()}, {});
  EXPECT_EQ(checker.status().code(), absl::StatusCode::kNotFound);
  checker = ReportChecker::FromFiles(testing::ShippedCodebookDir(), {"/nonexistent.textproto"}, {});
  EXPECT_EQ(checker.status().code(), absl::StatusCode::kNotFound);
}

// Every example in deploy/examples/ (trend-report.json is shown in docs/data-model.md; demo.sh
// submits mpsrg-amber-report.json) is a report the node accepts.
TEST(ReportChecker, ShippedExamplesAreAccepted) {
  int examples = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(screening::testing::SourcePath("deploy/examples"))) {
    if (entry.path().extension() != ".json") continue;
    ++examples;
    std::ifstream in(entry.path());
    std::ostringstream json;
    json << in.rdbuf();
    rilon::v1::SubmitReportRequest request;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.str(), &request).ok())
        << entry.path();
    absl::StatusOr<rilon::v1::TrendReport> stored =
        Checker().Check(request.report(), "au.abf", TestNow());
    EXPECT_TRUE(stored.ok()) << entry.path() << ": " << stored.status();
  }
  EXPECT_GE(examples, 2);
}

}  // namespace
}  // namespace rilon::validation
