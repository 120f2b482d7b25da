// A policy::Decision as the NodeApi shows it (rilon.v1.PolicyExplanation, PolicyForm), for
// ExplainPolicy and DiffPolicy. Pure conversion: nothing is decided or looked up here except
// each matched rule's description in the policy that made the decision.
#pragma once

#include "policy/compiled_policy.h"
#include "policy/decision.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::policyfile {

// The form, with its one-line description (policy::DescribeForm).
rilon::v1::PolicyForm FormView(const policy::Form& form);

// Fills the decision part of `out`: allowed, basis, ceiling, form (when allowed), the matched
// rules with their descriptions from `policy` (null when only the ceiling decided), the policy
// version, ceiling_only, and the explanation text (policy::FormatDecision). The record and party
// fields are the caller's.
void FillExplanation(const policy::Decision& decision, const policy::CompiledPolicy* policy,
                     rilon::v1::PolicyExplanation* out);

}  // namespace rilon::policyfile
