// Reading single CSV cells as values of the report model: numbers, enumerations, lists, sources
// and breakdown cells (client/csv_reports.h gives the rules officers see).
//
// Contract: pure. A refusal is INVALID_ARGUMENT whose message says what is wrong with the cell
// and what is expected, without location (the caller prefixes "<file>:<line>: column <name>: ").
#pragma once

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "rilon/v1/record.pb.h"
#include "rilon/v1/trend_report.pb.h"

namespace rilon::client {

// A decimal number ("3", "1200.5", "-2", "1e3"); with separator ';' a decimal comma is accepted
// too ("3,5"). No thousands separators, no "inf" or "nan".
absl::StatusOr<double> ParseNumberCell(std::string_view cell, char separator);

// A value of `type` other than its 0 value, by name, ignoring case, with ' ', '-', ':' and '+'
// read as '_' and `short_prefix` optional ("amber+strict" and "TLP:AMBER+STRICT" are
// TLP_AMBER_STRICT with short_prefix "TLP_").
absl::StatusOr<int> ParseEnumCell(const google::protobuf::EnumDescriptor* type,
                                  std::string_view short_prefix, std::string_view cell);

// The names ParseEnumCell accepts, in their short form, for messages and templates.
std::vector<std::string> EnumCellNames(const google::protobuf::EnumDescriptor* type,
                                       std::string_view short_prefix);

// The entries of a list cell, trimmed, empty ones dropped; separated by ';' and, when
// `commas_too`, also by ','.
std::vector<std::string> SplitListCell(std::string_view cell, bool commas_too);

// One entry of the sources cell: "TYPE" or "TYPE: note".
absl::StatusOr<rilon::v1::Source> ParseSourceEntry(std::string_view entry);

// One entry of the disaggregations cell: "dimension:category=value".
absl::StatusOr<rilon::v1::Disaggregation> ParseBreakdownEntry(std::string_view entry,
                                                              char separator);

// A header name in canonical form: trimmed, lower case, spaces and '-' as '_'
// ("Report ref" -> "report_ref"). For "<dimension>:<category>" only the dimension part is
// changed, because category codes may be upper case ("nationality:MMR").
std::string CanonicalColumnName(std::string_view header);

}  // namespace rilon::client
