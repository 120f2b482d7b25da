#include "client/report_batch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/sample_reports.h"

namespace rilon::client {
namespace {

using ::testing::MatchesRegex;

ReportInput Sample(const std::string& ref) {
  ReportInput input;
  input.request = testing::SampleSubmitRequest();
  input.file = "reports.csv";
  input.ref = ref;
  input.first_line = 2;
  input.last_line = 5;
  input.measure_lines = {2, 3, 4, 5};
  input.field_lines = {{"report.period", 2}, {"report.geography.countries", 3}, {"marking", 4}};
  return input;
}

TEST(ReportBatchTest, DescribeNamesFileLinesAndRef) {
  EXPECT_EQ(Describe(Sample("q3-sea")), "reports.csv:2-5 (report_ref q3-sea)");
  ReportInput one_line = Sample("");
  one_line.last_line = 2;
  EXPECT_EQ(Describe(one_line), "reports.csv:2");
}

TEST(ReportBatchTest, RequestIdIsDeterministicAndDependsOnContentAndRef) {
  const std::string id = RequestIdOf(Sample("q3-sea"));
  EXPECT_THAT(id, MatchesRegex("imp-[0-9a-f]{32}"));
  EXPECT_EQ(RequestIdOf(Sample("q3-sea")), id) << "the same report read again";
  ReportInput moved = Sample("q3-sea");
  moved.first_line = 40;
  moved.file = "other.csv";
  EXPECT_EQ(RequestIdOf(moved), id) << "where the report sits in which file does not matter";
  EXPECT_NE(RequestIdOf(Sample("q3-air")), id);
  ReportInput edited = Sample("q3-sea");
  edited.request.mutable_report()->mutable_measures(0)->set_value(4);
  EXPECT_NE(RequestIdOf(edited), id);
  ReportInput given = Sample("q3-sea");
  given.request.set_request_id("mine-1");
  EXPECT_EQ(RequestIdOf(given), "mine-1");
}

TEST(ReportBatchTest, NodeFieldPathsMapToLines) {
  const ReportInput input = Sample("x");
  EXPECT_EQ(LineOfField(input, "report.measures[2].disaggregations[0].value: exceeds"), 4);
  EXPECT_EQ(LineOfField(input, "report.measures[0].indicator: unknown"), 2);
  EXPECT_EQ(LineOfField(input, "report.geography.countries[1]: \"XX\" is not"), 3);
  EXPECT_EQ(LineOfField(input, "report.period.quarter: must"), 2);
  EXPECT_EQ(LineOfField(input, "marking: is required"), 4);
  EXPECT_EQ(LineOfField(input, "report.geography.routes[0]: unknown"), 2) << "unknown: first line";
  EXPECT_EQ(LineOfField(input, "report.measures[9].value: x"), 2) << "no such measure row";
  EXPECT_EQ(LineOfField(input, "report.periodic: x"), 2) << "a prefix must end at a field";
}

}  // namespace
}  // namespace rilon::client
