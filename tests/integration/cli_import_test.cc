// The `rilon` client against a real rilond for what agencies do with spreadsheets and versions:
// importing CSV and NDJSON files of many reports (per-row errors with line numbers, nothing sent
// from a report with an error, idempotent re-runs), templates that the node accepts once filled
// in, and corrections, retractions and history from the command line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "client/csv_reader.h"
#include "tests/integration/harness/cli_runner.h"
#include "tests/integration/harness/node_process.h"

namespace rilon::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kHeader[] =
    "report_ref,period,countries,theme,mode,codebook_version,confidence,marking,"
    "audience_agencies,indicator,value,unit,currency,sex:female,sex:male\n";

// A report of one row (vessels intercepted, `vessels`) under `ref`.
std::string Row(const std::string& ref, const std::string& vessels,
                const std::string& indicator = "vessels_intercepted") {
  return absl::StrCat(ref, ",2026-Q3,ID;MM,PEOPLE_SMUGGLING,SEA,1,MEDIUM,TLP_GREEN,id.polri,",
                      indicator, ",", vessels, ",vessels,,,\n");
}

// A second measure row continuing the report above.
std::string PersonsRow(const std::string& persons, const std::string& female) {
  return absl::StrCat(",,,,,,,,,persons_on_board_intercepted_vessels,", persons, ",persons,,",
                      female, ",\n");
}

class CliImportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new PkiFixture();
    work_ = new ScratchDir("rilon-cli-import");
    node_ = new NodeProcess(*pki_, "au.abf", work_->path() + "/node");
    node_->Start();
    officer_ = WriteClientConfig(work_->path(), "officer", node_->endpoint(), pki_->ca_file(),
                                 pki_->Person("officer", "au.abf", "jlee"));
    analyst_ = WriteClientConfig(work_->path(), "analyst", node_->endpoint(), pki_->ca_file(),
                                 pki_->Person("analyst", "au.abf", "asmith"));
  }
  static void TearDownTestSuite() {
    delete node_;
    delete work_;
    delete pki_;
  }
  static std::string Write(const std::string& name, const std::string& text) {
    const std::string path = work_->path() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  // Number of records stored on the node (all versions).
  static int Stored() {
    RunResult list = RunRilon(analyst_, {"--json", "report", "list", "--all", "--all-versions"});
    EXPECT_EQ(list.exit_code, 0) << list.err;
    return static_cast<int>(std::count(list.out.begin(), list.out.end(), '\n'));
  }
  // The 64-hex id following `marker` in `text`.
  static std::string IdAfter(const std::string& text, const std::string& marker) {
    const size_t at = text.find(marker);
    return at == std::string::npos ? "" : text.substr(at + marker.size(), 64);
  }

  static PkiFixture* pki_;
  static ScratchDir* work_;
  static NodeProcess* node_;
  static std::string officer_, analyst_;
};
PkiFixture* CliImportTest::pki_ = nullptr;
ScratchDir* CliImportTest::work_ = nullptr;
NodeProcess* CliImportTest::node_ = nullptr;
std::string CliImportTest::officer_, CliImportTest::analyst_;

