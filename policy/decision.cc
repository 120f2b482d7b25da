#include "policy/decision.h"

namespace rilon::policy {

std::string_view CeilingVerdictName(CeilingVerdict verdict) {
  switch (verdict) {
    case CeilingVerdict::kPass:
      return "pass";
    case CeilingVerdict::kNoMarking:
      return "no_marking";
    case CeilingVerdict::kRoleNotForDirection:
      return "role_not_for_direction";
    case CeilingVerdict::kReaderNotLocal:
      return "reader_not_local";
    case CeilingVerdict::kHolderOutsideAudience:
      return "holder_outside_audience";
    case CeilingVerdict::kOutsideAudience:
      return "outside_audience";
    case CeilingVerdict::kNotNamed:
      return "not_named";
    case CeilingVerdict::kOnwardSharing:
      return "onward_sharing";
    case CeilingVerdict::kRoleNotPermitted:
      return "role_not_permitted";
    case CeilingVerdict::kNotForExport:
      return "not_for_export";
  }
  return "unknown";
}

std::string_view BasisName(Basis basis) {
  switch (basis) {
    case Basis::kCeiling:
      return "ceiling";
    case Basis::kDenyRule:
      return "deny_rule";
    case Basis::kAllowRule:
      return "allow_rule";
    case Basis::kNoRule:
      return "no_rule";
  }
  return "unknown";
}

std::string_view DispositionName(Disposition disposition) {
  switch (disposition) {
    case Disposition::kDecided:
      return "decided";
    case Disposition::kOverriddenByDeny:
      return "overridden_by_deny";
    case Disposition::kLaterAllow:
      return "later_allow";
    case Disposition::kNotConsulted:
      return "not_consulted";
  }
  return "unknown";
}

std::string_view StageName(Stage stage) {
  switch (stage) {
    case Stage::kCeiling:
      return "ceiling";
    case Stage::kDenyRules:
      return "deny rules";
    case Stage::kAllowRules:
      return "allow rules";
    case Stage::kDefault:
      return "default";
    case Stage::kForm:
      return "form";
  }
  return "unknown";
}

}  // namespace rilon::policy
