#include "node/policy/decision_view.h"

#include <string>

#include "policy/explain.h"

namespace rilon::policyfile {
namespace {

std::string Str(std::string_view s) { return std::string(s); }

}  // namespace

rilon::v1::PolicyForm FormView(const policy::Form& form) {
  rilon::v1::PolicyForm view;
  view.set_description(policy::DescribeForm(form));
  for (int f = 0; f < policy::kNumFields; ++f) {
    const auto field = static_cast<policy::Field>(f);
    if (form.Withholds(field)) view.add_withheld_fields(Str(policy::FieldName(field)));
  }
  for (const std::string& indicator : form.withheld_indicators) {
    view.add_withheld_indicators(indicator);
  }
  view.set_small_cell_k(form.small_cell_k);
  view.set_round_to(form.round_to);
  return view;
}

void FillExplanation(const policy::Decision& decision, const policy::CompiledPolicy* policy,
                     rilon::v1::PolicyExplanation* out) {
  out->set_allowed(decision.allowed());
  out->set_basis(Str(policy::BasisName(decision.basis)));
  out->set_ceiling(Str(policy::CeilingVerdictName(decision.ceiling)));
  if (decision.allowed()) *out->mutable_form() = FormView(decision.form);
  for (const policy::RuleHit& hit : decision.rules) {
    rilon::v1::PolicyRuleHit* rule = out->add_rules();
    rule->set_id(hit.id);
    rule->set_line(hit.line);
    rule->set_effect(Str(policy::EffectName(hit.effect)));
    rule->set_disposition(Str(policy::DispositionName(hit.disposition)));
    if (policy == nullptr) continue;
    for (const policy::CompiledPolicy::RuleInfo& info : policy->rules()) {
      if (info.id == hit.id) {
        rule->set_description(info.description);
        break;
      }
    }
  }
  out->set_policy_version(decision.policy_version);
  out->set_ceiling_only(policy == nullptr);
  out->set_explanation(policy::FormatDecision(decision));
}

}  // namespace rilon::policyfile
