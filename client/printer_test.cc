#include "client/printer.h"

#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "absl/strings/str_split.h"
#include "client/exit_codes.h"
#include "tests/testing/sample_reports.h"

namespace rilon::client {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kId[] = "3f2a9c1d0b7e44556677889900aabbccddeeff00112233445566778899aabbcc";

rilon::v1::Record SampleRecord() {
  rilon::v1::Record r;
  r.set_id(kId);
  r.set_origin_agency("id.polri");
  r.set_origin_seq(12);
  r.mutable_created_at()->set_seconds(1790812800);  // 2026-10-01 00:00:00 UTC
  r.mutable_stored_at()->set_seconds(1790812801);
  r.set_kind(rilon::v1::TREND_REPORT);
  r.set_marking(rilon::v1::TLP_AMBER_STRICT);
  r.mutable_audience()->add_agencies("au.abf");
  r.set_cursor("42");
  rilon::v1::TrendReport* t = r.mutable_trend_report();
  *t = rilon::testing::SampleTrendReport();
  t->set_reporting_agency("id.polri");
  t->mutable_measures(3)->set_value(1200.5);
  // As the originating node stores it: small cells flagged (3 vessels, 2 facilitators).
  t->mutable_measures(0)->mutable_disaggregations(0)->set_small_cell(true);
  t->mutable_measures(2)->mutable_disaggregations(0)->set_small_cell(true);
  t->set_small_cell_threshold(5);
  t->set_small_cell_count(2);
  t->set_narrative("Night departures.\nTransfers offshore.");
  return r;
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(PrinterTest, TableAlignsColumnsAndTrimsTrailingSpaces) {
  std::string table = FormatTable({{"NAME", false}, {"N", true}, {"NOTE", false}},
                                  {{"alpha", "3", "x"}, {"b", "1200", ""}, {"ç", "7"}});
  EXPECT_EQ(table,
            "NAME      N  NOTE\n"
            "alpha     3  x\n"
            "b      1200\n"
            "ç         7\n");
}

TEST(PrinterTest, FieldsAlignValues) {
  EXPECT_EQ(FormatFields({{"Agency", "au.abf"}, {"Records stored", "3"}, {"Empty", ""}}),
            "Agency          au.abf\n"
            "Records stored  3\n"
            "Empty\n");
}

TEST(PrinterTest, NdjsonIsOneObjectPerLineAndReadsBack) {
  rilon::v1::Record record = SampleRecord();
  std::string line = ToJsonLine(record);
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
  EXPECT_THAT(line, HasSubstr("\"originAgency\":\"id.polri\""));
  EXPECT_THAT(line, HasSubstr("\"originSeq\":\"12\""));  // 64-bit ints are strings in JSON
  EXPECT_THAT(line, HasSubstr("\"marking\":\"TLP_AMBER_STRICT\""));
  EXPECT_THAT(line, HasSubstr("\"narrative\":\"Night departures.\\nTransfers offshore.\""));

  rilon::v1::Record parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &parsed).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(parsed, record));
}

TEST(PrinterTest, JsonPrintsDefaultsSoKeysAreStable) {
  rilon::v1::NodeStatus empty;
  std::string json = ToJson(empty);
  EXPECT_THAT(json, HasSubstr("\"headCursor\": \"\""));
  EXPECT_THAT(json, HasSubstr("\"subscribers\": 0"));
  EXPECT_EQ(json.back(), '\n');
}

TEST(PrinterTest, RecordListRow) {
  EXPECT_THAT(RecordListRow(SampleRecord()),
              ElementsAre("42", "3f2a9c1d0b7e", "id.polri", "12", "2026-10-01 00:00:00",
                          "TLP:AMBER+STRICT", "2026-Q3", "people smuggling"));
  std::string table = FormatTable(RecordListColumns(), {RecordListRow(SampleRecord())});
  EXPECT_EQ(Lines(table)[0],
            "CURSOR  ID            ORIGIN    SEQ  CREATED (UTC)        MARKING           PERIOD   "
            "THEME");
}

TEST(PrinterTest, FeedEventLineIsOneLineWithTheEventCursor) {
  rilon::v1::FeedEvent event;
  event.set_cursor("43");
  *event.mutable_record() = SampleRecord();
  std::string line = FormatFeedEventLine(event);
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
  EXPECT_EQ(line,
            "      43  3f2a9c1d0b7e  id.polri          12  2026-10-01 00:00:00  TLP:AMBER+STRICT  "
            "2026-Q3   people smuggling\n");
}

