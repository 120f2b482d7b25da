// What screening reports: one Finding per identifier found in a free-text field, and the
// officer-facing message and Status built from them.
//
// Contract: a Finding never holds the matched value, only a masked form (mask.h), so findings
// can be logged, audited and returned to the client. Offsets are given both in code points
// ("characters", what an officer's editor counts) and in bytes of the UTF-8 text.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "absl/status/status.h"

namespace rilon::validation::screening {

struct Finding {
  std::string field_path;  // e.g. "report.narrative", as given to Screen()
  size_t char_offset = 0;  // 0-based, in code points
  size_t char_length = 0;
  size_t byte_offset = 0;  // 0-based, in bytes
  size_t byte_length = 0;
  std::string kind;         // e.g. "phone_number"
  std::string pattern_id;   // e.g. "phone.local"
  std::string description;  // e.g. "a phone number"
  std::string suggestion;   // how to rephrase
  std::string masked;       // e.g. "+** ***-****-***0"
};

// One line for the officer, e.g.
//   report.narrative, character 49: a personal name after a role (captain, agent, broker, the
//   smuggler ...) (personal_name, "A**** ****m"). Suggestion: keep the role and drop the name,
//   e.g. 'the boat captain' or 'a Teknaf-based broker'
// The character offset counts code points from 0.
std::string FormatFinding(const Finding& finding);

// OK when there are no findings; otherwise INVALID_ARGUMENT that starts with the first finding's
// field path, says the text was refused because it identifies a person, and lists up to
// kMaxFindingsInStatus findings (then "... and N more").
inline constexpr size_t kMaxFindingsInStatus = 10;
absl::Status FindingsToStatus(std::span<const Finding> findings);

}  // namespace rilon::validation::screening
