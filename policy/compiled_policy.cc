#include "policy/compiled_policy.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/ceiling.h"
#include "policy/explain.h"
#include "policy/internal/absl_compat.h"
#include "policy/internal/resolved_policy.h"
#include "policy/internal/rule_analysis.h"
#include "policy/internal/rule_index.h"

namespace rilon::policy {
namespace {

using internal::Sv;

// Resolution and cross-rule analysis, ordered by line (stable, so messages about one line keep
// the order they were found in).
std::vector<Diagnostic> Diagnose(internal::ResolvedPolicy& resolved) {
  std::vector<Diagnostic> diagnostics = std::move(resolved.diagnostics);
  internal::AnalyzeRules(resolved.rules, &diagnostics);
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  return diagnostics;
}

std::string RuleRef(const CompiledPolicy::RuleInfo& rule) {
  if (rule.description.empty()) return absl::StrCat("\"", rule.id, "\" (line ", rule.line, ")");
  return absl::StrCat("\"", rule.id, "\" (line ", rule.line, ": ", rule.description, ")");
}

}  // namespace

std::vector<Diagnostic> CheckPolicy(const PolicySpec& spec) {
  internal::ResolvedPolicy resolved = internal::ResolvePolicy(spec);
  return Diagnose(resolved);
}

absl::StatusOr<std::shared_ptr<const CompiledPolicy>> CompilePolicy(const PolicySpec& spec) {
  internal::ResolvedPolicy resolved = internal::ResolvePolicy(spec);
  std::vector<Diagnostic> diagnostics = Diagnose(resolved);
  std::vector<std::string> errors;
  std::vector<Diagnostic> warnings;
  for (Diagnostic& d : diagnostics) {
    if (d.is_error()) {
      errors.push_back(d.ToString(spec.source));
    } else {
      warnings.push_back(std::move(d));
    }
  }
  if (!errors.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("sharing policy ", spec.source.empty() ? "(unnamed)" : spec.source, " has ",
                     errors.size(), errors.size() == 1 ? " error" : " errors",
                     "; the policy is not used:\n", absl::StrJoin(errors, "\n")));
  }

  std::shared_ptr<CompiledPolicy> policy(new CompiledPolicy());
  policy->source_ = spec.source;
  policy->version_ = resolved.version;
  policy->small_cell_threshold_ = resolved.small_cell_threshold;
  policy->warnings_ = std::move(warnings);
  const size_t words = std::max<size_t>(1, (resolved.rules.size() + 63) / 64);
  policy->deny_bits_.assign(words, 0);
  for (size_t i = 0; i < resolved.rules.size(); ++i) {
    const internal::ResolvedRule& rule = resolved.rules[i];
    policy->rules_.push_back({rule.id, rule.description, rule.line, rule.effect, rule.form});
    if (rule.effect == Effect::kDeny) policy->deny_bits_[i / 64] |= uint64_t{1} << (i % 64);
  }
  policy->index_ = std::make_unique<const internal::RuleIndex>(resolved);
  return std::shared_ptr<const CompiledPolicy>(std::move(policy));
}

CompiledPolicy::~CompiledPolicy() = default;

Decision CompiledPolicy::Decide(const RecordAttributes& record, const Request& request) const {
  return Evaluate(record, request, /*explain=*/false);
}

Decision CompiledPolicy::Explain(const RecordAttributes& record, const Request& request) const {
  return Evaluate(record, request, /*explain=*/true);
}

