#include "node/validation/report_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "node/validation/test_vocabulary.h"
#include "tests/testing/sample_reports.h"

namespace rilon::validation {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ShippedVocabulary;
using ::testing::StartsWith;
using testing::TestToday;

using rilon::v1::TrendReport;

absl::Status Validate(const TrendReport& report) {
  return ValidateTrendReport(report, ShippedVocabulary(), "au.abf", TestToday());
}

std::string Message(const TrendReport& report) {
  absl::Status s = Validate(report);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  return std::string(s.message());
}

// The report is refused, and the first problem is at `path` and says `what`.
void ExpectRefused(const TrendReport& report, const std::string& path, const std::string& what) {
  EXPECT_THAT(Message(report), AllOf(StartsWith(path + ": "), HasSubstr(what)));
}

TrendReport Sample() { return rilon::testing::SampleTrendReport(); }

// Index of the sample's measures.
constexpr int kVessels = 0, kPersons = 1, kFacilitators = 2, kFee = 3;

TEST(ReportValidation, TheSampleIsValid) {
  EXPECT_TRUE(Validate(Sample()).ok()) << Validate(Sample());
}

TEST(ReportValidation, UnknownIndicatorSuggestsTheClosestCode) {
  TrendReport r = Sample();
  r.mutable_measures(kVessels)->set_indicator("vessel_intercepted");
  ExpectRefused(r, "report.measures[0].indicator",
                "\"vessel_intercepted\" is not an indicator of codebook version \"1\"; did you "
                "mean \"vessels_intercepted\"?");
  r.mutable_measures(kVessels)->set_indicator("boats_burnt_by_the_navy_last_month");
  const std::string m = Message(r);
  EXPECT_THAT(m, StartsWith("report.measures[0].indicator: "));
  EXPECT_THAT(m, Not(HasSubstr("did you mean")));
  EXPECT_THAT(m, HasSubstr("docs/data-model.md"));
  r.mutable_measures(kVessels)->clear_indicator();
  ExpectRefused(r, "report.measures[0].indicator", "is required");
}

TEST(ReportValidation, WrongOrMissingUnit) {
  TrendReport r = Sample();
  r.mutable_measures(kPersons)->set_unit("people");
  ExpectRefused(r, "report.measures[1].unit",
                "\"people\" is wrong: persons_on_board_intercepted_vessels is measured in "
                "\"persons\"");
  r.mutable_measures(kPersons)->clear_unit();
  ExpectRefused(r, "report.measures[1].unit", "is required");
}

TEST(ReportValidation, CountsAreWholeAndNonNegative) {
  TrendReport r = Sample();
  r.mutable_measures(kVessels)->set_value(-3);
  ExpectRefused(r, "report.measures[0].value", "0 or more, not -3");
  r.mutable_measures(kVessels)->set_value(2.5);
  ExpectRefused(r, "report.measures[0].value", "is a count: use a whole number, not 2.5");
  r.mutable_measures(kVessels)->set_value(std::numeric_limits<double>::quiet_NaN());
  ExpectRefused(r, "report.measures[0].value", "0 or more");
  r = Sample();
  r.mutable_measures(kPersons)->mutable_disaggregations(0)->set_value(10.5);
  ExpectRefused(r, "report.measures[1].disaggregations[0].value", "whole number, not 10.5");
  r.mutable_measures(kPersons)->mutable_disaggregations(0)->set_value(-1);
  ExpectRefused(r, "report.measures[1].disaggregations[0].value", "0 or more, not -1");
}

TEST(ReportValidation, NonCountsMayBeFractional) {
  TrendReport r = Sample();
  r.mutable_measures(kFee)->set_value(1187.5);
  EXPECT_TRUE(Validate(r).ok()) << Validate(r);
  r.mutable_measures(kFee)->set_value(-1);
  ExpectRefused(r, "report.measures[3].value", "0 or more");
}

TEST(ReportValidation, ADimensionAddingUpAboveTheTotalIsRefusedAtTheCellThatCrossesIt) {
  TrendReport r = Sample();
  // sex: female 180, male 232 (= 412); one more female makes male, cell [3], cross the total.
  r.mutable_measures(kPersons)->mutable_disaggregations(2)->set_value(181);
  ExpectRefused(r, "report.measures[1].disaggregations[3].value",
                "the \"sex\" breakdown reaches 413 here, more than the total of 412 in "
                "report.measures[1].value");
  // Below the total is fine: the rest is unknown.
  r = Sample();
  r.mutable_measures(kPersons)->mutable_disaggregations(2)->set_value(100);
  EXPECT_TRUE(Validate(r).ok()) << Validate(r);
  // The sum check applies to every dimension separately (age bands add up to 412 exactly).
  r = Sample();
  r.mutable_measures(kPersons)->set_value(411);
  const std::string m = Message(r);
  EXPECT_THAT(m, StartsWith("report.measures[1].disaggregations[1].value: the \"nationality\""));
  EXPECT_THAT(m, HasSubstr("report.measures[1].disaggregations[3].value: the \"sex\""));
  EXPECT_THAT(m, HasSubstr("report.measures[1].disaggregations[9].value: the \"age_band\""));
}

TEST(ReportValidation, DisaggregationsUseAllowedDimensionsAndKnownCategories) {
  TrendReport r = Sample();
  r.mutable_measures(kVessels)->mutable_disaggregations(0)->set_dimension("sex");
  ExpectRefused(r, "report.measures[0].disaggregations[0].dimension",
                "\"sex\" is not a breakdown of vessels_intercepted; it may be broken down by "
                "vessel_type, place_of_detection");
  r = Sample();
  r.mutable_measures(kPersons)->mutable_disaggregations(2)->set_category("femal");
  ExpectRefused(r, "report.measures[1].disaggregations[2].category",
                "\"femal\" is not a category of \"sex\"; did you mean \"female\"?");
  r.mutable_measures(kPersons)->mutable_disaggregations(2)->set_category("women and girls");
  ExpectRefused(r, "report.measures[1].disaggregations[2].category",
                "use one of female, male, other, unknown");
  r = Sample();
  r.mutable_measures(kPersons)->mutable_disaggregations(1)->set_category("XXA");
  ExpectRefused(r, "report.measures[1].disaggregations[1].category",
                "\"XXA\" appears twice in the \"nationality\" breakdown");
  r = Sample();
  r.mutable_measures(kPersons)->mutable_disaggregations(1)->set_category("bgd");
  ExpectRefused(r, "report.measures[1].disaggregations[1].category",
                "write it in upper case: \"BGD\"");
  r.mutable_measures(kPersons)->mutable_disaggregations(1)->set_category("BD");
  ExpectRefused(r, "report.measures[1].disaggregations[1].category",
                "use ISO 3166-1 alpha-3 (e.g. \"MMR\")");
  r = Sample();
  auto* cell = r.mutable_measures(kFee)->add_disaggregations();
  cell->set_dimension("nationality");
  cell->set_category("MMR");
  cell->set_value(1350.5);  // a median by nationality: not a count, not added up
  EXPECT_TRUE(Validate(r).ok()) << Validate(r);
  r = Sample();
  rilon::v1::Measure* cases = r.add_measures();
  cases->set_indicator("smuggling_cases_opened");
  cases->set_value(4);
  cases->set_unit("cases");
  cases->add_disaggregations()->set_dimension("sex");
  ExpectRefused(r, "report.measures[4].disaggregations",
                "smuggling_cases_opened has no breakdowns in codebook version \"1\"");
}

TEST(ReportValidation, PeriodMustHaveStartedAndIntervalsMustHaveEnded) {
  TrendReport r = Sample();
  r.mutable_period()->mutable_quarter()->set_quarter(4);  // started 2026-10-01: figures to date
  EXPECT_TRUE(Validate(r).ok()) << Validate(r);
  r.mutable_period()->mutable_year()->set_year(2027);
  ExpectRefused(r, "report.period", "2027 has not started yet (today is 2026-11-23 UTC)");
  r.mutable_period()->mutable_month()->set_year(2026);
  r.mutable_period()->mutable_month()->set_month(12);
  ExpectRefused(r, "report.period", "2026-12 has not started yet");
  r.mutable_period()->mutable_interval()->set_start_date("2026-11-01");
  r.mutable_period()->mutable_interval()->set_end_date("2026-11-30");
  ExpectRefused(r, "report.period.interval.end_date", "2026-11-30 is in the future");
  r.mutable_period()->mutable_interval()->set_end_date("2026-11-23");
  EXPECT_TRUE(Validate(r).ok()) << Validate(r);
  r.mutable_period()->mutable_interval()->set_start_date("2026-11-24");
  ExpectRefused(r, "report.period.interval", "ends (2026-11-23) before it starts (2026-11-24)");
  r.clear_period();
  ExpectRefused(r, "report.period", "is required");
}

TEST(ReportValidation, GeographyCodesMustExist) {
  TrendReport r = Sample();
  r.mutable_geography()->set_countries(1, "XY");
  ExpectRefused(r, "report.geography.countries[1]", "\"XY\" is not an ISO 3166-1 alpha-2 code");
  r.mutable_geography()->set_countries(1, "mm");
  ExpectRefused(r, "report.geography.countries[1]", "write it in upper case: \"MM\"");
  r = Sample();
  r.mutable_geography()->add_countries("BD");
  ExpectRefused(r, "report.geography.countries[3]", "\"BD\" is listed twice");
  r = Sample();
  r.mutable_geography()->clear_countries();
  EXPECT_THAT(Message(r), StartsWith("report.geography.countries: name at least one country"));
  r = Sample();
  r.mutable_geography()->set_subdivisions(1, "ID-ZZ");
  ExpectRefused(r, "report.geography.subdivisions[1]",
                "\"ID-ZZ\" is not an ISO 3166-2 subdivision of \"ID\"");
  r.mutable_geography()->set_subdivisions(1, "Aceh");
  ExpectRefused(r, "report.geography.subdivisions[1]", "is not an ISO 3166-2 code");
  r.mutable_geography()->set_subdivisions(1, "TH-85");
  ExpectRefused(r, "report.geography.subdivisions[1]",
                "\"TH-85\" is in \"TH\", which is not in report.geography.countries; add \"TH\"");
  r = Sample();
  r.mutable_geography()->set_routes(0, "coxs_bazar_andaman_sea_ace");
  ExpectRefused(r, "report.geography.routes[0]",
                "is not a route of the route list; did you mean \"coxs_bazar_andaman_sea_aceh\"?");
}

TEST(ReportValidation, CodebookVersionMustBeKnown) {
  TrendReport r = Sample();
  r.set_codebook_version("7");
  ExpectRefused(r, "report.codebook_version",
                "\"7\" is not a codebook version this node knows; this node knows \"1\"");
  r.clear_codebook_version();
  ExpectRefused(r, "report.codebook_version", "is required; this node knows \"1\"");
}

TEST(ReportValidation, CurrencyExactlyForMonetaryIndicators) {
  TrendReport r = Sample();
  r.mutable_measures(kFee)->clear_currency();
  ExpectRefused(r, "report.measures[3].currency", "is required: median_fee_paid is an amount");
  r.mutable_measures(kFee)->set_currency("usd");
  ExpectRefused(r, "report.measures[3].currency", "write it in upper case: \"USD\"");
  r.mutable_measures(kFee)->set_currency("DOLLARS");
  ExpectRefused(r, "report.measures[3].currency", "is not an ISO 4217 currency code");
  r = Sample();
  r.mutable_measures(kVessels)->set_currency("USD");
  ExpectRefused(r, "report.measures[0].currency", "vessels_intercepted is not an amount of money");
}

TEST(ReportValidation, IndicatorsBelongToTheThemeAndAppearOnce) {
  TrendReport r = Sample();
  rilon::v1::Measure* victims = r.add_measures();
  victims->set_indicator("victims_identified");
  victims->set_value(12);
  victims->set_unit("persons");
  ExpectRefused(r, "report.measures[4].indicator",
                "\"victims_identified\" belongs to TRAFFICKING_IN_PERSONS reports, not "
                "PEOPLE_SMUGGLING");
  r = Sample();
  *r.add_measures() = r.measures(kFacilitators);
  ExpectRefused(r, "report.measures[4].indicator", "\"facilitators_arrested\" appears twice");
}

TEST(ReportValidation, RequiredClassificationsAndAgency) {
  TrendReport r = Sample();
  r.set_theme(rilon::v1::THEME_UNSPECIFIED);
  EXPECT_THAT(Message(r), HasSubstr("report.theme: is required"));
  r = Sample();
  r.set_mode(static_cast<rilon::v1::Mode>(99));
  ExpectRefused(r, "report.mode", "is required: SEA, LAND, AIR or ONLINE_OTHER");
  r = Sample();
  r.clear_confidence();
  ExpectRefused(r, "report.confidence", "is required");
  r = Sample();
  r.set_reporting_agency("id.polri");
  ExpectRefused(r, "report.reporting_agency",
                "\"id.polri\" is not your agency; leave it empty or set it to \"au.abf\"");
  r.set_reporting_agency("au.abf");
  EXPECT_TRUE(Validate(r).ok());
  r = Sample();
  r.mutable_sources(1)->set_type(rilon::v1::SOURCE_TYPE_UNSPECIFIED);
  ExpectRefused(r, "report.sources[1].type", "is required");
}

TEST(ReportValidation, FreeTextIsBoundedUtf8WithoutControlCharacters) {
  TrendReport r = Sample();
  r.set_narrative(std::string(16 * 1024 + 1, 'a'));
  ExpectRefused(r, "report.narrative", "is 16385 bytes; at most 16384");
  r.set_narrative("bad \xff\xfe bytes");
  ExpectRefused(r, "report.narrative", "not valid UTF-8");
  r.set_narrative("overlong \xc0\xaf slash");
  ExpectRefused(r, "report.narrative", "not valid UTF-8");
  r.set_narrative(std::string("nul \0 inside", 12));
  ExpectRefused(r, "report.narrative", "control characters");
  r.set_narrative("Multi-line\nnarrative: kapal berangkat malam. \xc3\xa9 \xe2\x86\x92");
  EXPECT_TRUE(Validate(r).ok()) << Validate(r);
  r.mutable_geography()->set_route_note(std::string(1025, 'x'));
  ExpectRefused(r, "report.geography.route_note", "at most 1024");
  r = Sample();
  r.mutable_measures(kFee)->set_note("tab\tok but bell \a not");
  ExpectRefused(r, "report.measures[3].note", "control characters");
  r = Sample();
  r.mutable_sources(0)->set_note("\xed\xa0\x80 surrogate");
  ExpectRefused(r, "report.sources[0].note", "not valid UTF-8");
}

TEST(ReportValidation, EveryProblemIsListedAndTheListIsBounded) {
  TrendReport r = Sample();
  r.set_theme(rilon::v1::THEME_UNSPECIFIED);
  r.mutable_measures(kVessels)->set_unit("boats");
  r.mutable_measures(kFee)->clear_currency();
  const std::string m = Message(r);
  EXPECT_THAT(m, StartsWith("report.theme: "));
  EXPECT_THAT(m, HasSubstr("\nreport.measures[0].unit: "));
  EXPECT_THAT(m, HasSubstr("\nreport.measures[3].currency: "));

  r = Sample();
  r.mutable_geography()->clear_countries();
  for (int i = 0; i < 30; ++i) r.mutable_geography()->add_countries("XY" + std::to_string(i));
  EXPECT_THAT(Message(r), HasSubstr("... and 12 more problems"));
}

TEST(ReportValidation, LimitsAreEnforced) {
  TrendReport r = Sample();
  ReportLimits limits;
  limits.max_measures = 3;
  absl::Status s = ValidateTrendReport(r, ShippedVocabulary(), "au.abf", TestToday(), limits);
  EXPECT_THAT(std::string(s.message()), StartsWith("report.measures: has 4 entries; at most 3"));
  limits = {};
  limits.max_disaggregations = 5;
  s = ValidateTrendReport(r, ShippedVocabulary(), "au.abf", TestToday(), limits);
  EXPECT_THAT(std::string(s.message()),
              StartsWith("report.measures[1].disaggregations: has 10 entries; at most 5"));
}

TEST(ReportValidation, FieldPrefixIsUsedForEveryPath) {
  TrendReport r = Sample();
  r.mutable_measures(kVessels)->set_unit("boats");
  absl::Status s =
      ValidateTrendReport(r, ShippedVocabulary(), "au.abf", TestToday(), {}, "reports[3]");
  EXPECT_THAT(std::string(s.message()), StartsWith("reports[3].measures[0].unit: "));
}

}  // namespace
}  // namespace rilon::validation
