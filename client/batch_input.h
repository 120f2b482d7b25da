// Reading a file of reports for `rilon report submit`: which form it has (one JSON object, NDJSON
// with one object per line, or CSV with one row per measure) and, for the batch forms, every
// report it holds with the lines it came from (client/report_batch.h).
//
// Contract:
//   - The form comes from --format when given, else from the file name: .csv and .tsv are CSV,
//     .ndjson and .jsonl are NDJSON, anything else (and standard input) is one JSON object.
//   - ReadReportBatch reads the whole file before anything is sent. A problem with the file as a
//     whole (unreadable, not a CSV, unknown or missing columns) is an INVALID_ARGUMENT status and
//     nothing is returned; a problem with a row or line goes into the errors of the report it
//     belongs to, with its line, so that the other reports can still be sent.
//   - Batch files may be up to kMaxBatchBytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "client/csv_reports.h"
#include "client/report_batch.h"

namespace rilon::client {

inline constexpr size_t kMaxBatchBytes = size_t{256} << 20;

enum class ReportFormat { kJson, kNdjson, kCsv };

// `format_flag` is the value of --format ("json", "ndjson" or "csv"), if given.
ReportFormat FormatOf(const std::string& path, const std::optional<std::string>& format_flag);

// The reports of an NDJSON or CSV file ("-": standard input, named "<stdin>").
absl::StatusOr<std::vector<ReportInput>> ReadReportBatch(const std::string& path,
                                                         ReportFormat format,
                                                         ReportUse use = ReportUse::kSubmission);

// The one report of a file in any form (JSON: client/report_input.h). INVALID_ARGUMENT listing
// every problem with its line, or saying how many reports a CSV or NDJSON file holds when it
// holds more than one.
absl::StatusOr<rilon::v1::SubmitReportRequest> ReadSingleReport(const std::string& path,
                                                                ReportFormat format, ReportUse use);

// The reports of NDJSON text: one SubmitReportRequest per non-blank line, in the JSON form of
// `report submit` (client/report_input.h).
std::vector<ReportInput> ReportsFromNdjson(std::string_view text, std::string_view name);

}  // namespace rilon::client
