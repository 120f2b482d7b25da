// The outcome of one policy decision: allow or deny, the form the record takes for the party,
// every rule that matched (with its file line and what it did), the policy version, and - when
// asked for with CompiledPolicy::Explain - a human explanation of each step. It is a value that
// owns everything it holds, so it can be logged or audited after the policy that made it has
// been replaced.
//
// Example:
//   Decision d = policy->Decide(record, request);
//   if (d.allowed()) Send(Shape(record, d.form));
//   audit.Append(d.effect, d.policy_version, d.rules);
//   std::cout << FormatDecision(policy->Explain(record, request));  // policy/explain.h
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "policy/types.h"

namespace rilon::policy {

// How an allowed record is shaped for its party. A default-constructed Form is the record as is.
struct Form {
  uint32_t withheld_fields = 0;                  // bit (1 << Field) per withheld field
  std::vector<std::string> withheld_indicators;  // measures dropped entirely, sorted
  int small_cell_k = 0;                          // > 0: counts 1..k-1 are suppressed
  int round_to = 0;                              // > 1: published counts rounded to this base

  bool Withholds(Field field) const {
    return (withheld_fields >> static_cast<uint32_t>(field)) & 1u;
  }
  bool SuppressesSmallCells() const { return small_cell_k > 0; }
  // True when the record is shared as it is.
  bool IsFull() const {
    return withheld_fields == 0 && withheld_indicators.empty() && small_cell_k == 0 &&
           round_to <= 1;
  }
  friend bool operator==(const Form&, const Form&) = default;
};

// The originator's ceiling (marking and audience), checked before any local rule. kPass lets
// local rules decide; anything else is a deny that no local rule can turn into an allow.
enum class CeilingVerdict : uint8_t {
  kPass = 0,
  kNoMarking,              // the record carries no TLP marking
  kRoleNotForDirection,    // e.g. an analyst as the party of an egress, a node reading
  kReaderNotLocal,         // readers reach only their own agency's node
  kHolderOutsideAudience,  // this node (or the sender) should never have held the record
  kOutsideAudience,        // the party's agency is not in the audience
  kNotNamed,               // TLP:RED: the party is in the audience only through a group
  kOnwardSharing,          // TLP:RED and AMBER+STRICT: no relay, no onward sharing
  kRoleNotPermitted,       // the marking does not admit this reader role
  kNotForExport,           // only TLP:CLEAR leaves the federation
};

// What settled the decision.
enum class Basis : uint8_t {
  kCeiling = 0,  // the originator's ceiling denied
  kDenyRule,     // at least one local deny rule matched (deny overrides allow)
  kAllowRule,    // no deny matched; the first matching allow rule decided and set the form
  kNoRule,       // nothing matched: default deny
};

// What a matched rule did in this decision.
enum class Disposition : uint8_t {
  kDecided = 0,       // this rule decided (every matched deny; the first matched allow)
  kOverriddenByDeny,  // an allow that matched, overridden by a deny
  kLaterAllow,        // an allow that matched after the allow that decided
  kNotConsulted,      // matched, but the ceiling had already denied (Explain only)
};

struct RuleHit {
  std::string id;
  int line = 0;  // line in the policy file; 0 when the policy was not read from a file
  Effect effect = Effect::kDeny;
  Disposition disposition = Disposition::kDecided;
  friend bool operator==(const RuleHit&, const RuleHit&) = default;
};

enum class Stage : uint8_t { kCeiling = 0, kDenyRules, kAllowRules, kDefault, kForm };

// One step of the decision, in words, for `rilon policy explain` and audit readers.
struct Step {
  Stage stage = Stage::kCeiling;
  std::string text;
};

struct Decision {
  Effect effect = Effect::kDeny;
  Basis basis = Basis::kNoRule;
  CeilingVerdict ceiling = CeilingVerdict::kPass;
  Form form;                   // meaningful only when allowed
  std::vector<RuleHit> rules;  // every matched rule, in file order
  std::string policy_version;
  std::vector<Step> steps;  // empty from Decide(); filled by Explain()

  bool allowed() const { return effect == Effect::kAllow; }
};

// Short stable names for logs and audit entries ("outside_audience", "deny_rule", "decided").
std::string_view CeilingVerdictName(CeilingVerdict verdict);
std::string_view BasisName(Basis basis);
std::string_view DispositionName(Disposition disposition);
std::string_view StageName(Stage stage);

}  // namespace rilon::policy
