#include "client/version_printer.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "client/printer.h"

namespace rilon::client {
namespace {

std::string Text(const std::string& text) { return text.empty() ? "-" : SanitizeForTerminal(text); }

std::string CreatedCell(const google::protobuf::Timestamp& created) {
  std::string text = FormatTimestamp(created);
  return text.substr(0, text.find(" UTC"));
}

}  // namespace

std::string VersionKindLabel(rilon::v1::VersionKind kind) {
  switch (kind) {
    case rilon::v1::VERSION_ORIGINAL:
      return "original";
    case rilon::v1::VERSION_CORRECTION:
      return "correction";
    case rilon::v1::VERSION_RETRACTION:
      return "retraction";
    default:
      return "not on this node";
  }
}

std::string FormatRecordWithHistory(const rilon::v1::GetRecordResponse& response) {
  const rilon::v1::Record& record = response.record();
  const rilon::v1::Record& current = response.current();
  std::string out;
  if (current.has_retraction() && current.id() != record.id()) {
    absl::StrAppend(&out, "This report was retracted on ", FormatTimestamp(current.created_at()),
                    " (record ", Text(current.id()),
                    "): ", SanitizeForTerminal(current.retraction().reason()), "\n\n");
  } else if (!current.id().empty() && current.id() != record.id()) {
    absl::StrAppend(&out, "This is an earlier version of the report. The current version is ",
                    Text(current.id()), ":\n  rilon report get ", Text(current.id()), "\n\n");
  }
  absl::StrAppend(&out, FormatRecordDetail(record));
  if (response.history_size() <= 1) return out;

  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < response.history_size(); ++i) {
    const rilon::v1::RecordVersion& v = response.history(i);
    std::string what = VersionKindLabel(v.kind());
    if (v.kind() == rilon::v1::VERSION_RETRACTION) {
      absl::StrAppend(&what, ": ", SanitizeForTerminal(v.retraction_reason()));
    }
    std::string note;
    if (v.id() == record.id()) note = "shown above";
    if (v.id() == current.id()) absl::StrAppend(&note, note.empty() ? "" : ", ", "current");
    rows.push_back({absl::StrCat(i + 1), Text(v.id()),
                    v.held() ? absl::StrCat(v.origin_seq()) : "-",
                    v.held() ? CreatedCell(v.created_at()) : "-", what, note});
  }
  absl::StrAppend(&out, "\nVersions (oldest first",
                  response.history_truncated() ? "; older versions left out" : "", ")\n");
  std::string table = FormatTable({{"#", true},
                                   {"ID", false},
                                   {"SEQ", true},
                                   {"CREATED (UTC)", false},
                                   {"VERSION", false},
                                   {"", false}},
                                  rows);
  // Indent like the other sections of the detail view.
  for (size_t start = 0; start < table.size();) {
    size_t end = table.find('\n', start);
    absl::StrAppend(&out, "  ", table.substr(start, end - start + 1));
    start = end + 1;
  }
  return out;
}

std::string FormatAmendResult(const rilon::v1::Record& record, bool duplicate) {
  const std::string where =
      absl::StrCat(" (origin ", Text(record.origin_agency()), " #", record.origin_seq(),
                   ", cursor ", Text(record.cursor()), ")");
  std::string out =
      record.has_retraction()
          ? absl::StrCat("Retracted: ", Text(record.supersedes()), " by ", Text(record.id()), where)
          : absl::StrCat("Corrected: ", Text(record.id()), " replaces ", Text(record.supersedes()),
                         where);
  if (duplicate) {
    absl::StrAppend(&out, "; this request_id was sent before, nothing new was stored");
  }
  return out + "\n";
}

}  // namespace rilon::client
