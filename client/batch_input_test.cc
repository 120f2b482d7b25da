#include "client/batch_input.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/test_temp_dir.h"

namespace rilon::client {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(BatchInputTest, FormatFromFlagOrFileName) {
  EXPECT_EQ(FormatOf("q3.csv", std::nullopt), ReportFormat::kCsv);
  EXPECT_EQ(FormatOf("Q3.CSV", std::nullopt), ReportFormat::kCsv);
  EXPECT_EQ(FormatOf("q3.tsv", std::nullopt), ReportFormat::kCsv);
  EXPECT_EQ(FormatOf("q3.ndjson", std::nullopt), ReportFormat::kNdjson);
  EXPECT_EQ(FormatOf("q3.jsonl", std::nullopt), ReportFormat::kNdjson);
  EXPECT_EQ(FormatOf("q3.json", std::nullopt), ReportFormat::kJson);
  EXPECT_EQ(FormatOf("-", std::nullopt), ReportFormat::kJson);
  EXPECT_EQ(FormatOf("-", std::string("csv")), ReportFormat::kCsv);
  EXPECT_EQ(FormatOf("q3.csv", std::string("json")), ReportFormat::kJson);
}

TEST(BatchInputTest, NdjsonLinesAreReportsWithTheirLineNumbers) {
  const std::string text =
      "\xEF\xBB\xBF{\"marking\": \"TLP_GREEN\", \"report\": {\"codebookVersion\": \"1\"}}\n"
      "\n"
      "{\"marking\": \"TLP_AMBER\", \"report\": {\"perod\": {}}}\r\n"
      "{\"marking\": \"TLP_RED\"}";
  std::vector<ReportInput> reports = ReportsFromNdjson(text, "in.ndjson");
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_TRUE(reports[0].errors.empty());
  EXPECT_EQ(reports[0].request.report().codebook_version(), "1");
  EXPECT_EQ(reports[0].first_line, 1);
  EXPECT_EQ(reports[1].first_line, 3);
  ASSERT_EQ(reports[1].errors.size(), 1u);
  EXPECT_THAT(reports[1].errors[0], StartsWith("in.ndjson:3: report.perod: unknown field"));
  EXPECT_TRUE(reports[2].errors.empty());
  EXPECT_EQ(reports[2].first_line, 4);
  EXPECT_EQ(reports[2].request.marking(), rilon::v1::TLP_RED);
}

TEST(BatchInputTest, SingleReportFromCsvOrRefusedWhenThereAreSeveral) {
  TestTempDir dir;
  const std::string header =
      "report_ref,period,countries,theme,mode,codebook_version,confidence,marking,indicator,"
      "value,unit\n";
  const std::string one = dir.Write(
      "one.csv", header +
                     "a,2026-Q3,ID,PEOPLE_SMUGGLING,SEA,1,MEDIUM,GREEN,vessels_intercepted,"
                     "3,vessels\n");
  absl::StatusOr<rilon::v1::SubmitReportRequest> request =
      ReadSingleReport(one, ReportFormat::kCsv, ReportUse::kSubmission);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->report().measures(0).value(), 3);

  const std::string two = dir.Write(
      "two.csv", header +
                     "a,2026-Q3,ID,PEOPLE_SMUGGLING,SEA,1,MEDIUM,GREEN,vessels_intercepted,3,"
                     "vessels\n"
                     "b,2026-Q3,ID,PEOPLE_SMUGGLING,SEA,1,MEDIUM,GREEN,vessels_intercepted,4,"
                     "vessels\n");
  EXPECT_THAT(
      std::string(
          ReadSingleReport(two, ReportFormat::kCsv, ReportUse::kSubmission).status().message()),
      HasSubstr("holds 2 reports"));
  const std::string bad = dir.Write(
      "bad.csv", header +
                     "a,2026-Q3,ID,PEOPLE_SMUGGLING,SEA,1,MEDIUM,GREEN,vessels_intercepted,"
                     "three,vessels\n");
  EXPECT_THAT(
      std::string(
          ReadSingleReport(bad, ReportFormat::kCsv, ReportUse::kSubmission).status().message()),
      StartsWith(bad + ":2: column value: \"three\" is not a number"));
}

TEST(BatchInputTest, MissingFileNamesIt) {
  absl::StatusOr<std::vector<ReportInput>> read =
      ReadReportBatch("/nonexistent/q3.csv", ReportFormat::kCsv);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(read.status().message()), HasSubstr("/nonexistent/q3.csv"));
}

}  // namespace
}  // namespace rilon::client