Decision CompiledPolicy::Evaluate(const RecordAttributes& record, const Request& request,
                                  bool explain) const {
  Decision d;
  d.policy_version = version_;
  d.ceiling = CheckCeiling(record, request);
  const bool ceiling_denied = d.ceiling != CeilingVerdict::kPass;
  if (explain) d.steps.push_back({Stage::kCeiling, DescribeCeiling(record, request, d.ceiling)});
  if (ceiling_denied) {
    d.basis = Basis::kCeiling;
    if (!explain) return d;
  }

  const size_t words = index_->words();
  absl::InlinedVector<uint64_t, 8> hits(words);
  index_->Match(record, request, hits.data());
  bool any_deny = false;
  for (size_t w = 0; w < words; ++w) any_deny |= (hits[w] & deny_bits_[w]) != 0;

  constexpr size_t kNone = ~size_t{0};
  size_t first_allow = kNone;
  for (size_t w = 0; w < words; ++w) {
    for (uint64_t bits = hits[w]; bits != 0; bits &= bits - 1) {
      const size_t i = w * 64 + static_cast<size_t>(std::countr_zero(bits));
      const RuleInfo& rule = rules_[i];
      Disposition disposition = Disposition::kDecided;
      if (ceiling_denied) {
        disposition = Disposition::kNotConsulted;
      } else if (rule.effect == Effect::kAllow) {
        if (any_deny) {
          disposition = Disposition::kOverriddenByDeny;
        } else if (first_allow == kNone) {
          first_allow = i;
        } else {
          disposition = Disposition::kLaterAllow;
        }
      }
      d.rules.push_back({rule.id, rule.line, rule.effect, disposition});
    }
  }

  if (!ceiling_denied) {
    if (any_deny) {
      d.basis = Basis::kDenyRule;
    } else if (first_allow != kNone) {
      d.effect = Effect::kAllow;
      d.basis = Basis::kAllowRule;
      d.form = rules_[first_allow].form;
    } else {
      d.basis = Basis::kNoRule;
    }
  }
  if (explain) ExplainRules(d, &d);
  return d;
}

void CompiledPolicy::ExplainRules(const Decision& decision, Decision* out) const {
  std::vector<std::string> denies, allows_overridden, later_allows, not_consulted;
  const RuleInfo* decided_allow = nullptr;
  for (const RuleHit& hit : decision.rules) {
    const RuleInfo& rule = *std::find_if(rules_.begin(), rules_.end(), [&](const RuleInfo& r) {
      return r.line == hit.line && r.id == hit.id;
    });
    switch (hit.disposition) {
      case Disposition::kNotConsulted:
        not_consulted.push_back(absl::StrCat(Sv(EffectName(rule.effect)), " ", RuleRef(rule)));
        break;
      case Disposition::kDecided:
        if (rule.effect == Effect::kDeny) {
          denies.push_back(RuleRef(rule));
        } else {
          decided_allow = &rule;
        }
        break;
      case Disposition::kOverriddenByDeny:
        allows_overridden.push_back(RuleRef(rule));
        break;
      case Disposition::kLaterAllow:
        later_allows.push_back(RuleRef(rule));
        break;
    }
  }

  if (decision.basis == Basis::kCeiling) {
    out->steps.push_back(
        {Stage::kCeiling,
         not_consulted.empty()
             ? std::string("local rules are not consulted after a ceiling denial (none would "
                           "have matched).")
             : absl::StrCat("local rules are not consulted after a ceiling denial; these would "
                            "have matched: ",
                            absl::StrJoin(not_consulted, "; "), ".")});
    return;
  }
  out->steps.push_back(
      {Stage::kDenyRules, denies.empty() ? std::string("none matched.")
                                         : absl::StrCat(absl::StrJoin(denies, "; "),
                                                        denies.size() == 1 ? " matches" : " match",
                                                        "; deny overrides every allow.")});
  std::string allow_text;
  if (decided_allow != nullptr) {
    allow_text = absl::StrCat(RuleRef(*decided_allow),
                              " is the first allow that matches; it decides and sets the form.");
    if (!later_allows.empty()) {
      absl::StrAppend(&allow_text, " Also matched, not used (an earlier allow decides): ",
                      absl::StrJoin(later_allows, "; "), ".");
    }
  } else if (!allows_overridden.empty()) {
    allow_text =
        absl::StrCat(absl::StrJoin(allows_overridden, "; "), " matched but the deny overrides it.");
  } else {
    allow_text = "none matched.";
  }
  out->steps.push_back({Stage::kAllowRules, std::move(allow_text)});
  if (decision.basis == Basis::kNoRule) {
    out->steps.push_back({Stage::kDefault, "no rule matched, so the request is denied."});
  }
  if (decision.allowed()) {
    out->steps.push_back({Stage::kForm, absl::StrCat(DescribeForm(decision.form), ".")});
  }
}

}  // namespace rilon::policy
