#include "node/validation/reporting_period.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rilon::validation {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(ReportingPeriod, ParsesEveryTextFormAndFormatsItBack) {
  for (const char* text : {"2026", "2026-Q1", "2026-Q4", "2026-07", "1999-12",
                           "2026-07-01/2026-08-15", "2028-02-29/2028-02-29"}) {
    absl::StatusOr<rilon::v1::ReportingPeriod> period = ParsePeriodText(text);
    ASSERT_TRUE(period.ok()) << text << ": " << period.status();
    EXPECT_EQ(FormatPeriod(*period), text);
  }
  EXPECT_EQ(ParsePeriodText("2026-Q3")->quarter().quarter(), 3);
  EXPECT_EQ(ParsePeriodText("2026-07")->month().month(), 7);
  EXPECT_EQ(ParsePeriodText("2026")->year().year(), 2026);
}

TEST(ReportingPeriod, RefusesOtherTextsSayingWhichFormsExist) {
  for (const char* text :
       {"", "26", "2026-Q5", "2026-Q0", "2026-13", "2026-00", "2026/07", "2026-Q", "abcd", "2026-7",
        "1989", "2026-02-30/2026-03-01", "2026-07-01/", "Q3-2026", "2026-07-01 /2026-08-01"}) {
    absl::StatusOr<rilon::v1::ReportingPeriod> period = ParsePeriodText(text);
    EXPECT_EQ(period.status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
  EXPECT_THAT(std::string(ParsePeriodText("2026-13").status().message()),
              HasSubstr("a quarter (\"2026-Q3\")"));
}

TEST(ReportingPeriod, DaysOfEachForm) {
  auto days = [](const char* text) { return *ResolvePeriodDays(*ParsePeriodText(text), "p"); };
  EXPECT_EQ(days("2026-02").first, absl::CivilDay(2026, 2, 1));
  EXPECT_EQ(days("2026-02").last, absl::CivilDay(2026, 2, 28));
  EXPECT_EQ(days("2028-02").last, absl::CivilDay(2028, 2, 29));
  EXPECT_EQ(days("2026-Q4").first, absl::CivilDay(2026, 10, 1));
  EXPECT_EQ(days("2026-Q4").last, absl::CivilDay(2026, 12, 31));
  EXPECT_EQ(days("2026").last, absl::CivilDay(2026, 12, 31));
  EXPECT_EQ(days("2026-07-01/2026-08-15").last, absl::CivilDay(2026, 8, 15));
}

TEST(ReportingPeriod, ResolveNamesTheFieldAtFault) {
  rilon::v1::ReportingPeriod p;
  auto message = [&] {
    return std::string(ResolvePeriodDays(p, "report.period").status().message());
  };
  EXPECT_THAT(message(), StartsWith("report.period: is required"));
  p.mutable_month()->set_year(2026);
  p.mutable_month()->set_month(13);
  EXPECT_THAT(message(), StartsWith("report.period.month.month: 13 is not a month"));
  p.mutable_quarter()->set_year(2026);
  p.mutable_quarter()->set_quarter(5);
  EXPECT_THAT(message(), StartsWith("report.period.quarter.quarter: 5 is not a quarter"));
  p.mutable_year()->set_year(26);
  EXPECT_THAT(message(), StartsWith("report.period.year.year: 26 is not a year"));
  p.mutable_interval()->set_start_date("2026-09-01");
  p.mutable_interval()->set_end_date("2026-08-01");
  EXPECT_THAT(message(), StartsWith("report.period.interval: ends (2026-08-01) before it starts"));
  p.mutable_interval()->set_end_date("2026-09-31");
  EXPECT_THAT(message(),
              StartsWith("report.period.interval.end_date: \"2026-09-31\" is not a date"));
  p.mutable_interval()->set_start_date("1 Sept 2026");
  EXPECT_THAT(message(), StartsWith("report.period.interval.start_date:"));
}

TEST(ReportingPeriod, IsoDates) {
  absl::CivilDay day;
  EXPECT_TRUE(ParseIsoDate("2026-11-23", &day));
  EXPECT_EQ(day, absl::CivilDay(2026, 11, 23));
  EXPECT_FALSE(ParseIsoDate("2026-11-31", &day));
  EXPECT_FALSE(ParseIsoDate("2027-02-29", &day));
  EXPECT_FALSE(ParseIsoDate("2026-1-23", &day));
  EXPECT_FALSE(ParseIsoDate("+026-11-23", &day));
}

}  // namespace
}  // namespace rilon::validation
