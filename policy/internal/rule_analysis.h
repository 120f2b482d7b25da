// Checks across rules: rules that can never take part in a decision are errors, because an
// operator reading the file would believe they do.
//   - conflict: an allow and a deny match exactly the same requests (deny would always win);
//   - unreachable allow: every request it matches is also matched by a deny rule, or by an
//     earlier allow rule (the earlier one decides), or is denied by the originator's ceiling
//     whatever the audience (e.g. export of anything but TLP:CLEAR);
//   - unreachable deny: another deny rule already matches every request it matches.
// Coverage is decided one rule against one other rule, dimension by dimension, so a rule covered
// only by the union of several others is not reported.
#pragma once

#include <vector>

#include "policy/diagnostic.h"
#include "policy/internal/resolved_policy.h"

namespace rilon::policy::internal {

// Appends one error per unreachable or conflicting rule. Rules with !valid are skipped.
void AnalyzeRules(const std::vector<ResolvedRule>& rules, std::vector<Diagnostic>* out);

}  // namespace rilon::policy::internal
