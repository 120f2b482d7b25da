#include "node/audit/export_format.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace rilon::audit {

std::string FormatExportLine(const rilon::v1::AuditExportLine& line) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;  // one line: the JSON printer escapes newlines in strings
  options.preserve_proto_field_names = true;
  // Printing a message we built cannot fail (no Any, no unknown enum names); an empty line
  // would be refused by ParseExportLine, never mistaken for an entry.
  if (!google::protobuf::util::MessageToJsonString(line, &out, options).ok()) return "";
  return out;
}

absl::StatusOr<rilon::v1::AuditExportLine> ParseExportLine(std::string_view text,
                                                           size_t line_number) {
  rilon::v1::AuditExportLine line;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(text.data(), text.size()), &line, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", line_number, ": not an audit export line (",
                     std::string(parsed.message().data(), parsed.message().size()),
                     "); was the file edited or truncated?"));
  }
  if (line.item_case() == rilon::v1::AuditExportLine::ITEM_NOT_SET) {
    return absl::InvalidArgumentError(absl::StrCat(
        "line ", line_number, ": holds neither an entry, a signed head nor a certificate"));
  }
  return line;
}

}  // namespace rilon::audit
