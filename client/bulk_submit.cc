#include "client/bulk_submit.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/idempotent_call.h"

namespace rilon::client {
namespace {

// Codes that concern one report only; anything else would fail every later report as well.
bool ConcernsOneReport(absl::StatusCode code) {
  return code == absl::StatusCode::kInvalidArgument || code == absl::StatusCode::kAlreadyExists ||
         code == absl::StatusCode::kOutOfRange || code == absl::StatusCode::kResourceExhausted;
}

BulkResult Refused(const ReportInput& input) {
  BulkResult result;
  result.outcome = BulkOutcome::kRefused;
  result.errors = input.errors;
  return result;
}

// Sends one report; `fatal` receives a failure that should stop the batch.
BulkResult SendOne(Connection& node, const ReportInput& input, std::FILE* err,
                   absl::Status* fatal) {
  BulkResult result;
  result.request_id = RequestIdOf(input);
  rilon::v1::SubmitReportRequest request = input.request;
  request.set_request_id(result.request_id);
  rilon::v1::SubmitReportResponse response;
  grpc::Status raw;
  RetryOptions retry;
  retry.max_retries = 5;
  retry.retry_on = {absl::StatusCode::kUnavailable, absl::StatusCode::kDeadlineExceeded,
                    absl::StatusCode::kResourceExhausted};
  absl::Status status = CallIdempotent(
      node, "submit the report", result.request_id, err,
      [&](grpc::ClientContext* call) {
        response.Clear();
        raw = node.stub().SubmitReport(call, request, &response);
        return raw;
      },
      retry);
  if (status.ok()) {
    result.outcome = response.duplicate() ? BulkOutcome::kDuplicate : BulkOutcome::kAccepted;
    result.record = response.record();
    return result;
  }
  if (ConcernsOneReport(status.code())) {
    result.outcome = BulkOutcome::kRefused;
    // The node lists every problem of the report, one per line, each starting with its field.
    for (absl::string_view problem :
         absl::StrSplit(raw.error_message(), '\n', absl::SkipWhitespace())) {
      const std::string text(problem);
      result.errors.push_back(
          absl::StrCat(input.file, ":", LineOfField(input, text), ": refused by the node: ", text));
    }
    if (result.errors.empty()) {
      result.errors.push_back(absl::StrCat(input.file, ":", input.first_line,
                                           ": refused by the node: ", status.message()));
    }
    return result;
  }
  *fatal = status;
  result.outcome = BulkOutcome::kNotSent;
  result.errors.push_back(std::string(status.message()));
  return result;
}

}  // namespace

// Workers share `node`: its stub, and Unary (a fresh context per call), are safe to use from
// several threads as long as nobody calls Reconnect, which nothing here does.
absl::Status SubmitBatch(Connection& node, const std::vector<ReportInput>& inputs,
                         const BulkOptions& options, std::FILE* err,
                         const std::function<void(size_t, const BulkResult&)>& on_result) {
  std::mutex mu;
  std::condition_variable ready;
  std::vector<std::optional<BulkResult>> results(inputs.size());
  absl::Status stopped;  // guarded by mu: the first failure that stopped the batch
  std::atomic<size_t> next{0};

  auto worker = [&] {
    for (;;) {
      const size_t i = next.fetch_add(1);
      if (i >= inputs.size()) return;
      BulkResult result;
      absl::Status fatal;
      bool stop;
      {
        std::lock_guard<std::mutex> lock(mu);
        stop = !stopped.ok();
      }
      if (!inputs[i].errors.empty()) {
        result = Refused(inputs[i]);
      } else if (stop) {
        result.errors.push_back("not sent: the batch stopped at an earlier failure");
      } else {
        result = SendOne(node, inputs[i], err, &fatal);
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        if (!fatal.ok() && stopped.ok()) stopped = fatal;
        results[i] = std::move(result);
      }
      ready.notify_one();
    }
  };
  std::vector<std::thread> threads;
  const int parallel = std::max(1, std::min<int>(options.parallel, 64));
  for (int t = 0; t < parallel; ++t) threads.emplace_back(worker);

  for (size_t printed = 0; printed < inputs.size(); ++printed) {
    BulkResult result;
    {
      std::unique_lock<std::mutex> lock(mu);
      ready.wait(lock, [&] { return results[printed].has_value(); });
      result = std::move(*results[printed]);
    }
    on_result(printed, result);
  }
  for (std::thread& t : threads) t.join();
  std::lock_guard<std::mutex> lock(mu);
  return stopped;
}

}  // namespace rilon::client
