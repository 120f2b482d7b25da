#include "client/idempotent_call.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/backoff.h"
#include "client/commands/commands.h"
#include "client/string_views.h"

namespace rilon::client {

absl::Status CallIdempotent(Connection& node, std::string_view action, std::string_view request_id,
                            std::FILE* err,
                            absl::FunctionRef<grpc::Status(grpc::ClientContext*)> call,
                            const RetryOptions& options) {
  Backoff backoff({.initial = absl::Milliseconds(200), .max = absl::Milliseconds(800)});
  for (int attempt = 0;; ++attempt) {
    absl::Status status = node.Unary(action, call);
    if (!options.retry_on.count(status.code()) || attempt == options.max_retries) return status;
    const absl::Duration delay = backoff.Next();
    if (err != nullptr) {
      Emit(err,
           absl::StrCat("node at ", node.endpoint(), " answered ",
                        absl::StatusCodeToString(status.code()), " to \"", ToAbsl(action),
                        "\"; retrying in ", absl::FormatDuration(delay), " (retry ", attempt + 1,
                        " of ", options.max_retries, ", request_id ", ToAbsl(request_id), ")\n"));
    }
    absl::SleepFor(delay);
  }
}

absl::Status WithResendHint(const absl::Status& status, std::string_view how) {
  if (status.code() != absl::StatusCode::kDeadlineExceeded &&
      status.code() != absl::StatusCode::kUnavailable) {
    return status;
  }
  return absl::Status(status.code(), absl::StrCat(status.message(), ". ", ToAbsl(how)));
}

}  // namespace rilon::client
