#include "node/validation/amendment_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace rilon::validation {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kId(64, 'a');

rilon::v1::RecordBody Corrected() {
  rilon::v1::RecordBody body;
  body.set_marking(rilon::v1::TLP_AMBER);
  body.mutable_audience()->add_agencies("id.polri");
  body.mutable_audience()->add_agencies("th.rtp");
  body.mutable_audience()->add_groups("maritime");
  return body;
}

rilon::v1::CorrectReportRequest Correction() {
  rilon::v1::CorrectReportRequest request;
  request.set_id(kId);
  request.mutable_report()->set_codebook_version("1");
  request.set_request_id("fix-1");
  return request;
}

TEST(AmendmentValidationTest, CorrectionInheritsMarkingAndAudience) {
  absl::StatusOr<rilon::v1::SubmitReportRequest> effective =
      EffectiveCorrection(Correction(), Corrected());
  ASSERT_TRUE(effective.ok()) << effective.status();
  EXPECT_EQ(effective->marking(), rilon::v1::TLP_AMBER);
  EXPECT_THAT(effective->audience().agencies(), ElementsAre("id.polri", "th.rtp"));
  EXPECT_THAT(effective->audience().groups(), ElementsAre("maritime"));
  EXPECT_EQ(effective->report().codebook_version(), "1");
  EXPECT_EQ(effective->request_id(), "fix-1");
}

TEST(AmendmentValidationTest, CorrectionMayWidenButNotNarrow) {
  rilon::v1::CorrectReportRequest wider = Correction();
  wider.set_marking(rilon::v1::TLP_GREEN);
  for (const char* agency : {"th.rtp", "my.mmea", "id.polri", "th.rtp"}) {
    wider.mutable_audience()->add_agencies(agency);
  }
  wider.mutable_audience()->add_groups("maritime");
  absl::StatusOr<rilon::v1::SubmitReportRequest> effective =
      EffectiveCorrection(wider, Corrected());
  ASSERT_TRUE(effective.ok()) << effective.status();
  EXPECT_EQ(effective->marking(), rilon::v1::TLP_GREEN);
  EXPECT_THAT(effective->audience().agencies(), ElementsAre("id.polri", "my.mmea", "th.rtp"));

  rilon::v1::CorrectReportRequest stricter = Correction();
  stricter.set_marking(rilon::v1::TLP_RED);
  absl::Status refused = EffectiveCorrection(stricter, Corrected()).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()),
              AllOf(StartsWith("marking: TLP_RED is more restrictive"), HasSubstr("TLP_AMBER")));

  rilon::v1::CorrectReportRequest narrower = Correction();
  narrower.mutable_audience()->add_agencies("id.polri");
  narrower.mutable_audience()->add_groups("maritime");
  refused = EffectiveCorrection(narrower, Corrected()).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()),
              AllOf(StartsWith("audience.agencies:"), HasSubstr("missing: th.rtp")));

  rilon::v1::CorrectReportRequest no_group = Correction();
  no_group.mutable_audience()->add_agencies("id.polri");
  no_group.mutable_audience()->add_agencies("th.rtp");
  refused = EffectiveCorrection(no_group, Corrected()).status();
  EXPECT_THAT(std::string(refused.message()),
              AllOf(StartsWith("audience.groups:"), HasSubstr("maritime")));
}

TEST(AmendmentValidationTest, CorrectionShapeNamesTheField) {
  rilon::v1::CorrectReportRequest request = Correction();
  EXPECT_TRUE(ValidateCorrectReportShape(request).ok());
  request.set_id("abc");
  EXPECT_THAT(std::string(ValidateCorrectReportShape(request).message()), StartsWith("id:"));
  request = Correction();
  request.set_request_id("has space");
  EXPECT_THAT(std::string(ValidateCorrectReportShape(request).message()),
              StartsWith("request_id:"));
  request = Correction();
  request.set_marking(static_cast<rilon::v1::Marking>(42));
  EXPECT_EQ(ValidateCorrectReportShape(request).code(), absl::StatusCode::kInvalidArgument);
}

TEST(AmendmentValidationTest, RetractionNeedsAReasonOfPlainText) {
  rilon::v1::RetractReportRequest request;
  request.set_id(kId);
  request.set_reason("Figures were double counted");
  EXPECT_TRUE(ValidateRetractReport(request).ok());

  request.set_reason("  \n");
  absl::Status refused = ValidateRetractReport(request);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()), StartsWith("reason: is required"));

  request.set_reason(std::string(kMaxRetractionReasonBytes + 1, 'x'));
  EXPECT_THAT(std::string(ValidateRetractReport(request).message()),
              StartsWith("reason: is 1001 bytes"));
  request.set_reason("bell\a");
  EXPECT_THAT(std::string(ValidateRetractReport(request).message()),
              HasSubstr("control characters"));
  request.set_reason("\xff\xfe");
  EXPECT_THAT(std::string(ValidateRetractReport(request).message()), HasSubstr("UTF-8"));

  request.set_reason("ok");
  request.set_id(std::string(64, 'G'));
  EXPECT_THAT(std::string(ValidateRetractReport(request).message()), StartsWith("id:"));
}

}  // namespace
}  // namespace rilon::validation
