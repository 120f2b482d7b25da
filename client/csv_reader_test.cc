#include "client/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rilon::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

CsvTable MustParse(std::string_view text) {
  absl::StatusOr<CsvTable> table = ParseCsv(text, "in.csv");
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? *std::move(table) : CsvTable{};
}

std::string ErrorOf(std::string_view text) {
  absl::StatusOr<CsvTable> table = ParseCsv(text, "in.csv");
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(table.status().message());
}

TEST(CsvReaderTest, HeaderAndRowsWithLineNumbers) {
  CsvTable table = MustParse("a,b,c\n1,2,3\n4,5,6\n");
  EXPECT_THAT(table.header.fields, ElementsAre("a", "b", "c"));
  EXPECT_EQ(table.header.line, 1);
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_THAT(table.rows[0].fields, ElementsAre("1", "2", "3"));
  EXPECT_EQ(table.rows[0].line, 2);
  EXPECT_EQ(table.rows[1].line, 3);
}

TEST(CsvReaderTest, QuotedFieldsKeepSeparatorsQuotesAndLineBreaks) {
  CsvTable table = MustParse(
      "indicator,narrative,x\n"
      "persons,\"Departures at night, \"\"mostly\"\" from Teknaf\nand Shamlapur\",\"\"\n"
      "vessels,plain,last\n");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_THAT(
      table.rows[0].fields,
      ElementsAre("persons", "Departures at night, \"mostly\" from Teknaf\nand Shamlapur", ""));
  EXPECT_EQ(table.rows[0].line, 2);
  EXPECT_EQ(table.rows[1].line, 4) << "the quoted line break counts as a line";
}

TEST(CsvReaderTest, ByteOrderMarkAndCrlfAndLoneCr) {
  CsvTable table = MustParse(
      "\xEF\xBB\xBF"
      "a,b\r\n1,\"x\r\ny\"\r\n2,3\r4,5");
  EXPECT_THAT(table.header.fields, ElementsAre("a", "b")) << "no BOM in the first header name";
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_THAT(table.rows[0].fields, ElementsAre("1", "x\ny"));
  EXPECT_THAT(table.rows[1].fields, ElementsAre("2", "3"));
  EXPECT_EQ(table.rows[1].line, 4);
  EXPECT_THAT(table.rows[2].fields, ElementsAre("4", "5"));
  EXPECT_EQ(table.rows[2].line, 5);
}

TEST(CsvReaderTest, BlankRowsAreSkippedAnywhereButCountForLineNumbers) {
  CsvTable table = MustParse("\n\na,b\n\n1,2\n,,\n  ,\t\n3,4\n\n");
  EXPECT_EQ(table.header.line, 3);
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].line, 5);
  EXPECT_EQ(table.rows[1].line, 8);
}

TEST(CsvReaderTest, UnquotedFieldsAreTrimmedQuotedOnesAreNot) {
  CsvTable table = MustParse("a , b\n  1 ,\" 2 \"  \n");
  EXPECT_THAT(table.header.fields, ElementsAre("a", "b"));
  EXPECT_THAT(table.rows[0].fields, ElementsAre("1", " 2 "));
}

TEST(CsvReaderTest, SemicolonAndTabSeparatorsAreDetectedFromTheHeader) {
  CsvTable semicolons = MustParse("period;value;note\n2026-Q3;3,5;\"a;b\"\n");
  EXPECT_EQ(semicolons.separator, ';');
  EXPECT_THAT(semicolons.rows[0].fields, ElementsAre("2026-Q3", "3,5", "a;b"));
  CsvTable tabs = MustParse("a\tb\n1\t2\n");
  EXPECT_EQ(tabs.separator, '\t');
  EXPECT_THAT(tabs.rows[0].fields, ElementsAre("1", "2"));
  EXPECT_EQ(MustParse("\"a;b\",c\n").separator, ',') << "quoted separators do not count";
}

TEST(CsvReaderTest, RowsKeepTheirOwnFieldCount) {
  CsvTable table = MustParse("a,b,c\n1,2\n1,2,3,4\n");
  EXPECT_EQ(table.rows[0].fields.size(), 2u);
  EXPECT_EQ(table.rows[1].fields.size(), 4u);
}

TEST(CsvReaderTest, UnclosedQuoteNamesTheLineItStartsOn) {
  std::string error = ErrorOf("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n");
  EXPECT_THAT(error, StartsWith("in.csv:3: a quoted field starts here"));
}

TEST(CsvReaderTest, TextAfterAClosingQuoteIsRefused) {
  EXPECT_THAT(ErrorOf("a,b\n1,\"x\"y\n"), StartsWith("in.csv:2: text after the closing quote"));
}

TEST(CsvReaderTest, NotUtf8IsRefusedWithHowToSaveAsUtf8) {
  // "Bañuelos" in Latin-1, as Excel's plain "CSV" writes it.
  std::string error = ErrorOf("a,b\n1,ok\n2,Ba\xF1uelos\n");
  EXPECT_THAT(error, StartsWith("in.csv:3: this line is not UTF-8"));
  EXPECT_THAT(error, HasSubstr("CSV UTF-8"));
}

TEST(CsvReaderTest, EmptyFileNeedsAHeader) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("needs a header row"));
  EXPECT_THAT(ErrorOf("\r\n,,\n"), HasSubstr("needs a header row"));
  EXPECT_THAT(ErrorOf(std::string("a,b\n1,\0\n", 9)), HasSubstr("NUL byte"));
}

TEST(CsvReaderTest, FormattedLinesParseBack) {
  const std::vector<std::string> fields = {"plain", "a,b", "say \"hi\"", "two\nlines", " pad", ""};
  const std::string text = "h1,h2,h3,h4,h5,h6\n" + FormatCsvLine(fields) + "\n";
  CsvTable table = MustParse(text);
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0].fields, fields);
  EXPECT_EQ(FormatCsvLine({"a", "b;c"}, ';'), "a;\"b;c\"");
}

}  // namespace
}  // namespace rilon::client
