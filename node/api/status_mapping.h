// The one place where internal absl::Status values become gRPC statuses for clients.
//
// Contract: the canonical code is kept (absl and gRPC codes are the same numbers); messages of
// client-actionable codes pass through unchanged (they were written for officers); INTERNAL and
// UNKNOWN messages are replaced by a generic text, because they may describe internals, and the
// original is logged by the caller.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace rilon::api {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace rilon::api