TEST_F(CliImportTest, CsvImportReportsRowsAndARerunStoresNothingTwice) {
  const int before = Stored();
  // Line 2-3: valid. Line 4: a bad number (refused by rilon). Line 5: an indicator the codebook
  // does not know (refused by the node, named on its line).
  const std::string broken =
      absl::StrCat(kHeader, Row("good", "3"), PersonsRow("40", "12"), Row("typo", "three"),
                   Row("unknown", "2", "vessels_seen"));
  const std::string file = Write("q3.csv", broken);
  RunResult first = RunRilon(officer_, {"report", "submit", file});
  EXPECT_EQ(first.exit_code, 4) << first.err;
  EXPECT_THAT(first.out, HasSubstr(file + ":2-3 (report_ref good): accepted "));
  EXPECT_THAT(first.out, AllOf(HasSubstr(file + ":4 (report_ref typo): refused, nothing stored"),
                               HasSubstr(file + ":4: column value: \"three\" is not a number")));
  EXPECT_THAT(first.out,
              AllOf(HasSubstr(file + ":5 (report_ref unknown): refused, nothing stored"),
                    HasSubstr(file + ":5: refused by the node: report.measures[0].indicator")));
  EXPECT_THAT(first.err, HasSubstr("3 report(s): 1 accepted, 0 already stored, 2 refused"));
  EXPECT_EQ(Stored(), before + 1) << "nothing from the refused reports";

  // The officer fixes the two rows and runs the same command again.
  const std::string fixed = absl::StrCat(kHeader, Row("good", "3"), PersonsRow("40", "12"),
                                         Row("typo", "3"), Row("unknown", "2"));
  Write("q3.csv", fixed);
  RunResult second = RunRilon(officer_, {"report", "submit", file});
  EXPECT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_THAT(second.out, HasSubstr(file + ":2-3 (report_ref good): already stored as "));
  EXPECT_THAT(second.out, HasSubstr(file + ":4 (report_ref typo): accepted "));
  EXPECT_THAT(second.out, HasSubstr(file + ":5 (report_ref unknown): accepted "));
  EXPECT_EQ(Stored(), before + 3);

  RunResult third = RunRilon(officer_, {"--json", "report", "submit", file});
  EXPECT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(std::count(third.out.begin(), third.out.end(), '\n'), 3);
  EXPECT_THAT(third.out, Not(HasSubstr("\"status\":\"ACCEPTED\"")));
  EXPECT_THAT(third.out, HasSubstr("\"status\":\"ALREADY_STORED\""));
  EXPECT_EQ(Stored(), before + 3);
}

TEST_F(CliImportTest, CheckSendsNothingAndWorksWithoutSettings) {
  const int before = Stored();
  const std::string file =
      Write("check.csv", absl::StrCat(kHeader, Row("a", "3"), Row("b", "x"), Row("c", "4")));
  // No settings at all: --check never connects.
  RunResult check = RunCommand({RilonCliPath(), "report", "submit", file, "--check"}, "",
                               {{"HOME", work_->path()}, {"XDG_CONFIG_HOME", work_->path()}},
                               std::chrono::seconds(60));
  EXPECT_EQ(check.exit_code, 4) << check.err;
  EXPECT_THAT(check.out, HasSubstr(file + ":2 (report_ref a): 1 measure(s), ready to send"));
  EXPECT_THAT(check.out, HasSubstr(file + ":3: column value: \"x\" is not a number"));
  EXPECT_THAT(check.err, HasSubstr("3 report(s) read: 2 ready to send, 1 with problems"));
  EXPECT_EQ(Stored(), before);
}

TEST_F(CliImportTest, NdjsonImport) {
  const int before = Stored();
  const std::string line =
      R"({"report": {"period": {"quarter": {"year": 2026, "quarter": 3}}, "geography": {"countries": ["ID"]}, "theme": "PEOPLE_SMUGGLING", "mode": "SEA", "codebookVersion": "1", "confidence": "CONFIDENCE_LOW", "measures": [{"indicator": "vessels_intercepted", "value": VALUE, "unit": "vessels"}]}, "marking": "TLP_AMBER"})";
  auto with = [&](const std::string& value) {
    std::string text = line;
    text.replace(text.find("VALUE"), 5, value);
    return text + "\n";
  };
  const std::string file = Write("q3.ndjson", with("5") + "\n" + with("\"five\"") + with("6"));
  RunResult run = RunRilon(officer_, {"report", "submit", file});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_THAT(run.out, HasSubstr(file + ":1: accepted"));
  EXPECT_THAT(run.out, HasSubstr(file + ":3: refused"));
  EXPECT_THAT(run.out, HasSubstr(file + ":4: accepted"));
  EXPECT_EQ(Stored(), before + 2);
}

