#include "client/batch_input.h"

#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/csv_reader.h"
#include "client/csv_reports.h"
#include "client/file_reading.h"
#include "client/report_input.h"
#include "client/string_views.h"

namespace rilon::client {
namespace {

bool EndsWith(const std::string& path, std::string_view suffix) {
  return absl::EndsWithIgnoreCase(path, ToAbsl(suffix));
}

}  // namespace

ReportFormat FormatOf(const std::string& path, const std::optional<std::string>& format_flag) {
  if (format_flag.has_value()) {
    if (*format_flag == "csv") return ReportFormat::kCsv;
    if (*format_flag == "ndjson") return ReportFormat::kNdjson;
    return ReportFormat::kJson;
  }
  if (EndsWith(path, ".csv") || EndsWith(path, ".tsv")) return ReportFormat::kCsv;
  if (EndsWith(path, ".ndjson") || EndsWith(path, ".jsonl")) return ReportFormat::kNdjson;
  return ReportFormat::kJson;
}

std::vector<ReportInput> ReportsFromNdjson(std::string_view text, std::string_view name) {
  std::vector<ReportInput> reports;
  int line = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view content = text.substr(start, end - start);
    start = end + 1;
    ++line;
    if (line == 1 && content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
    if (absl::StripAsciiWhitespace(ToAbsl(content)).empty()) continue;
    ReportInput input;
    input.file = std::string(name);
    input.first_line = input.last_line = line;
    // ParseReportJson names the file; with "<file>:<line>" every message points at the line.
    absl::StatusOr<rilon::v1::SubmitReportRequest> request =
        ParseReportJson(content, absl::StrCat(ToAbsl(name), ":", line));
    if (request.ok()) {
      input.request = *std::move(request);
    } else {
      input.errors.push_back(std::string(request.status().message()));
    }
    reports.push_back(std::move(input));
  }
  return reports;
}

absl::StatusOr<std::vector<ReportInput>> ReadReportBatch(const std::string& path,
                                                         ReportFormat format, ReportUse use) {
  const bool from_stdin = path == "-";
  const std::string name = from_stdin ? "<stdin>" : path;
  absl::StatusOr<std::string> text = from_stdin
                                         ? ReadDescriptorCapped(STDIN_FILENO, name, kMaxBatchBytes)
                                         : ReadFileCapped(path, kMaxBatchBytes);
  if (!text.ok()) {
    const bool too_large = text.status().code() == absl::StatusCode::kResourceExhausted;
    return absl::InvalidArgumentError(absl::StrCat(
        text.status().message(), ": ",
        too_large ? "split the file: one import takes at most 256 MiB" : "check the file name"));
  }
  if (format == ReportFormat::kNdjson) return ReportsFromNdjson(*text, name);
  absl::StatusOr<CsvTable> table = ParseCsv(*text, name);
  if (!table.ok()) return table.status();
  return ReportsFromCsv(*table, name, use);
}

absl::StatusOr<rilon::v1::SubmitReportRequest> ReadSingleReport(const std::string& path,
                                                                ReportFormat format,
                                                                ReportUse use) {
  if (format == ReportFormat::kJson) return ReadReportFile(path);
  absl::StatusOr<std::vector<ReportInput>> inputs = ReadReportBatch(path, format, use);
  if (!inputs.ok()) return inputs.status();
  if (inputs->size() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " holds ", inputs->size(),
                     " reports; this command takes exactly one (one report_ref)"));
  }
  ReportInput& input = inputs->front();
  if (!input.errors.empty()) {
    return absl::InvalidArgumentError(absl::StrJoin(input.errors, "\n"));
  }
  return std::move(input.request);
}

}  // namespace rilon::client
