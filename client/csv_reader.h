// Reading CSV as spreadsheets write it (RFC 4180 and the usual variations), keeping the line on
// which every row starts so that errors can name it.
//
// What is accepted:
//   - a UTF-8 byte-order mark at the start (Excel's "CSV UTF-8") is skipped;
//   - line ends CRLF, LF or a lone CR (older Mac spreadsheets), mixed freely;
//   - the separator ',' — or ';' or a tab, when the header line has more of those than commas
//     (spreadsheets in locales with a decimal comma write ';');
//   - quoted fields ("...") may hold separators, line breaks and doubled quotes (""); spaces
//     after the closing quote are ignored;
//   - unquoted fields are trimmed of spaces and tabs; a quote inside one is kept as it is;
//   - blank rows (nothing but separators and spaces) are skipped anywhere, also before the
//     header.
// What is refused (INVALID_ARGUMENT "<name>:<line>: ..." saying what to do): text that is not
// UTF-8 (the message suggests saving as "CSV UTF-8"), a NUL byte, a quoted field that is never
// closed (named by the line it starts on), other text after a closing quote, and a file with no
// header row.
//
// Usage:
//   absl::StatusOr<CsvTable> table = ParseCsv(text, "reports.csv");
//   for (const CsvRow& row : table->rows) Use(row.line, row.fields);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace rilon::client {

struct CsvRow {
  int line = 0;  // 1-based line number of the row's first character
  std::vector<std::string> fields;
};

struct CsvTable {
  char separator = ',';
  CsvRow header;
  std::vector<CsvRow> rows;  // data rows in file order, blank rows left out
};

absl::StatusOr<CsvTable> ParseCsv(std::string_view text, std::string_view name);

// One CSV line (no line break at the end) of `fields`, quoting those that need it (separator,
// quote, line break, or leading/trailing space), for writing templates.
std::string FormatCsvLine(const std::vector<std::string>& fields, char separator = ',');

}  // namespace rilon::client