TEST_F(CliImportTest, FilledInTemplateIsAcceptedByTheNode) {
  RunResult printed =
      RunRilon(officer_, {"report", "template", "--csv", "--theme", "trafficking_in_persons"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  absl::StatusOr<client::CsvTable> table = client::ParseCsv(printed.out, "template");
  ASSERT_TRUE(table.ok()) << table.status();
  const auto& header = table->header.fields;
  auto column = [&](std::string_view name) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  std::string filled = client::FormatCsvLine(header) + "\n";
  for (size_t i = 0; i < table->rows.size(); ++i) {
    std::vector<std::string> row = table->rows[i].fields;
    if (i == 0) {
      row[column("countries")] = "TH";
      row[column("mode")] = "LAND";
      row[column("confidence")] = "MEDIUM";
      row[column("marking")] = "TLP_AMBER";
      row[column("audience_agencies")] = "th.rtp";
    }
    row[column("value")] = "7";
    if (row[column("unit")].find("currency") != std::string::npos) row[column("currency")] = "THB";
    filled += client::FormatCsvLine(row) + "\n";
  }
  const std::string file = Write("tip.csv", filled);
  RunResult submitted = RunRilon(officer_, {"report", "submit", file});
  EXPECT_EQ(submitted.exit_code, 0) << submitted.out << submitted.err;
  EXPECT_THAT(submitted.out, HasSubstr("(report_ref report-1): accepted "));
}

TEST_F(CliImportTest, CorrectRetractAndHistoryFromTheCommandLine) {
  RunResult submitted = RunRilon(
      officer_, {"report", "submit", Write("v1.csv", absl::StrCat(kHeader, Row("v", "3")))});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  RunResult listed = RunRilon(analyst_, {"--json", "report", "list", "--all"});
  const std::string v1 = listed.out.substr(listed.out.rfind("\"id\":\"") + 6, 64);

  // A correction from a CSV of one report; marking and audience are the corrected version's.
  RunResult corrected = RunRilon(
      officer_, {"report", "correct", v1, Write("v2.csv", absl::StrCat(kHeader, Row("v", "4")))});
  ASSERT_EQ(corrected.exit_code, 0) << corrected.err;
  const std::string v2 = IdAfter(corrected.out, "Corrected: ");
  EXPECT_THAT(corrected.out, HasSubstr(" replaces " + v1));

  RunResult stale = RunRilon(
      officer_, {"report", "correct", v1, Write("v2b.csv", absl::StrCat(kHeader, Row("v", "5")))});
  EXPECT_EQ(stale.exit_code, 3) << stale.err;  // FAILED_PRECONDITION
  EXPECT_THAT(stale.err, HasSubstr("the current version is " + v2));

  RunResult old = RunRilon(analyst_, {"report", "get", v1});
  ASSERT_EQ(old.exit_code, 0) << old.err;
  EXPECT_THAT(old.out, HasSubstr("This is an earlier version of the report. The current version "
                                 "is " +
                                 v2));
  EXPECT_THAT(old.out, AllOf(HasSubstr("Versions (oldest first)"), HasSubstr("original"),
                             HasSubstr("correction")));

  RunResult analyst_retract = RunRilon(analyst_, {"report", "retract", v2, "--reason", "no"});
  EXPECT_EQ(analyst_retract.exit_code, 5) << analyst_retract.err;
  RunResult no_reason = RunRilon(officer_, {"report", "retract", v2});
  EXPECT_EQ(no_reason.exit_code, 2) << no_reason.err;

  RunResult retracted =
      RunRilon(officer_, {"report", "retract", v2, "--reason", "double counted with the Q2 report",
                          "--request-id", "pull-v2"});
  ASSERT_EQ(retracted.exit_code, 0) << retracted.err;
  EXPECT_THAT(retracted.out, HasSubstr("Retracted: " + v2 + " by "));
  RunResult again =
      RunRilon(officer_, {"report", "retract", v2, "--reason", "double counted with the Q2 report",
                          "--request-id", "pull-v2"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("nothing new was stored"));

  RunResult current = RunRilon(analyst_, {"report", "get", v1});
  EXPECT_THAT(current.out, AllOf(HasSubstr("This report was retracted on "),
                                 HasSubstr("double counted with the Q2 report"),
                                 HasSubstr("retraction: double counted")));
  RunResult json = RunRilon(analyst_, {"--json", "report", "get", v2});
  EXPECT_THAT(json.out, AllOf(HasSubstr("\"history\""), HasSubstr("\"VERSION_RETRACTION\"")));

  RunResult list = RunRilon(analyst_, {"--json", "report", "list", "--all"});
  // Current versions only: the withdrawn report is listed as its retraction.
  EXPECT_THAT(list.out, Not(HasSubstr("\"id\":\"" + v1)));
  EXPECT_THAT(list.out, Not(HasSubstr("\"id\":\"" + v2)));
  EXPECT_THAT(list.out, HasSubstr("\"supersedes\":\"" + v2));
  RunResult all = RunRilon(analyst_, {"--json", "report", "list", "--all", "--all-versions"});
  EXPECT_THAT(all.out, AllOf(HasSubstr("\"id\":\"" + v1), HasSubstr("\"id\":\"" + v2)));
}

}  // namespace
}  // namespace rilon::testing
