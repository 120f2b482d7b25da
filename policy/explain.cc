#include "policy/explain.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "policy/internal/absl_compat.h"

namespace rilon::policy {

using internal::Sv;

std::string DescribeForm(const Form& form) {
  if (form.IsFull()) return "the record as is";
  std::vector<std::string> parts;
  std::vector<std::string> fields;
  for (int f = 0; f < kNumFields; ++f) {
    if (form.Withholds(static_cast<Field>(f)))
      fields.emplace_back(FieldName(static_cast<Field>(f)));
  }
  if (!fields.empty()) parts.push_back(absl::StrCat("withhold ", absl::StrJoin(fields, ", ")));
  if (!form.withheld_indicators.empty()) {
    parts.push_back(
        absl::StrCat("drop indicators ", absl::StrJoin(form.withheld_indicators, ", ")));
  }
  if (form.SuppressesSmallCells()) {
    parts.push_back(absl::StrCat("suppress counts 1..", form.small_cell_k - 1,
                                 " (k=", form.small_cell_k, ") with secondary suppression"));
  }
  if (form.round_to > 1) parts.push_back(absl::StrCat("round counts to base ", form.round_to));
  return absl::StrJoin(parts, "; ");
}

std::string FormatDecision(const Decision& decision) {
  std::string out = decision.allowed() ? "ALLOW" : "DENY";
  const RuleHit* decider = nullptr;
  for (const RuleHit& hit : decision.rules) {
    if (hit.disposition == Disposition::kDecided) {
      decider = &hit;
      break;
    }
  }
  switch (decision.basis) {
    case Basis::kCeiling:
      absl::StrAppend(&out, " by the originator's ceiling (",
                      Sv(CeilingVerdictName(decision.ceiling)), ")");
      break;
    case Basis::kDenyRule:
    case Basis::kAllowRule:
      if (decider != nullptr) {
        absl::StrAppend(&out, " by ", Sv(EffectName(decider->effect)), " rule \"", decider->id,
                        "\" (line ", decider->line, ")");
      }
      break;
    case Basis::kNoRule:
      absl::StrAppend(&out, " by default (no rule matched)");
      break;
  }
  absl::StrAppend(&out, ", policy ", decision.policy_version, "\n");
  for (size_t i = 0; i < decision.steps.size(); ++i) {
    absl::StrAppend(&out, "  ", i + 1, ". ", Sv(StageName(decision.steps[i].stage)), ": ",
                    decision.steps[i].text, "\n");
  }
  if (decision.allowed() && decision.steps.empty()) {
    absl::StrAppend(&out, "  form: ", DescribeForm(decision.form), "\n");
  }
  if (!decision.rules.empty()) {
    absl::StrAppend(&out, "rules matched:\n");
    for (const RuleHit& hit : decision.rules) {
      absl::StrAppend(&out, "  ", hit.id, "  line ", hit.line, "  ", Sv(EffectName(hit.effect)),
                      "  ", Sv(DispositionName(hit.disposition)), "\n");
    }
  }
  return out;
}

}  // namespace rilon::policy
