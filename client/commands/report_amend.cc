// `rilon report correct ID FILE` and `rilon report retract ID --reason TEXT`: supersede the
// current version of one of your agency's reports with a corrected version or a retraction.
// Like `report submit`, both send a request_id (from the file or --request-id, else a random
// one) and resend it while the node is unavailable, so the node stores the amendment once.
#include <unistd.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "client/batch_input.h"
#include "client/commands/commands.h"
#include "client/commands/record_id.h"
#include "client/connection.h"
#include "client/exit_codes.h"
#include "client/idempotent_call.h"
#include "client/printer.h"
#include "client/report_input.h"
#include "client/version_printer.h"

namespace rilon::client {
namespace {

// The request id: --request-id, else the one the file gives, else a random one.
absl::StatusOr<std::string> RequestIdFor(const ParsedArgs& args, std::string from_file) {
  std::optional<std::string> flag = args.Get("request-id");
  if (flag.has_value() && !from_file.empty() && *flag != from_file) {
    return UsageError(absl::StrCat("--request-id ", *flag,
                                   " differs from the file's \"request_id\": \"", from_file,
                                   "\"; give only one of them"));
  }
  rilon::v1::SubmitReportRequest holder;
  holder.set_request_id(flag.value_or(from_file));
  EnsureRequestId(&holder);
  return holder.request_id();
}

template <typename Response>
absl::Status Finish(const CommandContext& context, const absl::Status& status,
                    const Response& response, const std::string& hint) {
  if (!status.ok()) return WithResendHint(status, hint);
  Emit(context.out, context.json ? ToJson(response)
                                 : FormatAmendResult(response.record(), response.duplicate()));
  return absl::OkStatus();
}

}  // namespace

absl::Status RunReportCorrect(const CommandContext& context) {
  absl::StatusOr<std::string> id = RecordIdArgument(context.args.positionals[0]);
  if (!id.ok()) return id.status();
  const std::string& file = context.args.positionals[1];
  if (file == "-" && ::isatty(STDIN_FILENO)) {
    Emit(context.err, "Reading the corrected report from standard input; end it with Ctrl-D.\n");
  }
  absl::StatusOr<rilon::v1::SubmitReportRequest> read =
      ReadSingleReport(file, FormatOf(file, context.args.Get("format")), ReportUse::kCorrection);
  if (!read.ok()) return read.status();
  absl::StatusOr<std::string> request_id = RequestIdFor(context.args, read->request_id());
  if (!request_id.ok()) return request_id.status();

  rilon::v1::CorrectReportRequest request;
  request.set_id(*id);
  *request.mutable_report() = read->report();
  request.set_marking(read->marking());
  if (read->has_audience()) *request.mutable_audience() = read->audience();
  request.set_request_id(*request_id);

  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;
  rilon::v1::CorrectReportResponse response;
  absl::Status status = CallIdempotent(node, "correct the report", *request_id, context.err,
                                       [&](grpc::ClientContext* call) {
                                         return node.stub().CorrectReport(call, request, &response);
                                       });
  return Finish(context, status, response,
                absl::StrCat("The correction may or may not have been stored: to send it again "
                             "without storing it twice, add --request-id ",
                             *request_id));
}

absl::Status RunReportRetract(const CommandContext& context) {
  absl::StatusOr<std::string> id = RecordIdArgument(context.args.positionals[0]);
  if (!id.ok()) return id.status();
  std::optional<std::string> reason = context.args.Get("reason");
  if (!reason.has_value() || reason->empty()) {
    return UsageError(
        "say why the report is withdrawn with --reason TEXT, e.g. --reason \"figures were "
        "double counted\" (every recipient sees it: name nobody)");
  }
  absl::StatusOr<std::string> request_id = RequestIdFor(context.args, "");
  if (!request_id.ok()) return request_id.status();

  rilon::v1::RetractReportRequest request;
  request.set_id(*id);
  request.set_reason(*reason);
  request.set_request_id(*request_id);

  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;
  rilon::v1::RetractReportResponse response;
  absl::Status status = CallIdempotent(node, "retract the report", *request_id, context.err,
                                       [&](grpc::ClientContext* call) {
                                         return node.stub().RetractReport(call, request, &response);
                                       });
  return Finish(context, status, response,
                absl::StrCat("The retraction may or may not have been stored: to send it again "
                             "without storing it twice, add --request-id ",
                             *request_id));
}

}  // namespace rilon::client
