// What `rilon report submit` prints for a file of several reports (CSV, NDJSON): one entry per
// report, in file order, and a summary. Same conventions as client/printer.h.
//
// Human form, one report:
//   reports.csv:2-5 (report_ref q3-sea): accepted 5ce8c67994a7... (origin au.abf #12)
//   reports.csv:6-9 (report_ref q3-air): already stored as 05894484ea56... (origin au.abf #9)
//   reports.csv:10-12 (report_ref q3-land): refused, nothing stored
//     reports.csv:11: column value: "many" is not a number
// JSON form: one object per report (NDJSON) with source, reportRef, firstLine, lastLine, status
// (ACCEPTED, ALREADY_STORED, REFUSED, NOT_SENT, CHECKED), requestId, errors and, once stored,
// the node's receipt as record.
#pragma once

#include <string>

#include "client/bulk_submit.h"
#include "client/report_batch.h"

namespace rilon::client {

struct BatchCounts {
  int accepted = 0;
  int already_stored = 0;
  int refused = 0;
  int not_sent = 0;
  void Add(BulkOutcome outcome);
  int total() const { return accepted + already_stored + refused + not_sent; }
};

std::string FormatBatchResult(const ReportInput& input, const BulkResult& result);
std::string BatchResultJsonLine(const ReportInput& input, const BulkResult& result);

// For --check: "reports.csv:2-5 (report_ref q3-sea): ready to send" or its errors.
std::string FormatCheckResult(const ReportInput& input);
std::string CheckResultJsonLine(const ReportInput& input);

// "12 report(s): 10 accepted, 1 already stored, 1 refused, 0 not sent." and what to do next.
std::string FormatBatchSummary(const BatchCounts& counts);

// "12 report(s) read: 11 ready to send, 1 with problems." for --check.
std::string FormatCheckSummary(int ready, int with_problems);

}  // namespace rilon::client
