#include "node/validation/report_text_fields.h"

#include "absl/strings/str_cat.h"
#include "node/util/string_views.h"

namespace rilon::validation {

std::vector<TextField> FreeTextFields(const rilon::v1::TrendReport& report,
                                      std::string_view field_in) {
  const absl::string_view field = util::ToAbsl(field_in);
  std::vector<TextField> fields;
  fields.reserve(2 + report.measures_size() + report.sources_size());
  if (!report.geography().route_note().empty()) {
    fields.push_back(
        {absl::StrCat(field, ".geography.route_note"), report.geography().route_note()});
  }
  for (int i = 0; i < report.measures_size(); ++i) {
    if (report.measures(i).note().empty()) continue;
    fields.push_back({absl::StrCat(field, ".measures[", i, "].note"), report.measures(i).note()});
  }
  if (!report.narrative().empty()) {
    fields.push_back({absl::StrCat(field, ".narrative"), report.narrative()});
  }
  for (int i = 0; i < report.sources_size(); ++i) {
    if (report.sources(i).note().empty()) continue;
    fields.push_back({absl::StrCat(field, ".sources[", i, "].note"), report.sources(i).note()});
  }
  return fields;
}

std::vector<std::string> FreeTextFieldPaths() {
  return {"geography.route_note", "measures[].note", "narrative", "sources[].note"};
}

}  // namespace rilon::validation