TEST(PrinterTest, RecordDetailShowsEverythingReadably) {
  std::string detail = FormatRecordDetail(SampleRecord());
  EXPECT_THAT(detail, HasSubstr(absl::StrCat("Record        ", kId, "\n")));
  EXPECT_THAT(detail, HasSubstr("Origin        id.polri\n"));
  EXPECT_THAT(detail, HasSubstr("Sequence      12\n"));
  EXPECT_THAT(detail, HasSubstr("Created       2026-10-01 00:00:00 UTC\n"));
  EXPECT_THAT(detail, HasSubstr("Stored        2026-10-01 00:00:01 UTC (cursor 42)\n"));
  EXPECT_THAT(detail, HasSubstr("Marking       TLP:AMBER+STRICT\n"));
  EXPECT_THAT(detail, HasSubstr("Audience      agencies au.abf\n"));
  EXPECT_THAT(detail, HasSubstr("Period        2026-Q3\n"));
  EXPECT_THAT(detail, HasSubstr("Countries     BD, MM, ID\n"));
  EXPECT_THAT(detail, HasSubstr("Subdivisions  BD-11, ID-AC\n"));
  EXPECT_THAT(detail, HasSubstr("Routes        coxs_bazar_andaman_sea_aceh\n"));
  EXPECT_THAT(detail, HasSubstr("Mode          sea\n"));
  EXPECT_THAT(detail, HasSubstr("Codebook      1\n"));
  EXPECT_THAT(detail, HasSubstr("Confidence    medium\n"));
  EXPECT_THAT(detail, HasSubstr("Small cells   2 flagged (k = 5)\n"));
  EXPECT_THAT(detail, HasSubstr("Measures\n"
                                "  INDICATOR                              VALUE  UNIT\n"
                                "  vessels_intercepted                        3  vessels\n"
                                "  persons_on_board_intercepted_vessels     412  persons\n"
                                "  facilitators_arrested                      2  persons\n"
                                "  median_fee_paid                       1200.5  "
                                "currency_per_person (USD)\n"));
  EXPECT_THAT(detail, HasSubstr("Breakdowns\n"
                                "  vessels_intercepted by vessel_type: fishing_vessel 3*\n"
                                "  persons_on_board_intercepted_vessels by nationality: XXA 380, "
                                "BGD 32\n"));
  EXPECT_THAT(detail, HasSubstr("  * small cell: may be suppressed when shared more widely\n"));
  EXPECT_THAT(detail, HasSubstr("Sources\n  operational reporting: Interception reports of the "
                                "maritime patrol.\n  interviews\n"));
  EXPECT_THAT(detail, HasSubstr("Narrative\n  Night departures.\n  Transfers offshore.\n"));
}

// As a node shows a record shaped for this reader: measure 1 withheld, measure 3's value rounded,
// the narrative withheld, a small cell suppressed (its path keeps the origin's numbering).
TEST(PrinterTest, RecordDetailShowsWithheldPartsAndWhy) {
  rilon::v1::Record record = SampleRecord();
  rilon::v1::TrendReport* t = record.mutable_trend_report();
  t->mutable_measures()->DeleteSubrange(1, 1);
  t->mutable_measures(2)->set_value(0);
  t->mutable_measures(1)->clear_disaggregations();
  t->clear_narrative();
  for (const char* path : {"narrative", "m1", "m1.v", "m1.d0", "m2.d0", "m3.v"}) {
    record.add_withheld_parts(path);
  }
  rilon::v1::RedactionNote* note = record.add_redaction_notes();
  note->set_path("m2.d0");
  note->set_code("C");
  note->set_decided_by("au.abf");
  note->set_policy_version("2026-07-01.1");
  note->set_rule("partners-k5");
  note = record.add_redaction_notes();
  note->set_path("m3.v");
  note->set_code("R");
  note->set_published_value(1200);
  note->set_decided_by("au.abf");
  std::string detail = FormatRecordDetail(record);
  EXPECT_THAT(detail, HasSubstr("Withheld      narrative, m1 (whole measure), m2.d0 (C: small "
                                "cell, by au.abf policy 2026-07-01.1 rule partners-k5), m3.v (R: "
                                "rounded, published as 1200, by au.abf)\n"));
  EXPECT_THAT(detail, HasSubstr("  vessels_intercepted        3  vessels\n"
                                "  facilitators_arrested      2  persons\n"
                                "  median_fee_paid        ~1200  currency_per_person (USD)\n"));
  EXPECT_THAT(detail, Not(HasSubstr("Narrative\n")));
}

