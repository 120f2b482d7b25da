// Output of the `rilon policy` commands, kept apart from the commands (as client/printer.h is for
// the others): an offline check of a policy file, a decision explained by the node, and the dry
// run of a policy change, for people (scripts get the messages as JSON).
//
// Contract:
//   - Every function returns text; nothing here reads files or talks to the network.
//   - Diagnostics are printed as the node logs them, "<file>:<line>: error|warning: <what>", so
//     an editor can jump to the line; text from the file is stripped of control characters.
//   - JSON follows client/printer.h (lowerCamelCase keys, every key present).
#pragma once

#include <string>
#include <vector>

#include "policy/diagnostic.h"
#include "policy/spec.h"
#include "rilon/v1/node_api.pb.h"

namespace rilon::client {

// What `rilon policy check FILE` found in a file that parsed.
struct PolicyCheckResult {
  std::string file;
  std::string version;  // as written in the file (may be empty: that is one of the errors)
  size_t rule_count = 0;
  std::vector<policy::Diagnostic> diagnostics;  // ordered by line

  size_t ErrorCount() const;
  size_t WarningCount() const;
  bool valid() const { return ErrorCount() == 0; }
};

// Checks a parsed policy exactly as the node does before using it (policy::CheckPolicy).
PolicyCheckResult CheckPolicySpec(const policy::PolicySpec& spec);

// One line per diagnostic, then a summary line: "<file>: valid: policy <version>, <n> rules
// (<w> warnings)" or "<file>: NOT valid: <e> errors, <w> warnings; ...".
std::string FormatPolicyCheck(const PolicyCheckResult& result);

// {"file": ..., "valid": bool, "version": ..., "rules": n, "errors": n, "warnings": n,
//  "diagnostics": [{"severity": "error"|"warning", "line": n, "message": ...}]}
std::string PolicyCheckJson(const PolicyCheckResult& result);

// `rilon policy explain`: a header naming the record and the party, then the node's explanation
// (policy::FormatDecision: the decision, each step, every rule that matched).
std::string FormatPolicyExplanation(const rilon::v1::PolicyExplanation& explanation);

// `rilon policy diff`: a summary line, one table row per changed record (receivers gained and
// lost), then the form changes, one line each.
std::string FormatPolicyDiff(const rilon::v1::DiffPolicyResponse& diff);

}  // namespace rilon::client
