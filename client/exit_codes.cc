#include "client/exit_codes.h"

#include <utility>

#include "absl/strings/cord.h"

namespace rilon::client {
namespace {

// Payload type URL marking a usage error; its value is irrelevant.
constexpr char kUsagePayload[] = "type.rilon.example/rilon.client.UsageError";

}  // namespace

ExitCode ExitCodeForCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return ExitCode::kOk;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kAlreadyExists:
      return ExitCode::kInvalidInput;
    case absl::StatusCode::kFailedPrecondition:
      return ExitCode::kConfiguration;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
      return ExitCode::kPermissionDenied;
    case absl::StatusCode::kNotFound:
      return ExitCode::kNotFound;
    case absl::StatusCode::kUnavailable:
      return ExitCode::kUnavailable;
    case absl::StatusCode::kDeadlineExceeded:
      return ExitCode::kDeadlineExceeded;
    case absl::StatusCode::kResourceExhausted:
      return ExitCode::kResourceExhausted;
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kUnimplemented:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kDataLoss:
      return ExitCode::kInternal;
    default:
      // A code outside the canonical set (a newer gRPC) is not something the user can fix.
      return ExitCode::kInternal;
  }
}

absl::Status UsageError(std::string message) {
  absl::Status status = absl::InvalidArgumentError(std::move(message));
  status.SetPayload(kUsagePayload, absl::Cord("1"));
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayload).has_value();
}

ExitCode ExitCodeOf(const absl::Status& status) {
  if (IsUsageError(status)) return ExitCode::kUsage;
  return ExitCodeForCode(status.code());
}

}  // namespace rilon::client
