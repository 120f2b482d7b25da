// `rilon report submit FILE`: one report (JSON), or every report of a CSV or NDJSON file.
//
// One report: reads the request, gives it a request_id, and submits it, resending it with the
// same request_id while the node is unavailable so that a retry never stores twice.
//
// A file of reports (docs/client.md, "Importing many reports"):
//   1. the whole file is read and checked first; a report with any problem is not sent, and
//      every problem is listed with its line (--check stops here: nothing is sent);
//   2. the other reports are sent, several at a time, each with a request_id derived from its
//      content, so that running the same command again (after fixing some rows, or after a
//      crash) stores nothing twice: the node answers "already stored" for those it has;
//   3. the node may refuse a report (codebook, screening); the refusal names the line;
//   4. if the node becomes unreachable, the reports not yet sent are listed and the command
//      ends with the connection's exit code: run it again.
// Exit code 0 when every report is stored, 4 when one or more were refused.
#include <unistd.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "client/batch_input.h"
#include "client/bulk_submit.h"
#include "client/commands/commands.h"
#include "client/connection.h"
#include "client/exit_codes.h"
#include "client/idempotent_call.h"
#include "client/import_printer.h"
#include "client/printer.h"
#include "client/report_input.h"

namespace rilon::client {
namespace {

constexpr int64_t kMaxParallel = 64;

absl::Status SubmitOne(const CommandContext& context, const std::string& file) {
  if (file == "-" && ::isatty(STDIN_FILENO)) {
    Emit(context.err, "Reading the report from standard input; end it with Ctrl-D.\n");
  }
  absl::StatusOr<rilon::v1::SubmitReportRequest> request = ReadReportFile(file);
  if (!request.ok()) return request.status();
  if (context.args.Has("check")) {
    Emit(context.out, absl::StrCat(file,
                                   ": well formed; the node checks the content when you "
                                   "submit it. Nothing was sent.\n"));
    return absl::OkStatus();
  }
  EnsureRequestId(&*request);

  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  Connection& node = **connection;

  rilon::v1::SubmitReportResponse response;
  absl::Status status = CallIdempotent(node, "submit the report", request->request_id(),
                                       context.err, [&](grpc::ClientContext* call) {
                                         return node.stub().SubmitReport(call, *request, &response);
                                       });
  if (!status.ok()) {
    return WithResendHint(status, absl::StrCat("The report may or may not have been stored: to "
                                               "resubmit without creating a duplicate, put "
                                               "\"request_id\": \"",
                                               request->request_id(), "\" in the file"));
  }
  Emit(context.out, context.json ? ToJson(response) : FormatSubmitResult(response));
  return absl::OkStatus();
}

absl::Status CheckOnly(const CommandContext& context, const std::vector<ReportInput>& inputs) {
  int ready = 0;
  for (const ReportInput& input : inputs) {
    ready += input.errors.empty();
    Emit(context.out, context.json ? CheckResultJsonLine(input) : FormatCheckResult(input));
  }
  const int with_problems = static_cast<int>(inputs.size()) - ready;
  if (!context.json) Emit(context.err, FormatCheckSummary(ready, with_problems));
  if (with_problems == 0) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(with_problems, " of ", inputs.size(),
                                                 " report(s) have problems (listed above)"));
}

absl::Status SubmitMany(const CommandContext& context, const std::string& file,
                        ReportFormat format) {
  BulkOptions options;
  options.parallel = static_cast<int>(context.args.GetInt("parallel").value_or(options.parallel));
  if (options.parallel > kMaxParallel) {
    return UsageError(
        absl::StrCat("--parallel ", options.parallel, " is too many: at most ", kMaxParallel));
  }
  absl::StatusOr<std::vector<ReportInput>> inputs = ReadReportBatch(file, format);
  if (!inputs.ok()) return inputs.status();
  if (inputs->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(file, " holds no report: nothing to send"));
  }
  if (context.args.Has("check")) return CheckOnly(context, *inputs);

  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(context.settings);
  if (!connection.ok()) return connection.status();
  BatchCounts counts;
  absl::Status stopped = SubmitBatch(
      **connection, *inputs, options, context.err, [&](size_t i, const BulkResult& result) {
        counts.Add(result.outcome);
        Emit(context.out, context.json ? BatchResultJsonLine((*inputs)[i], result)
                                       : FormatBatchResult((*inputs)[i], result));
      });
  if (!context.json) Emit(context.err, FormatBatchSummary(counts));
  if (!stopped.ok()) {
    return absl::Status(stopped.code(),
                        absl::StrCat(stopped.message(), ". ", counts.not_sent,
                                     " report(s) were not sent: run the same command again when "
                                     "the node is back; reports already stored are not stored "
                                     "twice"));
  }
  if (counts.refused > 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(counts.refused, " of ", counts.total(),
                     " report(s) were refused (listed above); the others are stored"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RunReportSubmit(const CommandContext& context) {
  const std::string& file = context.args.positionals[0];
  const ReportFormat format = FormatOf(file, context.args.Get("format"));
  if (format == ReportFormat::kJson) return SubmitOne(context, file);
  return SubmitMany(context, file, format);
}

}  // namespace rilon::client
