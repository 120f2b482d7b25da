// A problem found in a policy: an error (the policy cannot be used) or a warning (it can, but
// something looks unintended), with the line of the policy file it concerns.
//
// Example:
//   for (const Diagnostic& d : CheckPolicy(spec)) std::cerr << d.ToString(spec.source) << "\n";
//   // policy.textproto:42: error: rule "amber-out": party.agencies: "th.rpt" is neither ...
#pragma once

#include <string>
#include <string_view>

namespace rilon::policy {

struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  int line = 0;  // 1-based; 0 when the problem has no single line (a missing key)
  std::string message;

  bool is_error() const { return severity == Severity::kError; }
  // "<source>:<line>: error: <message>" (":<line>" left out when line is 0).
  std::string ToString(std::string_view source) const;
};

}  // namespace rilon::policy
