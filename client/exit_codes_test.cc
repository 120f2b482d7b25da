// The one mapping from outcomes to exit codes, for every gRPC code, through the same translation
// (client/connection.h) that every command uses.
#include "client/exit_codes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/connection.h"

namespace rilon::client {
namespace {

using ::testing::HasSubstr;

constexpr char kEndpoint[] = "127.0.0.1:7443";

absl::Status FromRpc(grpc::StatusCode code, const std::string& detail = "the detail") {
  return StatusFromRpc(grpc::Status(code, detail), "get the record", kEndpoint, absl::Seconds(10));
}

TEST(ExitCodesTest, EveryGrpcCodeHasItsExitCode) {
  const std::vector<std::pair<grpc::StatusCode, ExitCode>> table = {
      {grpc::StatusCode::OK, ExitCode::kOk},
      {grpc::StatusCode::CANCELLED, ExitCode::kInternal},
      {grpc::StatusCode::UNKNOWN, ExitCode::kInternal},
      {grpc::StatusCode::INVALID_ARGUMENT, ExitCode::kInvalidInput},
      {grpc::StatusCode::DEADLINE_EXCEEDED, ExitCode::kDeadlineExceeded},
      {grpc::StatusCode::NOT_FOUND, ExitCode::kNotFound},
      {grpc::StatusCode::ALREADY_EXISTS, ExitCode::kInvalidInput},
      {grpc::StatusCode::PERMISSION_DENIED, ExitCode::kPermissionDenied},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, ExitCode::kResourceExhausted},
      {grpc::StatusCode::FAILED_PRECONDITION, ExitCode::kConfiguration},
      {grpc::StatusCode::ABORTED, ExitCode::kInternal},
      {grpc::StatusCode::OUT_OF_RANGE, ExitCode::kInvalidInput},
      {grpc::StatusCode::UNIMPLEMENTED, ExitCode::kInternal},
      {grpc::StatusCode::INTERNAL, ExitCode::kInternal},
      {grpc::StatusCode::UNAVAILABLE, ExitCode::kUnavailable},
      {grpc::StatusCode::DATA_LOSS, ExitCode::kInternal},
      {grpc::StatusCode::UNAUTHENTICATED, ExitCode::kPermissionDenied},
  };
  ASSERT_EQ(table.size(), 17u);  // every canonical code, 0..16
  for (const auto& [code, exit_code] : table) {
    absl::Status status = FromRpc(code);
    EXPECT_EQ(static_cast<int>(status.code()), static_cast<int>(code)) << code;
    EXPECT_EQ(ExitCodeOf(status), exit_code) << "grpc code " << code;
    if (code != grpc::StatusCode::OK) {
      EXPECT_THAT(std::string(status.message()), HasSubstr("the detail")) << code;
    }
  }
}

TEST(ExitCodesTest, MessagesSayWhatToDo) {
  std::string unavailable(FromRpc(grpc::StatusCode::UNAVAILABLE, "connection refused").message());
  EXPECT_THAT(unavailable, HasSubstr("cannot reach node at 127.0.0.1:7443 (connection refused)"));
  EXPECT_THAT(unavailable, HasSubstr("check that rilond is running and that --endpoint is right"));
  EXPECT_THAT(unavailable, HasSubstr("issued by the federation CA and not expired"));

  std::string deadline(FromRpc(grpc::StatusCode::DEADLINE_EXCEEDED).message());
  EXPECT_THAT(deadline, HasSubstr("did not answer within 10s when asked to get the record"));
  EXPECT_THAT(deadline, HasSubstr("--timeout"));

  std::string denied(FromRpc(grpc::StatusCode::PERMISSION_DENIED).message());
  EXPECT_THAT(denied, HasSubstr("does not allow you to get the record"));
  EXPECT_THAT(denied, HasSubstr("RILON administrator"));

  std::string internal(FromRpc(grpc::StatusCode::INTERNAL).message());
  EXPECT_THAT(internal, HasSubstr("(INTERNAL: the detail)"));
}

TEST(ExitCodesTest, NodeTextIsStrippedOfControlCharacters) {
  std::string message(FromRpc(grpc::StatusCode::NOT_FOUND, "no record \x1b[2J here").message());
  EXPECT_THAT(message, HasSubstr("no record ?[2J here"));
}

TEST(ExitCodesTest, OkRpcIsOk) {
  EXPECT_TRUE(StatusFromRpc(grpc::Status::OK, "x", kEndpoint, absl::Seconds(1)).ok());
}

TEST(ExitCodesTest, UsageErrorsExitTwoOtherInvalidArgumentsFour) {
  absl::Status usage = UsageError("unknown flag --x");
  EXPECT_EQ(usage.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(IsUsageError(usage));
  EXPECT_EQ(ExitCodeOf(usage), ExitCode::kUsage);
  EXPECT_EQ(ExitCodeOf(absl::InvalidArgumentError("bad report")), ExitCode::kInvalidInput);
  EXPECT_FALSE(IsUsageError(absl::InvalidArgumentError("bad report")));
}

TEST(ExitCodesTest, LocalProblemsAndUnknownCodes) {
  EXPECT_EQ(ExitCodeOf(absl::FailedPreconditionError("certificate expired")),
            ExitCode::kConfiguration);
  EXPECT_EQ(ExitCodeOf(absl::OkStatus()), ExitCode::kOk);
  EXPECT_EQ(ExitCodeForCode(static_cast<absl::StatusCode>(42)), ExitCode::kInternal);
  EXPECT_EQ(ToInt(ExitCode::kResourceExhausted), 9);
}

}  // namespace
}  // namespace rilon::client
