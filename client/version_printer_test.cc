#include "client/version_printer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rilon::client {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kV1(64, '1');
const std::string kV2(64, '2');
const std::string kV3(64, '3');

rilon::v1::Record Version(const std::string& id, uint64_t seq, const std::string& supersedes) {
  rilon::v1::Record r;
  r.set_id(id);
  r.set_origin_agency("au.abf");
  r.set_origin_seq(seq);
  r.mutable_created_at()->set_seconds(1790812800 + static_cast<int64_t>(seq));
  r.set_kind(rilon::v1::TREND_REPORT);
  r.set_marking(rilon::v1::TLP_GREEN);
  r.set_cursor(std::to_string(seq));
  r.set_supersedes(supersedes);
  return r;
}

rilon::v1::RecordVersion Summary(const std::string& id, rilon::v1::VersionKind kind, uint64_t seq) {
  rilon::v1::RecordVersion v;
  v.set_id(id);
  v.set_kind(kind);
  v.set_origin_seq(seq);
  v.set_held(kind != rilon::v1::VERSION_KIND_UNSPECIFIED);
  v.mutable_created_at()->set_seconds(1790812800 + static_cast<int64_t>(seq));
  return v;
}

TEST(VersionPrinterTest, SingleVersionHasNoNoticeAndNoTable) {
  rilon::v1::GetRecordResponse response;
  *response.mutable_record() = Version(kV1, 1, "");
  *response.mutable_current() = response.record();
  *response.add_history() = Summary(kV1, rilon::v1::VERSION_ORIGINAL, 1);
  std::string out = FormatRecordWithHistory(response);
  EXPECT_THAT(out, StartsWith("Record "));
  EXPECT_THAT(out, Not(HasSubstr("Versions")));
  EXPECT_THAT(out, Not(HasSubstr("earlier version")));
}

TEST(VersionPrinterTest, EarlierVersionNamesTheCurrentOneAndListsVersions) {
  rilon::v1::GetRecordResponse response;
  *response.mutable_record() = Version(kV1, 1, "");
  response.mutable_record()->set_superseded_by(kV2);
  *response.mutable_current() = Version(kV2, 2, kV1);
  *response.add_history() = Summary(kV1, rilon::v1::VERSION_ORIGINAL, 1);
  *response.add_history() = Summary(kV2, rilon::v1::VERSION_CORRECTION, 2);
  std::string out = FormatRecordWithHistory(response);
  EXPECT_THAT(out, StartsWith("This is an earlier version of the report. The current version is " +
                              kV2 + ":\n  rilon report get " + kV2 + "\n"));
  EXPECT_THAT(out, HasSubstr("Superseded by  " + kV2));
  EXPECT_THAT(out, HasSubstr("Versions (oldest first)"));
  EXPECT_THAT(out, HasSubstr(kV1 + "    1  2026-10-01 00:00:01  original    shown above"));
  EXPECT_THAT(out, HasSubstr(kV2 + "    2  2026-10-01 00:00:02  correction  current"));
}

TEST(VersionPrinterTest, RetractedReportSaysSoWithTheReason) {
  rilon::v1::GetRecordResponse response;
  *response.mutable_record() = Version(kV2, 2, kV1);
  response.mutable_record()->set_superseded_by(kV3);
  rilon::v1::Record retraction = Version(kV3, 3, kV2);
  retraction.mutable_retraction()->set_reason("double counted\x1b[31m");
  *response.mutable_current() = retraction;
  *response.add_history() = Summary(kV1, rilon::v1::VERSION_KIND_UNSPECIFIED, 0);
  *response.add_history() = Summary(kV2, rilon::v1::VERSION_CORRECTION, 2);
  rilon::v1::RecordVersion last = Summary(kV3, rilon::v1::VERSION_RETRACTION, 3);
  last.set_retraction_reason("double counted");
  *response.add_history() = last;
  response.set_history_truncated(true);
  std::string out = FormatRecordWithHistory(response);
  EXPECT_THAT(out, StartsWith("This report was retracted on 2026-10-01 00:00:03 UTC (record " +
                              kV3 + "): double counted?[31m\n"));
  EXPECT_THAT(out, HasSubstr("Supersedes     " + kV1));
  EXPECT_THAT(out, HasSubstr(kV1 + "    -  -                    not on this node"));
  EXPECT_THAT(out, HasSubstr("retraction: double counted  current"));
  EXPECT_THAT(out, HasSubstr("older versions left out"));
}

TEST(VersionPrinterTest, AmendResults) {
  rilon::v1::Record correction = Version(kV2, 2, kV1);
  EXPECT_EQ(FormatAmendResult(correction, false),
            "Corrected: " + kV2 + " replaces " + kV1 + " (origin au.abf #2, cursor 2)\n");
  rilon::v1::Record retraction = Version(kV3, 3, kV2);
  retraction.mutable_retraction()->set_reason("x");
  EXPECT_THAT(
      FormatAmendResult(retraction, true),
      AllOf(StartsWith("Retracted: " + kV2 + " by " + kV3), HasSubstr("nothing new was stored")));
}

}  // namespace
}  // namespace rilon::client
