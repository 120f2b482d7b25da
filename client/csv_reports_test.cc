#include "client/csv_reports.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/embedded_codebooks.h"

namespace rilon::client {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr char kHeader[] =
    "report_ref,period,countries,theme,mode,codebook_version,confidence,marking,"
    "audience_agencies,indicator,value,unit,currency,sex:female,sex:male,disaggregations,"
    "narrative,sources\n";

absl::StatusOr<std::vector<ReportInput>> Read(std::string_view text) {
  absl::StatusOr<CsvTable> table = ParseCsv(text, "q3.csv");
  if (!table.ok()) return table.status();
  return ReportsFromCsv(*table, "q3.csv");
}

std::vector<ReportInput> MustRead(std::string_view text) {
  absl::StatusOr<std::vector<ReportInput>> reports = Read(text);
  EXPECT_TRUE(reports.ok()) << reports.status();
  return reports.ok() ? *std::move(reports) : std::vector<ReportInput>{};
}

TEST(CsvReportsTest, RowsGroupIntoReportsByReportRef) {
  std::vector<ReportInput> reports = MustRead(absl::StrCat(
      kHeader,
      "sea,2026-Q3,BD;MM;ID,PEOPLE_SMUGGLING,SEA,1,MEDIUM,TLP_GREEN,id.polri; th.rtp,"
      "vessels_intercepted,3,vessels,,,,,\"Departures at night, from \"\"beaches\"\"\nsouth of "
      "Teknaf\",operational_reporting: patrols; interviews\n",
      ",,,,,,,,,persons_on_board_intercepted_vessels,412,persons,,180,232,"
      "nationality:XXA=380; nationality:BGD=32,,\n",
      "air,2026-07,TH,people smuggling,air,1,high,amber,,persons_detected,12,persons,,,,,,\n",
      "sea,,,,,,,,,median_fee_paid,1200,currency_per_person,usd,,,,,\n"));
  ASSERT_EQ(reports.size(), 2u);
  const ReportInput& sea = reports[0];
  EXPECT_THAT(sea.errors, IsEmpty());
  EXPECT_EQ(sea.ref, "sea");
  EXPECT_EQ(sea.first_line, 2);
  EXPECT_EQ(sea.last_line, 6) << "rows of one report need not be adjacent";
  EXPECT_THAT(sea.measure_lines, ElementsAre(2, 4, 6)) << "the quoted line break counts";
  const rilon::v1::SubmitReportRequest& r = sea.request;
  EXPECT_EQ(r.marking(), rilon::v1::TLP_GREEN);
  EXPECT_THAT(r.audience().agencies(), ElementsAre("id.polri", "th.rtp"));
  EXPECT_EQ(r.report().period().quarter().year(), 2026);
  EXPECT_EQ(r.report().period().quarter().quarter(), 3);
  EXPECT_THAT(r.report().geography().countries(), ElementsAre("BD", "MM", "ID"));
  EXPECT_EQ(r.report().theme(), rilon::v1::PEOPLE_SMUGGLING);
  EXPECT_EQ(r.report().mode(), rilon::v1::SEA);
  EXPECT_EQ(r.report().codebook_version(), "1");
  EXPECT_EQ(r.report().confidence(), rilon::v1::CONFIDENCE_MEDIUM);
  EXPECT_EQ(r.report().narrative(), "Departures at night, from \"beaches\"\nsouth of Teknaf");
  ASSERT_EQ(r.report().sources_size(), 2);
  EXPECT_EQ(r.report().sources(0).type(), rilon::v1::OPERATIONAL_REPORTING);
  EXPECT_EQ(r.report().sources(0).note(), "patrols");
  ASSERT_EQ(r.report().measures_size(), 3);
  const rilon::v1::Measure& persons = r.report().measures(1);
  EXPECT_EQ(persons.indicator(), "persons_on_board_intercepted_vessels");
  EXPECT_EQ(persons.value(), 412);
  ASSERT_EQ(persons.disaggregations_size(), 4);
  EXPECT_EQ(persons.disaggregations(0).dimension(), "sex");
  EXPECT_EQ(persons.disaggregations(0).category(), "female");
  EXPECT_EQ(persons.disaggregations(0).value(), 180);
  EXPECT_EQ(persons.disaggregations(3).category(), "BGD");
  EXPECT_EQ(r.report().measures(2).currency(), "USD");
  EXPECT_EQ(sea.field_lines.at("report.period"), 2);
  EXPECT_EQ(sea.field_lines.at("marking"), 2);

  const ReportInput& air = reports[1];
  EXPECT_THAT(air.errors, IsEmpty());
  EXPECT_EQ(air.first_line, 5);
  EXPECT_EQ(air.request.report().period().month().month(), 7);
  EXPECT_EQ(air.request.marking(), rilon::v1::TLP_AMBER);
  EXPECT_EQ(air.request.report().confidence(), rilon::v1::CONFIDENCE_HIGH);
}

TEST(CsvReportsTest, WithoutReportRefTheFileIsOneReport) {
  std::vector<ReportInput> reports = MustRead(
      "Period;Countries;Theme;Mode;Codebook version;Confidence;Marking;Indicator;Value;Unit\r\n"
      "2026;ID;TRAFFICKING_IN_PERSONS;LAND;1;LOW;RED;victims_identified;7;persons\r\n"
      ";;;;;;;median_fee_paid;1200,5;currency_per_person\r\n");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_THAT(reports[0].errors, IsEmpty());
  EXPECT_EQ(reports[0].ref, "");
  EXPECT_EQ(reports[0].request.report().period().year().year(), 2026);
  EXPECT_EQ(reports[0].request.report().measures(1).value(), 1200.5) << "decimal comma with ';'";
}

TEST(CsvReportsTest, HeaderMistakesAreNamedWithTheHeaderLine) {
  absl::StatusOr<std::vector<ReportInput>> reports = Read(
      "\nperod,countries,theme,mode,codebook_version,confidence,marking,indicator,value,"
      "unit,unit\n2026-Q3,ID\n");
  EXPECT_EQ(reports.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(reports.status().message());
  EXPECT_THAT(message, HasSubstr("q3.csv:2: unknown column \"perod\" (did you mean \"period\"?)"));
  EXPECT_THAT(message, HasSubstr("q3.csv:2: column \"unit\" appears twice"));
  EXPECT_THAT(message, HasSubstr("q3.csv:2: the header lacks the column period"));
}

TEST(CsvReportsTest, EveryRowProblemIsListedAndOnlyItsReportIsHeldBack) {
  std::vector<ReportInput> reports =
      MustRead(absl::StrCat(kHeader,
                            "bad,2026-Q3,ID,PEOPLE_SMUGGLING,boat,1,MEDIUM,GREEN,,vessels_"
                            "intercepted,three,vessels,,,,,,\n",
                            "bad,2026-Q2,,,,,,,,persons_detected,,persons,,x,,sex=1,,\n",
                            "bad,,,,,,,,,persons_detected,5,,,,,,,,surplus\n",
                            "good,2026-Q3,ID,PEOPLE_SMUGGLING,SEA,1,MEDIUM,GREEN,,vessels_"
                            "intercepted,3,vessels,,,,,,\n"));
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_THAT(reports[1].errors, IsEmpty());
  const std::vector<std::string>& errors = reports[0].errors;
  EXPECT_THAT(errors, Contains(StartsWith("q3.csv:2: column mode: \"boat\" is not one of")));
  EXPECT_THAT(errors, Contains("q3.csv:2: column value: \"three\" is not a number"));
  EXPECT_THAT(errors, Contains(AllOf(StartsWith("q3.csv:3: column period: \"2026-Q2\" differs"),
                                     HasSubstr("on line 2"))));
  EXPECT_THAT(errors, Contains(StartsWith("q3.csv:3: column value: is empty")));
  EXPECT_THAT(errors, Contains("q3.csv:3: column sex:female: \"x\" is not a number"));
  EXPECT_THAT(errors, Contains(StartsWith("q3.csv:3: column disaggregations: \"sex=1\"")));
  EXPECT_THAT(errors, Contains(StartsWith("q3.csv:4: this row has 19 cells")));
  EXPECT_THAT(errors, Contains(StartsWith("q3.csv:4: column unit: is empty")));
}

TEST(CsvReportsTest, MissingReportCellsAndMeasuresAreReported) {
  std::vector<ReportInput> reports = MustRead(absl::StrCat(
      kHeader, ",2026-Q3,ID,PEOPLE_SMUGGLING,SEA,1,MEDIUM,GREEN,,vessels_intercepted,3,vessels\n",
      "x,,,,,,,,,,,,,,,,some narrative,\n"));
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_THAT(reports[0].errors, Contains(StartsWith("q3.csv:2: column report_ref: is empty")));
  EXPECT_THAT(reports[1].errors,
              Contains("q3.csv:3: column period: is empty on every row of this report; fill it "
                       "in on one row"));
  EXPECT_THAT(reports[1].errors, Contains(HasSubstr("has no measure row")));
}

TEST(CsvReportsTest, ACorrectionMayLeaveOutTheMarking) {
  const std::string text =
      "period,countries,theme,mode,codebook_version,confidence,indicator,value,unit\n"
      "2026-Q3,ID,PEOPLE_SMUGGLING,SEA,1,MEDIUM,vessels_intercepted,4,vessels\n";
  absl::StatusOr<CsvTable> table = ParseCsv(text, "fix.csv");
  ASSERT_TRUE(table.ok());
  absl::StatusOr<std::vector<ReportInput>> correction =
      ReportsFromCsv(*table, "fix.csv", ReportUse::kCorrection);
  ASSERT_TRUE(correction.ok()) << correction.status();
  ASSERT_EQ(correction->size(), 1u);
  EXPECT_THAT((*correction)[0].errors, IsEmpty());
  EXPECT_EQ((*correction)[0].request.marking(), rilon::v1::MARKING_UNSPECIFIED);
  EXPECT_FALSE((*correction)[0].request.has_audience()) << "kept from the corrected version";

  absl::StatusOr<std::vector<ReportInput>> submission =
      ReportsFromCsv(*table, "fix.csv", ReportUse::kSubmission);
  EXPECT_THAT(std::string(submission.status().message()),
              HasSubstr("the header lacks the column marking"));
}

TEST(CsvReportsTest, TemplateReadsBackAndFillsIntoAValidForm) {
  absl::StatusOr<rilon::codebook::v1::Codebook> codebook = NewestEmbeddedCodebook();
  ASSERT_TRUE(codebook.ok()) << codebook.status();
  for (rilon::v1::Theme theme :
       {rilon::v1::PEOPLE_SMUGGLING, rilon::v1::TRAFFICKING_IN_PERSONS, rilon::v1::RELATED_CRIME}) {
    std::vector<const rilon::codebook::v1::Indicator*> expected;
    for (const auto& indicator : codebook->indicators()) {
      for (int t : indicator.themes()) {
        if (t == theme) expected.push_back(&indicator);
      }
    }
    ASSERT_FALSE(expected.empty());
    const std::string text = CsvTemplate(*codebook, theme, "2026-Q3");

    // As printed: every column is known; what is missing is exactly what the officer adds.
    std::vector<ReportInput> blank = MustRead(text);
    ASSERT_EQ(blank.size(), 1u) << rilon::v1::Theme_Name(theme);
    int empty_values = 0;
    for (const std::string& e : blank[0].errors) {
      empty_values += e.find("column value: is empty") != std::string::npos;
    }
    EXPECT_EQ(empty_values, static_cast<int>(expected.size()));
    for (const char* cell : {"countries", "mode", "confidence", "marking"}) {
      EXPECT_THAT(blank[0].errors,
                  Contains(HasSubstr(absl::StrCat("column ", cell, ": is empty"))));
    }
    EXPECT_THAT(blank[0].errors, SizeIs(expected.size() + 4));

    // Filled in (countries, mode, confidence and marking on the first row; a value everywhere).
    absl::StatusOr<CsvTable> table = ParseCsv(text, "template.csv");
    ASSERT_TRUE(table.ok());
    auto column = [&](std::string_view name) {
      return std::find(table->header.fields.begin(), table->header.fields.end(), name) -
             table->header.fields.begin();
    };
    std::vector<std::vector<std::string>> rows;
    for (const CsvRow& row : table->rows) rows.push_back(row.fields);
    rows[0][column("countries")] = "ID";
    rows[0][column("mode")] = "SEA";
    rows[0][column("confidence")] = "MEDIUM";
    rows[0][column("marking")] = "TLP_GREEN";
    for (size_t i = 0; i < rows.size(); ++i) rows[i][column("value")] = std::to_string(i + 1);
    std::string filled = FormatCsvLine(table->header.fields) + "\n";
    for (const auto& row : rows) filled += FormatCsvLine(row) + "\n";

    std::vector<ReportInput> reports = MustRead(filled);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_THAT(reports[0].errors, IsEmpty());
    const rilon::v1::TrendReport& report = reports[0].request.report();
    EXPECT_EQ(report.theme(), theme);
    EXPECT_EQ(report.codebook_version(), codebook->version());
    EXPECT_EQ(report.period().quarter().quarter(), 3);
    ASSERT_EQ(report.measures_size(), static_cast<int>(expected.size()));
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(report.measures(i).indicator(), expected[i]->code());
      EXPECT_EQ(report.measures(i).unit(), expected[i]->unit());
      EXPECT_EQ(report.measures(i).value(), static_cast<double>(i + 1));
    }
  }
}

TEST(CsvReportsTest, TemplateOffersBreakdownColumnsOfListedDimensionsOnly) {
  absl::StatusOr<rilon::codebook::v1::Codebook> codebook = NewestEmbeddedCodebook();
  ASSERT_TRUE(codebook.ok());
  const std::string text = CsvTemplate(*codebook, rilon::v1::PEOPLE_SMUGGLING, "2026-Q3");
  const std::string header = text.substr(0, text.find('\r'));
  EXPECT_THAT(header, HasSubstr(",sex:female,"));
  EXPECT_THAT(header, HasSubstr(",age_band:0-11,"));
  EXPECT_THAT(header, Not(HasSubstr("nationality:"))) << "nationalities go in disaggregations";
  EXPECT_THAT(header, StartsWith("report_ref,period,countries,"));
}

}  // namespace
}  // namespace rilon::client
