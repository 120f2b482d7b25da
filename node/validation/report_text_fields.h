// Every free-text field of a trend report with its field path: what the nominal-data screener
// must read before the report is stored (issue 3, point 4).
//
// Contract: returns, in a fixed order, every string of the report a person types freely —
// geography.route_note, each measures[i].note, narrative, each sources[i].note — that is not
// empty (an empty one has nothing to screen). Every other string of TrendReport is a
// code checked against a list (report_validation.h); report_text_fields_test walks the proto's
// descriptor so that a new string field cannot be added without being classified here or
// there. The views point into `report`, which must outlive the result.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rilon/v1/trend_report.pb.h"

namespace rilon::validation {

struct TextField {
  std::string path;  // e.g. "report.measures[2].note"
  std::string_view text;
};

std::vector<TextField> FreeTextFields(const rilon::v1::TrendReport& report,
                                      std::string_view field = "report");

// The same fields as paths without indices ("measures[].note"), for the descriptor test and the
// documentation.
std::vector<std::string> FreeTextFieldPaths();

}  // namespace rilon::validation
