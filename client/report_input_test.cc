#include "client/report_input.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "client/exit_codes.h"
#include "client/test_temp_dir.h"

namespace rilon::client {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr char kValid[] = R"({
  "report": {
    "period": {"quarter": {"year": 2026, "quarter": 3}},
    "geography": {"countries": ["BD", "MM", "ID"], "routes": ["coxs_bazar_andaman_sea_aceh"]},
    "codebookVersion": "1",
    "confidence": "CONFIDENCE_MEDIUM",
    "theme": "PEOPLE_SMUGGLING",
    "mode": "SEA",
    "measures": [
      {"indicator": "vessels_intercepted", "value": 3, "unit": "vessels"},
      {"indicator": "median_fee_paid", "value": 1200.5, "unit": "currency_per_person",
       "currency": "USD"}
    ],
    "narrative": "Night departures."
  },
  "marking": "TLP_GREEN",
  "audience": {"agencies": ["id.polri", "th.rtp"]},
  "requestId": "q3-sea-1"
})";

// The message of a refusal, which must be INVALID_ARGUMENT (exit 4, invalid input).
std::string Refusal(std::string_view json) {
  absl::StatusOr<rilon::v1::SubmitReportRequest> r = ParseReportJson(json, "report.json");
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ExitCodeOf(r.status()), ExitCode::kInvalidInput);
  return std::string(r.status().message());
}

TEST(ReportInputTest, ParsesAValidRequest) {
  absl::StatusOr<rilon::v1::SubmitReportRequest> r = ParseReportJson(kValid, "report.json");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->report().period().quarter().quarter(), 3);
  EXPECT_EQ(r->report().geography().countries_size(), 3);
  EXPECT_EQ(r->report().theme(), rilon::v1::PEOPLE_SMUGGLING);
  EXPECT_EQ(r->report().mode(), rilon::v1::SEA);
  ASSERT_EQ(r->report().measures_size(), 2);
  EXPECT_EQ(r->report().measures(1).value(), 1200.5);
  EXPECT_EQ(r->marking(), rilon::v1::TLP_GREEN);
  EXPECT_EQ(r->audience().agencies(1), "th.rtp");
  EXPECT_EQ(r->request_id(), "q3-sea-1");
}

TEST(ReportInputTest, ProtoFieldNamesAreAcceptedToo) {
  absl::StatusOr<rilon::v1::SubmitReportRequest> r =
      ParseReportJson(R"({"request_id": "abc", "marking": "TLP_RED"})", "report.json");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->request_id(), "abc");
}

TEST(ReportInputTest, UnknownFieldIsNamedWithItsPath) {
  std::string message = Refusal(R"({"report": {"perod": {"year": {"year": 2026}}}})");
  EXPECT_THAT(message, HasSubstr("report.json: report.perod: unknown field"));
  EXPECT_THAT(message, HasSubstr("did you mean 'period'?"));
  EXPECT_THAT(message, HasSubstr("report may have reporting_agency, period, geography"));

  std::string nested = Refusal(R"({"report": {"measures": [{"value": 1}, {"valeu": 2}]}})");
  EXPECT_THAT(nested, HasSubstr("report.json: report.measures[1].valeu: unknown field"));
  EXPECT_THAT(nested, HasSubstr("did you mean 'value'?"));

  std::string top = Refusal(R"({"markings": "TLP_GREEN"})");
  EXPECT_THAT(top, HasSubstr("report.json: markings: unknown field (did you mean 'marking'?)"));
  EXPECT_THAT(top, HasSubstr("the top level may have report, marking, audience, request_id"));
}

