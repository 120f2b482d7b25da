#include "node/validation/request_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/civil_time.h"

namespace rilon::validation {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

absl::Time Now() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 23, 0, 0, 0), absl::UTCTimeZone());
}

rilon::v1::SubmitReportRequest ValidRequest() {
  rilon::v1::SubmitReportRequest r;
  auto* report = r.mutable_report();
  report->set_period("2026-Q3");
  report->add_countries("ID");
  report->add_countries("MM");
  report->set_route("Cox's Bazar - Andaman Sea - Aceh");
  report->set_theme(rilon::v1::PEOPLE_SMUGGLING);
  report->set_mode(rilon::v1::SEA);
  auto* m = report->add_measures();
  m->set_indicator("vessels_intercepted");
  m->set_value(3);
  m->set_unit("vessels");
  report->set_narrative("Departures at night from the coast; median fee reported as USD 1,200.");
  r.set_marking(rilon::v1::TLP_GREEN);
  r.mutable_audience()->add_agencies("id.polri");
  return r;
}

void ExpectInvalid(const rilon::v1::SubmitReportRequest& r, std::string_view field_prefix) {
  absl::Status s = ValidateSubmitReport(r, Now());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_THAT(std::string(s.message()), StartsWith(std::string(field_prefix))) << s;
}

TEST(RequestValidation, AcceptsAWellFormedReport) {
  EXPECT_TRUE(ValidateSubmitReport(ValidRequest(), Now()).ok());
}

TEST(RequestValidation, PeriodForms) {
  for (const char* ok : {"2026", "2026-Q1", "2026-11", "2025-12", "1999-Q4"}) {
    auto r = ValidRequest();
    r.mutable_report()->set_period(ok);
    EXPECT_TRUE(ValidateSubmitReport(r, Now()).ok()) << ok;
  }
  for (const char* bad : {"", "26", "2026-Q5", "2026-13", "2026-00", "2026/07", "2026-Q", "abcd"}) {
    auto r = ValidRequest();
    r.mutable_report()->set_period(bad);
    ExpectInvalid(r, "report.period");
  }
}

TEST(RequestValidation, PeriodInTheFutureIsRefused) {
  auto r = ValidRequest();
  r.mutable_report()->set_period("2026-12");
  absl::Status s = ValidateSubmitReport(r, Now());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("has not started yet"));
  r.mutable_report()->set_period("2027");
  ExpectInvalid(r, "report.period");
}

TEST(RequestValidation, MeasuresNameTheBadField) {
  auto r = ValidRequest();
  auto* m = r.mutable_report()->add_measures();
  m->set_indicator("persons_detected");
  m->set_value(-3);
  m->set_unit("persons");
  ExpectInvalid(r, "report.measures[1].value");
  m->set_value(4.5);
  ExpectInvalid(r, "report.measures[1].value");
  m->set_value(412);
  m->set_indicator("Persons Detected");
  ExpectInvalid(r, "report.measures[1].indicator");
  m->set_indicator("persons_detected");
  m->set_unit("");
  ExpectInvalid(r, "report.measures[1].unit");
  r.mutable_report()->clear_measures();
  ExpectInvalid(r, "report.measures");
}

TEST(RequestValidation, FractionalValuesAllowedForNonCounts) {
  auto r = ValidRequest();
  auto* m = r.mutable_report()->add_measures();
  m->set_indicator("median_fee");
  m->set_value(1200.5);
  m->set_unit("USD");
  EXPECT_TRUE(ValidateSubmitReport(r, Now()).ok());
}

TEST(RequestValidation, RequiredEnumsAndReport) {
  auto r = ValidRequest();
  r.mutable_report()->set_theme(rilon::v1::THEME_UNSPECIFIED);
  ExpectInvalid(r, "report.theme");
  r = ValidRequest();
  r.mutable_report()->set_mode(rilon::v1::MODE_UNSPECIFIED);
  ExpectInvalid(r, "report.mode");
  r = ValidRequest();
  r.set_marking(rilon::v1::MARKING_UNSPECIFIED);
  ExpectInvalid(r, "marking");
  r = ValidRequest();
  r.clear_report();
  ExpectInvalid(r, "report");
}

TEST(RequestValidation, CountriesAndAudience) {
  auto r = ValidRequest();
  r.mutable_report()->add_countries("idn");
  ExpectInvalid(r, "report.countries[2]");
  r = ValidRequest();
  r.mutable_audience()->add_agencies("Polri");
  ExpectInvalid(r, "audience.agencies[1]");
  r = ValidRequest();
  r.mutable_audience()->add_groups("Maritime Group");
  ExpectInvalid(r, "audience.groups[0]");
}

TEST(RequestValidation, TextFields) {
  auto r = ValidRequest();
  r.mutable_report()->set_narrative(std::string(16 * 1024 + 1, 'a'));
  ExpectInvalid(r, "report.narrative");
  r.mutable_report()->set_narrative("bad \xff\xfe bytes");
  ExpectInvalid(r, "report.narrative");
  r.mutable_report()->set_narrative(std::string("nul \0 inside", 12));
  ExpectInvalid(r, "report.narrative");
  r.mutable_report()->set_narrative(
      "Multi-line\nnarrative in Bahasa: kapal berangkat malam. \xc3\xa9");
  EXPECT_TRUE(ValidateSubmitReport(r, Now()).ok());
}

TEST(RequestValidation, RequestId) {
  auto r = ValidRequest();
  r.set_request_id("a/b");
  ExpectInvalid(r, "request_id");
  r.set_request_id(std::string(65, 'a'));
  ExpectInvalid(r, "request_id");
  r.set_request_id("0f3a-retry_1.x");
  EXPECT_TRUE(ValidateSubmitReport(r, Now()).ok());
}

TEST(RequestValidation, NormalizeAudienceSortsAndDeduplicates) {
  rilon::v1::Audience a;
  for (const char* id : {"th.rtp", "au.abf", "th.rtp", "id.polri"}) a.add_agencies(id);
  NormalizeAudience(a);
  EXPECT_THAT(a.agencies(), ::testing::ElementsAre("au.abf", "id.polri", "th.rtp"));
}

TEST(RequestValidation, PositionsAndIds) {
  EXPECT_EQ(*ParsePosition("cursor", ""), 0u);
  EXPECT_EQ(*ParsePosition("cursor", "42"), 42u);
  EXPECT_EQ(ParsePosition("cursor", "-1").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParsePosition("cursor", "99999999999999999999999").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ValidateRecordIdField("id", std::string(64, 'a')).ok());
  EXPECT_EQ(ValidateRecordIdField("id", std::string(63, 'a')).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateRecordIdField("id", std::string(64, 'A')).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rilon::validation
