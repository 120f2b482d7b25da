// Calls that carry a request_id (report submit, correct, retract; bulk import) are safe to send
// again: the node stores the first and answers later ones with duplicate = true. This runs such a
// call and resends it, with the same request, while the node is unavailable.
//
// Contract:
//   - Retries only the codes in options.retry_on (default: UNAVAILABLE), at most
//     options.max_retries times, waiting 200 ms, 400 ms, 800 ms (capped) between attempts, and
//     tells `err` before each wait (one line naming the request_id). `err` may be null.
//   - Returns the status of the last attempt, translated by Connection (messages name the node).
//   - WithResendHint adds `how` (what to do to resend safely) to a status whose outcome on the
//     node is unknown (DEADLINE_EXCEEDED, UNAVAILABLE); other statuses are returned unchanged.
#pragma once

#include <cstdio>
#include <set>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "client/connection.h"

namespace rilon::client {

struct RetryOptions {
  int max_retries = 3;
  std::set<absl::StatusCode> retry_on = {absl::StatusCode::kUnavailable};
};

absl::Status CallIdempotent(Connection& node, std::string_view action, std::string_view request_id,
                            std::FILE* err,
                            absl::FunctionRef<grpc::Status(grpc::ClientContext*)> call,
                            const RetryOptions& options = {});

absl::Status WithResendHint(const absl::Status& status, std::string_view how);

}  // namespace rilon::client
