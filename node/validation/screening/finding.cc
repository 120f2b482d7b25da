#include "node/validation/screening/finding.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace rilon::validation::screening {

std::string FormatFinding(const Finding& f) {
  return absl::StrFormat("%s, character %d: %s (%s, \"%s\"). Suggestion: %s", f.field_path,
                         f.char_offset, f.description, f.kind, f.masked, f.suggestion);
}

absl::Status FindingsToStatus(std::span<const Finding> findings) {
  if (findings.empty()) return absl::OkStatus();
  std::string message = absl::StrFormat(
      "%s: refused, the text may identify a person (non-nominal reporting only); rephrase and "
      "submit again:",
      findings.front().field_path);
  const size_t shown = std::min(findings.size(), kMaxFindingsInStatus);
  for (size_t i = 0; i < shown; ++i) absl::StrAppend(&message, "\n  ", FormatFinding(findings[i]));
  if (findings.size() > shown) {
    absl::StrAppend(&message, "\n  ... and ", findings.size() - shown, " more");
  }
  return absl::InvalidArgumentError(message);
}

}  // namespace rilon::validation::screening
