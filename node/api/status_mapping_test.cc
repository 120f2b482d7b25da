#include "node/api/status_mapping.h"

#include <gtest/gtest.h>

#include <vector>

#include "node/validation/screening/finding.h"

namespace rilon::api {
namespace {

TEST(StatusMapping, KeepsCodesAndActionableMessages) {
  grpc::Status s = ToGrpcStatus(absl::InvalidArgumentError("report.period: bad"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "report.period: bad");
  EXPECT_EQ(ToGrpcStatus(absl::UnavailableError("x")).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ToGrpcStatus(absl::NotFoundError("x")).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ToGrpcStatus(absl::ResourceExhaustedError("x")).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

// A screening refusal reaches the client as INVALID_ARGUMENT with every finding line intact.
TEST(StatusMapping, ScreeningRefusalIsInvalidArgumentWithItsFindings) {
  validation::screening::Finding finding;
  finding.field_path = "report.narrative";
  finding.char_offset = 38;
  finding.kind = "personal_name";
  finding.description = "a personal name after a role";
  finding.suggestion = "keep the role and drop the name";
  finding.masked = "A**** ****m";
  const std::vector<validation::screening::Finding> findings = {finding};
  grpc::Status s = ToGrpcStatus(validation::screening::FindingsToStatus(findings));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("report.narrative, character 38: a personal name after a role"),
            std::string::npos)
      << s.error_message();
  EXPECT_NE(s.error_message().find("Suggestion: keep the role"), std::string::npos);
}

TEST(StatusMapping, HidesInternalDetails) {
  grpc::Status s = ToGrpcStatus(absl::InternalError("rocksdb: /var/lib/rilon/000042.sst corrupt"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(s.error_message().find("sst"), std::string::npos);
  EXPECT_EQ(ToGrpcStatus(absl::DataLossError("secret")).error_message().find("secret"),
            std::string::npos);
}

}  // namespace
}  // namespace rilon::api
