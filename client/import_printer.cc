#include "client/import_printer.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "client/printer.h"

namespace rilon::client {
namespace {

std::string ShortId(const std::string& id) {
  return SanitizeForTerminal(id.size() > 12 ? id.substr(0, 12) + "..." : id);
}

std::string Receipt(const rilon::v1::Record& record) {
  return absl::StrCat(ShortId(record.id()), " (origin ",
                      SanitizeForTerminal(record.origin_agency()), " #", record.origin_seq(), ")");
}

std::string ErrorLines(const std::vector<std::string>& errors) {
  std::string out;
  for (const std::string& error : errors) {
    // A node message may list several problems, one per line: keep each on its own line.
    for (size_t start = 0; start <= error.size();) {
      size_t end = error.find('\n', start);
      if (end == std::string::npos) end = error.size();
      absl::StrAppend(&out, "  ", SanitizeForTerminal(error.substr(start, end - start)), "\n");
      start = end + 1;
    }
  }
  return out;
}

const char* StatusName(BulkOutcome outcome) {
  switch (outcome) {
    case BulkOutcome::kAccepted:
      return "ACCEPTED";
    case BulkOutcome::kDuplicate:
      return "ALREADY_STORED";
    case BulkOutcome::kRefused:
      return "REFUSED";
    case BulkOutcome::kNotSent:
      return "NOT_SENT";
  }
  return "NOT_SENT";
}

google::protobuf::Struct Entry(const ReportInput& input, std::string_view status,
                               const std::vector<std::string>& errors) {
  google::protobuf::Struct entry;
  auto& fields = *entry.mutable_fields();
  fields["source"].set_string_value(absl::StrCat(input.file, ":", input.first_line));
  fields["reportRef"].set_string_value(input.ref);
  fields["firstLine"].set_number_value(input.first_line);
  fields["lastLine"].set_number_value(input.last_line);
  fields["status"].set_string_value(std::string(status));
  auto* list = fields["errors"].mutable_list_value();
  for (const std::string& error : errors) list->add_values()->set_string_value(error);
  return entry;
}

}  // namespace

void BatchCounts::Add(BulkOutcome outcome) {
  switch (outcome) {
    case BulkOutcome::kAccepted:
      ++accepted;
      break;
    case BulkOutcome::kDuplicate:
      ++already_stored;
      break;
    case BulkOutcome::kRefused:
      ++refused;
      break;
    case BulkOutcome::kNotSent:
      ++not_sent;
      break;
  }
}

std::string FormatBatchResult(const ReportInput& input, const BulkResult& result) {
  const std::string where = SanitizeForTerminal(Describe(input));
  switch (result.outcome) {
    case BulkOutcome::kAccepted:
      return absl::StrCat(where, ": accepted ", Receipt(result.record), "\n");
    case BulkOutcome::kDuplicate:
      return absl::StrCat(where, ": already stored as ", Receipt(result.record),
                          ", nothing new was stored\n");
    case BulkOutcome::kRefused:
      return absl::StrCat(where, ": refused, nothing stored\n", ErrorLines(result.errors));
    case BulkOutcome::kNotSent:
      return absl::StrCat(where, ": not sent\n", ErrorLines(result.errors));
  }
  return "";
}

std::string BatchResultJsonLine(const ReportInput& input, const BulkResult& result) {
  google::protobuf::Struct entry = Entry(input, StatusName(result.outcome), result.errors);
  auto& fields = *entry.mutable_fields();
  fields["requestId"].set_string_value(result.request_id);
  if (result.outcome == BulkOutcome::kAccepted || result.outcome == BulkOutcome::kDuplicate) {
    google::protobuf::util::JsonParseOptions options;
    // ToJsonLine writes the standard mapping, which Struct reads back as is.
    if (!google::protobuf::util::JsonStringToMessage(
             ToJsonLine(result.record), fields["record"].mutable_struct_value(), options)
             .ok()) {
      fields.erase("record");
    }
  }
  return ToJsonLine(entry);
}

std::string FormatCheckResult(const ReportInput& input) {
  const std::string where = SanitizeForTerminal(Describe(input));
  if (input.errors.empty()) {
    return absl::StrCat(where, ": ", input.request.report().measures_size(),
                        " measure(s), ready to send\n");
  }
  return absl::StrCat(where, ": ", input.errors.size(), " problem(s)\n", ErrorLines(input.errors));
}

std::string CheckResultJsonLine(const ReportInput& input) {
  return ToJsonLine(Entry(input, input.errors.empty() ? "CHECKED" : "REFUSED", input.errors));
}

std::string FormatBatchSummary(const BatchCounts& counts) {
  std::string out = absl::StrCat(counts.total(), " report(s): ", counts.accepted, " accepted, ",
                                 counts.already_stored, " already stored, ", counts.refused,
                                 " refused, ", counts.not_sent, " not sent.\n");
  if (counts.refused + counts.not_sent > 0) {
    absl::StrAppend(&out,
                    "Fix the lines named above and run the same command again: the reports "
                    "already stored are recognised and not stored twice.\n");
  }
  return out;
}

std::string FormatCheckSummary(int ready, int with_problems) {
  std::string out =
      absl::StrCat(ready + with_problems, " report(s) read: ", ready, " ready to send, ",
                   with_problems, " with problems. Nothing was sent.\n");
  if (with_problems > 0) absl::StrAppend(&out, "Fix the lines named above.\n");
  return out;
}

}  // namespace rilon::client
