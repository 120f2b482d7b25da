#include "policy/internal/rule_analysis.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "policy/ceiling.h"
#include "policy/internal/absl_compat.h"

namespace rilon::policy::internal {
namespace {

std::string Ref(const ResolvedRule& rule) {
  return absl::StrCat(Sv(EffectName(rule.effect)), " rule \"", rule.id, "\" (line ", rule.line,
                      ")");
}

// A request that passes the ceiling exists for some combination the rule matches.
bool CeilingCanPassSomething(const ResolvedRule& rule) {
  for (int d = 0; d < kNumDirections; ++d) {
    for (int r = 0; r < kNumRoles; ++r) {
      const auto direction = static_cast<Direction>(d);
      const auto role = static_cast<Role>(r);
      if ((rule.pairs & PairBit(direction, role)) == 0) continue;
      for (int m = 1; m < kNumMarkings; ++m) {
        if (((rule.markings >> m) & 1u) == 0) continue;
        for (int relay = 0; relay < 2; ++relay) {
          if (((rule.relay >> relay) & 1u) == 0) continue;
          if (CeilingCanEverPass(direction, static_cast<Marking>(m), role, relay == 1)) {
            return true;
          }
        }
      }
    }
  }
  return false;
}

void Fail(const ResolvedRule& rule, std::string message, std::vector<Diagnostic>* out) {
  out->push_back({Diagnostic::Severity::kError, rule.line,
                  absl::StrCat("rule \"", rule.id, "\" ", std::move(message))});
}

void AnalyzeAllow(const std::vector<ResolvedRule>& rules, size_t j, std::vector<Diagnostic>* out) {
  const ResolvedRule& rule = rules[j];
  if (!CeilingCanPassSomething(rule)) {
    Fail(rule,
         "is unreachable: the originator's ceiling denies every request it matches, whatever "
         "the audience (only TLP:CLEAR is exported; TLP:RED is read by officers only; "
         "AMBER readers are officers and analysts; RED and AMBER+STRICT are never relayed); "
         "narrow its markings or directions, or remove it",
         out);
    return;
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    const ResolvedRule& other = rules[i];
    if (i == j || !other.valid || other.effect != Effect::kDeny || !other.Covers(rule)) continue;
    if (rule.Covers(other)) {
      Fail(rule,
           absl::StrCat("conflicts with ", Ref(other),
                        ": both match exactly the same requests, one allows and the other "
                        "denies (deny would always win); remove one of them"),
           out);
    } else {
      Fail(rule,
           absl::StrCat("is unreachable: ", Ref(other),
                        " matches every request it matches, and deny overrides allow; narrow "
                        "the deny or remove the allow"),
           out);
    }
    return;
  }
  for (size_t i = 0; i < j; ++i) {
    const ResolvedRule& other = rules[i];
    if (!other.valid || other.effect != Effect::kAllow || !other.Covers(rule)) continue;
    Fail(rule,
         absl::StrCat("is unreachable: the earlier ", Ref(other),
                      " matches every request it matches and decides first; move this rule "
                      "above it if it is the more specific one, or remove it"),
         out);
    return;
  }
}

void AnalyzeDeny(const std::vector<ResolvedRule>& rules, size_t j, std::vector<Diagnostic>* out) {
  const ResolvedRule& rule = rules[j];
  for (size_t i = 0; i < rules.size(); ++i) {
    const ResolvedRule& other = rules[i];
    if (i == j || !other.valid || other.effect != Effect::kDeny || !other.Covers(rule)) continue;
    // Of two identical denies, the later one is reported.
    if (rule.Covers(other) && i > j) continue;
    Fail(rule,
         absl::StrCat("is unreachable: ", Ref(other),
                      " already denies every request it matches; remove one of them"),
         out);
    return;
  }
}

}  // namespace

void AnalyzeRules(const std::vector<ResolvedRule>& rules, std::vector<Diagnostic>* out) {
  for (size_t j = 0; j < rules.size(); ++j) {
    if (!rules[j].valid) continue;
    if (rules[j].effect == Effect::kAllow) {
      AnalyzeAllow(rules, j, out);
    } else {
      AnalyzeDeny(rules, j, out);
    }
  }
}

}  // namespace rilon::policy::internal
