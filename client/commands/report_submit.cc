// `rilon report submit FILE`: reads the request, gives it a request_id, and submits it,
// retrying an unavailable node with the same request_id so that a retry never stores twice.
#include <unistd.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/backoff.h"
#include "client/commands/commands.h"
#include "client/connection.h"
#include "client/printer.h"
#include "client/report_input.h"

namespace rilon::client {
namespace {

constexpr int kMaxRetries = 3;

// Adds how to resubmit safely to a failure whose outcome on the node is unknown.
absl::Status WithResubmitHint(const absl::Status& status, const std::string& request_id) {
  if (status.code() != absl::StatusCode::kDeadlineExceeded &&
      status.code() != absl::StatusCode::kUnavailable) {
    return status;
  }
  return absl::Status(status.code(),
                      absl::StrCat(status.message(),
                                   ". The report may or may not have been stored: to resubmit "
                                   "without creating a duplicate, put \"request_id\": \"",
                                   request_id, "\" in the file"));
}

}  // namespace

absl::Status RunReportSubmit(const CommandContext& context) {
  const std::string& file = context.args.positionals[0];
  if (file == "-" && ::isatty(STDIN_FILENO)) {
    Emit(context.err, "Reading the report from standard input; end it with Ctrl-D.\n");
  }
  absl::StatusOr<rilon::v1::SubmitReportRequest> request = ReadReportFile(file);
  if (!request.ok()) return request.status();
  EnsureRequestId(&*request);

  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;

  Backoff backoff({.initial = absl::Milliseconds(200), .max = absl::Milliseconds(800)});
  rilon::v1::SubmitReportResponse response;
  absl::Status status;
  for (int attempt = 0;; ++attempt) {
    status = node.Unary("submit the report", [&](grpc::ClientContext* call) {
      return node.stub().SubmitReport(call, *request, &response);
    });
    if (status.code() != absl::StatusCode::kUnavailable || attempt == kMaxRetries) break;
    absl::Duration delay = backoff.Next();
    Emit(context.err, absl::StrCat("node at ", node.endpoint(), " is unavailable; retrying in ",
                                   absl::FormatDuration(delay), " (retry ", attempt + 1, " of ",
                                   kMaxRetries, ", request_id ", request->request_id(), ")\n"));
    absl::SleepFor(delay);
  }
  if (!status.ok()) return WithResubmitHint(status, request->request_id());
  Emit(context.out, context.json ? ToJson(response) : FormatSubmitResult(response));
  return absl::OkStatus();
}

}  // namespace rilon::client
