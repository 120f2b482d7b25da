// The NDJSON form of an audit export (`rilon audit export`, docs/audit.md): one
// rilon.v1.AuditExportLine per line in the proto3 JSON mapping (bytes in base64). Shared by the
// client, which writes exports, and the verifier, which reads them.
//
// Contract: FormatExportLine never emits a newline inside a line; ParseExportLine accepts any
// JSON formatting of the same message (an export re-indented by a tool still verifies) and
// refuses unknown fields, naming the line.
//
// Example:
//   std::string line = FormatExportLine(item);        // "{\"entry\":{...}}"
//   absl::StatusOr<rilon::v1::AuditExportLine> back = ParseExportLine(line, 1);
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "rilon/v1/audit.pb.h"

namespace rilon::audit {

// One JSON object, without the trailing newline.
std::string FormatExportLine(const rilon::v1::AuditExportLine& line);

// INVALID_ARGUMENT naming `line_number` when `text` is not one AuditExportLine.
absl::StatusOr<rilon::v1::AuditExportLine> ParseExportLine(std::string_view text,
                                                           size_t line_number);

}  // namespace rilon::audit