TEST(ReportInputTest, WrongTypeIsNamedWithPathAndExpectation) {
  EXPECT_THAT(Refusal(R"({"report": {"measures": [{"value": 1}, {"value": "many"}]}})"),
              HasSubstr("report.json: report.measures[1].value: invalid value \"many\", "
                        "expected a number"));
  EXPECT_THAT(Refusal(R"({"report": {"codebookVersion": 1}})"),
              HasSubstr("report.codebook_version: invalid value 1, expected a string in double "
                        "quotes"));
  EXPECT_THAT(Refusal(R"({"marking": "GREEN"})"),
              HasSubstr("marking: invalid value \"GREEN\", expected one of TLP_CLEAR, TLP_GREEN, "
                        "TLP_AMBER, TLP_AMBER_STRICT, TLP_RED"));
  EXPECT_THAT(Refusal(R"({"report": 5})"),
              HasSubstr("report: invalid value 5, expected an object {...} with fields "
                        "reporting_agency"));
}

TEST(ReportInputTest, SyntaxErrorGivesLineAndColumn) {
  std::string message = Refusal("{\n  \"report\": {\n    \"period\": \"x\",,\n  }\n}\n");
  EXPECT_THAT(message, HasSubstr("report.json:3:19: not valid JSON: expected an object key or }"));
  EXPECT_THAT(message, HasSubstr("fix the file"));
}

TEST(ReportInputTest, EmptyAndNonObjectInputs) {
  EXPECT_THAT(Refusal(""), HasSubstr("report.json is empty: it must hold one JSON object"));
  EXPECT_THAT(Refusal(" \n\t\n"), HasSubstr("report.json is empty"));
  EXPECT_THAT(Refusal("[{}]"), HasSubstr("must hold one JSON object"));
  EXPECT_THAT(Refusal("[{}]"), HasSubstr("it starts with '['"));
}

TEST(ReportInputTest, ReadsFilesAndIgnoresAByteOrderMark) {
  TestTempDir dir;
  std::string path = dir.Write("q3.json", std::string("\xEF\xBB\xBF") + kValid);
  absl::StatusOr<rilon::v1::SubmitReportRequest> r = ReadReportFile(path);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->report().period().quarter().year(), 2026);

  std::string broken = dir.Write("broken.json", R"({"report": {"perod": "x"}})");
  absl::StatusOr<rilon::v1::SubmitReportRequest> b = ReadReportFile(broken);
  ASSERT_FALSE(b.ok());
  EXPECT_THAT(std::string(b.status().message()), HasSubstr(broken + ": report.perod"));
}

TEST(ReportInputTest, MissingOrUnreadableFile) {
  TestTempDir dir;
  absl::StatusOr<rilon::v1::SubmitReportRequest> missing =
      ReadReportFile(dir.path() + "/none.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(ExitCodeOf(missing.status()), ExitCode::kInvalidInput);
  EXPECT_THAT(std::string(missing.status().message()),
              HasSubstr("none.json does not exist: check the report file name"));

  absl::StatusOr<rilon::v1::SubmitReportRequest> directory = ReadReportFile(dir.path());
  ASSERT_FALSE(directory.ok());
  EXPECT_THAT(std::string(directory.status().message()), HasSubstr("is a directory"));

  std::string big = dir.Write("big.json", std::string(kMaxReportBytes + 1, ' '));
  absl::StatusOr<rilon::v1::SubmitReportRequest> too_big = ReadReportFile(big);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(ExitCodeOf(too_big.status()), ExitCode::kInvalidInput);
  EXPECT_THAT(std::string(too_big.status().message()), HasSubstr("smaller than 4 MiB"));
}

TEST(ReportInputTest, RequestIdIsGeneratedOnlyWhenMissing) {
  rilon::v1::SubmitReportRequest given;
  given.set_request_id("mine");
  EXPECT_FALSE(EnsureRequestId(&given));
  EXPECT_EQ(given.request_id(), "mine");

  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    rilon::v1::SubmitReportRequest r;
    EXPECT_TRUE(EnsureRequestId(&r));
    EXPECT_THAT(r.request_id(), MatchesRegex("[0-9a-f]{32}"));
    seen.insert(r.request_id());
  }
  EXPECT_EQ(seen.size(), 20u);
}

}  // namespace
}  // namespace rilon::client