TEST(PrinterTest, AWithheldValueWithoutARoundedOneReadsWithheld) {
  rilon::v1::Record record = SampleRecord();
  record.add_withheld_parts("m0.v");
  EXPECT_THAT(FormatRecordDetail(record),
              HasSubstr("  vessels_intercepted                   withheld  vessels\n"));
}

TEST(PrinterTest, SubmitResult) {
  rilon::v1::SubmitReportResponse response;
  *response.mutable_record() = SampleRecord();
  EXPECT_EQ(FormatSubmitResult(response),
            absl::StrCat("Accepted: ", kId, " (origin id.polri #12, cursor 42)\n"));
  response.set_duplicate(true);
  EXPECT_THAT(FormatSubmitResult(response), HasSubstr("nothing new was stored"));
}

TEST(PrinterTest, NodeStatus) {
  rilon::v1::NodeStatus status;
  status.set_agency_id("au.abf");
  status.set_records_stored(7);
  status.mutable_tls_certificate_expires_at()->set_seconds(1790812800);
  std::string text = FormatNodeStatus(status);
  EXPECT_THAT(text, HasSubstr("Agency                   au.abf\n"));
  EXPECT_THAT(text, HasSubstr("Records stored           7\n"));
  EXPECT_THAT(text, HasSubstr("Head cursor              -\n"));
  EXPECT_THAT(text, HasSubstr("TLS certificate expires  2026-10-01 00:00:00 UTC\n"));
}

TEST(PrinterTest, ErrorsForPeopleAndScripts) {
  absl::Status status = absl::UnavailableError("cannot reach node");
  EXPECT_EQ(FormatError(status, false), "rilon: error: cannot reach node\n");
  std::string json = FormatError(status, true);
  EXPECT_EQ(std::count(json.begin(), json.end(), '\n'), 1);
  google::protobuf::Struct parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok()) << json;
  const google::protobuf::Struct& error = parsed.fields().at("error").struct_value();
  EXPECT_EQ(error.fields().at("code").string_value(), "UNAVAILABLE");
  EXPECT_EQ(error.fields().at("exitCode").number_value(), 7);
  EXPECT_EQ(error.fields().at("message").string_value(), "cannot reach node");
  EXPECT_THAT(FormatError(UsageError("bad flag"), true), HasSubstr("\"exitCode\":2"));
}

TEST(PrinterTest, Pieces) {
  EXPECT_EQ(FormatNumber(3), "3");
  EXPECT_EQ(FormatNumber(1200.5), "1200.5");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatTimestamp(google::protobuf::Timestamp()), "-");
  EXPECT_EQ(MarkingLabel(rilon::v1::MARKING_UNSPECIFIED), "-");
  EXPECT_EQ(MarkingLabel(rilon::v1::TLP_CLEAR), "TLP:CLEAR");
  EXPECT_EQ(ThemeLabel(rilon::v1::TRAFFICKING_IN_PERSONS), "trafficking in persons");
  EXPECT_EQ(ModeLabel(static_cast<rilon::v1::Mode>(99)), "unknown (99)");
  EXPECT_EQ(KindLabel(rilon::v1::TREND_REPORT), "trend report");
}

TEST(PrinterTest, WrapWordsBreaksAtSpacesAndKeepsLineBreaks) {
  EXPECT_EQ(WrapWords("one two three four", 9), "one two\nthree\nfour");
  EXPECT_EQ(WrapWords("a\n\nb  c", 10), "a\n\nb c");
  EXPECT_EQ(WrapWords("unbreakable-word x", 5), "unbreakable-word\nx");
  EXPECT_EQ(WrapWords("", 5), "");
}

TEST(PrinterTest, TerminalControlsAreNeutralized) {
  EXPECT_EQ(SanitizeForTerminal("red \x1b[31mtext\x07"), "red ?[31mtext?");
  EXPECT_EQ(SanitizeForTerminal("c1 \xc2\x9b"
                                "2J"),
            "c1 ?2J");
  EXPECT_EQ(SanitizeForTerminal("a\nb\tc"), "a b c");
  EXPECT_EQ(SanitizeForTerminal("a\nb", /*keep_newlines=*/true), "a\nb");
  EXPECT_EQ(SanitizeForTerminal("Aceh – café"), "Aceh – café");
  EXPECT_EQ(DisplayWidth("café"), 4u);
}

}  // namespace
}  // namespace rilon::client
