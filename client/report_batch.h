// A batch of reports read from one file (CSV rows grouped into reports, or NDJSON lines), each
// remembering where in the file it came from, so that every problem — found while reading, or
// by the node later — can be shown with the line it concerns.
//
// Contract:
//   - A ReportInput with errors is never sent: a report is submitted whole or not at all.
//   - RequestIdOf is deterministic: the same report (same content and report_ref) read again from
//     any file gives the same request_id, so re-running an import never stores a report twice
//     (the node answers with the record it stored the first time).
//   - LineOfField maps a field path of the node's messages ("report.measures[2].value: ...") to
//     the line of the file that holds it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rilon/v1/node_api.pb.h"

namespace rilon::client {

struct ReportInput {
  rilon::v1::SubmitReportRequest request;
  std::string file;    // file name as given ("<stdin>" for standard input)
  std::string ref;     // the report_ref column (CSV), or "" when there is none
  int first_line = 0;  // 1-based lines spanned by the report's rows (or its JSON line)
  int last_line = 0;
  std::vector<int> measure_lines;          // line of report.measures[i] (CSV); empty otherwise
  std::map<std::string, int> field_lines;  // field path -> line it was read from (CSV)
  std::vector<std::string> errors;         // "<file>:<line>: ..." each; non-empty: not sent
};

// "reports.csv:12" or "reports.csv:12-15", and " (report_ref q3-sea)" when there is one.
std::string Describe(const ReportInput& input);

// The request_id to send: the one the input gives, else "imp-" followed by 32 hex characters of
// the SHA-256 of the report_ref and the request's deterministic serialization.
std::string RequestIdOf(const ReportInput& input);

// The line holding the field a node message starts with; first_line when it names none that
// the input knows.
int LineOfField(const ReportInput& input, std::string_view node_message);

}  // namespace rilon::client
