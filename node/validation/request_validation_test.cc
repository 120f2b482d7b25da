#include "node/validation/request_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/sample_reports.h"

namespace rilon::validation {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

rilon::v1::SubmitReportRequest ValidRequest() { return rilon::testing::SampleSubmitRequest(); }

void ExpectInvalid(const rilon::v1::SubmitReportRequest& r, std::string_view field_prefix) {
  absl::Status s = ValidateSubmitReport(r);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_THAT(std::string(s.message()), StartsWith(std::string(field_prefix))) << s;
}

TEST(RequestValidation, AcceptsAWellFormedRequest) {
  EXPECT_TRUE(ValidateSubmitReport(ValidRequest()).ok());
}

TEST(RequestValidation, ReportAndMarkingAreRequired) {
  auto r = ValidRequest();
  r.set_marking(rilon::v1::MARKING_UNSPECIFIED);
  ExpectInvalid(r, "marking");
  r.set_marking(static_cast<rilon::v1::Marking>(42));
  ExpectInvalid(r, "marking");
  r = ValidRequest();
  r.clear_report();
  ExpectInvalid(r, "report: is required");
}

TEST(RequestValidation, Audience) {
  auto r = ValidRequest();
  r.mutable_audience()->add_agencies("Polri");
  ExpectInvalid(r, "audience.agencies[2]");
  r = ValidRequest();
  r.mutable_audience()->add_groups("Maritime Group");
  ExpectInvalid(r, "audience.groups[0]");
  r = ValidRequest();
  ReportLimits limits;
  limits.max_audience_agencies = 1;
  absl::Status s = ValidateSubmitReport(r, limits);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("at most 1"));
}

TEST(RequestValidation, RequestId) {
  auto r = ValidRequest();
  r.set_request_id("a/b");
  ExpectInvalid(r, "request_id");
  r.set_request_id(std::string(65, 'a'));
  ExpectInvalid(r, "request_id");
  r.set_request_id("0f3a-retry_1.x");
  EXPECT_TRUE(ValidateSubmitReport(r).ok());
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
