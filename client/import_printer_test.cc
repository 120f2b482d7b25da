#include "client/import_printer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/commands/record_id.h"
#include "client/exit_codes.h"

namespace rilon::client {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

ReportInput Input() {
  ReportInput input;
  input.file = "q3.csv";
  input.ref = "q3-sea";
  input.first_line = 2;
  input.last_line = 4;
  return input;
}

BulkResult Stored(BulkOutcome outcome) {
  BulkResult result;
  result.outcome = outcome;
  result.request_id = "imp-0123";
  result.record.set_id(std::string(64, 'a'));
  result.record.set_origin_agency("au.abf");
  result.record.set_origin_seq(12);
  return result;
}

TEST(ImportPrinterTest, OneLinePerReportAndIndentedProblems) {
  EXPECT_EQ(FormatBatchResult(Input(), Stored(BulkOutcome::kAccepted)),
            "q3.csv:2-4 (report_ref q3-sea): accepted aaaaaaaaaaaa... (origin au.abf #12)\n");
  EXPECT_THAT(FormatBatchResult(Input(), Stored(BulkOutcome::kDuplicate)),
              HasSubstr(": already stored as aaaaaaaaaaaa... (origin au.abf #12), nothing new"));
  BulkResult refused;
  refused.outcome = BulkOutcome::kRefused;
  refused.errors = {"q3.csv:3: column value: \"x\" is not a number",
                    "q3.csv:4: refused by the node: a\nsecond line\x1b[2J"};
  EXPECT_EQ(FormatBatchResult(Input(), refused),
            "q3.csv:2-4 (report_ref q3-sea): refused, nothing stored\n"
            "  q3.csv:3: column value: \"x\" is not a number\n"
            "  q3.csv:4: refused by the node: a\n"
            "  second line?[2J\n");
}

TEST(ImportPrinterTest, JsonLinesCarryStatusLinesErrorsAndTheReceipt) {
  const std::string line = BatchResultJsonLine(Input(), Stored(BulkOutcome::kDuplicate));
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line";
  for (const char* part :
       {"\"status\":\"ALREADY_STORED\"", "\"reportRef\":\"q3-sea\"", "\"firstLine\":2",
        "\"lastLine\":4", "\"requestId\":\"imp-0123\"", "\"originSeq\":\"12\"", "\"errors\":[]"}) {
    EXPECT_THAT(line, HasSubstr(part));
  }
  ReportInput bad = Input();
  bad.errors = {"q3.csv:3: column value: \"x\" is not a number"};
  EXPECT_THAT(CheckResultJsonLine(bad), HasSubstr("\"status\":\"REFUSED\""));
  EXPECT_THAT(CheckResultJsonLine(Input()), HasSubstr("\"status\":\"CHECKED\""));
}

TEST(ImportPrinterTest, Summaries) {
  BatchCounts counts;
  for (BulkOutcome o : {BulkOutcome::kAccepted, BulkOutcome::kAccepted, BulkOutcome::kDuplicate,
                        BulkOutcome::kRefused, BulkOutcome::kNotSent}) {
    counts.Add(o);
  }
  EXPECT_THAT(FormatBatchSummary(counts),
              StartsWith("5 report(s): 2 accepted, 1 already stored, 1 refused, 1 not sent.\n"
                         "Fix the lines named above and run the same command again"));
  BatchCounts clean;
  clean.Add(BulkOutcome::kAccepted);
  EXPECT_EQ(FormatBatchSummary(clean),
            "1 report(s): 1 accepted, 0 already stored, 0 refused, 0 not sent.\n");
  EXPECT_THAT(FormatCheckSummary(2, 1),
              StartsWith("3 report(s) read: 2 ready to send, 1 with problems. Nothing was sent."));
}

TEST(RecordIdArgumentTest, FullIdsOnlyAsUsageErrors) {
  EXPECT_EQ(*RecordIdArgument(std::string(64, 'A')), std::string(64, 'a'));
  absl::StatusOr<std::string> short_id = RecordIdArgument("5ce8c67994a7");
  EXPECT_TRUE(IsUsageError(short_id.status()));
  EXPECT_THAT(std::string(short_id.status().message()), HasSubstr("only the start of a record id"));
  EXPECT_TRUE(IsUsageError(RecordIdArgument(std::string(64, 'g')).status()));
}

}  // namespace
}  // namespace rilon::client
