// Text for people: what a decision was and why, for `rilon policy explain`, logs and audit
// readers. Pure formatting of a Decision; nothing is re-evaluated.
//
// Example output of FormatDecision(policy->Explain(record, request)):
//   ALLOW by allow rule "green-trends-federation" (line 61), policy 2026-07-01.1
//     1. ceiling: TLP:GREEN trend_report of id.polri: passes; lk.police is in the audience ...
//     2. deny rules: none matched.
//     3. allow rules: "green-trends-federation" (line 61) is the first allow that matches ...
//     4. form: withhold narrative; suppress counts 1..4 (k=5).
//   rules matched:
//     green-trends-federation  line 61  allow  decided
#pragma once

#include <string>

#include "policy/decision.h"

namespace rilon::policy {

// "the record as is", or e.g. "withhold narrative, route; drop indicators median_fee_usd;
// suppress counts 1..4 (k=5); round counts to base 5".
std::string DescribeForm(const Form& form);

// A multi-line explanation ending in a newline. Uses Decision::steps when present (Explain), and
// the structured fields alone otherwise (Decide).
std::string FormatDecision(const Decision& decision);

}  // namespace rilon::policy
