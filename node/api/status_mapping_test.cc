#include "node/api/status_mapping.h"

#include <gtest/gtest.h>

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

TEST(StatusMapping, HidesInternalDetails) {
  grpc::Status s = ToGrpcStatus(absl::InternalError("rocksdb: /var/lib/rilon/000042.sst corrupt"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(s.error_message().find("sst"), std::string::npos);
  EXPECT_EQ(ToGrpcStatus(absl::DataLossError("secret")).error_message().find("secret"),
            std::string::npos);
}

}  // namespace
}  // namespace rilon::api
