// Submitting a batch of reports (client/report_batch.h) to the node: several at a time so that
// the node's group commit shares its disk syncs, each with its deterministic request_id so that a
// re-run after a crash or an error stores nothing twice.
//
// Contract:
//   - Inputs with errors are not sent; they are reported as kRefused with their errors.
//   - Every other input is sent once, resent with the same request while the node is
//     unavailable, overloaded or slow to answer (RetryOptions of client/idempotent_call.h).
//   - A refusal of one report (INVALID_ARGUMENT and the like) is that report's kRefused, with
//     the line of the field the node names; the batch goes on.
//   - A failure that no later report could escape (node unreachable after the retries, identity
//     or permission refused, a node error) stops the batch: reports not yet sent are kNotSent,
//     and SubmitBatch returns that failure. Reports already in flight finish.
//   - on_result runs on the calling thread, once per input, in input order, as soon as the
//     result of that input and of all inputs before it are known.
//   - Computes request ids with OpenSSL: call after Connection::Open (client/connection.h).
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/connection.h"
#include "client/report_batch.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::client {

enum class BulkOutcome { kAccepted, kDuplicate, kRefused, kNotSent };

struct BulkResult {
  BulkOutcome outcome = BulkOutcome::kNotSent;
  std::string request_id;
  rilon::v1::Record record;         // kAccepted, kDuplicate: the node's receipt
  std::vector<std::string> errors;  // kRefused: "<file>:<line>: ..."; kNotSent: why
};

struct BulkOptions {
  int parallel = 16;  // reports in flight at once: enough for the node to share disk syncs
};

absl::Status SubmitBatch(Connection& node, const std::vector<ReportInput>& inputs,
                         const BulkOptions& options, std::FILE* err,
                         const std::function<void(size_t, const BulkResult&)>& on_result);

}  // namespace rilon::client
