// Output formats of `rilon`, kept apart from the commands: aligned tables and readable layouts
// for people, JSON (one object) and NDJSON (one object per line) for scripts.
//
// Contract:
//   - Every function returns text; nothing here writes or talks to the network.
//   - JSON uses the standard proto3 JSON mapping (lowerCamelCase keys such as "headCursor", as
//     protobuf's Python and R libraries read and write), enum names, and every field present
//     (defaults included) so that scripts see stable keys; 64-bit integers are JSON strings, as
//     the mapping requires. NDJSON lines contain no newline.
//   - Human formats print times as "YYYY-MM-DD HH:MM:SS UTC" and strip control characters from
//     text that came from the network, so a record cannot drive the terminal.
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::client {

// --- scripts ---------------------------------------------------------------------------------

// Indented JSON of one message, ending with a newline.
std::string ToJson(const google::protobuf::Message& message);

// One-line JSON of one message, ending with a newline (an NDJSON line).
std::string ToJsonLine(const google::protobuf::Message& message);

// --- people ----------------------------------------------------------------------------------

struct Column {
  std::string header;
  bool align_right = false;
};

// A table: header row, then rows, columns separated by two spaces and padded to the widest cell
// (measured in characters, not bytes); no trailing spaces. Rows shorter than the header are
// padded with empty cells.
std::string FormatTable(const std::vector<Column>& columns,
                        const std::vector<std::vector<std::string>>& rows);

// "Label   value" lines with the values aligned.
std::string FormatFields(const std::vector<std::pair<std::string, std::string>>& fields);

// Columns and cells of `rilon report list`.
std::vector<Column> RecordListColumns();
std::vector<std::string> RecordListRow(const rilon::v1::Record& record);

// One line per feed event (fixed widths, as a stream cannot be aligned afterwards).
std::string FormatFeedEventLine(const rilon::v1::FeedEvent& event);

// The multi-line view of `rilon report get`.
std::string FormatRecordDetail(const rilon::v1::Record& record);

// "Accepted: <id> (origin au.abf #12, cursor 12)".
std::string FormatSubmitResult(const rilon::v1::SubmitReportResponse& response);

std::string FormatNodeStatus(const rilon::v1::NodeStatus& status);

// --- errors ----------------------------------------------------------------------------------

// "rilon: error: <message>\n", or with `json` one line
// {"error": {"code": "UNAVAILABLE", "exitCode": 7, "message": "..."}} for scripts.
std::string FormatError(const absl::Status& status, bool json);

// --- pieces, exposed for tests and for error messages ----------------------------------------

// "2026-01-31 00:00:00 UTC"; "-" for an unset timestamp.
std::string FormatUtc(absl::Time time);
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp);

// "TLP:AMBER+STRICT"; "-" when unspecified.
std::string MarkingLabel(rilon::v1::Marking marking);

// "agencies id.polri, th.rtp; groups mpsrg", or "originating agency only".
std::string AudienceLabel(const rilon::v1::Audience& audience);

// "people smuggling" for PEOPLE_SMUGGLING; "-" when unspecified.
std::string ThemeLabel(rilon::v1::Theme theme);
std::string ModeLabel(rilon::v1::Mode mode);
std::string KindLabel(rilon::v1::RecordKind kind);

// 3 -> "3", 1200.5 -> "1200.5", 0.1 -> "0.1" (shortest form that reads back exactly).
std::string FormatNumber(double value);

// Replaces control characters (C0, DEL, C1) with '?', keeping '\n' when `keep_newlines`.
std::string SanitizeForTerminal(std::string_view text, bool keep_newlines = false);

// Breaks lines at spaces so that none is wider than `width` characters (a longer word stays on
// its own line); existing line breaks are kept, runs of spaces collapse to one.
std::string WrapWords(std::string_view text, size_t width);

// Number of characters (UTF-8 code points) in `text`.
size_t DisplayWidth(std::string_view text);

}  // namespace rilon::client
